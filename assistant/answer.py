"""Composing a reply from ranked passages: confidence, cited quotes with [n] markers, suggestions.

It receives passages and never touches the index. The answer text quotes
the cited passages verbatim, so it never says anything they do not.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from assistant import tokens
from assistant.dialogue import HANDOFF_OPENING, NO_ANSWER_CAREERS, NO_ANSWER_OPENING, ONE_OPENING, OPENINGS
from assistant.model import Chunk, Citation, Passage, PerPosting, Posting, Reply

MAX_CANDIDATES = 30  # suggestions are chosen among this many questions
DEFAULT_CONTACT = "the recruiting team"


@dataclass(frozen=True)
class AnswerPolicy:
    """When a passage is good enough to answer with, and how many to cite."""

    threshold: float = 0.23
    max_citations: int = 3
    companion_ratio: float = 0.85  # a cited passage this close to the first is introduced as saying it too
    tfidf_saturation: float = 0.35  # TF-IDF cosine at which that signal counts in full
    unnamed: float = 0.25  # confidence kept when the passage lacks a technology the question names
    per_unmatched: float = 1.0  # factor for each concept missing beyond the first
    figureless: float = 0.2  # confidence kept when only a figure answers and the passage has none
    placeless: float = 0.2  # confidence kept when the question asks where and the passage names no place
    nameless: float = 0.2  # confidence kept when the question asks which technology and the passage names none
    unfocused: float = 0.5  # confidence kept when the passage misses the question's main concept

    def __post_init__(self) -> None:
        if not 0.0 <= self.threshold <= 1.0:
            raise ValueError(f"threshold must be in [0, 1], got {self.threshold}")
        if self.max_citations < 1:
            raise ValueError(f"max_citations must be >= 1, got {self.max_citations}")

    def confidence(self, passage: Passage, needs_figure: bool = False, needs_place: bool = False,
                   names_no_technology: bool = False) -> float:
        """How sure the best passage answers: mostly how much of the question it holds."""
        closeness = min(1.0, passage.tfidf / self.tfidf_saturation)
        # coverage gates: a close TF-IDF match cannot make up for missing words
        confidence = passage.coverage * (0.75 + 0.25 * closeness)
        if not passage.focus:
            confidence *= self.unfocused
            if passage.by_heading and passage.chunk.question is None:
                # it shares no more than a word of its section's name ("bring" of "What you bring")
                confidence *= self.unfocused
        if passage.misses_named:  # "do you use Rust?" is not answered by a passage without Rust
            confidence *= self.unnamed
        if needs_figure and not tokens.has_figure(passage.chunk.text):  # "how many developers?"
            confidence *= self.figureless
        if names_no_technology:  # "what cloud do you use?" is not answered by a passage naming no technology
            confidence *= self.nameless
        if needs_place and not tokens.names_place(passage.chunk.text, _heading_words(passage.chunk)):  # "where is it?"
            confidence *= self.placeless
        # each further concept the passage lacks makes it less likely to be the answer
        confidence *= self.per_unmatched ** max(0, passage.unmatched - 1)
        return round(max(0.0, min(1.0, confidence)), 4)


def _heading_words(chunk: Chunk) -> str:
    """The words a passage stands under: its section, subsection and FAQ question."""
    return " ".join(part for part in (chunk.section, chunk.subsection, chunk.question) if part)


def contact_of(posting: Posting | None) -> str:
    """Who a candidate is handed to for this posting."""
    return (posting.contact if posting and posting.contact else None) or DEFAULT_CONTACT


def compose_answer(passages: list[Passage], policy: AnswerPolicy, titles: dict[str, str],
                   confidence: float | None = None, listed: bool = False) -> Reply:
    """An ``answer`` citing the best passage and any close companions, quoted verbatim; ``listed``:
    the passages are the items under the heading the question names, every one cited, in order."""
    top = passages[0]
    chosen, close = (list(passages), len(passages)) if listed else ([top], 1)
    for passage in [] if listed else passages[1:]:
        if len(chosen) >= policy.max_citations:
            break
        if _companion(passage, top, policy):
            chosen.append(passage)
            close += len(chosen) == close + 1 and passage.score >= policy.companion_ratio * top.score
    citations = tuple(Citation(n, passage) for n, passage in enumerate(chosen, start=1))
    several = len({p.chunk.posting for p in chosen}) > 1
    lines = []
    for citation in citations:
        chunk = citation.passage.chunk
        where = chunk.heading
        if several or chunk.posting not in titles:
            where = f"{titles.get(chunk.posting, chunk.posting)}, {where}"
        if listed:  # one heading, its items one a line under it
            lines += [f"The posting says ({where}):"] if citation.n == 1 else []
            lines.append(f"“{chunk.text}” [{citation.n}]")
            continue
        # a weaker companion is marked as such, so the answer leads with the best passage
        lead = "The posting says" if citation.n == 1 else "It also says" if citation.n <= close else "See also"
        lines.append(f"{lead} ({where}): “{chunk.text}” [{citation.n}]")
    sure = policy.confidence(top) if confidence is None else confidence
    return Reply("answer", "\n".join(lines), sure, citations)


def compose_openings(openings: list[tuple[Posting, Chunk]], total: int) -> Reply:
    """An ``answer`` naming the open roles (the first few by title of ``total``), each citing its posting's
    opening passage."""
    citations = tuple(Citation(n, Passage(chunk, 1.0, coverage=1.0, focus=True))
                      for n, (_, chunk) in enumerate(openings, start=1))
    lines = [ONE_OPENING if total == 1 else OPENINGS.format(total)]
    lines += [f"{posting.title} [{n}]" for n, (posting, _) in enumerate(openings, start=1)]
    if total > len(openings):
        lines.append(f"… and {total - len(openings)} more on the careers page.")
    return Reply("answer", "\n".join(lines), 1.0, citations)


def _companion(passage: Passage, top: Passage, policy: AnswerPolicy) -> bool:
    """A passage is cited beside the best one when it could answer on its own (it clears the same
    confidence bar) and speaks to the question's main subject as the best one does: the candidate
    sees the close candidates side by side instead of the assistant betting on one."""
    return (passage.focus or not top.focus) and policy.confidence(passage) >= policy.threshold


def compose_no_answer(posting: Posting | None, confidence: float, named: bool = False) -> Reply:
    """An honest ``no_answer`` that offers the posting's contact; ``named``: on the careers page, the
    question was about that posting's job, which the answer names."""
    opening, subject = (NO_ANSWER_OPENING, "the posting") if posting else (NO_ANSWER_CAREERS, "any posting")
    if posting and named:
        subject = f"the {posting.title} posting"
    text = (
        f"{opening} — I couldn't find that in {subject}. "
        f"For this question, please contact {contact_of(posting)}."
    )
    return Reply("no_answer", text, confidence)


def compose_handoff(posting: Posting | None) -> Reply:
    """A ``handoff`` to the posting's contact."""
    text = (
        f"{HANDOFF_OPENING}: please contact {contact_of(posting)}. "
        "They can answer what the posting doesn't."
    )
    return Reply("handoff", text, 1.0)


def suggestions_for(postings: list[Posting], asked: set[str], limit: int = 3, about: tuple[str, ...] = (),
                    question: str = "") -> tuple[str, ...]:
    """Questions to try next, none already asked: the postings' FAQ questions, then their sections,
    those sharing most words with the ``question`` and ``about`` (texts of the corpus that answered it) first."""
    seen = {question.strip().lower() for question in asked}
    candidates: dict[str, frozenset[str]] = {}
    for candidate, lowered, terms in _candidate_questions(postings):
        if lowered not in seen:
            candidates.setdefault(candidate, terms)
            if len(candidates) == MAX_CANDIDATES:
                break
    topic = frozenset().union(_topic_terms(question), *map(topic_terms, about))
    if not topic:
        return tuple(candidates)[:limit]
    shared = [len(topic & terms) for terms in candidates.values()]
    best = sorted(range(len(shared)), key=shared.__getitem__, reverse=True)[:limit]  # stable: ties in order
    listed = list(candidates)
    return tuple(listed[i] for i in best)


@lru_cache(maxsize=65_536)
def topic_terms(text: str) -> frozenset[str]:
    """The index terms of a text of the corpus that carry a topic; the same FAQ questions and passages
    come back on every reply, so each is read once."""
    return _topic_terms(text)


def _topic_terms(text: str) -> frozenset[str]:
    return frozenset(term for term in tokens.terms(text) if not tokens.is_stop_word(term))


def _candidate_questions(postings: list[Posting]):
    """(question, lowercased, topic terms): FAQ questions first, then a question for each section, posting by posting."""
    for posting in postings:
        yield from _SUGGESTABLE.get(posting, _suggestable)[0]
    for posting in postings:
        yield from _SUGGESTABLE.get(posting, _suggestable)[1]


_SUGGESTABLE = PerPosting()  # posting → (FAQ questions, section questions)


def _suggestable(posting: Posting) -> tuple[tuple, tuple]:
    """A posting's questions to suggest, each with its lowercase form and topic terms."""
    sections = (question for question in map(_section_question, posting.section_titles) if question)
    return (tuple((q, q.lower(), topic_terms(q)) for q in posting.questions),
            tuple((q, q.lower(), topic_terms(q)) for q in sections))


@lru_cache(maxsize=65_536)
def _section_question(section: str) -> str | None:
    """A question that a section answers, e.g. ``What are the responsibilities?``."""
    name = section.strip().rstrip(":")
    lowered = name.lower()
    if not name or lowered in {"overview"} or "question" in lowered or "faq" in lowered:
        return None
    return f"What are the {lowered}?" if lowered.endswith("s") else f"Tell me about the {lowered}."
