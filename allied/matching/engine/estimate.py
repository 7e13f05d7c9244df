"""Rough mentor prices, to choose the first candidates: one solve of a sample market, a random
share of the mentees facing every mentor with capacities scaled alike, so that the sample is as
tight as the whole. Only which arcs the solver sees first depends on them, never the proof."""

from __future__ import annotations

import numpy as np

from allied.matching.engine import flow
from allied.matching.engine.candidates import candidates
from allied.matching.engine.scoring import block_rows

SAMPLE_SHARE = 0.2  # of the mentees (capacitated markets)
ESTIMATE_PER_ROW = 16  # each sampled mentee's best mentors in the sample's solve
# A one-to-one sample market keeps each mentor only with the sample's chance, so each sampled
# mentee sees more mentors. A quarter of the mentees price as well as half: the sample market's
# own prices differ from the whole's by more than the sample's size changes.
ONE_TO_ONE_SHARE = 0.25
ONE_TO_ONE_ESTIMATE_PER_ROW = 32


def prices(scores: np.ndarray, rows_active: np.ndarray, free: np.ndarray) -> np.ndarray | None:
    """Each mentor's estimated price, from a sample of the active mentees (None if the sample
    places nobody)."""
    share = sample_share(free)
    return estimate_prices(scores, sample_rows(rows_active, share), free, share)


def one_to_one(free: np.ndarray) -> bool:
    """Most mentors take one mentee: a sample market keeps each only with the sample's chance."""
    places = free[free > 0]
    return bool(places.size and places.mean() <= 1.5)


def sample_share(free: np.ndarray) -> float:
    return ONE_TO_ONE_SHARE if one_to_one(free) else SAMPLE_SHARE


def sample_rows(rows_active: np.ndarray, share: float) -> np.ndarray:
    rng = np.random.default_rng(20240626)
    return np.sort(rng.choice(rows_active, int(rows_active.size * share), False))


def estimate_prices(
    scores: np.ndarray, sample: np.ndarray, free: np.ndarray, share: float
) -> np.ndarray | None:
    """Rough mentor prices from one solve of a sample market: the `sample` rows (a random share
    of the mentees) facing every mentor, capacities scaled alike, so the sample is as tight as
    the whole. Each sampled mentee sees its best ESTIMATE_PER_ROW mentors."""
    n_cols = scores.shape[1]
    rng = np.random.default_rng(20240627)
    scaled = np.floor(free * share + rng.random(n_cols)).astype(np.int64)
    per_row = ONE_TO_ONE_ESTIMATE_PER_ROW if one_to_one(free) else ESTIMATE_PER_ROW
    rows, cols = candidates(scores, sample, scaled > 0, None, per_row, threads=2)
    weights = scores[rows, cols].astype(np.int64)
    rows = np.searchsorted(sample, rows)
    solution = flow.solve_candidates(sample.size, scaled, rows, cols, weights)
    placed = np.flatnonzero(solution.mentor_of >= 0)
    if placed.size == 0:
        return None
    _, utility = flow.mentor_prices(solution, scaled, rows, cols, weights, 0, placed_only=True)
    # A mentor is worth what the keenest sampled mentee would pay, given what each gets.
    utility = utility[placed].astype(np.float32)
    placed = sample[placed]
    prices = np.zeros(n_cols, np.float32)
    step = block_rows(n_cols)
    for start in range(0, placed.size, step):
        block = scores[placed[start : start + step]]
        np.maximum(prices, (block - utility[start : start + step, None]).max(axis=0), out=prices)
    return prices
