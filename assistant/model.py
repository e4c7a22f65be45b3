"""The plain data that flows between the steps: posting → chunk → passage → answer."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

BLOCK_KINDS = ("paragraph", "bullet", "label", "faq")


@dataclass(frozen=True)
class Block:
    """One unit of a posting as the recruiter wrote it: a paragraph, a bullet, a label line or a Q+A."""

    kind: str
    text: str
    section: str
    subsection: str | None = None
    question: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in BLOCK_KINDS:
            raise ValueError(f"block kind must be one of {BLOCK_KINDS}, got {self.kind!r}")
        if self.kind == "faq" and not self.question:
            raise ValueError("an faq block needs its question")


@dataclass(frozen=True)
class Posting:
    """A job posting (or the company-wide FAQ when ``company`` is true), parsed into blocks."""

    id: str
    title: str
    blocks: tuple[Block, ...]
    location: str | None = None
    employment_type: str | None = None
    apply_url: str | None = None
    contact: str | None = None
    updated: str | None = None
    company: bool = False
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def sections(self) -> list[str]:
        """Section titles in the order they first appear."""
        return list(self.section_titles)

    @cached_property
    def section_titles(self) -> tuple[str, ...]:
        """Section titles in the order they first appear (worked out once)."""
        return tuple(dict.fromkeys(block.section for block in self.blocks))

    @cached_property
    def questions(self) -> tuple[str, ...]:
        """The FAQ questions, in order (worked out once)."""
        return tuple(block.question for block in self.blocks if block.question)


class PerPosting:
    """Values worked out once per posting object: an unchanged posting keeps its object from one snapshot
    to the next, so what is derived from it stays good. Keyed by identity (hashing a posting would read
    all of it); an id is reused only once its posting is gone, which the identity check catches."""

    def __init__(self, limit: int = 20_000) -> None:
        self.limit = limit
        self._found: dict[int, tuple[Posting, object]] = {}

    def get(self, posting: Posting, compute):
        """``compute(posting)``, worked out on the first call for this posting object."""
        found = self._found.get(id(posting))
        if found is None or found[0] is not posting:
            if len(self._found) >= self.limit:
                self._found.clear()
            found = self._found[id(posting)] = (posting, compute(posting))
        return found[1]


@dataclass(frozen=True)
class Chunk:
    """A citable passage: verbatim text that reads well alone, with where it came from."""

    id: str
    posting: str
    section: str
    text: str
    position: int
    subsection: str | None = None
    question: str | None = None
    # the posting's block (paragraph, answer ...) it was cut from: the pieces of a long answer share it
    block: int | None = None

    @property
    def heading(self) -> str:
        """The section path a citation shows, e.g. ``FAQ`` or ``Benefits › Health``."""
        return f"{self.section} › {self.subsection}" if self.subsection else self.section


class Passage(NamedTuple):
    """A chunk as retrieval ranked it for one query (a named tuple: several are made on every reply)."""

    chunk: Chunk
    score: float
    bm25: float = 0.0
    tfidf: float = 0.0
    coverage: float = 0.0
    focus: bool = False  # holds the question's weightiest concept
    misses_named: bool = False  # lacks a technology the question names
    unmatched: int = 0  # how many of the question's concepts it lacks
    by_heading: bool = False  # holds the question only through its heading ("what are the responsibilities?")


class Citation(NamedTuple):
    """A numbered source of an answer."""

    n: int
    passage: Passage


@dataclass(frozen=True)
class Reply:
    """What the assistant says to one turn, before it is turned into JSON."""

    kind: str
    answer: str
    confidence: float
    citations: tuple[Citation, ...] = ()
    suggestions: tuple[str, ...] = ()

    def suggesting(self, suggestions: tuple[str, ...]) -> "Reply":
        """The same reply with these suggestions."""
        return Reply(self.kind, self.answer, self.confidence, self.citations, suggestions)
