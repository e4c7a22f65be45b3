"""Fusing the BM25 and TF-IDF rankings of the same passages into one score."""

from __future__ import annotations

import numpy as np

METHODS = ("weighted", "rrf")
# Share of the weighted score given to the heading field (BM25F's field boost), by what the heading is.
# An FAQ question says what its answer is about, so a question that restates it is answered by that
# entry; a section name ("Responsibilities") is one word that a whole list of passages shares, and says
# less about any one of them.
QUESTION_WEIGHT = 0.4
HEADING_WEIGHT = 0.15


class Fuser:
    """Combines per-passage BM25 and TF-IDF scores.

    ``weighted``: each score divided by its best, then ``weight`` · BM25 +
    (1 − ``weight``) · TF-IDF for the body, with the heading field's score given
    ``question_weight`` of the whole on passages that answer an FAQ question and
    ``heading_weight`` on the others. ``rrf``: reciprocal rank fusion,
    Σ 1 / (``rrf_k`` + rank), scaled so the best possible passage gets 1.
    """

    def __init__(self, method: str = "weighted", weight: float = 0.5, rrf_k: int = 60,
                 heading_weight: float = HEADING_WEIGHT, question_weight: float = QUESTION_WEIGHT) -> None:
        if method not in METHODS:
            raise ValueError(f"fusion method must be one of {METHODS}, got {method!r}")
        if not 0.0 <= weight <= 1.0:
            raise ValueError(f"fusion weight must be in [0, 1], got {weight}")
        if rrf_k <= 0:
            raise ValueError(f"rrf_k must be > 0, got {rrf_k}")
        for name, value in (("heading_weight", heading_weight), ("question_weight", question_weight)):
            if not 0.0 <= value < 1.0:
                raise ValueError(f"{name} must be in [0, 1), got {value}")
        self.method, self.weight, self.rrf_k = method, weight, rrf_k
        self.heading_weight, self.question_weight = heading_weight, question_weight

    def fuse(self, bm25: np.ndarray, tfidf: np.ndarray, heading: np.ndarray | None = None,
             faq: np.ndarray | None = None) -> np.ndarray:
        """One score per passage in [0, 1]; passages matching nothing get 0. ``faq`` marks the passages
        whose heading is an FAQ question (None: none is)."""
        heading = np.zeros_like(bm25) if heading is None else heading
        if bm25.shape != tfidf.shape or bm25.shape != heading.shape or (faq is not None and faq.shape != bm25.shape):
            raise ValueError(f"score arrays differ in shape: {bm25.shape}, {tfidf.shape} and {heading.shape}")
        if bm25.size == 0:
            return np.zeros(0)
        if self.method == "rrf":
            return self._rrf([bm25, tfidf] + ([heading] if heading.any() else []))
        # a handful of scalars: plain Python floats, then one pass per signal
        top_bm25, top_tfidf, top_heading = float(bm25.max()), float(tfidf.max()), float(heading.max())
        body = (bm25 * (self.weight / top_bm25) if top_bm25 > 0 else np.zeros_like(bm25))
        if top_tfidf > 0:
            body = body + tfidf * ((1.0 - self.weight) / top_tfidf)
        if top_heading <= 0:  # no heading matched: the body alone decides, on the same scale
            return body
        if faq is None or not faq.any():
            share = self.heading_weight
        elif faq.all():
            share = self.question_weight
        else:
            share = np.where(faq, self.question_weight, self.heading_weight)
        return body * (1.0 - share) + heading * (share / top_heading)

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
