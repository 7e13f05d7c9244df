"""Which pairs the solver sees first: for each mentee its best mentors by score less an
estimated price, and for each mentor the mentees for whom it comes closest to their best."""

from __future__ import annotations

import numpy as np

from allied.matching.engine.scoring import FEASIBLE_MIN, NEG, block_rows
from allied.matching.engine.threads import shared

EMPTY = np.zeros(0, np.int64)
PARALLEL_ABOVE = 2_000_000  # pairs; fewer are not worth a second thread
MAX_GROUPS = 1024  # column groups for picking each row's best (see top_per_row_multi)
COLUMN_STRIDE = 2  # column candidates come from every other block of rows: plenty to choose from


def candidates(
    scores: np.ndarray,
    rows: np.ndarray,
    col_ok: np.ndarray,
    prices: np.ndarray | None,
    per_row: int,
    floor: int | None = None,
    threads: int = 1,
) -> tuple[np.ndarray, np.ndarray]:
    """Each listed mentee's best `per_row` possible mentors by score less price (more on
    ties), among mentors with places left and, if given, scores of at least `floor`."""
    found = first_candidates(scores, rows, col_ok, prices, (per_row,), 0, floor, threads)
    return found[0]


def first_candidates(
    scores: np.ndarray,
    rows: np.ndarray,
    col_ok: np.ndarray,
    prices: np.ndarray | None,
    per_row: tuple[int, ...],
    per_col: int,
    floor: int | None = None,
    threads: int = 1,
) -> list[tuple[np.ndarray, np.ndarray]]:
    """One pass over the listed rows (see `Collector`), in `threads` parts side by side."""
    n_parts = threads if rows.size * scores.shape[1] > PARALLEL_ABOVE else 1
    parts = [part for part in np.array_split(rows, n_parts) if part.size]
    collectors = [
        Collector(scores.shape[1], col_ok, prices, per_row, per_col, floor)
        for _ in range(max(1, len(parts)))
    ]
    shared(lambda k: _collect(scores, parts[k], collectors[k]), range(len(parts)))
    for other in collectors[1:]:
        collectors[0].absorb(other)
    return collectors[0].result()


def _collect(scores: np.ndarray, rows: np.ndarray, collector: Collector) -> None:
    contiguous = rows[-1] - rows[0] + 1 == rows.size
    step = block_rows(scores.shape[1])
    for start in range(0, rows.size, step):
        chunk = rows[start : start + step]
        block = scores[chunk[0] : chunk[-1] + 1] if contiguous else scores[chunk]
        collector.visit_rows(chunk, block)


class Collector:
    """For each k in `per_row`, each row's best k columns by score less price; and, if
    `per_col`, for each column the rows whose best it comes closest to (the best of every other
    block of rows, then the `per_col` best of those). Fed block by block; collectors that saw
    different rows (on different threads) combine with `absorb`."""

    def __init__(
        self,
        n_cols: int,
        col_ok: np.ndarray,
        prices: np.ndarray | None,
        per_row: tuple[int, ...],
        per_col: int,
        floor: int | None = None,
    ) -> None:
        penalty = np.zeros(n_cols, np.float32) if prices is None else prices.astype(np.float32)
        penalty -= penalty.min(initial=0)  # prices >= 0 keep impossible pairs at the bottom
        penalty[~col_ok] = np.inf
        self.penalty, self.per_row, self.per_col = penalty, per_row, per_col
        self.lowest = max(FEASIBLE_MIN + 1, floor if floor is not None else FEASIBLE_MIN + 1)
        self.floor = floor
        self.found: list[tuple[list, list]] = [([], []) for _ in per_row]
        self.column_best: list[tuple[np.ndarray, np.ndarray]] = []
        self.blocks = 0
        self.buffer: np.ndarray | None = None

    def visit_rows(self, chunk: np.ndarray, block: np.ndarray) -> None:
        if self.floor is not None:
            block = np.where(block >= self.lowest, block, NEG)
        if self.buffer is None or self.buffer.shape[0] < block.shape[0]:
            self.buffer = np.empty(block.shape, np.float32)  # reused: no page faults per block
        adjusted = np.subtract(block, self.penalty, out=self.buffer[: block.shape[0]])
        tops, row_best = top_per_row_multi(adjusted, self.per_row)
        for (r, c), (got_r, got_c) in zip(tops, self.found, strict=True):
            # Impossible pairs (and those under the floor) only come up for rows short of
            # possible ones: drop them here rather than mask every block.
            keep = block[r, c] >= self.lowest
            got_r.append(chunk[r[keep]])
            got_c.append(c[keep])
        if self.per_col and self.blocks % COLUMN_STRIDE == 0:
            n_cols = block.shape[1]
            adjusted -= np.where(np.isfinite(row_best), row_best, 0)[:, None]
            best = adjusted.argmax(axis=0)
            value = adjusted[best, np.arange(n_cols)]
            value[block[best, np.arange(n_cols)] < self.lowest] = -np.inf
            self.column_best.append((value, chunk[best]))
        self.blocks += 1

    def absorb(self, other: Collector) -> None:
        """Take in what another collector found (on other rows)."""
        for (mine_r, mine_c), (r, c) in zip(self.found, other.found, strict=True):
            mine_r.extend(r)
            mine_c.extend(c)
        self.column_best.extend(other.column_best)

    def result(self) -> list[tuple[np.ndarray, np.ndarray]]:
        out = [
            (np.concatenate(r), np.concatenate(c)) if r else (EMPTY, EMPTY) for r, c in self.found
        ]
        if not self.per_col:
            return out
        if not self.column_best:
            return [*out, (EMPTY, EMPTY)]
        values = np.stack([v for v, _ in self.column_best])
        owners = np.stack([o for _, o in self.column_best])
        k = min(self.per_col, values.shape[0])
        top = np.argpartition(-values, k - 1, axis=0)[:k]
        chosen = np.take_along_axis(values, top, axis=0) > -np.inf
        cols = np.broadcast_to(np.arange(values.shape[1]), top.shape)
        rows = np.take_along_axis(owners, top, axis=0)[chosen]
        return [*out, (rows, cols[chosen].astype(np.int64))]


Arcs = tuple[np.ndarray, np.ndarray]  # rows, columns


def top_per_row(block: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """At least the k best entries above -inf of each row (more on ties), and each row's
    maximum."""
    (found,), best = top_per_row_multi(block, (k,))
    return found[0], found[1], best


def top_per_row_multi(block: np.ndarray, ks: tuple[int, ...]) -> tuple[list[Arcs], np.ndarray]:
    """For each k, at least the k best entries above -inf of each row (more on ties); and each
    row's maximum. Cheaply: the k-th best of the maxima of `groups` interleaved column groups
    is a threshold that at least k entries reach, and only the groups whose maximum reaches it
    need looking at. One partition finds every k's threshold, one gather serves them all."""
    n, m = block.shape
    if n == 0 or m == 0:
        return [(EMPTY, EMPTY) for _ in ks], np.zeros(n, np.float32)
    # Small groups: fewer columns to look at once the best groups are known.
    groups = min(max(256, m // 4), MAX_GROUPS)
    if m <= 4 * max(*ks, groups // 4) or max(ks) >= groups:
        return [_top_small(block, k) for k in ks], block.max(axis=1)
    per_group = m // groups
    covered = per_group * groups
    maxima = block[:, :covered].reshape(n, per_group, groups).max(axis=1)
    tail = m - covered
    if tail:
        np.maximum(maxima[:, :tail], block[:, covered:], out=maxima[:, :tail])
    widest = max(ks)
    best_groups = np.argpartition(maxima, groups - widest, axis=1)[:, groups - widest :]
    group_best = np.take_along_axis(maxima, best_groups, axis=1)  # (n, widest)
    # Columns of the chosen groups: g, g + groups, ... (the last may overrun m).
    cols = best_groups[:, :, None] + groups * np.arange(per_group + 1)[None, None, :]
    cols = cols.reshape(n, -1)
    inside = cols < m
    values = np.take(block.reshape(-1), np.where(inside, cols, 0) + (m * np.arange(n))[:, None])
    alive = inside & (values > -np.inf)
    found = []
    for k in ks:
        threshold = np.partition(group_best, widest - k, axis=1)[:, widest - k]
        r, pos = np.nonzero(alive & (values >= threshold[:, None]))
        found.append((r.astype(np.int64), cols[r, pos].astype(np.int64)))
    return found, group_best.max(axis=1)


def _top_small(block: np.ndarray, k: int) -> Arcs:
    n, m = block.shape
    if k >= m:
        threshold = np.full(n, -np.inf, np.float32)
    else:
        threshold = np.partition(block, m - k, axis=1)[:, m - k]
    r, c = np.nonzero((block >= threshold[:, None]) & (block > -np.inf))
    return r.astype(np.int64), c.astype(np.int64)


def column_best(
    scores: np.ndarray,
    rows: np.ndarray,
    cols: np.ndarray,
    reference: np.ndarray,
    k: int,
    floor: int | None = None,
    threads: int = 2,
) -> Arcs:
    """For each listed column, the `k` listed rows with the highest score less the row's
    `reference` (possible pairs only, of at least `floor`). Read row block by row block, on
    `threads` threads: a few columns of every row cost as much to gather one column at a time
    as the whole matrix row by row."""
    if rows.size == 0 or cols.size == 0 or k <= 0:
        return EMPTY, EMPTY
    lowest = max(FEASIBLE_MIN + 1, floor if floor is not None else FEASIBLE_MIN + 1)
    contiguous = rows[-1] - rows[0] + 1 == rows.size
    step = block_rows(scores.shape[1])

    def best(start: int) -> tuple[np.ndarray, np.ndarray]:
        chunk = rows[start : start + step]
        block = scores[chunk[0] : chunk[-1] + 1] if contiguous else scores[chunk]
        picked = np.take(block, cols, axis=1)
        gain = np.subtract(picked, reference[chunk, None], dtype=np.float32)
        gain[picked < lowest] = -np.inf
        top = min(k, chunk.size)
        at = np.argpartition(-gain, top - 1, axis=0)[:top]
        return np.take_along_axis(gain, at, axis=0), chunk[at]

    with_threads = threads if rows.size * cols.size > PARALLEL_ABOVE else 1
    found = shared(best, range(0, rows.size, step), with_threads)
    values = np.concatenate([v for v, _ in found])
    owners = np.concatenate([o for _, o in found])
    top = min(k, values.shape[0])
    at = np.argpartition(-values, top - 1, axis=0)[:top]
    good = np.take_along_axis(values, at, axis=0) > -np.inf
    which = np.broadcast_to(np.arange(cols.size), at.shape)
    return np.take_along_axis(owners, at, axis=0)[good], cols[which[good]]
