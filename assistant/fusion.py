"""Fusing the BM25 and TF-IDF rankings of the same passages into one score."""

from __future__ import annotations

import numpy as np

METHODS = ("weighted", "rrf")


class Fuser:
    """Combines per-passage BM25 and TF-IDF scores.

    ``weighted``: each score divided by its best, then ``weight`` · BM25 +
    (1 − ``weight``) · TF-IDF. ``rrf``: reciprocal rank fusion,
    Σ 1 / (``rrf_k`` + rank), scaled so the best possible passage gets 1.
    """

    def __init__(self, method: str = "weighted", weight: float = 0.5, rrf_k: int = 60) -> None:
        if method not in METHODS:
            raise ValueError(f"fusion method must be one of {METHODS}, got {method!r}")
        if not 0.0 <= weight <= 1.0:
            raise ValueError(f"fusion weight must be in [0, 1], got {weight}")
        if rrf_k <= 0:
            raise ValueError(f"rrf_k must be > 0, got {rrf_k}")
        self.method, self.weight, self.rrf_k = method, weight, rrf_k

    def fuse(self, bm25: np.ndarray, tfidf: np.ndarray) -> np.ndarray:
        """One score per passage in [0, 1]; passages matching nothing get 0."""
        if bm25.shape != tfidf.shape:
            raise ValueError(f"score arrays differ in shape: {bm25.shape} and {tfidf.shape}")
        if bm25.size == 0:
            return np.zeros(0)
        if self.method == "rrf":
            return self._rrf(bm25, tfidf)
        return self.weight * _scaled(bm25) + (1.0 - self.weight) * _scaled(tfidf)

    def _rrf(self, bm25: np.ndarray, tfidf: np.ndarray) -> np.ndarray:
        total = np.zeros(bm25.size)
        for scores in (bm25, tfidf):
            ranks = np.empty(scores.size)
            ranks[np.argsort(-scores, kind="stable")] = np.arange(1, scores.size + 1)
            total += np.where(scores > 0, 1.0 / (self.rrf_k + ranks), 0.0)
        return total / (2.0 / (self.rrf_k + 1))


def _scaled(scores: np.ndarray) -> np.ndarray:
    best = float(scores.max())
    return scores / best if best > 0 else np.zeros_like(scores)
