"""Typo tolerance: character n-gram TF-IDF (scikit-learn) over the words the corpus and lexicon know.

``postgress`` → ``postgres``, ``javascrpt`` → ``javascript``, ``experiance`` →
``experience``: a question word nobody wrote is compared by its character
1–3-grams to every known word; of the closest few, the one fewest edits away
(insertions, deletions, substitutions, swaps of neighbours) replaces it when
the edits are few for the word's length.
"""

from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

MIN_LENGTH = 4  # shorter words are too ambiguous to correct ("js", "go", "cv")
MIN_SIMILARITY = 0.3  # n-gram cosine a candidate needs before its edits are counted
CANDIDATES = 32


def max_edits(word: str) -> int:
    """Edits allowed for a word: one up to 7 letters, two from 8."""
    return 1 if len(word) < 8 else 2


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a swap of neighbours is one edit), capped at limit + 1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


MAX_PARTS = 4
MAX_REMEMBERED = 50_000  # corrections kept until the known words change


NGRAMS = (1, 3)


class _Part:
    """Character n-gram TF-IDF vectors of some known words (scikit-learn), read column-wise."""

    def __init__(self, words: list[str]) -> None:
        vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=NGRAMS, sublinear_tf=True)
        self.matrix = vectorizer.fit_transform(words).tocsc()
        self.vocabulary = vectorizer.vocabulary_
        self.idf = vectorizer.idf_
        self.words = words
        self.vectorizer = vectorizer

    def similarities(self, word: str) -> np.ndarray | None:
        """Cosine of a word's n-gram vector with every known word's; what ``transform`` gives, without its overhead."""
        counts: dict[int, int] = {}
        for gram in char_wb_ngrams(word):
            column = self.vocabulary.get(gram)
            if column is not None:
                counts[column] = counts.get(column, 0) + 1
        if not counts:
            return None
        columns = np.fromiter(counts, dtype=np.int64, count=len(counts))
        weights = (1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64, count=len(counts)))) * self.idf[columns]
        weights /= np.linalg.norm(weights)
        return self.matrix[:, columns] @ weights


def char_wb_ngrams(word: str) -> list[str]:
    """scikit-learn's ``char_wb`` n-grams of one lowercase word, padded with a space each side."""
    padded = f" {word} "
    grams = []
    for n in range(NGRAMS[0], NGRAMS[1] + 1):
        grams.extend(padded[start : start + n] for start in range(max(1, len(padded) - n + 1)))
        if len(padded) <= n:
            break
    return grams


def _part(words: list[str]) -> _Part:
    """Character n-gram vectors of some known words."""
    return _Part(words)


def _best(scores: np.ndarray, count: int) -> np.ndarray:
    """Indices of the ``count`` highest scores, highest first."""
    if scores.size > count:
        keep = np.argpartition(-scores, count)[:count]
        return keep[np.argsort(-scores[keep], kind="stable")]
    return np.argsort(-scores, kind="stable")


class Speller:
    """Finds the known word closest to a misspelt one."""

    def __init__(self, min_similarity: float = MIN_SIMILARITY) -> None:
        if not 0 < min_similarity <= 1:
            raise ValueError(f"min_similarity must be in (0, 1], got {min_similarity}")
        self.min_similarity = min_similarity
        self._parts: list[_Part] = []
        self._known: set[str] = set()
        self._corrections: dict[str, tuple[str, int] | None] = {}  # words corrected since the words last changed

    def fit(self, known_words) -> "Speller":
        """Learn the known words (replacing any learnt before); returns self."""
        self._parts, self._known = [], set()
        return self.extend(known_words)

    def extend(self, new_words) -> "Speller":
        """Add words without refitting the ones already known; returns self.

        New words make a small part of their own; once there are MAX_PARTS,
        all known words are refitted into one, so a correction keeps costing
        one lookup however many updates came. The parts list is replaced in
        one assignment, so a correction running meanwhile reads a whole list.
        """
        fresh = sorted({w for w in new_words if len(w) >= MIN_LENGTH and w.isalpha()} - self._known)
        if not fresh:
            return self
        known = self._known | set(fresh)
        if len(self._parts) + 1 >= MAX_PARTS:
            parts = [_part(sorted(known))]
        else:
            parts = [*self._parts, _part(fresh)]
        self._parts, self._known = parts, known
        self._corrections = {}  # after the parts: a correction that read this dict read these parts
        return self

    def __contains__(self, word: str) -> bool:
        return word in self._known

    def correct(self, word: str) -> tuple[str, int] | None:
        """The closest known word and its edit distance, or None when nothing is close enough.

        The same slips come back ("experiance", "benifits"), so each is worked out once
        until the known words change.
        """
        remembered = self._corrections
        if word in remembered:
            return remembered[word]
        found = self._closest(word)
        if len(remembered) >= MAX_REMEMBERED:
            remembered.clear()
        remembered[word] = found
        return found

    def _closest(self, word: str) -> tuple[str, int] | None:
        if len(word) < MIN_LENGTH or not word.isalpha() or not self._parts:
            return None
        limit = max_edits(word)
        best: tuple[int, bool, float, str] | None = None  # (edits, first letter changed, -similarity, word): best first
        for part in self._parts:
            similarities = part.similarities(word)
            if similarities is None:
                continue
            known = part.words
            for top in _best(similarities, CANDIDATES):
                if similarities[top] < self.min_similarity:
                    break
                edits = edit_distance(word, known[top], limit)
                # a slip seldom changes the first letter: "dsign" is "design", not "sign"
                candidate = (edits, known[top][0] != word[0], -float(similarities[top]), known[top])
                if edits <= limit and (best is None or candidate < best):
                    best = candidate
        return (best[3], best[0]) if best else None
