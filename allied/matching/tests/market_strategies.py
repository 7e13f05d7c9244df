"""Hypothesis strategies for markets shaped like real ones: tight, slack and scarce, with ties,
mentors with no places, mentees nobody may have, rules that forbid whole blocks and pairs
locked by hand. Two levels: score matrices given directly to the solver (any shape, cheap, so
many examples), and cohorts of people from `synthetic.market` through the whole engine."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from hypothesis import strategies as st

from allied.matching.engine import Constraints, Criteria, Person, synthetic
from allied.matching.engine.scoring import NEG

# How the places compare with the mentees: fewer, about as many, or plenty.
PLACES = {"scarce": 0.5, "tight": 0.96, "even": 1.0, "slack": 1.6}


@dataclass
class ScoreMarket:
    """A score matrix (centipoints; NEG where a rule forbids the pair), places per mentor and
    pairs locked beforehand (by position, possibly breaking a rule, as a facilitator may)."""

    scores: np.ndarray
    capacity: np.ndarray
    locked: list[tuple[int, int]]

    @property
    def bound(self) -> int:
        feasible = self.scores[self.scores > NEG]
        return int(np.abs(feasible).max(initial=0))


@st.composite
def score_markets(draw, max_rows: int = 24, max_cols: int = 14) -> ScoreMarket:
    """Any shape: one-to-one or up to six places, all tied or all different, from nothing
    allowed to everything allowed."""
    n = draw(st.integers(0, max_rows))
    m = draw(st.integers(0, max_cols))
    seed = draw(st.integers(0, 2**32 - 1))
    most_places = draw(st.sampled_from([1, 1, 2, 4, 6]))
    no_places = draw(st.sampled_from([0.0, 0.1, 0.5]))
    forbidden = draw(st.sampled_from([0.0, 0.1, 0.5, 0.9, 1.0]))
    hopeless = draw(st.sampled_from([0.0, 0.1, 0.4]))
    distinct = draw(st.sampled_from([1, 2, 3, 10, 1000]))  # few distinct scores: ties
    clustered = draw(st.booleans())
    n_locked = draw(st.integers(0, 2))
    rng = np.random.default_rng(seed)
    capacity = rng.integers(1, most_places + 1, m)
    capacity[rng.random(m) < no_places] = 0
    scores = (rng.integers(-distinct // 3, distinct, (n, m)) * 700).astype(np.float32)
    if clustered:  # supply and demand in different places: most pairs across groups forbidden
        groups_a, groups_b = rng.integers(0, 3, n), rng.integers(0, 3, m)
        apart = (groups_a[:, None] != groups_b[None, :]) & (rng.random((n, m)) < 0.9)
        scores[apart] = NEG
    scores[rng.random((n, m)) < forbidden] = NEG
    scores[rng.random(n) < hopeless] = NEG
    locked: list[tuple[int, int]] = []
    load = np.zeros(m, np.int64)
    for row in rng.choice(n, min(n, n_locked), replace=False) if m else ():
        col = int(rng.integers(0, m))
        if load[col] < capacity[col]:
            load[col] += 1
            locked.append((int(row), col))
    return ScoreMarket(scores, capacity.astype(np.int64), locked)


@st.composite
def people_markets(
    draw, max_mentees: int = 40, max_mentors: int = 24
) -> tuple[list[Person], list[Person], Criteria, Constraints]:
    """Small cohorts from `synthetic.market`: clustered, skewed attributes, capacities 0 to 6,
    5 to 15% forbidden, line managers, essential preferences, locks; with the free-text and
    personality criteria off half the time, so that many scores tie."""
    n = draw(st.integers(0, max_mentees))
    m = draw(st.integers(0, max_mentors))
    seed = draw(st.integers(0, 10_000))
    places = draw(st.sampled_from(sorted(PLACES.values())))
    locked = draw(st.sampled_from([0.0, 0.05, 0.2]))
    mentees, mentors, constraints = synthetic.market(
        n, m, seed=seed, places=places, locked_share=locked
    )
    tied = draw(st.booleans())
    criteria = Criteria(goals=0, profile=0, personality=0) if tied else Criteria()
    return mentees, mentors, criteria, constraints
