"""Synonyms and abbreviations of the field, kept as data (``corpus/synonyms.txt``).

The file follows the Solr synonyms format: ``a, b, c`` makes a group of
equivalents, ``a, b => c`` sends a and b to c only. Phrases are matched on
whole folded words compared by their stems, longest first, so ``ruby on
rails`` and ``ror`` meet and ``data stores`` finds the entry ``data store``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from assistant import english, tokens

MAX_PHRASE_WORDS = 4
EVERYDAY_ZIPF = 4.0  # a technology's name this common in English ("spring", "go") is only a name when capitalised
_CAPITALISED = re.compile(r"(?<![\w.])[A-Z][\w.+#-]*")
MAX_REMEMBERED_PHRASES = 100_000  # questions' phrases looked up already, kept for the next question
# A comment starts with a # at the start of a line or after a space, so c# stays a word.
_ACRONYM = re.compile(r"\b[A-Z]{2,5}\b")
_COMMENT = re.compile(r"(?:^|\s)#.*$")


@dataclass(frozen=True)
class Match:
    """A phrase of the question found in the lexicon: where it is and what it may also be called."""

    start: int
    end: int
    alternatives: tuple[tuple[str, ...], ...]


class LexiconError(ValueError):
    """A synonyms file that cannot be read."""


class Lexicon:
    """Phrase → equivalent phrases, each phrase held as a tuple of folded words."""

    def __init__(self, entries: dict[tuple[str, ...], set[tuple[str, ...]]] | None = None) -> None:
        self.entries: dict[tuple[str, ...], set[tuple[str, ...]]] = entries or {}
        self.named: set[tuple[str, ...]] = set()  # technologies a passage must name to answer
        self.acronyms: dict[str, str] = {}  # "IT" → "information technology", matched in capitals only
        self.exact: set[tuple[str, ...]] = set()  # phrases written in quotes: a passage holds them word for word
        self.related_words: dict[str, tuple[str, ...]] = {}  # the thesaurus: a word → its synonyms
        # stemmed phrase → the entries it stands for, so inflections of an entry find it too
        self._by_stems: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
        self._found: dict[tuple[str, ...], tuple[tuple[str, ...], ...] | None] = {}
        self._starts: frozenset[str] | None = None
        self._naming: dict[str, bool] = {}  # passage text → whether it names a technology
        for phrase in self.entries:
            self._by_stems.setdefault(_stems(phrase), set()).add(phrase)

    @classmethod
    def load(cls, *paths: Path) -> "Lexicon":
        """Read one or more synonyms files; later files add to earlier ones."""
        lexicon = cls()
        for path in paths:
            try:
                text = Path(path).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise LexiconError(f"cannot read synonyms file {path}: {exc}") from exc
            for number, line in enumerate(text.splitlines(), start=1):
                lexicon.add_line(line, where=f"{path}:{number}")
        return lexicon

    def load_named(self, *paths: Path) -> "Lexicon":
        """Read lists of named technologies (one a line, # comments); returns self."""
        for path in paths:
            try:
                text = Path(path).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise LexiconError(f"cannot read technologies file {path}: {exc}") from exc
            for line in text.splitlines():
                if line.strip() and not line.lstrip().startswith("# ") and line.strip() != "#":
                    phrase = tuple(_phrase_words(line.strip()))
                    if phrase:
                        self.named.add(phrase)
        return self

    def load_related(self, *paths: Path) -> "Lexicon":
        """Read thesaurus files (``word: synonym, synonym``; # comments); returns self. A question word
        the synonyms files have nothing for may be found by these."""
        for path in paths:
            try:
                stat = Path(path).stat()
            except OSError as exc:
                raise LexiconError(f"cannot read thesaurus file {path}: {exc}") from exc
            for word, synonyms in _read_related(str(path), stat.st_mtime_ns, stat.st_size).items():
                self.related_words[word] = tuple(dict.fromkeys(self.related_words.get(word, ()) + synonyms))
        return self

    def related(self, word: str) -> tuple[str, ...]:
        """The thesaurus's synonyms of a folded word, or of its base form ("wages" → "wage"), as folded words."""
        if not self.related_words:
            return ()
        found = self.related_words.get(word)
        if found is None:
            found = next((self.related_words[base] for base in _base_forms(word) if base in self.related_words), ())
        return found

    def is_named(self, phrases) -> bool:
        """Whether any of these phrases (tuples of words) is a named technology."""
        return any(tuple(phrase) in self.named for phrase in phrases)

    def names_technology(self, text: str) -> bool:
        """Whether a text names one of the named technologies (in a word or a phrase of up to three);
        the corpus's passages come back again and again, so each is read once."""
        found = self._naming.get(text)
        if found is None:
            words = tokens.words(text)
            named = [words[at : at + size] for size in (1, 2, 3) for at in range(len(words) - size + 1)
                     if tuple(words[at : at + size]) in self.named]
            # a name that is also an everyday word ("spring", "go", "express") counts where it is capitalised
            capitalised = {word.lower() for word in _CAPITALISED.findall(text)} if named else set()
            found = any(len(name) > 1 or english.zipf(name[0]) < EVERYDAY_ZIPF or name[0] in capitalised
                        for name in named)
            if len(self._naming) >= MAX_REMEMBERED_PHRASES:
                self._naming = {}
            self._naming[text] = found
        return found

    def add_line(self, line: str, where: str = "<line>") -> None:
        """Add one line of the synonyms format (comments and blank lines are skipped)."""
        line = _COMMENT.sub("", line).strip()
        if not line:
            return
        rest = self._take_acronyms(line)
        if rest != line and not rest.strip(" ,=>"):
            return  # the line held only acronyms and their meaning
        line = rest
        if "=>" in line:
            left, _, right = line.partition("=>")
            sources, targets = _phrases(left, where, self.exact), _phrases(right, where, self.exact)
        else:
            sources = targets = _phrases(line, where, self.exact)
        group = set(sources) | set(targets) if sources is targets else set(targets)
        for source in sources:
            self.entries.setdefault(source, set()).update(group | {source})
            self._by_stems.setdefault(_stems(source), set()).add(source)
        self._found, self._starts = {}, None

    def _take_acronyms(self, line: str) -> str:
        """Keep capitalised entries that fold to a stop word ("IT", "US") as case-sensitive acronyms.

        They are matched only as written, in capitals, so "IT" finds
        information technology while "is it remote?" stays a pronoun.
        """
        parts = [part.strip() for part in re.split(r",|=>", line)]
        acronyms = [part for part in parts if part.isupper() and tokens.is_stop_word(tokens.fold(part))]
        if not acronyms:
            return line
        meaning = next((part for part in parts if part and part not in acronyms), None)
        for acronym in acronyms:
            if meaning:
                self.acronyms[acronym] = meaning
        kept = [part for part in re.split(r"(,|=>)", line) if part.strip() not in acronyms]
        rest = re.sub(r"(,\s*)+", ", ", "".join(kept))
        return re.sub(r"^[\s,]*(=>)?[\s,]*|[\s,]*(=>)?[\s,]*$", "", rest)

    def expand_acronyms(self, text: str) -> str:
        """A question with its case-sensitive acronyms written out ("would IT count?")."""
        if not self.acronyms:
            return text
        return _ACRONYM.sub(lambda m: self.acronyms.get(m.group(0), m.group(0)), text)

    def find(self, question_words: list[str]) -> list[Match]:
        """Lexicon phrases in a question's words, longest first, never overlapping."""
        matches: list[Match] = []
        position = 0
        starts = self._phrase_starts()
        while position < len(question_words):
            word = question_words[position]
            longest = MAX_PHRASE_WORDS if word in starts or tokens.stem(word) in starts else 1
            for size in range(min(longest, len(question_words) - position), 0, -1):
                alternatives = self._alternatives(tuple(question_words[position : position + size]))
                if alternatives:
                    matches.append(Match(position, position + size, alternatives))
                    position += size
                    break
            else:
                position += 1
        return matches

    def _phrase_starts(self) -> frozenset[str]:
        """The first words (and their stems) of the entries of two words or more."""
        if self._starts is None:
            self._starts = frozenset(word for phrase in self.entries if len(phrase) > 1
                                     for word in (phrase[0], tokens.stem(phrase[0])))
        return self._starts

    def _alternatives(self, phrase: tuple[str, ...]) -> tuple[tuple[str, ...], ...] | None:
        """What a phrase of a question may also be called, or None; each phrase is looked up once."""
        try:
            return self._found[phrase]
        except KeyError:
            pass
        sources = {phrase} if phrase in self.entries else self._by_stems.get(_stems(phrase))
        found = tuple(sorted(set().union(*(self.entries[source] for source in sources)))) if sources else None
        if len(self._found) >= MAX_REMEMBERED_PHRASES:
            self._found = {}
        self._found[phrase] = found
        return found

    def __len__(self) -> int:
        return len(self.entries)


@lru_cache(maxsize=8)
def _read_related(path: str, modified_ns: int, size: int) -> dict[str, tuple[str, ...]]:
    """A thesaurus file as word → synonyms (folded, a hyphenated word joined as the index has it), read
    once per version of the file (its time and size): every assistant built from it shares it."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LexiconError(f"cannot read thesaurus file {path}: {exc}") from exc
    related: dict[str, tuple[str, ...]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        line = _COMMENT.sub("", line).strip()
        if not line:
            continue
        word, colon, synonyms = line.partition(":")
        folded = tokens.words(word)
        if not colon or (len(folded) != 1 and "-" not in word):  # "take-home" folds to takehome, take, home
            raise LexiconError(f"{path}:{number}: expected 'word: synonym, synonym', got {line!r}")
        words = tuple(found[0] for synonym in synonyms.split(",") if (found := tokens.words(synonym.strip())))
        related[folded[0]] = tuple(dict.fromkeys(related.get(folded[0], ()) + words))
    return related


# Inflections undone to find a word's base form, as WordNet's own lookup does (its rules of detachment):
# stems would join words of other meanings ("university", "universe").
_DETACHMENTS = (("ies", "y"), ("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"), ("men", "man"),
                ("es", "e"), ("es", ""), ("s", ""), ("ied", "y"), ("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", ""),
                ("er", ""), ("er", "e"), ("est", ""), ("est", "e"))


def _base_forms(word: str) -> list[str]:
    return [word[: -len(ending)] + base for ending, base in _DETACHMENTS
            if word.endswith(ending) and len(word) > len(ending) + 1]


def _stems(phrase: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(tokens.stem(word) for word in phrase)


def _phrases(text: str, where: str, exact: set[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """The comma-separated phrases of one side of a line, as tuples of words; those of several words
    written in quotes are added to ``exact``."""
    phrases = []
    for part in text.split(","):
        phrase = tuple(_phrase_words(part))
        if phrase:
            phrases.append(phrase)
            quoted = part.strip()
            if len(phrase) > 1 and len(quoted) > 1 and quoted[0] == quoted[-1] == '"':
                exact.add(phrase)
    if not phrases:
        raise LexiconError(f"{where}: no phrase in {text.strip()!r}")
    return phrases


def _phrase_words(text: str) -> list[str]:
    """Words of a lexicon phrase; a hyphenated entry stands for its joined form only."""
    found = tokens.words(text)
    if "-" in text and found:
        return [found[0]] if len(text.split()) == 1 else found
    return found
