"""The engine's entry points: `match` for a run, and `Matcher` when the same cohort is scored
again (a facilitator swapping people by hand sees the new pair's score and breakdown)."""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager

import numpy as np

from allied.matching.engine import assign, fairest
from allied.matching.engine.exclusions import find_exclusions
from allied.matching.engine.explain import Explainer, breach_warnings
from allied.matching.engine.fairness import summarise
from allied.matching.engine.features import Features, build_features
from allied.matching.engine.inputs import Constraints, Criteria, Person, PersonId, Roles
from allied.matching.engine.phrases import Words
from allied.matching.engine.reasons import Reasons
from allied.matching.engine.results import MatchResult, ProposedPair, Unplaced
from allied.matching.engine.scoring import ScoreMatrix, build_matrix
from allied.matching.engine.terms import CENTI
from allied.matching.engine.text import Embedder

OBJECTIVES = ("total", "fairest")


class Matcher:
    """One cohort, scored once; ask it for a matching, or for any pair's score."""

    def __init__(
        self,
        mentees: Sequence[Person],
        mentors: Sequence[Person],
        *,
        criteria: Criteria | None = None,
        constraints: Constraints | None = None,
        roles: Roles | None = None,
        labels: Mapping[str, str] | None = None,
        embedder: Embedder | None = None,
    ) -> None:
        self.mentees, self.mentors = list(mentees), list(mentors)
        self.criteria = criteria or Criteria()
        self.constraints = constraints or Constraints()
        self.roles = roles or Roles()
        self.words = Words(labels)
        self.index_a = _index(self.mentees, self.roles.mentee)
        self.index_b = _index(self.mentors, self.roles.mentor)
        self.timings: dict[str, float] = {}
        started = time.perf_counter()
        self.features: Features = build_features(
            self.mentees, self.mentors, self.criteria, self.constraints, embedder
        )
        self.exclusions = find_exclusions(
            self.mentees, self.mentors, self.constraints, self.index_a, self.index_b
        )
        self.timings["encode"] = time.perf_counter() - started
        self.capacity = np.array(
            [self.constraints.capacity_overrides.get(p.id, p.capacity) for p in self.mentors],
            np.int64,
        )
        if (self.capacity < 0).any():
            raise ValueError("A capacity cannot be negative.")
        self._matrix: ScoreMatrix | None = None
        self.explainer = Explainer(
            self.mentees, self.mentors, self.features, self.criteria, self.roles, self.words
        )

    @property
    def matrix(self) -> ScoreMatrix:
        if self._matrix is None:
            started = time.perf_counter()
            self._matrix = build_matrix(self.features, self.exclusions)
            self.timings["matrix"] = time.perf_counter() - started
        return self._matrix

    def _first_pool(self, locked: assign.Locked) -> assign.First:
        """The first candidates for the solver, with mentor prices estimated on a sample."""
        matrix = self.matrix
        started = time.perf_counter()
        _, is_locked, free = assign.prepare(len(self.mentees), self.capacity, locked)
        first = assign.first_pool(matrix, np.flatnonzero(~is_locked), free)
        self.timings["candidates"] = time.perf_counter() - started
        return first

    def pair(self, mentee_id: PersonId, mentor_id: PersonId) -> ProposedPair:
        """Score and explain one pair, whether or not the rules allow it (warnings say)."""
        row, col = self._position(mentee_id, mentor_id)
        return self._pairs(np.array([row]), np.array([col]), np.array([False]))[0]

    def run(self, objective: str = "total") -> MatchResult:
        """Propose pairs: globally optimal total ('total') or raise the worst first ('fairest')."""
        if objective not in OBJECTIVES:
            raise ValueError(f"Unknown objective {objective!r}: use 'total' or 'fairest'.")
        locked = [self._position(a, b) for a, b in self.constraints.locked]
        small = len(self.mentees) * len(self.mentors) <= assign.ALL_PAIRS_UP_TO
        first = None if small else self._first_pool(locked)
        matrix = self.matrix
        started = time.perf_counter()
        result = assign.optimal(matrix, self.capacity, locked, first=first)
        if objective == "fairest":
            result = fairest.fairest(matrix, self.capacity, locked, base=result)
        self.timings["assign"] = time.perf_counter() - started
        started = time.perf_counter()
        rows = np.flatnonzero(result.mentor_of >= 0)
        cols = result.mentor_of[rows]
        with collector_paused():
            pairs = self._pairs(rows, cols, result.locked[rows])
            load = np.bincount(cols, minlength=len(self.mentors))
            unmatched = self._unmatched(result, load)
            centis = np.array([p.centipoints for p in pairs], np.int64)
            fairness = summarise(self.mentees, self.mentors, rows, cols, centis)
        self.timings["explain"] = time.perf_counter() - started
        total_centi = int(centis.sum())
        return MatchResult(
            objective=objective,
            pairs=pairs,
            unmatched=unmatched,
            spare_places={
                p.id: int(c - n)
                for p, c, n in zip(self.mentors, self.capacity, load, strict=True)
                if c > n
            },
            total=sum(p.score for p in pairs),
            total_centipoints=total_centi,
            lowest=min((p.score for p in pairs), default=None),
            optimal=result.certified,
            fairness=fairness,
            stats={
                "timings": dict(self.timings),
                "rounds": result.rounds,
                "candidate_arcs": result.arcs,
                "threshold": None if result.threshold is None else result.threshold / CENTI,
                **result.stats,
            },
        )

    def _pairs(self, rows: np.ndarray, cols: np.ndarray, locked: np.ndarray) -> list[ProposedPair]:
        points, breaches = self.features.contributions(rows, cols)
        breakdowns = self.explainer.breakdowns(rows, cols, points)
        # Only a pair the facilitator locked (or asked about) can break a rule.
        check = np.flatnonzero(np.asarray(locked) | (rows.size <= 1))
        warnings: dict[int, list[str]] = {
            int(k): breach_warnings(breaches, int(k), self.roles)
            + self._excluded_warning(int(rows[k]), int(cols[k]))
            for k in check
        }
        totals = self.explainer.totals.tolist() if rows.size else []
        exact = sum(points.values(), np.zeros(rows.size, np.int64)).tolist()
        return [
            ProposedPair(
                self.mentees[row].id,
                self.mentors[col].id,
                totals[k],
                exact[k],
                breakdown,
                bool(locked[k]),
                warnings.get(k, []),
            )
            for k, (row, col, breakdown) in enumerate(
                zip(rows.tolist(), cols.tolist(), breakdowns, strict=True)
            )
        ]

    def _excluded_warning(self, row: int, col: int) -> list[str]:
        reasons = self.exclusions.reasons_for(row, col)
        words = {"forbidden": "the facilitator ruled this pair out"}
        return [
            f"locked although {words.get(reason, reason.replace('_', ' ') + ' rule')}"
            for reason in reasons
        ]

    def _unmatched(self, result: assign.Assignment, load: np.ndarray) -> list[Unplaced]:
        reasons = Reasons(
            self.mentees,
            self.mentors,
            self.features,
            self.exclusions,
            self.matrix.scores,
            self.constraints,
            self.roles,
            self.words,
        )
        left = [
            reasons.mentee(int(r), load, self.capacity)
            for r in np.flatnonzero(result.mentor_of < 0)
        ]
        matched = result.mentor_of >= 0
        for col in np.flatnonzero((load == 0) & (self.capacity > 0)):
            left.append(reasons.mentor(int(col), matched))
        return left

    def _position(self, mentee_id: PersonId, mentor_id: PersonId) -> tuple[int, int]:
        try:
            return self.index_a[mentee_id], self.index_b[mentor_id]
        except KeyError as error:
            raise ValueError(f"{error.args[0]!r} is not in this run.") from None


def match(
    mentees: Sequence[Person],
    mentors: Sequence[Person],
    *,
    criteria: Criteria | None = None,
    constraints: Constraints | None = None,
    objective: str = "total",
    roles: Roles | None = None,
    labels: Mapping[str, str] | None = None,
    embedder: Embedder | None = None,
) -> MatchResult:
    """Propose mentoring pairs for a cohort (see `Matcher` to keep the scores for later)."""
    matcher = Matcher(
        mentees,
        mentors,
        criteria=criteria,
        constraints=constraints,
        roles=roles,
        labels=labels,
        embedder=embedder,
    )
    return matcher.run(objective)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector off while the results are built: hundreds of thousands of
    small objects, none in a cycle, that it would otherwise scan again and again (a third of
    explaining 20,000 pairs). Back as it was afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _index(people: list[Person], noun: str) -> dict[PersonId, int]:
    index: dict[PersonId, int] = {}
    for position, person in enumerate(people):
        if person.id in index:
            raise ValueError(f"The {noun} {person.id!r} appears twice.")
        index[person.id] = position
    return index
