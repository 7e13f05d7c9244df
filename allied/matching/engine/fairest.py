"""The 'fairest' objective: raise the worst match first, then the total.

Binary search on the lowest allowed score; each step asks whether as many pairs as the
total-optimal matching can all score at least that much (a maximum flow, OR-Tools), proven over
the whole matrix by a minimum cut that no pair crosses. The search runs between the lowest
score of the total-optimal matching (which that matching reaches) and a bound read off the
whole matrix: with k pairs to place, no threshold above the k-th highest of the people's best
possible scores can be met. Then the optimal total among pairs at or above the best threshold,
so the lowest score can only rise."""

from __future__ import annotations

import numpy as np

from allied.matching.engine import assign, flow
from allied.matching.engine.assign import Assignment, Locked, Pool, optimal, prepare
from allied.matching.engine.candidates import candidates
from allied.matching.engine.scoring import FEASIBLE_MIN, NEG, ScoreMatrix, block_rows
from allied.matching.engine.threads import shared


def fairest(
    matrix: ScoreMatrix,
    capacity: np.ndarray,
    locked: Locked = (),
    *,
    base: Assignment | None = None,
) -> Assignment:
    """As many pairs as the optimum, the lowest score as high as it can be, then the total."""
    base = base or optimal(matrix, capacity, locked)
    _, is_locked, free = prepare(matrix, capacity, locked)
    free_rows = np.flatnonzero((base.mentor_of >= 0) & ~base.locked)
    needed = free_rows.size
    if needed == 0:
        return base
    scores = matrix.scores
    rows_active = np.flatnonzero(~is_locked)
    pool = Pool(matrix, free_rows, base.mentor_of[free_rows])
    pool.add(*candidates(scores, rows_active, free > 0, base.prices, assign.PER_ROW))
    lo = int(scores[free_rows, base.mentor_of[free_rows]].min())
    hi = upper_bound(scores, rows_active, free > 0, needed)
    tests = 0
    while lo < hi:
        mid = (lo + hi + 1) // 2
        tests += 1
        if max_pairs(matrix, free, is_locked, pool, mid, needed) >= needed:
            lo = mid
        else:
            hi = mid - 1
    # At `lo` the base matching's number of pairs is possible (proved above, or by the base
    # itself) and no more is: the solver need not prove it again.
    result = optimal(matrix, capacity, locked, floor=lo, pool=pool, most=needed)
    result.stats["threshold_tests"] = tests
    return result


def upper_bound(scores: np.ndarray, rows: np.ndarray, col_ok: np.ndarray, needed: int) -> int:
    """No threshold above this leaves `needed` pairs: the `needed`-th highest of the listed
    mentees' best scores with a mentor who has a place (over the whole matrix)."""
    blocked = np.where(col_ok, np.float32(0), NEG)
    step = block_rows(scores.shape[1])

    def best(start: int) -> np.ndarray:
        chunk = rows[start : start + step]
        return (scores[chunk] + blocked).max(axis=1)

    found = np.concatenate(shared(best, range(0, rows.size, step)))
    found = found[found > FEASIBLE_MIN]
    if found.size < needed:  # cannot happen when `needed` pairs exist; be safe anyway
        return int(found.min(initial=FEASIBLE_MIN))
    return int(np.partition(found, found.size - needed)[found.size - needed])


def max_pairs(matrix, free, is_locked, pool: Pool, floor, enough: int | None = None) -> int:
    """The largest number of pairs (scoring at least `floor`) over the whole matrix, adding to
    the pool until a minimum cut of the candidate graph is crossed by no pair of the matrix;
    stops early once `enough` pairs are found."""
    n_rows = matrix.shape[0]
    col_ok = free > 0
    for _ in range(assign.MAX_ROUNDS):
        use = pool.usable(is_locked, col_ok, floor)
        value, reach_rows, reach_cols = flow.max_matching(
            n_rows, np.where(col_ok, free, 0), pool.rows[use], pool.cols[use]
        )
        if enough is not None and value >= enough:
            return value
        reach_rows = reach_rows[~is_locked[reach_rows]]
        outside = col_ok.copy()
        outside[reach_cols] = False
        if reach_rows.size == 0 or not outside.any():
            return value
        crossing = candidates(
            matrix.scores, np.sort(reach_rows), outside, None, assign.ADD_PER_ROW, floor
        )
        if crossing[0].size == 0:
            return value
        pool.add(*crossing)
    raise flow.SolverError("The maximum matching did not settle; please report this.")
