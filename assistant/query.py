"""Reading a question: its words become concepts, each with the index terms that may express it.

A concept is one thing the candidate asked about ("degree", "ruby on rails",
"back end"), with alternatives from the lexicon (``ror`` → ``ruby on rails``,
``rails``), from compounds (``code base`` → ``codebase``) and from spelling
correction (``experiance`` → ``experience``). Retrieval scores a passage by
the best alternative of each concept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Callable

from assistant import english, tokens
from assistant.lexicon import Lexicon
from assistant.spelling import Speller, edit_distance


@dataclass(frozen=True)
class Concept:
    """One thing asked about: alternatives are tuples of index terms, any one of which expresses it."""

    label: str
    alternatives: tuple[tuple[str, ...], ...]
    weight: float = 1.0
    named: bool = False  # a named technology: only a passage naming it answers
    # the alternatives of the word right before it, as in "dress code": a passage with
    # "code" but not "dress" is about another code
    modifier: tuple[tuple[str, ...], ...] | None = None
    # the thesaurus's synonyms of a plain word ("critique" for "review"): weaker evidence than its own words
    related: tuple[tuple[str, ...], ...] = ()
    # held by the scope itself (the job a question names by its title): every passage there counts as holding it
    given: bool = False


@dataclass(frozen=True)
class Query:
    """A question read into concepts; ``corrections`` maps misspelt words to what was understood."""

    text: str
    concepts: tuple[Concept, ...]
    corrections: tuple[tuple[str, str], ...] = ()
    wants_number: bool = False  # "how many years", "minimum": the answer is a figure
    needs_figure: bool = False  # "how many developers", "which version": only a figure answers
    needs_place: bool = False  # "where is the job located?": only a passage naming a place answers
    needs_technology: bool = False  # "what cloud do you use?": only a passage naming a technology answers

    def with_context(self, earlier: "Query", weight: float, resolved: str | None = None,
                     replaced: str | None = None) -> "Query":
        """This query plus an earlier turn's concepts at a lower weight (for follow-ups).

        ``resolved`` names the earlier concept a pronoun stands for: it keeps its full
        weight. ``replaced`` names one the new question swaps out ("what about Rails?").
        """
        mine = {concept.alternatives for concept in self.concepts}
        added = tuple(
            replace(c, weight=c.weight * (1.0 if c.label == resolved else weight))
            for c in earlier.concepts
            if c.alternatives not in mine and c.label != replaced
        )
        return replace(self, concepts=self.concepts + added)

    def without(self, terms: frozenset[str]) -> "Query":
        """This query less the concepts whose words are all among ``terms`` (a job's title, once the
        question's scope is that job)."""
        return replace(self, concepts=tuple(c for c in self.concepts if not _among(c, terms)))

    def scoped_to(self, terms: frozenset[str], weight: float) -> "Query":
        """This query once its scope is the job whose title ``terms`` name: the concepts whose words are
        all among them are context (counting at ``weight``) that every passage there holds, so that
        "platform engineer salary?" is answered by the Salary line, not by a passage naming the job."""
        return replace(self, concepts=tuple(replace(c, weight=c.weight * weight, given=True) if _among(c, terms) else c
                                            for c in self.concepts))

    def of_the_candidate(self, weight: float) -> "Query":
        """This query read as what the candidate has ("with 4 yrs of python?"): a technology or a figure
        it names is theirs, so no passage must hold it and it counts at ``weight``, unless that is all
        the query says."""
        theirs = [concept.named or concept.label.isdigit() for concept in self.concepts]
        if all(theirs):
            return self.unnamed()
        return replace(self, concepts=tuple(replace(c, named=False, weight=c.weight * weight) if mine else c
                                            for c, mine in zip(self.concepts, theirs)))

    def unnamed(self) -> "Query":
        """This query with no concept counting as a named technology the passage must hold."""
        return replace(self, concepts=tuple(replace(c, named=False) for c in self.concepts))


def _among(concept: Concept, terms: frozenset[str]) -> bool:
    """Whether a concept's words are all among some terms (one of function words only, "get to be", is not)."""
    words = tokens.content_terms(concept.label)
    return bool(words) and words <= terms


class QueryReader:
    """Turns question text into a :class:`Query` using the lexicon, the speller and the known terms."""

    def __init__(self, lexicon: Lexicon, speller: Speller, known_term: Callable[[str], bool]) -> None:
        self.lexicon = lexicon
        self.speller = speller
        self.known_term = known_term
        self._words: dict[str, str] = {}  # each word as read (corrected or kept); the known terms do not change
        self._phrases: dict[tuple, Concept | None] = {}  # concepts of the lexicon phrases and words seen

    def read(self, text: str) -> Query:
        """The concepts of a question, stop words dropped."""
        expanded = self.lexicon.expand_acronyms(text)
        question_words, corrections = self._corrected(tokens.words(expanded))
        placed: list[tuple[int, int, Concept]] = []
        covered: set[int] = set()
        for match in self.lexicon.find(question_words):
            concept = self._phrase_concept(tuple(question_words[match.start : match.end]), match.alternatives)
            if concept is None:
                continue  # a group of function words only says nothing; "get to be" (become) does
            covered.update(range(match.start, match.end))
            placed.append((match.start, match.end, concept))
        placed.extend(self._plain_concepts(question_words, covered))
        if all(frame_only(concept.label) for _, _, concept in placed):
            # "go?", "and C?", "is go required?": a technology whose name is also a function word, when
            # nothing else is asked
            placed += [(at, at + 1, self._word_concept(word)) for at, word in enumerate(question_words)
                       if at not in covered and self.lexicon.is_named([(word,)])][:1]
        concepts = _with_modifiers(sorted(placed, key=lambda p: p[0]), _clause_starts(expanded, len(question_words)))
        joined = " ".join(question_words)
        return Query(text, _unique(concepts), tuple(corrections), _NUMBER_CUE.search(joined) is not None,
                     _FIGURE_CUES.search(joined) is not None, asks_for_place(joined),
                     _TECHNOLOGY_CUES.search(joined) is not None)

    def _corrected(self, question_words: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
        """Replace words neither the corpus nor the lexicon knows by their closest known word."""
        out, corrections = [], []
        remembered = self._words
        for word in question_words:
            read = remembered.get(word)
            if read is None:
                read = self._read_word(word)
                if len(remembered) >= MAX_REMEMBERED_WORDS:
                    remembered.clear()
                remembered[word] = read
            if read != word:
                corrections.append((word, read))
            out.append(read)
        return out, corrections

    def _read_word(self, word: str) -> str:
        """A word as understood: itself when known or plausible, else a filler or known word it slips from."""
        if tokens.is_stop_word(word) or (word,) in self.lexicon.entries or (word,) in self.lexicon.named:
            return word
        term = tokens.stem(word)
        if self.known_term(term):
            # a slip may stem like a known word of another meaning: "employes" (employees) like "employer"
            if english.looks_misspelt(word) and word not in self.speller:
                found = self.speller.correct(word)
                if found is not None and tokens.stem(found[0]) != term:
                    return found[0]
            return word
        filler = _misspelt_filler(word)
        if filler:  # "kno", "ned", "wat": a short slip of a word that says nothing
            return filler
        if not english.looks_misspelt(word):
            return word
        found = self.speller.correct(word)
        return found[0] if found is not None else word

    def _phrase_concept(self, span: tuple[str, ...], alternatives: tuple[tuple[str, ...], ...]) -> Concept | None:
        """The concept of a lexicon phrase found in a question (None for a group of function words only)."""
        key = (span, alternatives)
        if key not in self._phrases:
            if all(tokens.is_stop_word(word) for phrase in alternatives for word in phrase):
                concept = None
            else:
                exact = self.lexicon.exact
                concept = Concept(" ".join(span), tuple(_lexicon_alternative(a, a in exact) for a in alternatives),
                                  named=self.lexicon.is_named([span, *alternatives]))
            if len(self._phrases) >= MAX_REMEMBERED_WORDS:
                self._phrases.clear()
            self._phrases[key] = concept
        return self._phrases[key]

    def _word_concept(self, word: str) -> Concept:
        """The concept of a single question word."""
        concept = self._phrases.get((word,))
        if concept is None:
            named = self.lexicon.is_named([(word,)])
            concept = Concept(word, ((tokens.stem(word),),), named=named, related=() if named else self._synonyms(word))
            if len(self._phrases) >= MAX_REMEMBERED_WORDS:
                self._phrases.clear()
            self._phrases[(word,)] = concept
        return concept

    def _synonyms(self, word: str) -> tuple[tuple[str, ...], ...]:
        """The thesaurus's synonyms of a plain word that some passage holds ("critique" finds "review")."""
        own = tokens.stem(word)
        found: list[tuple[str, ...]] = []
        for synonym in self.lexicon.related(word):
            term = tokens.stem(synonym)
            # a technology counts only where the candidate names it ("bum" is not Git)
            if term != own and (term,) not in found and not tokens.is_stop_word(synonym) and self.known_term(term) \
                    and not self.lexicon.is_named([(synonym,)]):
                found.append((term,))
        return tuple(found)

    def _plain_concepts(self, question_words: list[str], covered: set[int]) -> list[tuple[int, int, Concept]]:
        """Concepts (with their word span) for the words no lexicon phrase took, joining compounds."""
        concepts: list[tuple[int, int, Concept]] = []
        position = 0
        while position < len(question_words):
            word = question_words[position]
            if position in covered or tokens.is_stop_word(word):
                position += 1
                continue
            parts = _compound_parts(question_words, position)
            if parts:  # "high-quality" arrives as highquality, high, quality
                alternatives = ((tokens.stem(word),), _alternative(parts))
                # labelled by its parts, weighed as a phrase is: "handson" is a word English has never seen
                concepts.append((position, position + 1 + len(parts), Concept(" ".join(parts), alternatives)))
                position += 1 + len(parts)
                continue
            following = question_words[position + 1] if position + 1 < len(question_words) else None
            if following and not tokens.is_stop_word(following) and position + 1 not in covered:
                joined = tokens.stem(word + following)
                if self.known_term(joined):  # "code base" where the posting says "codebase"
                    concept = Concept(f"{word} {following}", ((joined,), _alternative((word, following))))
                    concepts.append((position, position + 2, concept))
                    position += 2
                    continue
            concepts.append((position, position + 1, self._word_concept(word)))
            position += 1
        return concepts


# Questions that only a figure answers: a passage without one does not, however close
_FIGURE_CUES = re.compile(r"\b(how many|versions?(?! control)|how old|number of|how big|how large|what size)\b")
# Questions that only a place answers ("where is the job located?", "location?", "what city?"); not
# "does the salary depend on location?", which a passage about pay answers.
_PLACE_CUES = re.compile(r"\bwhere (?:is|are|s|r) (?:the |this |that |your |you |u |it )?(?:job|role|position|office|"
                         r"offices|team|company|it|you|u|located|based|work)\b"
                         r"|\bwhere (?:would|will|do|does|should) (?:i|you|we|the team|it) (?:be )?(?:work|working|based|"
                         r"located|sit|sitting)\b"
                         r"|\b(?:what|which|whats) (?:is )?(?:the |its |your )?(?:job |role |office |work )?"
                         r"(?:location|city|country|town)\b"
                         r"|^(?:job |role |office |work )?location$"
                         r"|^(?:and |so |ok |okay )?where(?: then| exactly| though| tho| at)?$")  # "where?", "and where?"
_PLACE_HINTS = ("where", "locat", "city", "country", "town")  # one of which every place cue holds: a quick test
# Questions that only a named technology answers: "what cloud do you use?", "which database?"; not
# "do you use docker?", which a passage about Docker answers whatever it names.
_TECHNOLOGY_CUES = re.compile(r"\b(?:what|which|whats)\s+(?:is |are )?(?:the |your |ur )?(?:kind of |sort of |type of )?"
                              r"(?:cloud|cloud provider|database|databases|db|dbs|programming language|programming languages|"
                              r"framework|frameworks|stack|tech stack|tools|tooling|editor|ide|os|operating system|"
                              r"message queue|queue|orm|test framework|ci|ci cd)\b")
_NUMBER_CUES = ("how many", "how much", "how long", "how often", "how old", "minimum", "maximum", "min", "max",
                "at least", "number of", "amount of")
_NUMBER_CUE = re.compile(r"(?<!\S)(?:" + "|".join(map(re.escape, _NUMBER_CUES)) + r")(?!\S)")  # whole words


@lru_cache(maxsize=50_000)
def _misspelt_filler(word: str) -> str | None:
    """The stop word a short unknown word is one edit away from ("kno" → "know"), if any."""
    if len(word) != 3 or not word.isalpha() or english.zipf(word) >= SHORT_WORD_ZIPF:
        return None
    for filler in _SHORT_FILLERS:
        if edit_distance(word, filler, 1) <= 1:
            return filler
    return None


MAX_REMEMBERED_WORDS = 100_000
SHORT_WORD_ZIPF = 4.0  # a three-letter word this common in English ("day", "fun") is meant as written
_SHORT_FILLERS = sorted((w for w in tokens.STOP_WORDS if 2 <= len(w) <= 4 and w.isalpha()),
                        key=lambda w: (abs(len(w) - 3), w))


# Punctuation that ends a clause or a list item: no compound runs across it ("what to wear at work, formal?").
_MARK_CHARACTER = re.compile(r"[,;:!?().–—/-]")
_CLAUSE_MARK = re.compile(r"(?:[,;:!?()]+|\.(?=\s)|\s[-–—/]+\s)(?=.*\w)")  # one with words after it


def _clause_starts(text: str, word_count: int) -> frozenset[int]:
    """Positions of the words that open a clause after the first, by the punctuation between them."""
    if not _MARK_CHARACTER.search(text.rstrip(" ?!.")) or not _CLAUSE_MARK.search(text):  # the first test is quicker
        return frozenset()
    starts, at = set(), 0
    for piece in _CLAUSE_MARK.split(text):
        at += len(tokens.words(piece))
        starts.add(at)
    return frozenset(starts) if at == word_count else frozenset()  # a phrase across a mark: no boundaries known


def _with_modifiers(placed: list[tuple[int, int, Concept]], clause_starts: frozenset[int] = frozenset()) -> list[Concept]:
    """Concepts in question order, each knowing the concept right before it in the same clause (a
    compound's modifier)."""
    concepts: list[Concept] = []
    previous_end, previous = None, None
    for start, end, concept in placed:
        if previous is not None and start == previous_end and start not in clause_starts:
            concept = replace(concept, modifier=previous.alternatives)
        concepts.append(concept)
        previous_end, previous = end, concept
    return concepts


def asks_for_number(question_words: list[str]) -> bool:
    """Whether a question asks for a figure: a count, a duration, a minimum."""
    return _NUMBER_CUE.search(" ".join(question_words)) is not None


def asks_for_place(question: str) -> bool:
    """Whether a question (its words, space-separated) asks where the job is."""
    return any(hint in question for hint in _PLACE_HINTS) and _PLACE_CUES.search(question) is not None


def _compound_parts(question_words: list[str], position: int) -> tuple[str, ...] | None:
    """The parts that follow a joined hyphen compound in the word list, if they do."""
    word = question_words[position]
    for size in range(2, 6):
        parts = question_words[position + 1 : position + 1 + size]
        if len(parts) == size and "".join(parts) == word:
            return tuple(parts)
    return None


@lru_cache(maxsize=50_000)
def _alternative(phrase: tuple[str, ...]) -> tuple[str, ...]:
    """Index terms of a phrase, its stop words dropped unless it has nothing else."""
    content = [word for word in phrase if not tokens.is_stop_word(word)] or list(phrase)
    return tuple(tokens.stem(word) for word in content)


def frame_only(label: str) -> bool:
    """Whether a concept's words are all function words ("required", "need to"; a lexicon entry found
    them): how a question asks, not what."""
    return all(tokens.is_stop_word(word) for word in label.split())


@lru_cache(maxsize=50_000)
def _lexicon_alternative(phrase: tuple[str, ...], exact: bool = False) -> tuple[str, ...]:
    """Index terms of a lexicon phrase. One of several content words is one term that a passage holds
    only where those words stand close together ("application deadline", "deadline for applications"),
    not where they merely both occur ("applications" ... "work closely"); a phrase the lexicon quotes
    ("how do i apply") only where it stands word for word, function words and all."""
    content = _alternative(phrase)
    # a word said twice ("day to day") is held where it stands twice, not wherever it stands once
    if exact or len(set(content)) < len(content):
        return (PHRASE.join(tokens.stem(word) for word in phrase),)
    if len(content) > 1 and any(not tokens.is_stop_word(word) for word in phrase):
        return (NEAR.join(content),)
    return content


# No index term holds either: a term with one is several terms
NEAR = "~"  # ... that must stand close together, in any order
PHRASE = " "  # ... that must stand one after another, in this order


def _unique(concepts: list[Concept]) -> tuple[Concept, ...]:
    """Concepts with the same alternatives are one concept (``back-end`` gives ``backend`` and ``back end``)."""
    seen: dict[frozenset, Concept] = {}
    for concept in concepts:
        seen.setdefault(frozenset(concept.alternatives), concept)
    return tuple(seen.values())
