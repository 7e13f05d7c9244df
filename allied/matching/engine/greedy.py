"""The baseline Allied is measured against: best pair first, as a suggestion list or a
spreadsheet sorted by score would do it. Ties go to the lower mentee, then the lower mentor."""

from __future__ import annotations

import heapq

import numpy as np

from allied.matching.engine.scoring import FEASIBLE_MIN, block_rows

CHUNK = 32


def greedy(scores: np.ndarray, capacity: np.ndarray) -> np.ndarray:
    """Take the highest-scoring feasible pair whose mentee is free and whose mentor has a
    place, repeatedly. Returns each mentee's mentor column, or -1."""
    n_rows, n_cols = scores.shape
    free = capacity.astype(np.int64).copy()
    mentor_of = np.full(n_rows, -1, np.int64)
    lists: list[np.ndarray] = [np.zeros(0, np.int64)] * n_rows  # each replaced below
    position = np.zeros(n_rows, np.int64)
    # Each mentee's best CHUNK columns, sorted (score descending, column ascending).
    k = min(CHUNK, n_cols)
    step = block_rows(n_cols)
    for start in range(0, n_rows, step):
        block = scores[start : start + step]
        top = np.argpartition(-block, k - 1, axis=1)[:, :k] if k < n_cols else None
        for r in range(block.shape[0]):
            cols = top[r] if top is not None else np.arange(n_cols)
            values = block[r, cols]
            order = np.lexsort((cols, -values))
            lists[start + r] = cols[order]
    heap: list[tuple[float, int, int]] = []
    for row in range(n_rows):
        _push(heap, scores, lists, position, row)
    while heap:
        _neg, row, col = heapq.heappop(heap)
        if free[col] > 0:
            mentor_of[row] = col
            free[col] -= 1
            continue
        position[row] += 1
        if position[row] >= lists[row].size and lists[row].size < n_cols:
            # Past the first chunk: sort the whole row once.
            values = scores[row]
            order = np.lexsort((np.arange(n_cols), -values))
            lists[row] = order
            position[row] = 0  # columns seen before are full still: places never come back
        _push(heap, scores, lists, position, row)
    return mentor_of


def _push(
    heap: list[tuple[float, int, int]],
    scores: np.ndarray,
    lists: list[np.ndarray],
    position: np.ndarray,
    row: int,
) -> None:
    columns = lists[row]
    if position[row] < columns.size:
        col = int(columns[position[row]])
        value = float(scores[row, col])
        if value > FEASIBLE_MIN:
            heapq.heappush(heap, (-value, row, col))
