"""Each criterion as integer points, in tables over small codes or as products of small integer
vectors, so that a pair's score is one exact dot product of two feature rows.

Points are kept in hundredths (centipoints) so that nothing is lost to rounding: a criterion at
weight w is worth at most w x 1,000 centipoints (w x 10 points). A broken hard constraint costs
`BIG`, far more than any pair can score, so it marks the pair as impossible.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from allied.matching.engine.inputs import (
    ANY,
    DIFFERENT,
    ESSENTIAL,
    MEETING_MODES,
    NONE,
    SAME,
    UNKNOWN_VALUES,
    Person,
)

CENTI = 100  # centipoints per point
# The cost of breaking a hard constraint, in centipoints. A pair that breaks none adds only
# small whole numbers, so float32 holds its score exactly; one that breaks any lands near -BIG
# or below (rounded, which does not matter), far under anything a feasible pair can score.
BIG = 1 << 23
PREFERENCES = (NONE, SAME, DIFFERENT)
ETHNIC_HIGH_LEVEL = ("asian", "black", "mixed", "white", "other")


def weight_units(weight: int) -> int:
    """The most a criterion at this weight contributes, in centipoints."""
    return weight * 10 * CENTI


# --- attribute values as small integer codes (0 = unknown) --------------------------------------


def attribute_value(person: Person, attribute: str, ethnicity_detail: str = "high_level") -> str:
    value = getattr(person, "ethnic_group" if attribute == "ethnicity" else attribute) or ""
    if value in UNKNOWN_VALUES:
        return ""
    if attribute == "ethnicity" and ethnicity_detail == "high_level":
        prefix = value.split("_", 1)[0]
        return prefix if prefix in ETHNIC_HIGH_LEVEL else ""
    return value


def encode_values(values_a: Sequence[str], values_b: Sequence[str]):
    """Codes for both sides over one shared, sorted vocabulary; "" (unknown) is code 0."""
    vocabulary = ["", *sorted({v for v in (*values_a, *values_b) if v})]
    index = {v: i for i, v in enumerate(vocabulary)}
    return (
        np.array([index[v] for v in values_a], np.int64),
        np.array([index[v] for v in values_b], np.int64),
        vocabulary,
    )


def preference_codes(people: Sequence[Person], attribute: str) -> np.ndarray:
    """0..5: preference (none, same, different) x strength (nice, essential)."""
    prefs = [getattr(p, f"{attribute}_preference") or NONE for p in people]
    strengths = [getattr(p, f"{attribute}_strength") or "nice" for p in people]
    for pref in prefs:
        if pref not in PREFERENCES:
            raise ValueError(f"Unknown {attribute} preference {pref!r}.")
    return np.array(
        [
            PREFERENCES.index(p) * 2 + (s == ESSENTIAL)
            for p, s in zip(prefs, strengths, strict=True)
        ],
        np.int64,
    )


def preference_table(n_values: int, weight: int) -> tuple[np.ndarray, np.ndarray]:
    """Points and violations of "x's preference about y", indexed by
    [x value code * 6 + x preference code, y value code]."""
    w = weight_units(weight)
    points = np.zeros((n_values * 6, n_values), np.int64)
    violation = np.zeros((n_values * 6, n_values), bool)
    for xv in range(1, n_values):  # a person whose own value is unknown has nothing to compare
        for pref_code in range(2, 6):
            essential = pref_code % 2 == 1
            want_same = pref_code // 2 == 1
            row = xv * 6 + pref_code
            for yv in range(n_values):
                if yv == 0:
                    violation[row, yv] = essential
                    continue
                met = (yv == xv) == want_same
                if met:
                    points[row, yv] = w
                elif essential:
                    violation[row, yv] = True
                else:
                    points[row, yv] = -w
    return points, violation


def seniority_table(weight: int, min_gap: int | None, ideal_gap: int):
    """Points and violations indexed by [mentee rank, mentor rank]; rank 0 is unknown."""
    w = weight_units(weight)
    ideal = max(1, ideal_gap)
    points = np.zeros((14, 14), np.int64)
    violation = np.zeros((14, 14), bool)
    for ra in range(1, 14):
        for rb in range(1, 14):
            gap = rb - ra
            points[ra, rb] = w * min(max(gap, 0), ideal) // ideal
            if min_gap is not None and gap < min_gap:
                violation[ra, rb] = True
    return points, violation


def meeting_mode_table(weight: int) -> np.ndarray:
    """Points indexed by [mode a, mode b] over MEETING_MODES."""
    w = weight_units(weight)
    table = np.zeros((4, 4), np.int64)
    for i, ma in enumerate(MEETING_MODES):
        for j, mb in enumerate(MEETING_MODES):
            if ma == mb != ANY:
                table[i, j] = w
            elif ANY in (ma, mb):
                table[i, j] = w * 3 // 4
    return table


def mode_codes(people: Sequence[Person]) -> np.ndarray:
    codes = []
    for p in people:
        if (p.meeting_mode or ANY) not in MEETING_MODES:
            raise ValueError(f"Unknown meeting mode {p.meeting_mode!r}.")
        codes.append(MEETING_MODES.index(p.meeting_mode or ANY))
    return np.array(codes, np.int64)


def scaled_unit(vectors: np.ndarray, weight: int) -> np.ndarray:
    """Integer vectors whose dot products approximate weight units x the cosine."""
    return np.rint(vectors * np.sqrt(weight_units(weight)))


def ochiai_rows(memberships: np.ndarray, weight: int) -> np.ndarray:
    """Rows scaled so that a dot product is about weight units x shared / sqrt(|A| |B|)."""
    sizes = memberships.sum(axis=1, keepdims=True)
    scale = np.rint(np.sqrt(weight_units(weight)) / np.sqrt(np.maximum(sizes, 1)))
    return memberships * scale


def personality_columns(values_a, values_b, weight: int):
    """Three columns a side whose products give W - c (2a - 2b)^2 for one trait (both known)."""
    w_trait = weight_units(weight) // 2
    c = w_trait // 144

    def parts(values):
        known = np.array([v is not None for v in values], float)
        x = np.array([round(2 * float(v)) if v is not None else 0 for v in values], float)
        return known, x

    ka, xa = parts(values_a)
    kb, xb = parts(values_b)
    a = np.column_stack([ka * (w_trait - c * xa**2), -c * ka, 2 * c * ka * xa])
    b = np.column_stack([kb, kb * xb**2, kb * xb])
    return a, b
