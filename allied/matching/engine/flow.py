"""Optimal assignment on a candidate graph with OR-Tools, and the dual prices that prove it
optimal on the whole matrix.

The problem: each mentee takes at most one mentor, mentor j at most cap[j] mentees; match as many
people as possible, then maximise the total score. As a linear programme with a bonus M per
match (large enough that one more match outweighs any difference in scores):

    maximise  sum (s_ij + M) x_ij   subject to  sum_j x_ij <= 1,  sum_i x_ij <= cap_j,  x >= 0
    dual:     minimise sum u_i + sum cap_j v_j  subject to  u_i + v_j >= s_ij + M,  u, v >= 0

OR-Tools' min-cost flow solves the candidate graph (a max flow of least cost, which is the same
lexicographic objective). The mentors' prices v are then read off the solution as shortest-path
distances (the least prices consistent with it), the mentees' u follow, and every pair of the
whole matrix is checked: if none has s_ij - v_j > u_i - M, the duals are feasible with the same
objective as the matching, which proves it optimal over all pairs, not only the candidates."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from ortools.graph.python import linear_sum_assignment, max_flow, min_cost_flow
from scipy import sparse
from scipy.sparse.csgraph import maximum_bipartite_matching

from allied.matching.engine.candidates import top_per_row
from allied.matching.engine.scoring import FEASIBLE_MIN, block_rows
from allied.matching.engine.threads import shared

INF = np.int64(1 << 62)
EMPTY = np.zeros(0, np.int64)


class SolverError(RuntimeError):
    """The solver reported something other than an optimal solution."""


@dataclass
class Solution:
    mentor_of: np.ndarray  # per mentee row: mentor column, or -1
    matched: int


def solve_candidates(
    n_rows: int,
    capacity: np.ndarray,
    rows: np.ndarray,
    cols: np.ndarray,
    weights: np.ndarray,
) -> Solution:
    """Max-cardinality, then max-weight b-matching on the given arcs (OR-Tools min-cost flow;
    OR-Tools' assignment solver when the arcs form a square one-to-one problem it can solve)."""
    if capacity.max(initial=0) <= 1:
        solution = _solve_square(n_rows, rows, cols, weights)
        if solution is not None:
            return solution
    n_cols = capacity.size
    source, sink = n_rows + n_cols, n_rows + n_cols + 1
    solver = min_cost_flow.SimpleMinCostFlow()
    active = np.flatnonzero(capacity > 0)
    tails = np.concatenate([np.full(n_rows, source), rows, n_rows + active])
    heads = np.concatenate([np.arange(n_rows), n_rows + cols, np.full(active.size, sink)])
    caps = np.concatenate(
        [np.ones(n_rows, np.int64), np.ones(rows.size, np.int64), capacity[active]]
    ).astype(np.int64)
    costs = np.concatenate(
        [np.zeros(n_rows, np.int64), -weights.astype(np.int64), np.zeros(active.size, np.int64)]
    )
    solver.add_arcs_with_capacity_and_unit_cost(
        tails.astype(np.int32), heads.astype(np.int32), caps, costs
    )
    supply = int(min(n_rows, capacity.sum()))
    solver.set_node_supply(source, supply)
    solver.set_node_supply(sink, -supply)
    status = solver.solve_max_flow_with_min_cost()
    if status != solver.OPTIMAL:
        raise SolverError(f"OR-Tools min-cost flow returned {status}.")
    flows = solver.flows(np.arange(n_rows, n_rows + rows.size))
    used = flows > 0
    mentor_of = np.full(n_rows, -1, np.int64)
    mentor_of[rows[used]] = cols[used]
    return Solution(mentor_of, int(used.sum()))


def _solve_square(
    n_rows: int, rows: np.ndarray, cols: np.ndarray, weights: np.ndarray
) -> Solution | None:
    """The assignment solver (cost scaling, several times faster than the general flow here)
    needs as many mentees as mentors among the arcs and a matching that places them all. That
    matching has the most pairs possible, so its highest total is the flow's answer too. None
    when the arcs are not such a problem."""
    left, left_of = np.unique(rows, return_inverse=True)
    right, right_of = np.unique(cols, return_inverse=True)
    if left.size == 0 or left.size != right.size:
        return None
    # The solver is slow to find out that nobody can be left out; Hopcroft-Karp says so fast.
    arcs = sparse.csr_array(
        (np.ones(rows.size, np.int32), (left_of, right_of)), shape=(left.size, left.size)
    )
    if (maximum_bipartite_matching(arcs) < 0).any():
        return None
    solver = linear_sum_assignment.SimpleLinearSumAssignment()
    solver.add_arcs_with_cost(
        left_of.astype(np.int32), right_of.astype(np.int32), -weights.astype(np.int64)
    )
    if solver.solve() != solver.OPTIMAL:
        return None
    mate = np.array([solver.right_mate(i) for i in range(left.size)], np.int64)
    mentor_of = np.full(n_rows, -1, np.int64)
    mentor_of[left] = right[mate]
    return Solution(mentor_of, int(left.size))


def mentor_prices(
    solution: Solution,
    capacity: np.ndarray,
    rows: np.ndarray,
    cols: np.ndarray,
    weights: np.ndarray,
    bonus: int,
    placed_only: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """The least mentor prices v (and mentee utilities u - M) consistent with an optimal
    solution on the candidate arcs, by Bellman-Ford shortest paths (vectorised relaxations).

    Lower bounds on v: v >= 0; v_j >= s_ij + M for an unmatched mentee i; and for a matched
    mentee i with mentor p, v_j >= v_p - (s_ip - s_ij) for each other candidate j."""
    n_cols = capacity.size
    root = n_cols
    mentor_of = solution.mentor_of
    own = np.zeros(mentor_of.size, np.int64)
    matched_rows = np.flatnonzero(mentor_of >= 0)
    # Score of each matched mentee's own pair (weights of the used arcs).
    used = mentor_of[rows] == cols
    own[rows[used]] = weights[used]
    other = ~used
    r, c, w = rows[other], cols[other], weights[other]
    is_matched = mentor_of[r] >= 0
    if placed_only:  # rough prices for estimates: leave out the people not placed
        r, c, w = r[is_matched], c[is_matched], w[is_matched]
        is_matched = is_matched[is_matched]
    # Reversed-graph arcs: tail -> head with length; distances are -v.
    tails = [
        np.full(n_cols, root),
        np.full(int((~is_matched).sum()), root),
        mentor_of[r[is_matched]],
    ]
    heads = [np.arange(n_cols), c[~is_matched], c[is_matched]]
    lengths = [
        np.zeros(n_cols, np.int64),
        -(w[~is_matched] + bonus),
        own[r[is_matched]] - w[is_matched],
    ]
    tail = np.concatenate(tails).astype(np.int64)
    head = np.concatenate(heads).astype(np.int64)
    length = np.concatenate(lengths).astype(np.int64)
    dist = _bellman_ford(n_cols + 1, root, tail, head, length)
    prices = -dist[:n_cols]
    utility = np.full(mentor_of.size, -bonus, np.int64)  # u - M; unmatched: u = 0
    utility[matched_rows] = own[matched_rows] - prices[mentor_of[matched_rows]]
    return prices, utility


def _bellman_ford(
    n: int, root: int, tail: np.ndarray, head: np.ndarray, length: np.ndarray
) -> np.ndarray:
    """Shortest distances from `root` (Bellman-Ford, relaxing only the arcs leaving nodes that
    improved in the previous pass). Raises if a negative cycle makes them unbounded."""
    order = np.argsort(tail, kind="stable")
    tail, head, length = tail[order], head[order], length[order]
    indptr = np.searchsorted(tail, np.arange(n + 1))
    dist = np.full(n, INF, np.int64)
    dist[root] = 0
    frontier = np.array([root], np.int64)
    for _ in range(n + 1):
        starts, counts = indptr[frontier], indptr[frontier + 1] - indptr[frontier]
        total = int(counts.sum())
        if total == 0:
            return dist
        offsets = np.repeat(starts - np.cumsum(counts) + counts, counts)
        arcs = offsets + np.arange(total)
        candidate = np.repeat(dist[frontier], counts) + length[arcs]
        updated = dist.copy()
        np.minimum.at(updated, head[arcs], candidate)
        frontier = np.flatnonzero(updated < dist)
        dist = updated
        if frontier.size == 0:
            return dist
    raise SolverError("Negative cycle while pricing mentors: the solution is not optimal.")


def violations(
    scores: np.ndarray,
    rows_active: np.ndarray,
    col_ok: np.ndarray,
    prices: np.ndarray,
    utility: np.ndarray,
    per_row: int,
    floor: float | None = None,
    *,
    bonus: int = 0,
    bound: int = 0,
) -> tuple[np.ndarray, np.ndarray, bool]:
    """Pairs of the whole matrix that the prices do not cover (s_ij - v_j > u_i - M), up to
    `per_row` for each mentee, and whether there is any: if not, the solution is optimal.
    Pairs below `floor` do not count. One float32 pass over the matrix (see `_levels`)."""
    n_cols = scores.shape[1]
    levels = _levels(prices, utility, rows_active, col_ok, bonus, bound)
    if levels is None:
        return _violations_float64(scores, rows_active, col_ok, prices, utility, per_row, floor)
    level_of, thresholds, limits = levels
    contiguous = rows_active.size == 0 or (rows_active[-1] - rows_active[0] + 1 == rows_active.size)

    def check(start: int) -> tuple[np.ndarray, np.ndarray, bool]:
        rows = rows_active[start : start + step]
        block = scores[rows[0] : rows[-1] + 1] if contiguous else scores[rows]
        level = level_of[rows]
        first = level[0]
        if (level == first).all():
            surplus = np.subtract(block, thresholds[first], dtype=np.float32)
        else:
            surplus = np.empty(block.shape, np.float32)
            for value in np.unique(level):
                chosen = level == value
                surplus[chosen] = block[chosen] - thresholds[value]
        if floor is not None:
            surplus[block < max(floor, FEASIBLE_MIN + 1)] = -np.inf
        limit = limits[rows]
        best = surplus.max(axis=1, initial=-np.inf)
        near = np.flatnonzero(best > limit)
        if near.size == 0:
            return EMPTY, EMPTY, False
        r, c, _ = top_per_row(surplus[near], per_row)
        keep = surplus[near[r], c] > limit[near[r]]
        return rows[near[r[keep]]], c[keep], True

    step = block_rows(n_cols)
    return _gather(shared(check, range(0, rows_active.size, step)))


def _levels(
    prices: np.ndarray,
    utility: np.ndarray,
    rows_active: np.ndarray,
    col_ok: np.ndarray,
    bonus: int,
    bound: int,
) -> tuple[np.ndarray, list[np.ndarray], np.ndarray] | None:
    """The check s_ij - v_j > w_i (w = u - M) exactly in float32, although prices and
    utilities run to multiples of the bonus M, far beyond float32's exact integers.

    They come in levels: w_i = q_i - M b_i with q_i small, so the check reads
    s_ij - (v_j - M b_i) > q_i, one threshold vector per level b (in practice one or two).
    A threshold far below every feasible score is as good as any lower one, and one above
    every score as good as infinity, so they clamp into a small range: feasible scores lie
    within +-bound, broken rules at or below -2**23 + bound (`terms.BIG`), and FEASIBLE_MIN
    (-2**22) sits between. None when the figures do not fit (the float64 check then)."""
    utility = utility.astype(np.int64)
    prices = prices.astype(np.int64)
    level_of = np.zeros(utility.size, np.int64)
    if bonus > 0:
        level_of[rows_active] = np.maximum(np.rint(-utility[rows_active] / bonus), 0)
    rest = utility + level_of * bonus
    q = rest[rows_active]
    spread = int(np.abs(q).max(initial=0))
    # Every figure below must stay an exact float32 integer, under 2**24, and the clamps
    # must keep feasible pairs apart from broken ones.
    if spread + 4 * bound >= (1 << 21):
        return None
    low = FEASIBLE_MIN
    high = bound + spread
    thresholds = []
    for value in range(int(level_of[rows_active].max(initial=0)) + 1):
        shifted = prices - value * bonus
        threshold = np.clip(shifted, low, high + 1).astype(np.float32)
        threshold[(shifted > high) | ~col_ok] = np.inf
        thresholds.append(threshold)
    return level_of, thresholds, rest.astype(np.float32)


def _gather(
    found: list[tuple[np.ndarray, np.ndarray, bool]],
) -> tuple[np.ndarray, np.ndarray, bool]:
    if not any(uncovered for _, _, uncovered in found):
        return EMPTY, EMPTY, False
    return (
        np.concatenate([r for r, _, _ in found]).astype(np.int64),
        np.concatenate([c for _, c, _ in found]).astype(np.int64),
        True,
    )


def _violations_float64(
    scores: np.ndarray,
    rows_active: np.ndarray,
    col_ok: np.ndarray,
    prices: np.ndarray,
    utility: np.ndarray,
    per_row: int,
    floor: float | None = None,
) -> tuple[np.ndarray, np.ndarray, bool]:
    """`violations` in float64, for figures `_levels` cannot fit into float32."""
    n_cols = scores.shape[1]
    price = prices.astype(np.float64)
    price[~col_ok] = np.inf
    contiguous = rows_active.size == 0 or (rows_active[-1] - rows_active[0] + 1 == rows_active.size)

    def check(start: int) -> tuple[np.ndarray, np.ndarray, bool]:
        rows = rows_active[start : start + step]
        block = scores[rows[0] : rows[-1] + 1] if contiguous else scores[rows]
        surplus = np.subtract(block, price, dtype=np.float64)
        surplus[block < max(floor if floor is not None else -np.inf, FEASIBLE_MIN + 1)] = -np.inf
        limit = utility[rows].astype(np.float64)
        best = surplus.max(axis=1, initial=-np.inf)
        near = np.flatnonzero(best > limit)
        if near.size == 0:
            return EMPTY, EMPTY, False
        r, c, _ = top_per_row(surplus[near], per_row)
        keep = surplus[near[r], c] > limit[near[r]]
        return rows[near[r[keep]]], c[keep], True

    step = block_rows(n_cols)
    return _gather(shared(check, range(0, rows_active.size, step)))


@dataclass
class Cut:
    """A maximum matching's size with both sides of a minimum cut: the mentees and mentors
    still reachable from the source in the residual graph, and those that can still reach
    the sink."""

    value: int
    mentor_of: np.ndarray  # per mentee row: mentor column in the matching, or -1
    source_rows: np.ndarray
    source_cols: np.ndarray
    sink_rows: np.ndarray
    sink_cols: np.ndarray


def max_matching(n_rows: int, capacity: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> Cut:
    """Maximum number of pairs on the given arcs (OR-Tools max flow), with both sides of a
    minimum cut."""
    n_cols = capacity.size
    source, sink = n_rows + n_cols, n_rows + n_cols + 1
    solver = max_flow.SimpleMaxFlow()
    active = np.flatnonzero(capacity > 0)
    tails = np.concatenate([np.full(n_rows, source), rows, n_rows + active])
    heads = np.concatenate([np.arange(n_rows), n_rows + cols, np.full(active.size, sink)])
    caps = np.concatenate(
        [np.ones(n_rows, np.int64), np.ones(rows.size, np.int64), capacity[active]]
    ).astype(np.int64)
    solver.add_arcs_with_capacity(tails.astype(np.int32), heads.astype(np.int32), caps)
    status = solver.solve(source, sink)
    if status != solver.OPTIMAL:
        raise SolverError(f"OR-Tools max flow returned {status}.")

    def split(side: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        side = np.asarray(side, np.int64)
        return side[side < n_rows], side[(side >= n_rows) & (side < n_rows + n_cols)] - n_rows

    used = solver.flows(np.arange(n_rows, n_rows + rows.size)) > 0
    mentor_of = np.full(n_rows, -1, np.int64)
    mentor_of[rows[used]] = cols[used]
    return Cut(
        int(solver.optimal_flow()),
        mentor_of,
        *split(solver.get_source_side_min_cut()),
        *split(solver.get_sink_side_min_cut()),
    )
