"""Globally optimal assignment on a growing candidate graph, certified against every pair.

OR-Tools solves a small pool of arcs; the mentors' dual prices read off its solution are
checked first against a larger reserve of arcs and, once the reserve has nothing to add, against
every pair of the matrix (see `flow`). Any arc the prices do not cover joins the pool and the
pool is solved again; when nothing is uncovered the matching is optimal over all pairs.

The first pool holds each mentee's best mentors by score less an estimate of each mentor's
price, and each mentor's mentees for whom it comes closest to their best. For large cohorts the
estimate comes from one solve of a sample market (see `estimate`). Estimates only choose which
arcs the solver sees first; the proof of optimality never depends on them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from allied.matching.engine import estimate, flow
from allied.matching.engine.candidates import candidates, column_best, first_candidates
from allied.matching.engine.scoring import FEASIBLE_MIN, ScoreMatrix

Locked = Sequence[tuple[int, int]]  # (mentee row, mentor column) pairs placed beforehand

PER_ROW = 10  # first pool: each mentee's best mentors
PER_COL = 4  # and each mentor's closest mentees, per place
RESERVE = 32  # reserve: each mentee's best mentors, checked before the whole matrix
MARGIN = 300  # with any reserve arc uncovered, also add those this close behind (centipoints)
PRUNE = 1000  # after pricing, drop pool arcs whose reduced score is below -PRUNE
ADD_PER_ROW = 16  # uncovered pairs of the whole matrix added per mentee in a round
ALL_PAIRS_UP_TO = 50_000  # pairs: smaller problems go to the solver whole
SAMPLE_ABOVE = 1_500_000  # pairs; larger problems estimate prices on a sample first
# Square one-to-one markets are solved by the assignment solver (see flow), fast enough to take
# a first pool twice as large, and the rounds it saves.
ONE_TO_ONE_PER_ROW = 24
ONE_TO_ONE_RESERVE = 64
MAX_ROUNDS = 200
EARLY_FULL = True  # check the whole matrix after the first priced solve, then the reserve
WIDEN_ROUNDS = 2  # cheap widenings before proving the largest number of pairs


@dataclass
class Assignment:
    mentor_of: np.ndarray  # per mentee row: mentor column or -1 (locked pairs included)
    locked: np.ndarray  # per mentee row: whether its pair was locked
    certified: bool  # the dual prices cover every pair of the matrix
    rounds: int = 0
    arcs: int = 0
    threshold: int | None = None  # the 'fairest' objective's lowest allowed score
    stats: dict = field(default_factory=dict)
    prices: np.ndarray | None = None  # the certificate: mentor prices v
    utility: np.ndarray | None = None  # and mentee utilities u - M
    graph: tuple[np.ndarray, np.ndarray] | None = None  # the candidate arcs of the last solve


class Pool:
    """Candidate arcs with their scores, kept unique and sorted by (row, column)."""

    def __init__(
        self, matrix: ScoreMatrix, rows: np.ndarray | None = None, cols: np.ndarray | None = None
    ) -> None:
        self.scores = matrix.scores
        self.n_cols = matrix.shape[1]
        self.rows = self.cols = np.zeros(0, np.int64)
        self.weights = np.zeros(0, np.int64)
        if rows is not None and cols is not None:
            self.add(rows, cols)

    def add(self, rows: np.ndarray, cols: np.ndarray) -> int:
        before = self.rows.size
        keys = np.concatenate([self.rows * self.n_cols + self.cols, rows * self.n_cols + cols])
        weights = np.concatenate([self.weights, self.scores[rows, cols].astype(np.int64)])
        order = np.argsort(keys, kind="stable")  # np.unique's hashing is slow at this size
        keys, weights = keys[order], weights[order]
        first = np.r_[True, keys[1:] != keys[:-1]] if keys.size else np.zeros(0, bool)
        keys, self.weights = keys[first], weights[first]
        self.rows, self.cols = keys // self.n_cols, keys % self.n_cols
        return self.rows.size - before

    def copy(self) -> Pool:
        other = Pool.__new__(Pool)
        other.scores, other.n_cols = self.scores, self.n_cols
        other.rows, other.cols, other.weights = self.rows, self.cols, self.weights
        return other

    def keep(self, mask: np.ndarray) -> None:
        self.rows, self.cols, self.weights = self.rows[mask], self.cols[mask], self.weights[mask]

    def usable(self, is_locked: np.ndarray, col_ok: np.ndarray, floor: int | None) -> np.ndarray:
        mask = ~is_locked[self.rows] & col_ok[self.cols] & (self.weights > FEASIBLE_MIN)
        if floor is not None:
            mask &= self.weights >= floor
        return mask


@dataclass
class First:
    """The first candidates, collected while the matrix was built."""

    prices: np.ndarray | None
    pool: tuple[np.ndarray, np.ndarray]
    reserve: tuple[np.ndarray, np.ndarray]
    by_column: tuple[np.ndarray, np.ndarray]


def prepare(
    matrix: ScoreMatrix | int, capacity: np.ndarray, locked: Locked
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Free capacity and free mentees once the locked pairs are placed."""
    n_rows = matrix if isinstance(matrix, int) else matrix.shape[0]
    mentor_of = np.full(n_rows, -1, np.int64)
    is_locked = np.zeros(n_rows, bool)
    free = capacity.astype(np.int64).copy()
    for row, col in locked:
        if is_locked[row]:
            raise ValueError("A mentee can be locked to only one mentor.")
        mentor_of[row], is_locked[row] = col, True
        free[col] -= 1
    if (free < 0).any():
        raise ValueError("More pairs are locked to a mentor than the mentor has places.")
    return mentor_of, is_locked, free


def optimal(
    matrix: ScoreMatrix,
    capacity: np.ndarray,
    locked: Locked = (),
    *,
    floor: int | None = None,
    pool: Pool | None = None,
    first: First | None = None,
    most: int | None = None,
) -> Assignment:
    """As many pairs as possible, then the highest total score, over all pairs (with scores of
    at least `floor`, when given). Proven optimal by dual prices before it returns. `most`:
    the largest number of free pairs, when the caller has already proved it."""
    mentor_of, is_locked, free = prepare(matrix, capacity, locked)
    n_rows = matrix.shape[0]
    rows_active = np.flatnonzero(~is_locked)
    col_ok = free > 0
    stats = {"rounds": 0, "added": 0, "full_checks": 0}
    guess = None
    if pool is None and rows_active.size * free.size <= ALL_PAIRS_UP_TO:
        # Small enough to hand the solver every pair at once: one solve, nothing left out.
        grid_r = np.repeat(rows_active, free.size)
        grid_c = np.tile(np.arange(free.size), rows_active.size)
        usable = matrix.scores[grid_r, grid_c] > FEASIBLE_MIN
        pool = Pool(matrix, grid_r[usable], grid_c[usable])
        stats["all_pairs"] = True
    if pool is None:
        if first is None:
            first = first_pool(matrix, rows_active, free, floor)
        guess = first.prices
        stats["sampled"] = guess is not None
        by_col = first.by_column
        pool = Pool(
            matrix,
            np.concatenate([first.pool[0], by_col[0]]),
            np.concatenate([first.pool[1], by_col[1]]),
        )
        reserve = Pool(
            matrix,
            np.concatenate([first.reserve[0], by_col[0]]),
            np.concatenate([first.reserve[1], by_col[1]]),
        )
    else:
        reserve = Pool(matrix, pool.rows, pool.cols)
    places = int(min(rows_active.size, free.sum()))
    bonus = 2 * (matrix.bound + 1) * (places + 1)
    known = most is not None
    most = places if most is None else most
    widened = 0
    complete = False
    priced = 0
    for round_ in range(1, MAX_ROUNDS + 1):
        use = pool.usable(is_locked, col_ok, floor)
        rows, cols, weights = pool.rows[use], pool.cols[use], pool.weights[use]
        solution = flow.solve_candidates(n_rows, np.where(col_ok, free, 0), rows, cols, weights)
        stats["rounds"] = round_
        if not complete and solution.matched < most:
            # Not everyone could be placed on these arcs. Unless the whole matrix says so too,
            # the prices would chase the missing pairs: first give the people left more
            # choice, then, if still short, prove the largest number with a minimum cut.
            if widened < WIDEN_ROUNDS:
                widened += 1
                stats.setdefault("widened", most - solution.matched)
                extra = _widen(matrix, solution, rows_active, free, guess, floor)
                pool.add(*extra)
                reserve.add(*extra)
                continue
            complete = True
            from allied.matching.engine.fairest import max_pairs

            # The proof grows a graph of its own: the pool must stay the one just solved, as
            # the prices below are read off it and its arcs pruned by position. (Short of a
            # number of pairs known to be possible, the prices find the arcs missing.)
            if not known:
                proof = pool.copy()
                if max_pairs(matrix, free, is_locked, proof, floor) > solution.matched:
                    pool.add(proof.rows, proof.cols)
                    reserve.add(proof.rows, proof.cols)
                    continue
                reserve.add(proof.rows, proof.cols)
        complete = True
        priced += 1
        prices, utility = flow.mentor_prices(solution, free, rows, cols, weights, bonus)
        res_use = reserve.usable(is_locked, col_ok, floor)
        res_rows, res_cols = reserve.rows[res_use], reserve.cols[res_use]
        reduced = reserve.weights[res_use] - prices[res_cols] - utility[res_rows]
        if (reduced > 0).any() and not (EARLY_FULL and priced == 1):
            near = reduced > -MARGIN  # those close behind tend to be uncovered next
            new_r, new_c = res_rows[near], res_cols[near]
        else:
            stats["full_checks"] += 1
            new_r, new_c, uncovered = flow.violations(
                matrix.scores,
                rows_active,
                col_ok,
                prices,
                utility,
                ADD_PER_ROW,
                floor,
                bonus=bonus,
                bound=matrix.bound,
            )
            if not uncovered:
                placed = solution.mentor_of >= 0
                mentor_of[placed] = solution.mentor_of[placed]
                return Assignment(
                    mentor_of,
                    is_locked,
                    True,
                    round_,
                    int(rows.size),
                    floor,
                    stats,
                    prices,
                    utility,
                    (rows, cols),
                )
            reserve.add(new_r, new_c)
            if EARLY_FULL and priced == 1:
                near = reduced > -MARGIN
                new_r = np.concatenate([new_r, res_rows[near]])
                new_c = np.concatenate([new_c, res_cols[near]])
        # Arcs far from being worth using only slow the solver down. Nothing is lost: any that
        # turns out to matter is found uncovered by the checks and comes back.
        far = np.zeros(pool.rows.size, bool)
        far[use] = (weights - prices[cols] - utility[rows] < -PRUNE) & (
            solution.mentor_of[rows] != cols
        )
        pool.keep(~far)
        stats["added"] += pool.add(new_r, new_c)
    raise flow.SolverError("The candidate graph did not settle; please report this.")


def needs_estimate(n_rows: int, n_cols: int) -> bool:
    return n_rows * n_cols > SAMPLE_ABOVE


def per_col(free: np.ndarray) -> int:
    return int(np.ceil(PER_COL * max(1, free.max(initial=1))))


def first_pool(
    matrix: ScoreMatrix,
    rows_active: np.ndarray,
    free: np.ndarray,
    floor: int | None = None,
    prices: np.ndarray | None = None,
) -> First:
    """The first candidates: each mentee's best mentors by score less a price (given, or
    estimated when the cohort is large enough to need one), and each mentor's closest
    mentees."""
    guess = prices
    if guess is None and needs_estimate(rows_active.size, free.size):
        guess = estimate.prices(matrix.scores, rows_active, free)
    # As many mentees as single places: the assignment solver's problem (see flow).
    square = free.max(initial=0) <= 1 and free.sum() == rows_active.size
    sizes = (ONE_TO_ONE_PER_ROW, ONE_TO_ONE_RESERVE) if square else (PER_ROW, RESERVE)
    found = first_candidates(
        matrix.scores,
        rows_active,
        free > 0,
        guess,
        sizes,
        per_col(free),
        floor,
        threads=2,
    )
    return First(guess, *found)


def _widen(
    matrix: ScoreMatrix,
    solution: flow.Solution,
    rows_active: np.ndarray,
    free: np.ndarray,
    guess: np.ndarray | None,
    floor: int | None,
) -> tuple[np.ndarray, np.ndarray]:
    """More choice where the candidate graph fell short: more mentors for the mentees left
    out, and for each mentor with places left the mentees who would lose least by moving."""
    scores = matrix.scores
    mentor_of = solution.mentor_of
    left = rows_active[mentor_of[rows_active] < 0]
    r1, c1 = candidates(scores, left, free > 0, guess, 4 * PER_ROW, floor)
    load = np.bincount(mentor_of[mentor_of >= 0], minlength=free.size)
    spare = np.flatnonzero(load < free)
    if spare.size == 0:
        return r1, c1
    placed = rows_active[mentor_of[rows_active] >= 0]
    keep = np.full(scores.shape[0], np.inf, np.float32)  # what each mentee has now
    keep[placed] = scores[placed, mentor_of[placed]]
    keep[left] = FEASIBLE_MIN
    r2, c2 = column_best(scores, rows_active, spare, keep, 4 * PER_ROW, floor)
    return np.concatenate([r1, r2]), np.concatenate([c1, c2])
