"""The columns of a people file, the values each accepts, and reading one cell.

Codes are the ones Allied stores (`allied/people/choices.py`); they are copied here rather
than imported so that this package, like the engine, runs without Django (a test keeps the
copies equal). Values are read loosely: case, spaces and hyphens do not matter, so
`Band 8a`, `8A` and `8a` are one band and `Occupational therapist` is `occupational_therapist`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from allied.matching.engine.inputs import (
    AVAILABILITY_SLOTS,
    BAND_RANK,
    DIFFERENT,
    ESSENTIAL,
    MEETING_MODES,
    NICE,
    NONE,
    SAME,
)

MENTEE, MENTOR = "mentee", "mentor"
SIDES = (MENTEE, MENTOR)
BANDS = tuple(BAND_RANK)
PROFESSIONS = (
    "art_therapist", "dramatherapist", "music_therapist", "podiatrist", "dietitian",
    "occupational_therapist", "operating_department_practitioner", "orthoptist", "osteopath",
    "paramedic", "physiotherapist", "prosthetist_orthotist", "radiographer",
    "speech_language_therapist", "nursing", "midwifery", "medicine_dentistry",
    "healthcare_science", "pharmacy", "psychology", "management", "other",
)  # fmt: skip
ETHNIC_GROUPS = (
    "asian_bangladeshi", "asian_chinese", "asian_indian", "asian_pakistani", "asian_other",
    "black_african", "black_caribbean", "black_other", "mixed_white_asian",
    "mixed_white_black_african", "mixed_white_black_caribbean", "mixed_other", "white_british",
    "white_irish", "white_gypsy_traveller", "white_roma", "white_other", "other_arab",
    "other_any", "prefer_not_to_say",
)  # fmt: skip
GENDERS = ("woman", "man", "non_binary", "other", "prefer_not_to_say")
PREFERENCES = (NONE, SAME, DIFFERENT)
STRENGTHS = (NICE, ESSENTIAL)

CHOICES: dict[str, tuple[str, ...]] = {
    "side": SIDES,
    "band": BANDS,
    "profession": PROFESSIONS,
    "ethnic_group": ETHNIC_GROUPS,
    "gender": GENDERS,
    "ethnicity_preference": PREFERENCES,
    "ethnicity_strength": STRENGTHS,
    "gender_preference": PREFERENCES,
    "gender_strength": STRENGTHS,
    "profession_preference": PREFERENCES,
    "profession_strength": STRENGTHS,
    "meeting_mode": MEETING_MODES,
}
TEXT = ("name", "site", "team", "goals")
IDS = ("id", "line_manager_id")
TOPIC_SEPARATOR, SLOT_SEPARATOR, STATEMENT_SEPARATOR = ";", ";", "|"

# Every column, in the order the documentation lists them.
COLUMNS = (
    "id", "side", "name", "band", "profession", "ethnic_group", "gender", "site", "team",
    "line_manager_id", "ethnicity_preference", "ethnicity_strength", "gender_preference",
    "gender_strength", "profession_preference", "profession_strength", "openness",
    "conscientiousness", "topics", "goals", "profile_statements", "availability",
    "meeting_mode", "capacity", "commitments",
)  # fmt: skip

_SEPARATORS = re.compile(r"[\s\-]+")


def normalise(value: str) -> str:
    """A code from a spreadsheet's wording: `Non-binary ` → `non_binary`."""
    return _SEPARATORS.sub("_", value.strip().casefold())


def header_name(value: str) -> str:
    """A column name from a header cell: `Line Manager ID` → `line_manager_id`."""
    return normalise(value.replace("\ufeff", ""))


def _listing(values: tuple[str, ...]) -> str:
    return ", ".join(values)


def _choice(column: str) -> Callable[[str], str]:
    allowed = CHOICES[column]

    def read(raw: str) -> str:
        value = normalise(raw)
        if column == "band" and value.startswith("band_"):
            value = value.removeprefix("band_")
        if value not in allowed:
            noun = column.replace("_", " ")
            raise ValueError(f'"{raw}" is not a valid {noun}: use one of {_listing(allowed)}.')
        return value

    return read


def _score(column: str) -> Callable[[str], float]:
    def read(raw: str) -> float:
        try:
            value = float(raw)
        except ValueError:
            value = float("nan")
        if not 1 <= value <= 7:
            raise ValueError(f'"{raw}" is not a valid {column} score: use a number from 1 to 7.')
        return value

    return read


def _whole(column: str) -> Callable[[str], int]:
    def read(raw: str) -> int:
        try:
            value = int(raw)
        except ValueError:
            value = -1
        if value < 0:
            raise ValueError(f'"{raw}" is not a valid {column}: use a whole number, 0 or more.')
        return value

    return read


def _topics(raw: str) -> tuple[str, ...]:
    # "Career development", "career_development" and "career  development" are one topic.
    found = (" ".join(t.replace("_", " ").casefold().split()) for t in raw.split(TOPIC_SEPARATOR))
    return tuple(dict.fromkeys(t for t in found if t))


def _availability(raw: str) -> tuple[str, ...]:
    slots = [normalise(s) for s in raw.split(SLOT_SEPARATOR) if s.strip()]
    wrong = [s for s in slots if s not in AVAILABILITY_SLOTS]
    if wrong:
        raise ValueError(
            f'"{", ".join(wrong)}" is not an availability slot: use {_listing(AVAILABILITY_SLOTS)}'
            f', separated by "{SLOT_SEPARATOR}".'
        )
    return tuple(dict.fromkeys(slots))


def _statements(raw: str) -> tuple[str, ...]:
    return tuple(s.strip() for s in raw.split(STATEMENT_SEPARATOR) if s.strip())


def _text(raw: str) -> str:
    return raw.strip()


READERS: dict[str, Callable[[str], Any]] = {
    **{column: _choice(column) for column in CHOICES},
    **dict.fromkeys((*TEXT, *IDS), _text),
    "openness": _score("openness"),
    "conscientiousness": _score("conscientiousness"),
    "capacity": _whole("capacity"),
    "commitments": _whole("commitments"),
    "topics": _topics,
    "availability": _availability,
    "profile_statements": _statements,
}


def read_cell(column: str, raw: str) -> Any:
    """The engine's value for a non-blank cell; ValueError says what is allowed instead."""
    return READERS[column](raw.strip())
