"""Who gets good matches and who is left: score distributions and placement by group."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from allied.matching.engine.inputs import UNKNOWN_VALUES, Person
from allied.matching.engine.results import FairnessSummary, GroupStats
from allied.matching.engine.terms import CENTI, ETHNIC_HIGH_LEVEL

NOT_KNOWN = "not known"


def _high_level(person: Person) -> str:
    prefix = (person.ethnic_group or "").split("_", 1)[0]
    return prefix if prefix in ETHNIC_HIGH_LEVEL and person.ethnic_group else NOT_KNOWN


def _plain(attribute: str) -> Callable[[Person], str]:
    def value(person: Person) -> str:
        found = getattr(person, attribute) or ""
        return NOT_KNOWN if found in UNKNOWN_VALUES else found

    return value


ATTRIBUTES: dict[str, Callable[[Person], str]] = {
    "ethnic_group": _high_level,
    "ethnic_group_detailed": _plain("ethnic_group"),
    "gender": _plain("gender"),
    "band": _plain("band"),
    "profession": _plain("profession"),
}


def group_stats(group: str, people: int, matched: int, scores: np.ndarray) -> GroupStats:
    """Statistics of a group's pair scores (centipoints in, points out)."""
    if scores.size:
        values = scores / CENTI
        q = np.quantile(values, [0.0, 0.25, 0.5, 0.75, 1.0])
        numbers: list[float | None] = [
            round(float(values.mean()), 2),
            *(round(float(x), 2) for x in q),
        ]
    else:
        numbers = [None] * 6
    mean, minimum, lower, median, upper, maximum = numbers
    return GroupStats(
        group,
        people,
        matched,
        people - matched,
        int(scores.size),
        mean,
        minimum,
        lower,
        median,
        upper,
        maximum,
    )


def summarise(
    mentees: Sequence[Person],
    mentors: Sequence[Person],
    pair_rows: np.ndarray,
    pair_cols: np.ndarray,
    pair_scores: np.ndarray,
) -> FairnessSummary:
    """Distribution of scores and of unmatched people by ethnic group, gender, band and
    profession, for each side (a mentor's row counts each of their pairs)."""
    sides = {"mentee": (mentees, pair_rows), "mentor": (mentors, pair_cols)}
    groups: dict[str, dict[str, list[GroupStats]]] = {a: {} for a in ATTRIBUTES}
    overall = {}
    for side, (people, owner) in sides.items():
        placed = np.bincount(owner, minlength=len(people)) > 0
        overall[side] = group_stats("everyone", len(people), int(placed.sum()), pair_scores)
        for attribute, value_of in ATTRIBUTES.items():
            values = [value_of(p) for p in people]
            names = sorted(set(values), key=lambda v: (v == NOT_KNOWN, v))
            code = {name: k for k, name in enumerate(names)}
            person_group = np.array([code[v] for v in values], np.int64)
            pair_group = person_group[owner]
            sizes = np.bincount(person_group, minlength=len(names))
            matched = np.bincount(person_group[placed], minlength=len(names))
            groups[attribute][side] = [
                group_stats(name, int(sizes[k]), int(matched[k]), pair_scores[pair_group == k])
                for k, name in enumerate(names)
            ]
    return FairnessSummary(groups, overall)
