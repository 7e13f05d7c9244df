"""Feature rows for both sides: a pair's score is the dot product of the mentee's row and the
mentor's row. Every entry is a whole number and every partial sum stays below 2**24, so the
float32 matrix product used for the 20,000 x 5,000 matrix is exact, whatever order the BLAS
library adds in; a pair's breakdown is recomputed term by term from the same integers and adds up
to the same score."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from allied.matching.engine import terms as t
from allied.matching.engine.inputs import (
    ANY,
    AVAILABILITY_SLOTS,
    IN_PERSON,
    MEETING_MODES,
    Constraints,
    Criteria,
    Person,
)
from allied.matching.engine.text import TextVectors, vectorise

PREFERENCE_ATTRIBUTES = ("ethnicity", "gender", "profession")


@dataclass
class Term:
    """One criterion in one direction, occupying columns `cols` of the feature rows."""

    criterion: str
    direction: str  # "mentee": the mentee's wish about the mentor; "mentor": the reverse; "pair"
    cols: slice
    points: np.ndarray | None = None  # table terms: points by [a code, b code]
    violation: np.ndarray | None = None  # table terms: hard-constraint breaches
    a_codes: np.ndarray | None = None
    b_codes: np.ndarray | None = None
    hard: bool = False  # a column block that only carries a hard constraint
    limit: int = 0  # no pair gets more than this many centipoints, either way, from the term

    def table(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
        """A table term's points, breaches and both sides' codes; None for a column term."""
        if self.points is None or self.violation is None:
            return None
        if self.a_codes is None or self.b_codes is None:
            return None
        return self.points, self.violation, self.a_codes, self.b_codes


@dataclass
class Features:
    a: np.ndarray  # (n_a, D) float32
    b: np.ndarray  # (n_b, D) float32
    terms: list[Term]
    text: dict[str, TextVectors]
    codes: dict[str, tuple[np.ndarray, np.ndarray, list[str]]]

    def contributions(self, rows: np.ndarray, cols: np.ndarray):
        """Points (centipoints, int64) of each soft term and the hard breaches, for pairs."""
        points: dict[tuple[str, str], np.ndarray] = {}
        breaches: dict[tuple[str, str], np.ndarray] = {}
        for term in self.terms:
            key = (term.criterion, term.direction)
            table = term.table()
            if table is not None:
                table_points, violation, a_codes, b_codes = table
                ca, cb = a_codes[rows], b_codes[cols]
                points[key] = table_points[ca, cb]
                if violation.any():
                    breaches[key] = violation[ca, cb]
                continue
            value = np.einsum(
                "ij,ij->i",
                self.a[rows, term.cols].astype(np.float64),
                self.b[cols, term.cols].astype(np.float64),
            )
            value = np.rint(value).astype(np.int64)
            if term.hard:
                breaches[key] = value < 0
            else:
                points[key] = value
        return points, breaches

    def bound(self) -> int:
        """No feasible pair scores more than this, either way (centipoints)."""
        return int(sum(term.limit for term in self.terms if not term.hard))

    def pair_scores(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """Scores (centipoints) of the given pairs, computed from the breakdown."""
        points, _ = self.contributions(rows, cols)
        return sum(points.values(), np.zeros(len(rows), np.int64))


def build_features(
    mentees: Sequence[Person],
    mentors: Sequence[Person],
    criteria: Criteria,
    constraints: Constraints,
    embedder=None,
) -> Features:
    """Encode both sides once; the matrix and every breakdown are read from this."""
    blocks_a: list[np.ndarray] = []
    blocks_b: list[np.ndarray] = []
    terms: list[Term] = []
    width = 0

    def add(term: Term, block_a: np.ndarray, block_b: np.ndarray, weight: int = 0) -> None:
        nonlocal width
        if block_a.shape[1] == 0:
            return
        if term.points is not None:
            term.limit = int(np.abs(term.points).max(initial=0))
        else:  # products of rounded vectors: the weight plus what rounding can add
            units, dims = t.weight_units(weight), block_a.shape[1]
            term.limit = int(2 * units + 4 * np.sqrt(units * dims) + dims)
        term.cols = slice(width, width + block_a.shape[1])
        width += block_a.shape[1]
        blocks_a.append(block_a)
        blocks_b.append(block_b)
        terms.append(term)

    def add_table(term, a_codes, b_codes, points, violation) -> None:
        if not points.any() and not violation.any():
            return
        term.points, term.violation, term.a_codes, term.b_codes = (
            points,
            violation,
            a_codes,
            b_codes,
        )
        combined = points - t.BIG * violation.astype(np.int64)
        used_a, used_b = np.unique(a_codes), np.unique(b_codes)
        if used_b.size <= used_a.size:
            add(term, combined[a_codes][:, used_b], b_codes[:, None] == used_b[None, :])
        else:
            add(term, a_codes[:, None] == used_a[None, :], combined[used_a][:, b_codes].T)

    codes = {}
    for attribute in PREFERENCE_ATTRIBUTES:
        weight = criteria.weight(attribute)
        va = [t.attribute_value(p, attribute, criteria.ethnicity_detail) for p in mentees]
        vb = [t.attribute_value(p, attribute, criteria.ethnicity_detail) for p in mentors]
        code_a, code_b, vocabulary = t.encode_values(va, vb)
        codes[attribute] = (code_a, code_b, vocabulary)
        points, violation = t.preference_table(len(vocabulary), weight)
        pref_a = code_a * 6 + t.preference_codes(mentees, attribute)
        pref_b = code_b * 6 + t.preference_codes(mentors, attribute)
        add_table(Term(attribute, "mentee", slice(0)), pref_a, code_b, points, violation)
        add_table(Term(attribute, "mentor", slice(0)), code_a, pref_b, points.T, violation.T)

    rank_a = np.array([p.rank or 0 for p in mentees], np.int64)
    rank_b = np.array([p.rank or 0 for p in mentors], np.int64)
    points, violation = t.seniority_table(
        criteria.weight("seniority"), constraints.min_band_gap, criteria.ideal_band_gap
    )
    add_table(Term("seniority", "pair", slice(0)), rank_a, rank_b, points, violation)

    mode_a, mode_b = t.mode_codes(mentees), t.mode_codes(mentors)
    codes["meeting_mode"] = (mode_a, mode_b, [])
    table = t.meeting_mode_table(criteria.weight("meeting_mode"))
    add_table(Term("meeting_mode", "pair", slice(0)), mode_a, mode_b, table, table < -1)

    site_a, site_b, sites = t.encode_values([p.site for p in mentees], [p.site for p in mentors])
    codes["site"] = (site_a, site_b, sites)
    _add_site(add, criteria, constraints, mode_a, mode_b, site_a, site_b, len(sites))

    if criteria.weight("personality"):
        parts = [
            t.personality_columns(
                [getattr(p, trait) for p in mentees],
                [getattr(p, trait) for p in mentors],
                criteria.personality,
            )
            for trait in ("openness", "conscientiousness")
        ]
        add(
            Term("personality", "pair", slice(0)),
            np.hstack([parts[0][0], parts[1][0]]),
            np.hstack([parts[0][1], parts[1][1]]),
            criteria.personality,
        )

    for name, slots_of in (("topics", _topics), ("availability", _availability)):
        if criteria.weight(name):
            ma, mb, vocabulary = slots_of(mentees, mentors)
            codes[name] = (ma, mb, vocabulary)
            weight = criteria.weight(name)
            add(
                Term(name, "pair", slice(0)),
                t.ochiai_rows(ma, weight),
                t.ochiai_rows(mb, weight),
                weight,
            )

    text: dict[str, TextVectors] = {}
    for name, text_of in (("goals", _goals), ("profile", _profile)):
        if criteria.weight(name):
            vectors = vectorise(
                [text_of(p) for p in mentees],
                [text_of(p) for p in mentors],
                backend=criteria.text_backend,
                dimensions=criteria.text_dimensions,
                embedder=embedder,
            )
            text[name] = vectors
            weight = criteria.weight(name)
            add(
                Term(name, "pair", slice(0)),
                t.scaled_unit(vectors.a, weight),
                t.scaled_unit(vectors.b, weight),
                weight,
            )

    a = np.hstack(blocks_a) if blocks_a else np.zeros((len(mentees), 1))
    b = np.hstack(blocks_b) if blocks_b else np.zeros((len(mentors), 1))
    return Features(
        np.ascontiguousarray(a, np.float32), np.ascontiguousarray(b, np.float32), terms, text, codes
    )


def _add_site(add, criteria, constraints, mode_a, mode_b, site_a, site_b, n_sites) -> None:
    """Same site when the pair would meet in person: a rank-two product of site one-hots."""
    ip, anyc = MEETING_MODES.index(IN_PERSON), MEETING_MODES.index(ANY)
    onehot_a = (site_a[:, None] == np.arange(1, n_sites)[None, :]).astype(np.int64)
    onehot_b = (site_b[:, None] == np.arange(1, n_sites)[None, :]).astype(np.int64)
    weight = t.weight_units(criteria.weight("site"))
    if weight and n_sites > 1:
        a = np.hstack([onehot_a * (mode_a == ip)[:, None], onehot_a * (mode_a == anyc)[:, None]])
        b = np.hstack(
            [
                onehot_b * ((mode_b == ip) | (mode_b == anyc))[:, None],
                onehot_b * (mode_b == ip)[:, None],
            ]
        )
        add(Term("site", "pair", slice(0)), a * weight, b, criteria.weight("site"))
    if constraints.in_person_requires_same_site and n_sites > 1:
        # -BIG when both insist on meeting in person on known, different sites.
        both_a = ((mode_a == ip) & (site_a > 0)).astype(np.int64)
        both_b = ((mode_b == ip) & (site_b > 0)).astype(np.int64)
        a = np.hstack([-t.BIG * both_a[:, None], t.BIG * onehot_a * both_a[:, None]])
        b = np.hstack([both_b[:, None], onehot_b * both_b[:, None]])
        add(Term("site", "hard", slice(0), hard=True), a, b)


def _memberships(lists_a, lists_b, vocabulary):
    index = {v: i for i, v in enumerate(vocabulary)}
    ma = np.zeros((len(lists_a), len(vocabulary)), np.int64)
    mb = np.zeros((len(lists_b), len(vocabulary)), np.int64)
    for matrix, lists in ((ma, lists_a), (mb, lists_b)):
        for row, values in enumerate(lists):
            for value in values:
                matrix[row, index[value]] = 1
    return ma, mb


def _topics(mentees, mentors):
    lists_a = [tuple(p.topics) for p in mentees]
    lists_b = [tuple(p.topics) for p in mentors]
    vocabulary = sorted({v for values in (*lists_a, *lists_b) for v in values})
    return (*_memberships(lists_a, lists_b, vocabulary), vocabulary)


def _availability(mentees, mentors):
    """Slots each person can meet in; someone who gave none is taken to be flexible."""
    extra = sorted(
        {s for p in (*mentees, *mentors) for s in p.availability} - set(AVAILABILITY_SLOTS)
    )
    vocabulary = [*AVAILABILITY_SLOTS, *extra]

    def slots(p):
        return tuple(p.availability) or tuple(AVAILABILITY_SLOTS)

    ma, mb = _memberships([slots(p) for p in mentees], [slots(p) for p in mentors], vocabulary)
    return ma, mb, vocabulary


def _goals(person: Person) -> str:
    return person.goals or ""


def _profile(person: Person) -> str:
    return " ".join(s for s in person.profile_statements if s)
