"""Retrieval: score passages for a query's concepts by BM25 and TF-IDF, fuse, rank.

A concept scores a passage by its best alternative, so ``pay`` finds
"salary" once, not once per synonym. Coverage is the share of the
question's concepts (weighted by how rare they are; a word the corpus has
never seen weighs most) that the passage holds: it is what tells an answer
from a passage that merely shares a common word.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np

from assistant import english, tokens
from assistant.fusion import Fuser
from assistant.index import Index, TermHits, field_terms, field_words
from assistant.model import Chunk, Passage
from assistant.query import NEAR, PHRASE, Concept, Query, frame_only

COMPANY_WEIGHT = 0.9  # a posting's own passages win over the company-wide FAQ
COMPOUND_HEAD_ALONE = 0.5  # credit for the head of a two-word compound found without its modifier
SHORT_WORDS = 20  # a bullet or a label line: one statement, not a paragraph
UNFOCUSED_WEIGHT = 0.6  # rank factor of a passage missing the question's weightiest concept
# rank bonus, at most, for an FAQ entry whose question the candidate's question restates in full
RESTATED_WEIGHT = 0.7
# Hits under one in this many rows of a range are numbered by sorting them; more, by marking the range.
SPARSE_HITS = 16
FIGURE_BOOST = 0.25  # "how many years?" is answered by a passage that states a number
# credit of a question word found only through a thesaurus synonym of it, against its own word's 1
RELATED_CREDIT = 0.5
RERANK_DEPTH = 20  # only the leading passages are re-read, so the cost stays flat with corpus size
# A range this small (one posting, say) is scored over all its rows, each concept's signals there
# worked out once per snapshot; a larger one over the rows its terms hit.
DENSE_ROWS = 256
# The words of a lexicon phrase of several words count as that phrase within this many words each.
NEAR_WINDOW = 3
_SIGNALS = ("segments", "rows", "bm25", "tfidf", "coverage", "ranking", "focus", "misses_named", "unmatched", "heading")


@dataclass(frozen=True)
class _Question:
    """What every range's scoring needs to know about the question's concepts, worked out once."""

    concepts: tuple[Concept, ...]
    weights: np.ndarray  # how topical each concept is (coverage)
    strength: np.ndarray  # each concept's own weight (a follow-up's earlier concepts count less)
    norm: float
    total: float
    named: list[int]  # concepts that are named technologies
    focus: int  # the weightiest concept
    given: list[int]  # concepts the scope holds (a job's title once the question names the job)

    @classmethod
    def of(cls, concepts: tuple[Concept, ...]) -> "_Question":
        """The question's concepts with their weights (see concept_weights)."""
        listed = _topical_weights(concepts)  # a handful of numbers: plain Python is quicker than numpy here
        # what the scope holds says nothing of whether a passage answers: it only helps to rank them
        given = [i for i, concept in enumerate(concepts) if concept.given]
        for i in given:
            listed[i] = 0.0
        # the focus is among the concepts the question asks at full weight: not a follow-up's earlier
        # subject, nor the "10 years of PHP" a candidate says they have, however rare their words
        # ... and a subject, not the frame of the question: the "required" of "is English required?"
        # finds the requirements through the lexicon, but English is what is asked about
        full = max(concept.weight for concept in concepts)
        asked = [i for i, concept in enumerate(concepts) if concept.weight == full]
        subjects = [i for i in asked if concepts[i].named or not frame_only(concepts[i].label)] or asked
        focus = max(subjects, key=listed.__getitem__)
        return cls(concepts, np.array(listed), np.array([concept.weight for concept in concepts]),
                   math.sqrt(sum(w * w for w in listed)) or 1.0, sum(listed) or 1.0,
                   [i for i, concept in enumerate(concepts) if concept.named], focus, given)


@dataclass(frozen=True)
class _Scored:
    """Candidate rows (of one segment range, or several joined) with their signals."""

    segments: np.ndarray
    rows: np.ndarray
    bm25: np.ndarray
    tfidf: np.ndarray
    coverage: np.ndarray
    ranking: np.ndarray
    focus: np.ndarray
    misses_named: np.ndarray
    unmatched: np.ndarray
    heading: np.ndarray
    blocks: np.ndarray  # the block of each row (pieces of one long answer share it)
    headings: np.ndarray  # the heading each row stands under
    by_heading: np.ndarray  # whether the row holds the question's concepts only in its heading
    faq: np.ndarray  # whether the row answers an FAQ question (its heading field is that question)
    restated: np.ndarray  # how much of that FAQ question the candidate's question restates, in [0, 1]

    @classmethod
    def joined(cls, parts: list["_Scored"]) -> "_Scored":
        """Several ranges' candidates as one, block and heading numbers kept apart."""
        if len(parts) == 1:
            return parts[0]
        return cls(*(np.concatenate([getattr(part, name) for part in parts]) for name in _SIGNALS),
                   _numbered_across(part.blocks for part in parts), _numbered_across(part.headings for part in parts),
                   np.concatenate([part.by_heading for part in parts]), np.concatenate([part.faq for part in parts]),
                   np.concatenate([part.restated for part in parts]))


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
        question = _Question.of(query.concepts)
        scored = [
            found
            for number, start, end in index.ranges(postings)
            if (found := self._score_range(index, question, number, start, end))
        ]
        if not scored:
            return []
        found = _Scored.joined(scored)
        segments, rows, focus = found.segments, found.rows, found.focus
        bm25, tfidf = found.bm25, found.tfidf
        fused = self.fuser.fuse(bm25, tfidf, found.heading, found.faq)
        # an FAQ entry whose question the candidate's restates answers it better than one whose answer
        # merely holds its words
        fused *= 1.0 + RESTATED_WEIGHT * found.restated
        fused *= found.ranking if self.coverage_weight == 1 else 1 - self.coverage_weight + self.coverage_weight * found.ranking
        fused = _heading_order(fused, found.headings, found.by_heading, found.coverage)
        fused = _one_piece_per_block(fused, found.blocks)
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
        best = best[fused[best] > 0]
        # the few chosen rows' signals as Python values in one go (indexing numpy scalar by scalar is slow)
        picked = zip(segments[best].tolist(), rows[best].tolist(), fused[best].tolist(), bm25[best].tolist(),
                     tfidf[best].tolist(), found.coverage[best].tolist(), focus[best].tolist(),
                     found.misses_named[best].tolist(), found.unmatched[best].tolist(), found.by_heading[best].tolist())
        return _statements_in_order([Passage(index.chunk(segment, row), *signals) for segment, row, *signals in picked])

    @staticmethod
    def _figures_first(index: Index, segments: np.ndarray, rows: np.ndarray, fused: np.ndarray,
                       depth: int, top_k: int) -> np.ndarray:
        """Re-rank the leading passages for a question that asks for a figure: those stating one gain."""
        leading = _leading(fused, depth)
        for i in leading:
            if tokens.has_figure(index.chunk(int(segments[i]), int(rows[i])).text):
                fused[i] *= 1.0 + FIGURE_BOOST
        return leading[np.argsort(-fused[leading], kind="stable")][:top_k]

    def _score_range(self, index: Index, question: _Question, number: int, start: int, end: int) -> _Scored | None:
        """Signals for the rows of one segment range that hold any query term (or all rows of a small range)."""
        if end - start <= DENSE_ROWS:
            dense = [_dense_concept(index, concept.alternatives, concept.related, number, start, end)
                     for concept in question.concepts]
            if all(signals is None for signals in dense):
                return None
            grid = np.zeros((4, len(dense), end - start))
            for position, signals in enumerate(dense):
                if signals is not None:
                    grid[:, position] = signals
            rows = np.arange(start, end)
        else:
            found = _gather(index, question.concepts, number, start, end)
            if found is None:
                return None
            rows, grid = _concept_grid(found, len(question.concepts), start, end)
        match = grid[3]
        if question.given:  # every passage in scope holds them, whether or not it says so (none is "unmatched")
            match = match.copy()
            match[question.given] = 1.0
        bm25, tfidf, heading = question.strength @ grid[:3]
        ranking = question.weights @ match / question.total
        adjusted = _compounds(question.concepts, match)
        coverage = ranking if adjusted is match else question.weights @ adjusted / question.total
        focus = match[question.focus] > 0
        if question.named:  # a technology the question names must be there
            # ... or, when it names several ("Python or JS?"), one of them
            missing_named = (match[question.named] == 0).all(axis=0)
            focus &= ~missing_named
        else:
            missing_named = np.zeros(rows.size, dtype=bool)
        segment, absent = index.segments[number], match == 0
        by_heading = ((grid[2] > 0) | absent).all(axis=0)  # every concept the row holds is in its heading
        return _Scored(np.full(rows.size, number), rows, bm25, tfidf / question.norm, coverage, ranking, focus,
                       missing_named, absent.sum(axis=0), heading, segment.blocks[rows], segment.headings[rows],
                       by_heading, segment.faq[rows], _restated(index, question, number, start, end, rows))


def _restated(index: Index, question: _Question, number: int, start: int, end: int, rows: np.ndarray) -> np.ndarray:
    """The share of each row's FAQ question (by its topic words' informativeness) that the question's
    concepts restate word for word in it; 0 for rows without an FAQ question."""
    mass = index.segments[number].question_mass[rows]
    if not mass.any():
        return np.zeros(rows.size)
    dense = rows.size == end - start  # every row of the range, in order
    held = np.zeros(rows.size)
    for weight, concept in zip(question.weights.tolist(), question.concepts):
        in_heading = _worded_in_heading(index, concept.alternatives, number, start, end)
        if not in_heading.size:
            continue
        if dense:
            held[in_heading - start] += weight
        else:
            at = np.searchsorted(rows, in_heading).clip(max=rows.size - 1)
            held[at[rows[at] == in_heading]] += weight
    return np.divide(held, mass, out=np.zeros(rows.size), where=mass > 0).clip(max=1.0)


def _worded_in_heading(index: Index, alternatives: tuple[tuple[str, ...], ...], number: int, start: int,
                       end: int) -> np.ndarray:
    """The rows of a range whose heading holds one of a concept's single-word alternatives (a phrase is
    not the question's wording), sorted; worked out once per snapshot."""
    def rows() -> np.ndarray:
        found = [hits.rows[hits.heading > 0] for alternative in alternatives
                 if len(alternative) == 1 and NEAR not in alternative[0] and PHRASE not in alternative[0]
                 and (term := index.term_id(alternative[0])) is not None
                 and (hits := index.hits(term, number, start, end)) is not None]
        return np.unique(np.concatenate(found)) if found else np.zeros(0, dtype=np.int64)

    return index.remembered(("worded", alternatives, number, start, end), rows, lambda found: found.size)


@dataclass(frozen=True)
class _Found:
    """Hits of alternatives in one range, flat: one entry per (alternative, term, row)."""

    rows: np.ndarray
    alternative: np.ndarray  # the alternative each hit counts for
    bm25: np.ndarray
    tfidf: np.ndarray
    heading: np.ndarray
    words: np.ndarray  # how many terms each alternative has
    concept: np.ndarray | None = None  # the concept of each alternative
    credit: np.ndarray | None = None  # how much a match of each alternative counts (None: 1 each; a related word's less)


def _gather(index: Index, concepts: tuple[Concept, ...], number: int, start: int, end: int) -> _Found | None:
    """The hits of every concept's alternatives in the range, alternatives numbered across concepts."""
    found = [(position, hits) for position, concept in enumerate(concepts)
             if (hits := _concept_hits(index, concept.alternatives, concept.related, number, start, end)) is not None]
    if not found:
        return None
    counts = [hits.words.size for _, hits in found]
    first = np.cumsum([0] + counts[:-1])
    concept = np.repeat([position for position, _ in found], counts)
    if len(found) == 1:
        return replace(found[0][1], concept=concept)
    return _Found(
        np.concatenate([hits.rows for _, hits in found]),
        np.concatenate([hits.alternative + offset for (_, hits), offset in zip(found, first)]),
        np.concatenate([hits.bm25 for _, hits in found]),
        np.concatenate([hits.tfidf for _, hits in found]),
        np.concatenate([hits.heading for _, hits in found]),
        np.concatenate([hits.words for _, hits in found]),
        concept,
        np.concatenate([hits.credit for _, hits in found]),
    )


def _dense_concept(index: Index, alternatives: tuple[tuple[str, ...], ...], related: tuple[tuple[str, ...], ...],
                   number: int, start: int, end: int) -> np.ndarray | None:
    """One concept's BM25, TF-IDF, heading score and match on every row of a small range (worked out once
    per snapshot), or None where it matches nothing."""
    def signals() -> np.ndarray | None:
        found = _concept_hits(index, alternatives, related, number, start, end)
        if found is None:
            return None
        rows, grid = _concept_grid(replace(found, concept=np.zeros(found.words.size, dtype=np.int64)), 1, start, end)
        dense = np.zeros((4, end - start))
        dense[:, rows - start] = grid[:, 0]
        dense.flags.writeable = False
        return dense

    return index.remembered(("dense", alternatives, related, number, start, end), signals,
                            lambda dense: 4 * (end - start))


def _concept_hits(index: Index, alternatives: tuple[tuple[str, ...], ...], related: tuple[tuple[str, ...], ...],
                  number: int, start: int, end: int) -> _Found | None:
    """The hits of one concept's alternatives and related words in a range (worked out once per snapshot)."""
    return index.remembered(("concept", alternatives, related, number, start, end),
                            lambda: _alternative_hits(index, alternatives, related, number, start, end),
                            lambda found: 0 if found is None else 5 * found.rows.size)


def _alternative_hits(index: Index, alternatives: tuple[tuple[str, ...], ...], related: tuple[tuple[str, ...], ...],
                      number: int, start: int, end: int) -> _Found | None:
    """The hits of the alternatives (and related words, at their lower credit) whose terms all occur
    somewhere in the range."""
    parts: list[TermHits] = []
    idf: list[float] = []
    owner: list[int] = []
    words: list[int] = []
    credit: list[float] = []
    for position, alternative in enumerate(alternatives + related):
        worth = 1.0 if position < len(alternatives) else RELATED_CREDIT
        if len(alternative) == 1 and (NEAR in alternative[0] or PHRASE in alternative[0]):  # a lexicon phrase
            found = _near_hits(index, alternative[0], number, start, end)
            if found is None:
                continue
            parts.append(found)
            idf.append(worth)  # its TF-IDF weights come weighted already
            owner.append(len(words))
            words.append(1)
            credit.append(worth)
            continue
        found_all = _hits_of_all(index, alternative, number, start, end)
        if found_all is None:
            continue  # a word of it occurs nowhere in the range, so it matches no row
        for term, found in zip(*found_all):
            parts.append(found)
            idf.append(index.tfidf_idf[term] * worth)
            owner.append(len(words))
        words.append(len(alternative))
        credit.append(worth)
    if not parts:
        return None
    sizes = [found.rows.size for found in parts]
    worth = 1.0 if not related else np.repeat(np.asarray(credit)[owner], sizes)  # per hit
    return _Found(
        np.concatenate([found.rows for found in parts]),
        np.repeat(np.asarray(owner), sizes),
        np.concatenate([found.bm25 for found in parts]) * worth,
        np.concatenate([found.tfidf for found in parts]) * np.repeat(np.asarray(idf), sizes),
        np.concatenate([found.heading for found in parts]) * worth,
        np.asarray(words),
        credit=np.asarray(credit),
    )


def _hits_of_all(index: Index, terms, number: int, start: int,
                 end: int) -> tuple[list[int], list[TermHits]] | None:
    """The term ids and hits in the range of every one of ``terms``, or None when one occurs nowhere there."""
    ids = [index.term_id(term) for term in terms]
    hits = [None if term is None else index.hits(term, number, start, end) for term in ids]
    if any(found is None for found in hits):
        return None
    return ids, hits


def _near_hits(index: Index, phrase: str, number: int, start: int, end: int) -> TermHits | None:
    """The rows of a range that hold the words of a lexicon phrase close together (or word for word), each
    scored as an alternative of several words is (BM25 summed, TF-IDF averaged). Summed here, once per
    snapshot, the phrase is one hit per row for every question after: handing its words to the grid as an
    alternative of several words made careers-wide replies at 10,000 postings about a quarter slower."""
    exact = PHRASE in phrase
    terms = phrase.split(PHRASE if exact else NEAR)
    holds = _holds if exact else _near
    found_all = _hits_of_all(index, terms, number, start, end)
    if found_all is None:
        return None
    ids, hits = found_all
    segment = index.segments[number]
    holding = segment.remembered(("phrase", phrase, start, end),
                                 lambda: _rows_holding(segment, ids, terms, holds, start, end))
    rows = np.intersect1d(hits[0].rows, holding, assume_unique=True)  # the live ones
    if rows.size == 0:
        return None
    at = [np.searchsorted(found.rows, rows) for found in hits]
    return TermHits(rows, sum(found.bm25[where] for found, where in zip(hits, at)),
                    sum(found.tfidf[where] * index.tfidf_idf[term] for found, where, term in zip(hits, at, ids))
                    / len(terms),
                    sum(found.heading[where] for found, where in zip(hits, at)))


def _rows_holding(segment, ids: list[int], terms: list[str], holds, start: int, end: int) -> np.ndarray:
    """The rows of a segment's range (live or not) where ``holds`` finds the terms in the passage's text."""
    rows = segment.term_rows(ids[0], start, end)
    for term in ids[1:]:
        rows = np.intersect1d(rows, segment.term_rows(term, start, end), assume_unique=True)
    chunks = segment.chunks
    return np.asarray([row for row in rows.tolist() if holds(*_passage_sequence(chunks[row]), terms)], dtype=rows.dtype)


def _passage_sequence(chunk: Chunk) -> tuple[list[str], list[str]]:
    """A passage's heading-field terms and all its terms in order, read again from its text (postings
    share much of their text, company boilerplate above all, so each text is read once)."""
    return _sequence_of(chunk.section, chunk.subsection, chunk.question, chunk.text)


@lru_cache(maxsize=50_000)
def _sequence_of(section: str, subsection: str | None, question: str | None, text: str) -> tuple[list[str], list[str]]:
    return field_terms(field_words(section, subsection, question, text))


def _holds(heading: list[str], sequence: list[str], terms: list[str]) -> bool:
    """Whether ``terms`` stand one right after another in a passage's ``sequence`` of terms."""
    size = len(terms)
    return any(sequence[at : at + size] == terms for at, term in enumerate(sequence) if term == terms[0])


def _near(heading: list[str], sequence: list[str], terms: list[str]) -> bool:
    """Whether all ``terms`` occur within a few words of one another in a passage's ``sequence`` of terms,
    in any order; a term the passage holds may stand in two words at that place ("back end" for "backend",
    which the passage also has elsewhere: rows are found by their terms). The passage's
    ``heading`` (section, FAQ question) is what all of it is about: a term there is near every other."""
    wanted, window = set(terms), NEAR_WINDOW * len(set(terms))
    if not wanted.isdisjoint(heading) and wanted.issubset(sequence):
        return True
    last: dict[str, int] = {}
    for at, term in enumerate(sequence):
        if term not in wanted and at and (joined := sequence[at - 1] + term) in wanted:
            term = joined
        if term in wanted:
            last[term] = at
            if len(last) == len(wanted) and at - min(last.values()) < window:
                return True
    return False


def _concept_grid(found: _Found, concept_count: int, start: int, end: int) -> tuple[np.ndarray, np.ndarray]:
    """The candidate rows (sorted) and, per concept and row, its BM25, TF-IDF, heading score and match (0/1):
    each concept by its best alternative, and an alternative only where all its words are.

    Work grows with the hits, not with the range: on a wide range (every posting) a table of
    alternatives by rows would be most of a search.
    """
    local = found.rows - start
    if local.size * SPARSE_HITS < end - start:  # few hits in a wide range: sort them, not the range
        rows, at = np.unique(local, return_inverse=True)
    else:
        marked = np.zeros(end - start, dtype=bool)
        marked[local] = True
        rows = np.flatnonzero(marked)
        position = np.empty(end - start, dtype=np.intp)
        position[rows] = np.arange(rows.size)
        at = position[local]
    size = rows.size
    grid = np.zeros((4, concept_count, size))
    flat = grid.reshape(4, concept_count * size)
    # most concepts have no related word: every match then counts 1, set without a ufunc.at
    credit = None if found.credit is None or found.credit.min() == 1.0 else found.credit
    words = found.words[found.alternative]  # how many words the alternative of each hit has
    single = words == 1
    # an alternative of one word matches wherever it is hit
    cell = found.concept[found.alternative[single]] * size + at[single]
    for signal, values in enumerate((found.bm25, found.tfidf, found.heading)):
        np.maximum.at(flat[signal], cell, values[single])
    if credit is None:
        flat[3, cell] = 1.0
    else:
        np.maximum.at(flat[3], cell, credit[found.alternative[single]])
    if not single.all():  # an alternative of several words matches a row only where all its words are
        several = ~single
        alternative, row = found.alternative[several], at[several]
        cells, which, hits = np.unique(alternative * size + row, return_inverse=True, return_counts=True)
        full = hits == found.words[cells // size]
        cell = found.concept[cells[full] // size] * size + cells[full] % size
        for signal, values in enumerate((found.bm25[several], found.tfidf[several] / words[several],
                                         found.heading[several])):
            np.maximum.at(flat[signal], cell, np.bincount(which, values, cells.size)[full])
        if credit is None:
            flat[3, cell] = 1.0
        else:
            np.maximum.at(flat[3], cell, credit[cells[full] // size])
    return rows + start, grid


def _heading_order(fused: np.ndarray, headings: np.ndarray, by_heading: np.ndarray,
                   coverage: np.ndarray) -> np.ndarray:
    """Scores where the rows that hold the question only through their shared heading ("what are the
    requirements?" and the bullets under "Requirements") score alike, so they come in the posting's
    order: what sets them apart is only their length, and the recruiter put the weightiest first."""
    alike = np.flatnonzero(by_heading & (fused > 0))
    if alike.size < 2:
        return fused
    # Rows come in passage order, so a heading's rows stand together: a run of them holding as much
    # of the question is one group.
    under, held = headings[alike], coverage[alike]
    new_group = np.empty(alike.size, dtype=bool)
    new_group[0] = True
    np.not_equal(under[1:], under[:-1], out=new_group[1:])
    if new_group.all():
        return fused
    new_group[1:] |= held[1:] != held[:-1]
    starts = np.flatnonzero(new_group)
    fused = fused.copy()
    fused[alike] = np.repeat(np.maximum.reduceat(fused[alike], starts), np.diff(np.append(starts, alike.size)))
    return fused


def _statements_in_order(passages: list[Passage]) -> list[Passage]:
    """The chosen passages with the short statements (bullets, label lines) that stand under one heading
    and hold as much of the question in the posting's order, scored alike: three requirements that each
    mention experience once differ only by length, which BM25 rewards, and the recruiter put the
    weightiest first. Only the few chosen passages are looked at, so the cost does not grow with scope."""
    groups: dict[tuple, list[int]] = {}
    for slot, passage in enumerate(passages):
        chunk = passage.chunk
        if chunk.question is None and len(chunk.text.split()) <= SHORT_WORDS:
            groups.setdefault((chunk.posting, chunk.section, chunk.subsection, passage.coverage), []).append(slot)
    if all(len(slots) < 2 for slots in groups.values()):
        return passages
    ordered = list(passages)
    for slots in groups.values():
        if len(slots) > 1:
            members = sorted((passages[slot] for slot in slots), key=lambda passage: passage.chunk.position)
            best = max(passage.score for passage in members)
            for slot, passage in zip(slots, members):
                ordered[slot] = passage._replace(score=best)
    return ordered


def _one_piece_per_block(fused: np.ndarray, blocks: np.ndarray) -> np.ndarray:
    """Scores where only the best piece of each block is left: the other pieces of a long answer
    would quote the same answer again, less well, in place of another answer."""
    if blocks.size < 2 or not (blocks[1:] == blocks[:-1]).any():
        return fused
    new_group = np.diff(blocks, prepend=blocks[0] - 1) != 0
    group = np.cumsum(new_group) - 1
    best = np.maximum.reduceat(fused, np.flatnonzero(new_group))
    leaders = np.flatnonzero(fused == best[group])
    leaders = leaders[np.diff(group[leaders], prepend=-1) != 0]  # on a tie, the first piece
    kept = np.zeros_like(fused)
    kept[leaders] = fused[leaders]
    return kept


def _compounds(concepts: tuple[Concept, ...], match: np.ndarray) -> np.ndarray:
    """Matches for coverage: the head of a compound found without its modifier ("dress code" against a
    passage with "code" alone) counts for half."""
    if all(concept.modifier is None for concept in concepts):
        return match
    adjusted = match.copy()
    seen: dict[tuple, int] = {}
    for position, concept in enumerate(concepts):
        if concept.modifier is not None and concept.modifier in seen:
            modifier = adjusted[seen[concept.modifier]]
            adjusted[position] = np.where(modifier > 0, adjusted[position], adjusted[position] * COMPOUND_HEAD_ALONE)
        seen[concept.alternatives] = position
    return adjusted


def topicality(concept: Concept) -> float:
    """How topical a concept's words are in general English, in [0.25, 1].

    A phrase says more than any of its words ("source control" against "source" or "control"): each
    word's informativeness counts as its own chance of carrying the topic, so a lexicon phrase
    outweighs the everyday words around it ("comfortable with ... tools").
    """
    return _label_topicality(concept.label)


@lru_cache(maxsize=65_536)
def _label_topicality(label: str) -> float:
    words = label.split()
    plain = 1.0
    for word in [word for word in words if not tokens.is_stop_word(word)] or words:  # "how much travel": travel
        plain *= 1.0 - english.informativeness(word)
    return 1.0 - plain


def _numbered_across(parts) -> np.ndarray:
    """Block numbers of several ranges in one array, each range's above the last one's."""
    numbered, offset = [], 0
    for blocks in parts:
        numbered.append(blocks + offset)
        offset += int(blocks[-1]) + 1 if blocks.size else 0
    return np.concatenate(numbered)


def _leading(scores: np.ndarray, count: int) -> np.ndarray:
    """Indices of the ``count`` best scores, best first, ties in passage order."""
    if scores.size > max(4 * count, DENSE_ROWS):  # only sort the few that can make it
        keep = np.argpartition(-scores, count)[:count]
        edge = scores[keep].min()
        above = keep[scores[keep] > edge]
        # the partition picks any of the passages tied at the edge: take the first ones
        keep = np.concatenate([above, np.flatnonzero(scores == edge)[: count - above.size]])
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
    return np.asarray(_topical_weights(concepts), dtype=np.float64)


def _topical_weights(concepts: tuple[Concept, ...]) -> list[float]:
    return [concept.weight * topicality(concept) for concept in concepts]
