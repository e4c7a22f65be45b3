"""The passage index: BM25 (rank-bm25's BM25Okapi, exactly) and TF-IDF (scikit-learn's weighting).

Passages live in segments, each a small inverted index (term → rows and term
counts). An :class:`Index` is an immutable snapshot over some segments plus
the corpus statistics (document count, lengths, document frequencies) that
BM25 and TF-IDF weights are computed from at query time. Changing a posting
makes a new snapshot that adds one small segment and masks the posting's old
rows; nothing else is re-tokenized. Readers keep the snapshot they started
with, so an answer in flight never sees half an update.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from assistant import english, tokens
from assistant.model import Chunk

K1, B, EPSILON = 1.5, 0.75, 0.25  # rank-bm25's BM25Okapi defaults
# Term hits a snapshot keeps once computed (counted in rows): the same words come back question after
# question, and a snapshot never changes, so its weights never go stale.
HITS_CACHE_ROWS = 1_000_000
MEMO_ENTRIES = 50_000  # other per-snapshot values remembered (see Index.remembered) ...
MEMO_CELLS = 4_000_000  # ... and the array cells they may hold between them (32 MB of float64)
SEGMENT_MEMO_ENTRIES = 20_000  # per segment: the lexicon phrases looked for in it (see Segment.remembered)


def chunk_words(chunk: Chunk) -> tuple[list[str], list[str], list[str]]:
    """The folded words of a chunk's heading (section, subsection), question and text, each read once."""
    return field_words(chunk.section, chunk.subsection, chunk.question, chunk.text)


def field_words(section: str, subsection: str | None, question: str | None,
                text: str) -> tuple[list[str], list[str], list[str]]:
    """The folded words of a heading (section, subsection), a question and a text."""
    heading = " ".join(part for part in (section, subsection) if part)
    return tokens.words(heading), tokens.words(question or ""), tokens.words(text)


def field_terms(words: tuple[list[str], list[str], list[str]]) -> tuple[list[str], list[str]]:
    """(heading field, body) terms from chunk_words: the body is the heading field and the text."""
    heading, question, text = words
    heading_field = [tokens.stem(word) for word in heading + question]
    return heading_field, heading_field + [tokens.stem(word) for word in text]


def passage_terms(chunk: Chunk) -> list[str]:
    """What is indexed for a chunk: its heading and question give context to its words."""
    return field_terms(chunk_words(chunk))[1]


def heading_terms(chunk: Chunk) -> list[str]:
    """The heading field of a chunk (section, subsection, FAQ question): what the passage is an answer to."""
    return field_terms(chunk_words(chunk))[0]


def block_numbers(chunks) -> np.ndarray:
    """A number per row, shared by the pieces of one block and different for every other block."""
    return _run_numbers(chunks, lambda chunk: (chunk.posting, chunk.position if chunk.block is None else -1 - chunk.block))


def question_mass(chunks) -> np.ndarray:
    """How much each row's FAQ question says: the informativeness of its topic words, summed (0 without one)."""
    return np.fromiter((_topic_mass(chunk.question) if chunk.question else 0.0 for chunk in chunks),
                       dtype=np.float64, count=len(chunks))


@lru_cache(maxsize=65_536)
def _topic_mass(text: str) -> float:  # postings share many FAQ questions: each is read once
    return sum(english.informativeness(word) for word in tokens.words(text) if not tokens.is_stop_word(word))


def faq_rows(chunks) -> np.ndarray:
    """Whether each row answers an FAQ question (its heading field holds the question, not only a section name)."""
    return np.fromiter((chunk.question is not None for chunk in chunks), dtype=bool, count=len(chunks))


def heading_numbers(chunks) -> np.ndarray:
    """A number per row, shared by the rows that stand under one heading (section, subsection, FAQ question)."""
    return _run_numbers(chunks, lambda chunk: (chunk.posting, chunk.section, chunk.subsection, chunk.question))


def _run_numbers(chunks, key) -> np.ndarray:
    """A number per row, the same for consecutive rows whose chunks share ``key``, one more at each change."""
    numbers, previous = np.empty(len(chunks), dtype=np.int32), None
    number = -1
    for row, chunk in enumerate(chunks):
        current = key(chunk)
        if current != previous:
            number, previous = number + 1, current
        numbers[row] = number
    return numbers


def row_ranges(chunks) -> dict[str, tuple[int, int]]:
    """Each posting's row range in chunks grouped by posting."""
    ranges: dict[str, tuple[int, int]] = {}
    for row, chunk in enumerate(chunks):
        start, _ = ranges.get(chunk.posting, (row, row))
        ranges[chunk.posting] = (start, row + 1)
    return ranges


class Vocabulary:
    """Term → id, only ever appended to, so every snapshot can share it."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.surface: dict[str, str] = {}  # folded word → its term, for spelling correction

    def add(self, term: str) -> int:
        """The id of a term, allocating one when it is new."""
        found = self.ids.get(term)
        if found is None:
            found = self.ids[term] = len(self.ids)
        return found

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(frozen=True)
class Segment:
    """An inverted index over some postings' chunks, rows in chunk order."""

    chunks: tuple[Chunk, ...]
    doc_len: np.ndarray  # float64, one per row
    rows: np.ndarray  # int32, rows of each term, grouped by term and sorted
    counts: np.ndarray  # float64, term count in that row
    spans: dict[int, tuple[int, int]]  # term id → slice of rows/counts
    postings: dict[str, tuple[int, int]]  # posting id → its row range
    term_df: dict[int, int] = field(default_factory=dict)
    heading: "Postings | None" = None  # the heading field (BM25F-style), its own inverted index
    blocks: np.ndarray | None = None  # block_numbers of the rows
    headings: np.ndarray | None = None  # heading_numbers of the rows
    faq: np.ndarray | None = None  # faq_rows of the rows
    question_mass: np.ndarray | None = None  # question_mass of the rows
    # what depends on this segment's text alone, worked out once for every snapshot that shares it
    _memo: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def remembered(self, key, compute):
        """The value for ``key``, computed once for this segment (its text never changes)."""
        try:
            return self._memo[key]
        except KeyError:
            pass
        if len(self._memo) >= SEGMENT_MEMO_ENTRIES:
            self._memo.clear()
        value = self._memo[key] = compute()
        return value

    def term_rows(self, term: int, start: int, end: int) -> np.ndarray:
        """The rows of a row range holding a term, dead rows included."""
        span = self.spans.get(term)
        if span is None:
            return np.zeros(0, dtype=self.rows.dtype)
        rows = self.rows[span[0] : span[1]]
        lo, hi = np.searchsorted(rows, [start, end])
        return rows[lo:hi]

    @classmethod
    def build(cls, chunks: list[Chunk], vocabulary: Vocabulary) -> "Segment":
        """Tokenize chunks (grouped by posting) into a segment, each chunk read once."""
        heading_bags, body_bags = [], []
        for chunk in chunks:
            words = chunk_words(chunk)
            for word in words[1] + words[2]:  # question and text: what spelling correction may offer
                vocabulary.surface.setdefault(word, tokens.stem(word))
            heading_field, body = field_terms(words)
            heading_bags.append(heading_field)
            body_bags.append(body)
        body = Postings.build(body_bags, vocabulary)
        heading = Postings.build(heading_bags, vocabulary)
        return cls(tuple(chunks), body.doc_len, body.rows, body.counts, body.spans, row_ranges(chunks),
                   body.term_df, heading, block_numbers(chunks), heading_numbers(chunks),
                   faq_rows(chunks), question_mass(chunks))


@dataclass(frozen=True)
class Postings:
    """An inverted index of one field: term → sorted rows and counts, and each row's length."""

    doc_len: np.ndarray
    rows: np.ndarray
    counts: np.ndarray
    spans: dict[int, tuple[int, int]]
    term_df: dict[int, int]

    @classmethod
    def build(cls, bags: list[list[str]], vocabulary: Vocabulary) -> "Postings":
        """The inverted index of one term list per row."""
        term_ids, row_ids, counts, doc_len = [], [], [], []
        for row, row_terms in enumerate(bags):
            bag = Counter(row_terms)
            doc_len.append(sum(bag.values()))
            for term, count in bag.items():
                term_ids.append(vocabulary.add(term))
                row_ids.append(row)
                counts.append(count)
        return cls.from_triples(np.asarray(term_ids, dtype=np.int64), np.asarray(row_ids, dtype=np.int32),
                                np.asarray(counts, dtype=np.float64), np.asarray(doc_len, dtype=np.float64))

    @classmethod
    def from_triples(cls, term_arr: np.ndarray, row_arr: np.ndarray, count_arr: np.ndarray,
                     doc_len: np.ndarray) -> "Postings":
        """The inverted index of (term, row, count) triples in any order."""
        order = np.lexsort((row_arr, term_arr))
        term_arr, row_arr, count_arr = term_arr[order], row_arr[order], count_arr[order]
        boundaries = np.flatnonzero(np.diff(term_arr)) + 1 if len(term_arr) else np.array([], dtype=np.int64)
        starts = np.concatenate(([0], boundaries)) if len(term_arr) else np.array([], dtype=np.int64)
        ends = np.concatenate((boundaries, [len(term_arr)])) if len(term_arr) else np.array([], dtype=np.int64)
        spans = {int(term_arr[s]): (int(s), int(e)) for s, e in zip(starts, ends)}
        term_df = {term: end - start for term, (start, end) in spans.items()}
        return cls(doc_len, row_arr, count_arr, spans, term_df)

    def triples(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(term, row, count) arrays of every entry, the inverse of from_triples."""
        terms = np.fromiter(self.spans, dtype=np.int64, count=len(self.spans))
        lengths = np.fromiter((end - start for start, end in self.spans.values()), dtype=np.int64,
                              count=len(self.spans))
        return np.repeat(terms, lengths), self.rows, self.counts

    @classmethod
    def merged(cls, parts: list[tuple["Postings", np.ndarray]]) -> "Postings":
        """The live rows of several indexes, one after another, as one index (nothing re-tokenized)."""
        terms, rows, counts, lengths, offset = [], [], [], [], 0
        for postings, alive in parts:
            renumber = np.cumsum(alive) - 1 + offset
            term_of, row_of, count_of = postings.triples()
            keep = alive[row_of]
            terms.append(term_of[keep])
            rows.append(renumber[row_of[keep]].astype(np.int32))
            counts.append(count_of[keep])
            lengths.append(postings.doc_len[alive])
            offset += int(alive.sum())
        return cls.from_triples(np.concatenate(terms), np.concatenate(rows), np.concatenate(counts),
                                np.concatenate(lengths))


@dataclass(frozen=True)
class TermHits:
    """One term's rows in one segment range and its BM25 and TF-IDF weight in each."""

    rows: np.ndarray
    bm25: np.ndarray
    tfidf: np.ndarray
    heading: np.ndarray | None = None  # BM25 of the term in the rows' heading field, 0 where absent


class Index:
    """An immutable snapshot: segments, which of their rows are live, and the corpus statistics."""

    def __init__(self, vocabulary: Vocabulary, segments: tuple[Segment, ...], live: tuple[np.ndarray, ...],
                 df: np.ndarray, norms: tuple[np.ndarray | None, ...], heading_df: np.ndarray | None = None) -> None:
        self.vocabulary = vocabulary
        self.segments = segments
        self.live = live
        self.df = df
        self.heading_df = np.zeros_like(df) if heading_df is None else heading_df
        self.locations: dict[str, tuple[int, int, int]] = {}
        for number, (segment, alive) in enumerate(zip(segments, live)):
            for posting, (start, end) in segment.postings.items():
                if alive[start]:
                    self.locations[posting] = (number, start, end)
        self.n_docs = int(sum(int(alive.sum()) for alive in live))
        self.total_len = float(sum(float(s.doc_len[a].sum()) for s, a in zip(segments, live)))
        self.avgdl = self.total_len / self.n_docs if self.n_docs else 0.0
        self.bm25_idf = _bm25_idf(df, self.n_docs)
        # scikit-learn TfidfTransformer(smooth_idf=True): ln((1 + n) / (1 + df)) + 1
        self.tfidf_idf = np.log((1 + self.n_docs) / (1 + df)) + 1.0
        self.unknown_idf = math.log(1 + self.n_docs) + 1.0
        heading_len = float(sum(float(s.heading.doc_len[a].sum()) for s, a in zip(segments, live) if s.heading))
        self.heading_avgdl = heading_len / self.n_docs if self.n_docs else 0.0
        self.heading_idf = _bm25_idf(self.heading_df, self.n_docs)
        # A segment's TF-IDF norms use the idf of the snapshot it joined; compaction makes them exact.
        self.norms = tuple(n if n is not None else _tfidf_norms(s, self.tfidf_idf) for s, n in zip(segments, norms))
        self._hits: dict[tuple[int, int, int, int], TermHits | None] = {}
        self._hits_rows = 0
        self._memo: dict = {}
        self._memo_cells = 0

    @classmethod
    def build(cls, chunks: list[Chunk], vocabulary: Vocabulary | None = None) -> "Index":
        """An index over these chunks in one segment."""
        vocabulary = Vocabulary() if vocabulary is None else vocabulary
        segment = Segment.build(list(chunks), vocabulary)
        df = np.zeros(len(vocabulary), dtype=np.float64)
        heading_df = np.zeros(len(vocabulary), dtype=np.float64)
        for term, count in segment.term_df.items():
            df[term] = count
        for term, count in segment.heading.term_df.items():
            heading_df[term] = count
        return cls(vocabulary, (segment,), (np.ones(len(segment.chunks), dtype=bool),), df, (None,), heading_df)

    def replace(self, posting_ids: set[str], chunks: list[Chunk]) -> "Index":
        """A new snapshot where these postings are masked out and the given chunks added.

        Only the changed postings are tokenized: their old passages to take
        their terms out of the document frequencies, the new ones to index.
        """
        live = list(self.live)
        df, heading_df = _grown(self.df, len(self.vocabulary)), _grown(self.heading_df, len(self.vocabulary))
        for posting in posting_ids & set(self.locations):
            number, start, end = self.locations[posting]
            live[number] = live[number].copy()
            live[number][start:end] = False
            for chunk in self.segments[number].chunks[start:end]:
                for term in set(passage_terms(chunk)):
                    df[self.vocabulary.ids[term]] -= 1
                for term in set(heading_terms(chunk)):
                    heading_df[self.vocabulary.ids[term]] -= 1
        segments, norms = list(self.segments), list(self.norms)
        if chunks:
            segment = Segment.build(chunks, self.vocabulary)
            df, heading_df = _grown(df, len(self.vocabulary)), _grown(heading_df, len(self.vocabulary))
            for term, count in segment.term_df.items():
                df[term] += count
            for term, count in segment.heading.term_df.items():
                heading_df[term] += count
            segments.append(segment)
            live.append(np.ones(len(segment.chunks), dtype=bool))
            norms.append(None)
        kept = [i for i, alive in enumerate(live) if alive.any()]
        return Index(self.vocabulary, tuple(segments[i] for i in kept), tuple(live[i] for i in kept),
                     df, tuple(norms[i] for i in kept), heading_df)

    @property
    def segment_count(self) -> int:
        """How many segments this snapshot reads; compaction keeps it small."""
        return len(self.segments)

    def compacted(self) -> "Index":
        """The same live chunks in a single segment with exact statistics; nothing is re-tokenized."""
        parts = list(zip(self.segments, self.live))
        chunks = [chunk for segment, alive in parts for chunk, keep in zip(segment.chunks, alive) if keep]
        body = Postings.merged([(_body_of(segment), alive) for segment, alive in parts])
        heading = Postings.merged([(segment.heading, alive) for segment, alive in parts])
        segment = Segment(tuple(chunks), body.doc_len, body.rows, body.counts, body.spans, row_ranges(chunks),
                          body.term_df, heading, block_numbers(chunks), heading_numbers(chunks),
                          faq_rows(chunks), question_mass(chunks))
        df, heading_df = _df_of(body, len(self.vocabulary)), _df_of(heading, len(self.vocabulary))
        return Index(self.vocabulary, (segment,), (np.ones(len(chunks), dtype=bool),), df, (None,), heading_df)

    def term_id(self, term: str) -> int | None:
        """The id of a term that some live passage holds, else None."""
        found = self.vocabulary.ids.get(term)
        return found if found is not None and found < len(self.df) and self.df[found] > 0 else None

    def ranges(self, postings: list[str] | None) -> list[tuple[int, int, int]]:
        """Segment row ranges to search: every live row, or those of the given postings."""
        if postings is None:
            return [(number, 0, len(segment.chunks)) for number, segment in enumerate(self.segments)]
        return [self.locations[p] for p in postings if p in self.locations]

    def remembered(self, key, compute, cells=None):
        """The value for ``key`` computed once per snapshot (a snapshot never changes, so it never goes
        stale); ``cells(value)`` is how many array cells it holds, counted against the memory kept."""
        try:
            return self._memo[key]
        except KeyError:
            pass
        value = compute()
        cells = cells(value) if cells is not None else 0
        if len(self._memo) >= MEMO_ENTRIES or self._memo_cells + cells > MEMO_CELLS:
            self._memo, self._memo_cells = {}, 0
        self._memo[key] = value
        self._memo_cells += cells
        return value

    def hits(self, term: int, segment_number: int, start: int, end: int) -> TermHits | None:
        """Where a term occurs in a row range, with its BM25 and TF-IDF weight there."""
        key = (term, segment_number, start, end)
        try:
            return self._hits[key]
        except KeyError:
            pass
        found = self._term_hits(term, segment_number, start, end)
        for shared in () if found is None else (found.rows, found.bm25, found.tfidf, found.heading):
            shared.flags.writeable = False  # every later question reads these very arrays
        size = 1 if found is None else found.rows.size
        if self._hits_rows + size > HITS_CACHE_ROWS:
            self._hits, self._hits_rows = {}, 0
        self._hits[key] = found
        self._hits_rows += size
        return found

    def _term_hits(self, term: int, segment_number: int, start: int, end: int) -> TermHits | None:
        segment = self.segments[segment_number]
        span = segment.spans.get(term)
        if span is None:
            return None
        rows = segment.rows[span[0] : span[1]]
        if start > 0 or end < len(segment.chunks):
            lo, hi = np.searchsorted(rows, [start, end])
            rows, counts = rows[lo:hi], segment.counts[span[0] + lo : span[0] + hi]
        else:
            counts = segment.counts[span[0] : span[1]]
        if rows.size == 0:
            return None
        alive = self.live[segment_number][rows]
        if not alive.all():
            rows, counts = rows[alive], counts[alive]
        dl = segment.doc_len[rows]
        bm25 = self.bm25_idf[term] * (counts * (K1 + 1) / (counts + K1 * (1 - B + B * dl / self.avgdl)))
        tfidf = (1.0 + np.log(counts)) * self.tfidf_idf[term] / self.norms[segment_number][rows]
        return TermHits(rows, bm25, tfidf, self._heading_bm25(term, segment, rows))

    def _heading_bm25(self, term: int, segment: Segment, rows: np.ndarray) -> np.ndarray:
        """BM25 of a term in the heading field of these rows (rows where the body has the term)."""
        out = np.zeros(rows.size)
        span = segment.heading.spans.get(term) if segment.heading else None
        if span is None:
            return out
        field_rows = segment.heading.rows[span[0] : span[1]]
        at = np.minimum(np.searchsorted(field_rows, rows), field_rows.size - 1)
        holds = field_rows[at] == rows
        counts = segment.heading.counts[span[0] + at[holds]]
        dl = segment.heading.doc_len[rows[holds]]
        saturation = counts * (K1 + 1) / (counts + K1 * (1 - B + B * dl / self.heading_avgdl))
        out[holds] = self.heading_idf[term] * saturation
        return out

    def chunk(self, segment_number: int, row: int) -> Chunk:
        """The chunk at a row of a segment."""
        return self.segments[segment_number].chunks[row]

    def chunks_of(self, posting: str) -> list[Chunk]:
        """A posting's live chunks in order."""
        location = self.locations.get(posting)
        if location is None:
            return []
        number, start, end = location
        return list(self.segments[number].chunks[start:end])


def _grown(values: np.ndarray, size: int) -> np.ndarray:
    """A copy of a per-term array, zero-padded to the vocabulary's current size."""
    out = np.zeros(size, dtype=np.float64)
    out[: len(values)] = values
    return out


def _body_of(segment: Segment) -> Postings:
    """A segment's body field as an inverted index."""
    return Postings(segment.doc_len, segment.rows, segment.counts, segment.spans, segment.term_df)


def _df_of(postings: Postings, size: int) -> np.ndarray:
    """Document frequencies of an index's terms, as an array over the vocabulary."""
    df = np.zeros(size, dtype=np.float64)
    for term, count in postings.term_df.items():
        df[term] = count
    return df


def _tfidf_norms(segment: Segment, idf: np.ndarray) -> np.ndarray:
    """Each row's TF-IDF vector length (sublinear tf), as scikit-learn's l2 norm divides by."""
    if not segment.spans:
        return np.ones(len(segment.chunks))
    term_of = np.repeat(np.fromiter(segment.spans, dtype=np.int64, count=len(segment.spans)),
                        [end - start for start, end in segment.spans.values()])
    # spans tile rows/counts in term order, so term_of lines up with them
    weights = (1.0 + np.log(segment.counts)) * idf[term_of]
    squares = np.bincount(segment.rows, weights=weights * weights, minlength=len(segment.chunks))
    squares[squares == 0] = 1.0
    return np.sqrt(squares)


def _bm25_idf(df: np.ndarray, n_docs: int) -> np.ndarray:
    """rank-bm25's BM25Okapi idf: log((N - df + .5) / (df + .5)), negatives floored at ε·mean."""
    present = df > 0
    idf = np.zeros_like(df)
    if not present.any():
        return idf
    raw = np.log(n_docs - df[present] + 0.5) - np.log(df[present] + 0.5)
    floor = EPSILON * (raw.sum() / present.sum())
    idf[present] = np.where(raw < 0, floor, raw)
    return idf
