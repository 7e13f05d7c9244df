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
from allied.matching.engine.candidates import EMPTY, candidates
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
    if base.graph is not None:  # the arcs that proved the total optimal: good ones to start
        pool.add(*base.graph)
    else:
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
    # itself) and no more is: the solver need not prove it again. It starts from the pairs
    # the search found and each mentee's best above the floor at the total optimum's prices.
    first = None
    if rows_active.size * free.size > assign.ALL_PAIRS_UP_TO:
        first = assign.first_pool(matrix, rows_active, free, floor=lo, prices=base.prices)
        kept = pool.weights >= lo
        first.pool = (
            np.concatenate([first.pool[0], pool.rows[kept]]),
            np.concatenate([first.pool[1], pool.cols[kept]]),
        )
    result = optimal(matrix, capacity, locked, floor=lo, first=first, most=needed)
    result.stats["threshold_tests"] = tests
    return result


def upper_bound(scores: np.ndarray, rows: np.ndarray, col_ok: np.ndarray, needed: int) -> int:
    """No threshold above this leaves `needed` pairs: the `needed`-th highest of the listed
    mentees' best scores with a mentor who has a place (over the whole matrix)."""
    blocked = np.where(col_ok, np.float32(0), NEG)
    step = block_rows(scores.shape[1])

    def best(start: int) -> np.ndarray:
        chunk = rows[start : start + step]
        return (scores[chunk] + blocked).max(axis=1, initial=NEG)

    found = np.concatenate(shared(best, range(0, rows.size, step)))
    found = found[found > FEASIBLE_MIN]
    if found.size < needed:  # cannot happen when `needed` pairs exist; be safe anyway
        return int(found.min(initial=FEASIBLE_MIN))
    return int(np.partition(found, found.size - needed)[found.size - needed])


def max_pairs(matrix, free, is_locked, pool: Pool, floor, enough: int | None = None) -> int:
    """The largest number of pairs (scoring at least `floor`) over the whole matrix, adding to
    the pool until a minimum cut of the candidate graph is crossed by no pair of the matrix;
    stops early once `enough` pairs are found.

    Either side of the cut will do, and they cost differently to check: the mentees reachable
    from the source against the mentors outside it, row by row, or the mentors that can still
    reach the sink against the mentees outside it, column by column. In a market short of
    places nearly every mentee is reachable from the source, while the mentors with a place
    nobody can fill are few: the columns are then far cheaper."""
    n_rows, n_cols = matrix.shape
    col_ok = free > 0
    free_rows = ~is_locked
    for _ in range(assign.MAX_ROUNDS):
        use = pool.usable(is_locked, col_ok, floor)
        cut = flow.max_matching(n_rows, np.where(col_ok, free, 0), pool.rows[use], pool.cols[use])
        if enough is not None and cut.value >= enough:
            return cut.value
        reach_rows = np.sort(cut.source_rows[free_rows[cut.source_rows]])
        outside = col_ok.copy()
        outside[cut.source_cols] = False
        sink_cols = np.sort(cut.sink_cols[col_ok[cut.sink_cols]])
        inside = free_rows.copy()
        inside[cut.sink_rows] = False
        # Elements read: whole rows, or about a cache line per element of the columns.
        by_rows = reach_rows.size * n_cols if outside.any() else 0
        by_cols = int(inside.sum()) * min(n_cols, 16 * sink_cols.size)
        if by_rows <= by_cols:
            if by_rows == 0:
                return cut.value
            crossing = candidates(
                matrix.scores, reach_rows, outside, None, assign.ADD_PER_ROW, floor
            )
        else:
            if by_cols == 0:
                return cut.value
            crossing = column_candidates(
                matrix.scores,
                np.flatnonzero(inside),
                sink_cols,
                cut.mentor_of,
                assign.ADD_PER_ROW,
                floor,
            )
        if crossing[0].size == 0:
            return cut.value
        pool.add(*crossing)
    raise flow.SolverError("The maximum matching did not settle; please report this.")


def column_candidates(
    scores: np.ndarray,
    rows: np.ndarray,
    cols: np.ndarray,
    mentor_of: np.ndarray,
    per_col: int,
    floor: int | None,
) -> tuple[np.ndarray, np.ndarray]:
    """For each listed mentor, the listed mentees with its `per_col` highest scores (of at
    least `floor`, and possible), other than the pairs of the matching `mentor_of`: those
    cross the sink side's cut already, counted in its capacity."""
    lowest = max(FEASIBLE_MIN + 1, floor if floor is not None else FEASIBLE_MIN + 1)
    step = max(1, block_rows(cols.size))
    found_r, found_c = [], []

    def best(start: int) -> tuple[np.ndarray, np.ndarray]:
        chunk = rows[start : start + step]
        block = scores[np.ix_(chunk, cols)]
        own = np.flatnonzero(mentor_of[chunk] >= 0)
        at_own = np.searchsorted(cols, mentor_of[chunk[own]])
        here = (at_own < cols.size) & (
            cols[np.minimum(at_own, cols.size - 1)] == mentor_of[chunk[own]]
        )
        block[own[here], at_own[here]] = NEG
        k = min(per_col, chunk.size)
        top = np.argpartition(-block, k - 1, axis=0)[:k]
        good = np.take_along_axis(block, top, axis=0) >= lowest
        at = np.broadcast_to(np.arange(cols.size), top.shape)
        return chunk[top[good]], cols[at[good]]

    for r, c in shared(best, range(0, rows.size, step)):
        found_r.append(r)
        found_c.append(c)
    if not found_r:
        return EMPTY, EMPTY
    return np.concatenate(found_r), np.concatenate(found_c)
