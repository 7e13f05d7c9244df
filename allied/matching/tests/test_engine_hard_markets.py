"""The engine on markets shaped like real ones (issue 11): it never raises on a feasible input
of any shape, its total is the optimum over all pairs, and 'fairest' is the true max-min —
each checked against an answer worked out here by other means (SciPy's maximum flow and
linear-sum assignment over every pair), not by the engine's own solver."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from unittest import mock

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import sparse
from scipy.optimize import linear_sum_assignment
from scipy.sparse.csgraph import maximum_flow

from allied.matching.engine import Criteria, Matcher, assign, exclusions, fairest, flow, synthetic
from allied.matching.engine.scoring import FEASIBLE_MIN, NEG, ScoreMatrix
from allied.matching.tests.market_strategies import ScoreMarket, people_markets, score_markets

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PEOPLE_SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
SOLVER_PATHS = ["as configured", "candidate graph"]


# --- answers worked out apart from the engine -------------------------------------------------


def most_pairs(scores: np.ndarray, free: np.ndarray, active: np.ndarray, floor: float) -> int:
    """The largest number of pairs scoring at least `floor` over every pair (SciPy's maximum
    flow: source -> mentee (1) -> mentor (1 per pair) -> sink (the mentor's free places))."""
    n, m = scores.shape
    allowed = (scores > FEASIBLE_MIN) & (scores >= floor) & active[:, None] & (free > 0)[None, :]
    rows, cols = np.nonzero(allowed)
    source, sink = n + m, n + m + 1
    tails = np.concatenate([np.full(n, source), rows, n + np.arange(m)])
    heads = np.concatenate([np.arange(n), n + cols, np.full(m, sink)])
    caps = np.concatenate(
        [active.astype(np.int32), np.ones(rows.size, np.int32), free.astype(np.int32)]
    )
    graph = sparse.csr_array((caps, (tails, heads)), shape=(n + m + 2, n + m + 2))
    return int(maximum_flow(graph, source, sink).flow_value)


def bottleneck(scores: np.ndarray, free: np.ndarray, active: np.ndarray) -> tuple[int, int | None]:
    """(most pairs, the highest lowest score of any matching with that many pairs): binary
    search over the distinct scores, each step a maximum flow over every pair."""
    best = most_pairs(scores, free, active, -np.inf)
    if best == 0:
        return 0, None
    values = np.unique(scores[active][:, free > 0])
    values = values[values > FEASIBLE_MIN]
    lo, hi = 0, values.size - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if most_pairs(scores, free, active, values[mid]) == best:
            lo = mid
        else:
            hi = mid - 1
    return best, int(values[lo])


def best_total(
    scores: np.ndarray, free: np.ndarray, active: np.ndarray, floor: float = -np.inf
) -> tuple[int, int]:
    """(pairs, total) of the matching with the most pairs, then the highest total, among
    pairs scoring at least `floor`: SciPy's linear-sum assignment, one column per place plus
    a column per mentee for staying unmatched, a match worth more than any difference."""
    rows = np.flatnonzero(active)
    slots = np.repeat(np.arange(free.size), np.maximum(free, 0))
    if rows.size == 0 or slots.size == 0:
        return 0, 0
    block = scores[np.ix_(rows, slots)].astype(np.float64)
    allowed = (block > FEASIBLE_MIN) & (block >= floor)
    bonus = 2.0 * (np.abs(block[allowed]).max(initial=0) + 1) * (rows.size + 1)
    value = np.where(allowed, block + bonus, -np.inf)
    value = np.hstack([value, np.zeros((rows.size, rows.size))])
    r, c = linear_sum_assignment(-np.where(np.isfinite(value), value, -1e15))
    real = (c < slots.size) & np.isfinite(value[r, c])
    chosen = block[r[real], c[real]]
    return int(real.sum()), int(chosen.astype(np.int64).sum())


def free_pairs(result: assign.Assignment, scores: np.ndarray) -> tuple[int, int, int | None]:
    """(pairs, total, lowest) of an assignment's pairs that were not locked."""
    rows = np.flatnonzero((result.mentor_of >= 0) & ~result.locked)
    values = scores[rows, result.mentor_of[rows]].astype(np.int64)
    return rows.size, int(values.sum()), int(values.min()) if rows.size else None


@contextlib.contextmanager
def solver_path(path: str) -> Iterator[None]:
    """'candidate graph': never hand the solver every pair, estimate prices on a sample and
    start from pools of one or two arcs a person, so that every small market goes through the
    growing candidate graph, its widening, its minimum cuts and its pruning."""
    if path == "as configured":
        yield
        return
    tiny = {
        "ALL_PAIRS_UP_TO": 0,
        "SAMPLE_ABOVE": 0,
        "PER_ROW": 1,
        "PER_COL": 1,
        "RESERVE": 2,
        "ADD_PER_ROW": 1,
        "ONE_TO_ONE_PER_ROW": 1,
        "ONE_TO_ONE_RESERVE": 2,
    }
    with mock.patch.multiple(assign, **tiny):
        yield


def solve(market: ScoreMarket) -> tuple[ScoreMatrix, assign.Assignment, assign.Assignment]:
    matrix = ScoreMatrix(market.scores, market.bound)
    total = assign.optimal(matrix, market.capacity, market.locked)
    fair = fairest.fairest(matrix, market.capacity, market.locked, base=total)
    return matrix, total, fair


def free_places(market: ScoreMarket) -> tuple[np.ndarray, np.ndarray]:
    _, is_locked, free = assign.prepare(market.scores.shape[0], market.capacity, market.locked)
    return free, ~is_locked


# --- the two defects of issue 11 --------------------------------------------------------------


def test_a_matching_proved_largest_by_a_cut_that_needed_more_arcs_is_still_priced():
    # 300 mentees each allowed only their own mentor (who has one place), two allowed any of
    # those mentors, and a mentor with five places nobody may have: nobody can place the two,
    # but proving so takes arcs the candidate graph did not have. The solver used to add them
    # and then index the graph as it was before (IndexError).
    k = 300
    scores = np.full((k + 2, k + 1), NEG, np.float32)
    scores[np.arange(k), np.arange(k)] = 5000
    scores[k:, :k] = (np.arange(2 * k).reshape(2, k) % 97) * 10
    capacity = np.ones(k + 1, np.int64)
    capacity[k] = 5
    matrix = ScoreMatrix(scores, 5000)
    total = assign.optimal(matrix, capacity)
    assert total.certified
    assert (total.mentor_of >= 0).sum() == k
    fair = fairest.fairest(matrix, capacity, base=total)
    assert (fair.mentor_of >= 0).sum() == k


@pytest.mark.parametrize("criteria", [Criteria(), Criteria(goals=0, profile=0, personality=0)])
def test_fairest_in_a_tight_market_with_ties_does_not_raise(criteria):
    # Places for every mentee, but not everyone can be placed: the 'fairest' solve at its
    # threshold used to hit the same IndexError.
    mentees, mentors, constraints = synthetic.market(33, 26, seed=276, places=1.0)
    matcher = Matcher(mentees, mentors, criteria=criteria, constraints=constraints)
    total = matcher.run()
    fair = matcher.run("fairest")
    assert total.optimal and fair.optimal
    assert len(fair.pairs) == len(total.pairs)


def test_fairest_raises_the_lowest_score_as_far_as_any_matching_allows():
    # The engine used to stop at 66.44 points: it took its upper bound from its candidates,
    # not from each person's best possible partner. A matching exists with every pair at
    # 81.97 or more.
    mentees, mentors, constraints = synthetic.market(33, 26, seed=23, places=1.0)
    matcher = Matcher(mentees, mentors, constraints=constraints)
    fair = matcher.run("fairest")
    locked = [matcher._position(a, b) for a, b in constraints.locked]
    _, is_locked, free = assign.prepare(len(mentees), matcher.capacity, locked)
    pairs, lowest = bottleneck(matcher.matrix.scores, free, ~is_locked)
    assert lowest == 8197
    chosen = [p.centipoints for p in fair.pairs if not p.locked]
    assert (len(chosen), min(chosen)) == (pairs, lowest)


# --- the general properties behind them -------------------------------------------------------


@pytest.mark.parametrize("path", SOLVER_PATHS)
@SETTINGS
@given(market=score_markets(max_rows=40, max_cols=20))
def test_solver_never_raises_and_finds_the_all_pairs_optimum_on_any_market(path, market):
    with solver_path(path):
        _, total, _ = solve(market)
    free, active = free_places(market)
    assert total.certified
    assert free_pairs(total, market.scores)[:2] == best_total(market.scores, free, active)
    load = np.bincount(total.mentor_of[total.mentor_of >= 0], minlength=free.size)
    assert (load <= market.capacity).all()
    assert all(total.mentor_of[row] == col for row, col in market.locked)


@pytest.mark.parametrize("path", SOLVER_PATHS)
@SETTINGS
@given(market=score_markets(max_rows=40, max_cols=20))
def test_fairest_is_the_max_min_optimum_with_as_many_pairs_as_the_total(path, market):
    with solver_path(path):
        _, total, fair = solve(market)
    free, active = free_places(market)
    pairs, lowest = bottleneck(market.scores, free, active)
    got_pairs, got_total, got_lowest = free_pairs(fair, market.scores)
    assert (got_pairs, got_lowest) == (pairs, lowest)
    assert got_pairs == free_pairs(total, market.scores)[0]
    # Then the highest total with that floor.
    floor = -np.inf if lowest is None else lowest
    assert (got_pairs, got_total) == best_total(market.scores, free, active, floor)
    assert fair.certified


@pytest.mark.parametrize("path", SOLVER_PATHS)
@PEOPLE_SETTINGS
@given(cohort=people_markets(max_mentees=60, max_mentors=30))
def test_whole_engine_on_hard_cohorts_is_optimal_and_fairest_is_max_min(path, cohort):
    mentees, mentors, criteria, constraints = cohort
    matcher = Matcher(mentees, mentors, criteria=criteria, constraints=constraints)
    with solver_path(path):
        total = matcher.run()
        fair = matcher.run("fairest")
    locked = [matcher._position(a, b) for a, b in constraints.locked]
    _, is_locked, free = assign.prepare(len(mentees), matcher.capacity, locked)
    scores = matcher.matrix.scores
    assert total.optimal and fair.optimal
    free_total = [p.centipoints for p in total.pairs if not p.locked]
    assert (len(free_total), sum(free_total)) == best_total(scores, free, ~is_locked)
    chosen = [p.centipoints for p in fair.pairs if not p.locked]
    assert (len(chosen), min(chosen, default=None)) == bottleneck(scores, free, ~is_locked)
    assert len(fair.pairs) == len(total.pairs)


@pytest.mark.parametrize("segments_up_to", [0, 4096])
@SETTINGS
@given(
    parts=st.lists(
        st.lists(st.tuples(st.integers(0, 6), st.integers(0, 4)), max_size=12), min_size=1
    )
)
def test_exclusions_merge_into_the_order_a_stable_sort_gives(segments_up_to, parts):
    # Excluded pairs come from several rules; merged by row (instead of sorted again) they must
    # read as the rules' lists one after another, stably sorted by row.
    arrays = [
        (
            np.array([r for r, _ in part], np.int64),
            np.array([c for _, c in part], np.int64),
            np.full(len(part), k, np.int8),
        )
        for k, part in enumerate(parts)
    ]
    with mock.patch.object(exclusions, "SEGMENTS_UP_TO", segments_up_to):
        rows, cols, reasons = exclusions._merged(arrays)
    every = [np.concatenate(column) for column in zip(*arrays, strict=True)]
    order = np.argsort(every[0], kind="stable")
    assert rows.tolist() == every[0][order].tolist()
    assert cols.tolist() == every[1][order].tolist()
    assert reasons.tolist() == every[2][order].tolist()


@SETTINGS
@given(seed=st.integers(0, 2**32 - 1), floor=st.sampled_from([None, -500, 0, 900]))
def test_price_check_in_float32_agrees_with_float64(seed, floor):
    # Prices and utilities run to multiples of the bonus, far past float32's exact integers;
    # the check reads them in levels of the bonus and must find exactly the pairs float64 does.
    rng = np.random.default_rng(seed)
    n, m, bound = int(rng.integers(1, 60)), int(rng.integers(1, 40)), 3000
    bonus = 2 * (bound + 1) * (n + 1)
    scores = rng.integers(-bound, bound + 1, (n, m)).astype(np.float32)
    scores[rng.random((n, m)) < 0.2] = NEG
    scores[rng.random((n, m)) < 0.1] = -(1 << 23) + rng.integers(-bound, bound)
    prices = rng.integers(0, 2, m) * bonus + rng.integers(-bound, 2 * bound, m)
    prices = np.maximum(prices, 0)
    utility = -rng.integers(0, 2, n) * bonus + rng.integers(-2 * bound, bound, n)
    rows = np.sort(rng.choice(n, int(rng.integers(1, n + 1)), replace=False))
    col_ok = rng.random(m) < 0.9
    fast = flow.violations(
        scores, rows, col_ok, prices, utility, 3, floor, bonus=bonus, bound=bound
    )
    exact = flow._violations_float64(scores, rows, col_ok, prices, utility, 3, floor)
    assert fast[2] == exact[2]
    assert sorted(zip(fast[0].tolist(), fast[1].tolist(), strict=True)) == sorted(
        zip(exact[0].tolist(), exact[1].tolist(), strict=True)
    )
