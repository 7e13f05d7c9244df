"""The score matrix, built in row blocks on two threads: one exact float32 matrix product per
block, with excluded pairs blanked."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from allied.matching.engine.exclusions import Exclusions
from allied.matching.engine.features import Features
from allied.matching.engine.terms import BIG
from allied.matching.engine.threads import one_blas_thread, shared

NEG = np.float32(-(2**30))  # an impossible pair
FEASIBLE_MIN = -BIG // 2  # any score at or below this breaks a hard constraint
BLOCK_BYTES = 8 << 20  # rows per block: about 8 MB of matrix, so a block stays in cache


@dataclass
class ScoreMatrix:
    """Scores in centipoints (whole numbers held exactly in float32); anything at or below
    FEASIBLE_MIN breaks a hard rule, and NEG marks an excluded pair."""

    scores: np.ndarray  # (n_a, n_b) float32
    bound: int = 0  # no feasible pair scores more than this either way

    @property
    def shape(self) -> tuple[int, int]:
        return self.scores.shape


def block_rows(n_cols: int) -> int:
    return max(16, BLOCK_BYTES // (4 * max(1, n_cols)))


def build_matrix(features: Features, exclusions: Exclusions) -> ScoreMatrix:
    """Score every pair, in row blocks: one exact float32 matrix
    product per block, the blocks shared between two threads with one BLAS thread each. Each
    thread also takes the page faults of its own blocks (first touching a fresh matrix of this
    size costs about as much as the products), so both cores keep busy."""
    rows = np.arange(features.a.shape[0])
    n_b = features.b.shape[0]
    scores = np.empty((rows.size, n_b), np.float32)
    b_t = np.ascontiguousarray(features.b.T)
    ex_rows, ex_cols = exclusions.by_row()
    step = block_rows(n_b)

    def score(start: int) -> None:
        chunk = rows[start : start + step]
        block = scores[start : start + chunk.size]
        np.matmul(features.a[start : start + chunk.size], b_t, out=block)
        lo, hi = np.searchsorted(ex_rows, [chunk[0], chunk[-1] + 1])
        hit_rows, hit_cols = ex_rows[lo:hi], ex_cols[lo:hi]
        where = np.searchsorted(chunk, hit_rows)
        inside = (where < chunk.size) & (chunk[np.minimum(where, chunk.size - 1)] == hit_rows)
        block[where[inside], hit_cols[inside]] = NEG

    with one_blas_thread():
        shared(score, range(0, rows.size, step))
    return ScoreMatrix(scores, features.bound())
