"""Fusing the BM25 and TF-IDF rankings of the same passages into one score."""

from __future__ import annotations

import numpy as np

METHODS = ("weighted", "rrf")
# Share of the weighted score given to the heading field (section, subsection, FAQ question):
# a question that restates an FAQ heading is answered by that entry (BM25F's field boost).
HEADING_WEIGHT = 0.3


class Fuser:
    """Combines per-passage BM25 and TF-IDF scores.

    ``weighted``: each score divided by its best, then ``weight`` · BM25 +
    (1 − ``weight``) · TF-IDF. ``rrf``: reciprocal rank fusion,
    Σ 1 / (``rrf_k`` + rank), scaled so the best possible passage gets 1.
    """

    def __init__(self, method: str = "weighted", weight: float = 0.5, rrf_k: int = 60,
                 heading_weight: float = HEADING_WEIGHT) -> None:
        if method not in METHODS:
            raise ValueError(f"fusion method must be one of {METHODS}, got {method!r}")
        if not 0.0 <= weight <= 1.0:
            raise ValueError(f"fusion weight must be in [0, 1], got {weight}")
        if rrf_k <= 0:
            raise ValueError(f"rrf_k must be > 0, got {rrf_k}")
        if not 0.0 <= heading_weight < 1.0:
            raise ValueError(f"heading_weight must be in [0, 1), got {heading_weight}")
        self.method, self.weight, self.rrf_k, self.heading_weight = method, weight, rrf_k, heading_weight
        body = 1.0 - heading_weight  # each signal's share of the fused score, before dividing by its best
        self._shares = (body * weight, body * (1.0 - weight), heading_weight)

    def fuse(self, bm25: np.ndarray, tfidf: np.ndarray, heading: np.ndarray | None = None) -> np.ndarray:
        """One score per passage in [0, 1]; passages matching nothing get 0."""
        heading = np.zeros_like(bm25) if heading is None else heading
        if bm25.shape != tfidf.shape or bm25.shape != heading.shape:
            raise ValueError(f"score arrays differ in shape: {bm25.shape}, {tfidf.shape} and {heading.shape}")
        if bm25.size == 0:
            return np.zeros(0)
        if self.method == "rrf":
            return self._rrf([bm25, tfidf] + ([heading] if heading.any() else []))
        # a handful of scalars: plain Python floats, then one pass per signal
        best = (float(bm25.max()), float(tfidf.max()), float(heading.max()))
        shares = [share / top if top > 0 else 0.0 for share, top in zip(self._shares, best)]
        if best[2] <= 0:  # no heading matched: the body alone decides, on the same scale
            body = 1.0 - self.heading_weight
            return bm25 * (shares[0] / body) + tfidf * (shares[1] / body)
        return bm25 * shares[0] + tfidf * shares[1] + heading * shares[2]

    def _rrf(self, rankings: list[np.ndarray]) -> np.ndarray:
        total = np.zeros(rankings[0].size)
        for scores in rankings:
            ranks = np.empty(scores.size)
            ranks[np.argsort(-scores, kind="stable")] = np.arange(1, scores.size + 1)
            total += np.where(scores > 0, 1.0 / (self.rrf_k + ranks), 0.0)
        return total / (len(rankings) / (self.rrf_k + 1))


def _scaled(scores: np.ndarray) -> np.ndarray:
    best = float(scores.max())
    return scores / best if best > 0 else np.zeros_like(scores)
