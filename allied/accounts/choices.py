"""The ONS 2021 ethnic-group vocabulary, which an organisation's BME definition is made of.

`allied.people.choices` re-exports it beside the other demographic vocabularies."""

from __future__ import annotations

from django.db import models

PREFER_NOT_TO_SAY = "prefer_not_to_say"


class EthnicGroup(models.TextChoices):
    """The 19 ONS 2021 England and Wales categories, under their five high-level groups."""

    ASIAN_BANGLADESHI = "asian_bangladeshi", "Bangladeshi"
    ASIAN_CHINESE = "asian_chinese", "Chinese"
    ASIAN_INDIAN = "asian_indian", "Indian"
    ASIAN_PAKISTANI = "asian_pakistani", "Pakistani"
    ASIAN_OTHER = "asian_other", "Any other Asian background"
    BLACK_AFRICAN = "black_african", "African"
    BLACK_CARIBBEAN = "black_caribbean", "Caribbean"
    BLACK_OTHER = "black_other", "Any other Black, Black British or Caribbean background"
    MIXED_WHITE_ASIAN = "mixed_white_asian", "White and Asian"
    MIXED_WHITE_BLACK_AFRICAN = "mixed_white_black_african", "White and Black African"
    MIXED_WHITE_BLACK_CARIBBEAN = "mixed_white_black_caribbean", "White and Black Caribbean"
    MIXED_OTHER = "mixed_other", "Any other Mixed or multiple ethnic background"
    WHITE_BRITISH = "white_british", "English, Welsh, Scottish, Northern Irish or British"
    WHITE_IRISH = "white_irish", "Irish"
    WHITE_GYPSY_TRAVELLER = "white_gypsy_traveller", "Gypsy or Irish Traveller"
    WHITE_ROMA = "white_roma", "Roma"
    WHITE_OTHER = "white_other", "Any other White background"
    OTHER_ARAB = "other_arab", "Arab"
    OTHER_ANY = "other_any", "Any other ethnic group"
    PREFER_NOT_TO_SAY = PREFER_NOT_TO_SAY, "Prefer not to say"


ETHNIC_HIGH_LEVEL_GROUPS: dict[str, str] = {
    "asian": "Asian, Asian British or Asian Welsh",
    "black": "Black, Black British, Black Welsh, Caribbean or African",
    "mixed": "Mixed or Multiple ethnic groups",
    "white": "White",
    "other": "Other ethnic group",
}


def ethnic_high_level_group(code: str) -> str | None:
    """Return the high-level group key ('asian', 'white'…) of an ethnic group code."""
    prefix = code.split("_", 1)[0]
    return prefix if prefix in ETHNIC_HIGH_LEVEL_GROUPS else None


# The Workforce Race Equality Standard counts everyone outside the White high-level group as BME.
DEFAULT_BME_GROUPS = frozenset(
    code for code in EthnicGroup.values if ethnic_high_level_group(code) not in (None, "white")
)
