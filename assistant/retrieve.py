"""Retrieval: score passages for a query's concepts by BM25 and TF-IDF, fuse, rank.

A concept scores a passage by its best alternative, so ``pay`` finds
"salary" once, not once per synonym. Coverage is the share of the
question's concepts (weighted by how rare they are; a word the corpus has
never seen weighs most) that the passage holds: it is what tells an answer
from a passage that merely shares a common word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from assistant import english
from assistant.fusion import Fuser
from assistant.index import Index, TermHits
from assistant.model import Passage
from assistant.query import Concept, Query

COMPANY_WEIGHT = 0.9  # a posting's own passages win over the company-wide FAQ
COMPOUND_HEAD_ALONE = 0.5  # credit for the head of a two-word compound found without its modifier
UNFOCUSED_WEIGHT = 0.6  # rank factor of a passage missing the question's weightiest concept
FIGURE_BOOST = 0.25  # "how many years?" is answered by a passage that states a number
RERANK_DEPTH = 20  # only the leading passages are re-read, so the cost stays flat with corpus size
_HAS_FIGURE = re.compile(r"\d")


@dataclass(frozen=True)
class _Scored:
    """Candidate rows of one segment range with their signals."""

    segment: int
    rows: np.ndarray
    bm25: np.ndarray
    tfidf: np.ndarray
    coverage: np.ndarray
    ranking: np.ndarray
    focus: np.ndarray
    misses_named: np.ndarray
    unmatched: np.ndarray
    heading: np.ndarray


class Retriever:
    """Ranks an index's passages for a query within a scope."""

    def __init__(self, fuser: Fuser | None = None, coverage_weight: float = 1.0) -> None:
        if not 0.0 <= coverage_weight <= 1.0:
            raise ValueError(f"coverage_weight must be in [0, 1], got {coverage_weight}")
        self.fuser = fuser or Fuser()
        self.coverage_weight = coverage_weight

    def search(self, index: Index, query: Query, postings: list[str] | None = None,
               company: frozenset[str] = frozenset(), top_k: int = 5) -> list[Passage]:
        """The best ``top_k`` passages, best first; ``postings`` None searches every posting."""
        if top_k <= 0:
            raise ValueError(f"top_k must be > 0, got {top_k}")
        if not query.concepts or index.n_docs == 0:
            return []
        weights = concept_weights(index, query.concepts)
        hits: dict[tuple[str, int], TermHits | None] = {}
        scored = [
            found
            for number, start, end in index.ranges(postings)
            if (found := self._score_range(index, query.concepts, weights, hits, number, start, end))
        ]
        if not scored:
            return []
        bm25 = np.concatenate([s.bm25 for s in scored])
        tfidf = np.concatenate([s.tfidf for s in scored])
        coverage = np.concatenate([s.coverage for s in scored])
        ranking = np.concatenate([s.ranking for s in scored])
        focus = np.concatenate([s.focus for s in scored])
        misses_named = np.concatenate([s.misses_named for s in scored])
        unmatched = np.concatenate([s.unmatched for s in scored])
        heading = np.concatenate([s.heading for s in scored])
        segments = np.concatenate([np.full(s.rows.size, s.segment) for s in scored])
        rows = np.concatenate([s.rows for s in scored])
        fused = self.fuser.fuse(bm25, tfidf, heading) * (1 - self.coverage_weight + self.coverage_weight * ranking)
        # a passage without the question's main concept is at best a weak lead
        fused = np.where(focus, fused, fused * UNFOCUSED_WEIGHT)
        if postings is not None and company:
            owners = _rows_of(index, company, segments, rows)
            fused = np.where(owners, fused * COMPANY_WEIGHT, fused)
            own_focus = (~owners) & focus & (fused > 0)
            if own_focus.any():  # the posting speaks to the question's focus: it comes before the company FAQ
                fused = np.where(owners, np.minimum(fused, COMPANY_WEIGHT * fused[own_focus].max()), fused)
        best = _leading(fused, top_k)
        if query.wants_number:
            best = self._figures_first(index, segments, rows, fused, max(top_k, RERANK_DEPTH), top_k)
        return [
            Passage(index.chunk(int(segments[i]), int(rows[i])), float(fused[i]), float(bm25[i]), float(tfidf[i]),
                    float(coverage[i]), bool(focus[i]), bool(misses_named[i]), int(unmatched[i]))
            for i in best
            if fused[i] > 0
        ]

    @staticmethod
    def _figures_first(index: Index, segments: np.ndarray, rows: np.ndarray, fused: np.ndarray,
                       depth: int, top_k: int) -> np.ndarray:
        """Re-rank the leading passages for a question that asks for a figure: those stating one gain."""
        leading = _leading(fused, depth)
        for i in leading:
            if _HAS_FIGURE.search(index.chunk(int(segments[i]), int(rows[i])).text):
                fused[i] *= 1.0 + FIGURE_BOOST
        return leading[np.argsort(-fused[leading], kind="stable")][:top_k]

    def _score_range(self, index: Index, concepts: tuple[Concept, ...], weights: np.ndarray,
                     cache: dict, number: int, start: int, end: int) -> _Scored | None:
        """Signals for the rows of one segment range that hold any query term."""
        per_term = _term_hits(index, concepts, cache, number, start, end)
        if not per_term:
            return None
        rows, locate = _candidates([h.rows for h in per_term.values()], start, end)
        bm25, tfidf, coverage = np.zeros(rows.size), np.zeros(rows.size), np.zeros(rows.size)
        heading = np.zeros(rows.size)
        focus = np.zeros(rows.size, dtype=bool)
        missing_named = np.zeros(rows.size, dtype=bool)
        unmatched = np.zeros(rows.size, dtype=np.int64)
        matched: dict[tuple, np.ndarray] = {}
        ranking = np.zeros(rows.size)  # coverage without the compound rule, for ordering passages
        weightiest = int(np.argmax(weights))
        for number_in_query, (concept, weight) in enumerate(zip(concepts, weights)):
            best_bm25, best_tfidf, best_heading, best_match = _concept_scores(index, concept, per_term, locate, rows.size)
            bm25 += concept.weight * best_bm25
            heading += concept.weight * best_heading
            tfidf += concept.weight * best_tfidf
            ranking += weight * best_match
            if concept.modifier is not None and concept.modifier in matched:
                # "dress code" against a passage with "code" alone: the head counts for half
                best_match = np.where(matched[concept.modifier] > 0, best_match, best_match * COMPOUND_HEAD_ALONE)
            matched[concept.alternatives] = best_match
            coverage += weight * best_match
            if number_in_query == weightiest:
                focus = focus | (best_match > 0)
            if concept.named:  # a technology the question names must be there
                missing_named |= best_match == 0
            unmatched += best_match == 0
        norm = float(np.sqrt(np.sum(weights**2))) or 1.0
        total = float(weights.sum()) or 1.0
        return _Scored(number, rows, bm25, tfidf / norm, coverage / total, ranking / total,
                       focus & ~missing_named, missing_named, unmatched, heading)


def topicality(concept: Concept) -> float:
    """How topical a concept's words are in general English, in [0.25, 1]: its most topical word."""
    return max(english.informativeness(word) for word in concept.label.split())


def _term_hits(index: Index, concepts: tuple[Concept, ...], cache: dict, number: int, start: int,
               end: int) -> dict[str, TermHits]:
    """Each query term's hits in one segment range (looked up once per search, through ``cache``)."""
    per_term: dict[str, TermHits] = {}
    for concept in concepts:
        for alternative in concept.alternatives:
            for term in alternative:
                key = (term, number, start, end)
                if key not in cache:
                    term_id = index.term_id(term)
                    cache[key] = None if term_id is None else index.hits(term_id, number, start, end)
                if cache[key] is not None:
                    per_term[term] = cache[key]
    return per_term


def _concept_scores(index: Index, concept: Concept, per_term: dict[str, TermHits], locate, size: int):
    """A concept's BM25, TF-IDF and heading scores and match (0/1) per candidate row: its best alternative."""
    best_bm25, best_tfidf, best_heading, best_match = (np.zeros(size) for _ in range(4))
    for alternative in concept.alternatives:
        if not all(term in per_term for term in alternative):
            continue  # a word of it occurs nowhere in the range, so it matches no row
        if len(alternative) == 1:  # the common case: write the term's rows straight in
            found = per_term[alternative[0]]
            at = locate(found.rows)
            best_bm25[at] = np.maximum(best_bm25[at], found.bm25)
            best_tfidf[at] = np.maximum(best_tfidf[at], found.tfidf * index.tfidf_idf[index.term_id(alternative[0])])
            best_heading[at] = np.maximum(best_heading[at], found.heading)
            best_match[at] = 1.0
            continue
        alt_bm25, alt_tfidf, alt_heading, present = (np.zeros(size) for _ in range(4))
        for term in alternative:
            found = per_term[term]
            at = locate(found.rows)
            alt_bm25[at] += found.bm25
            alt_heading[at] += found.heading
            alt_tfidf[at] += found.tfidf * index.tfidf_idf[index.term_id(term)]
            present[at] += 1
        # an alternative counts only where all its words are: "graduate degree" is not "degree"
        full = present == len(alternative)
        np.maximum(best_bm25, alt_bm25 * full, out=best_bm25)
        np.maximum(best_tfidf, alt_tfidf * full / len(alternative), out=best_tfidf)
        np.maximum(best_match, full, out=best_match)
        np.maximum(best_heading, alt_heading * full, out=best_heading)
    return best_bm25, best_tfidf, best_heading, best_match


def _candidates(hit_rows: list[np.ndarray], start: int, end: int):
    """The rows any term hits, sorted, and a function from a term's rows to their positions there.

    Marking the range and counting along it beats sorting the hits, even for
    the whole of a 340,000-passage segment.
    """
    marked = np.zeros(end - start, dtype=bool)
    for found in hit_rows:
        marked[found - start] = True
    position = np.cumsum(marked) - 1
    return np.flatnonzero(marked) + start, lambda found: position[found - start]


def _leading(scores: np.ndarray, count: int) -> np.ndarray:
    """Indices of the ``count`` best scores, best first, ties in passage order."""
    if scores.size > 4 * count:  # only sort the few that can make it
        keep = np.argpartition(-scores, count)[:count]
        return keep[np.lexsort((keep, -scores[keep]))]
    return np.argsort(-scores, kind="stable")[:count]


def _rows_of(index: Index, posting_ids: frozenset[str], segments: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Which candidate rows belong to the given postings."""
    inside = np.zeros(rows.size, dtype=bool)
    for number, start, end in index.ranges(sorted(posting_ids)):
        inside |= (segments == number) & (rows >= start) & (rows < end)
    return inside


def concept_weights(index: Index, concepts: tuple[Concept, ...]) -> np.ndarray:
    """How much each concept counts towards coverage: how topical its words are in general English.

    Whether a question is answered depends on which of its topical words a
    passage holds, not on how large the corpus is: corpus idf would make a
    word no passage uses weigh more the more postings there are, and decline
    sound paraphrases in a big corpus. Ranking still weighs terms by idf.
    """
    return np.asarray([concept.weight * topicality(concept) for concept in concepts], dtype=np.float64)
