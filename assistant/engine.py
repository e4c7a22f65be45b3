"""The assistant: postings and their index, and the reply to one turn of a conversation.

Plain Python, no Flask. State (postings + index snapshot) is one immutable
value swapped in one assignment, so a reply always reads one consistent
corpus while recruiters' changes land.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace

from assistant import dialogue, tokens
from assistant.answer import (
    AnswerPolicy,
    compose_answer,
    compose_handoff,
    compose_no_answer,
    compose_openings,
    suggestions_for,
)
from assistant.chunking import DETAILS_SECTION, chunk_posting
from assistant.index import Index, Vocabulary
from assistant.lexicon import Lexicon
from assistant.model import Chunk, Passage, PerPosting, Posting, Reply
from assistant.query import Query, QueryReader
from assistant.retrieve import Retriever, concept_weights
from assistant.spelling import Speller
from assistant.titles import JobTitles

OVERVIEW_QUESTION = "overview"
LOCATION_QUESTION = "where is the job located"
CONTEXT_WEIGHT = 0.5  # how much an earlier question counts in a follow-up
MISSES_BEFORE_HANDOFF = 2
NAMING_DEPTH = 3  # careers-wide, a job named this many questions back is still the one asked about
LISTED_OPENINGS = 10  # "what jobs do you have?" names this many by title, and says how many more there are
TECHNOLOGY_DEPTH = 3  # "what cloud do you use?": how far down a passage naming a technology may come from
RELATED_POSTINGS = 3  # careers-wide, suggestions come from this many postings
COMPACT_AFTER_SEGMENTS = 16
LIST_CITATIONS = 12  # at most this many items of a heading's list are cited


class UnknownPosting(KeyError):
    """A posting id the corpus does not hold."""


@dataclass(frozen=True)
class _State:
    """One consistent corpus: postings, their index, and what every reply looks up in them."""

    postings: dict[str, Posting]
    index: Index
    titles: dict[str, str] = field(default_factory=dict)
    company: frozenset[str] = frozenset()
    jobs: tuple[Posting, ...] = ()  # job postings by title, the company FAQ left out
    reader: QueryReader | None = None  # reads questions against this index (and remembers its words)
    naming: JobTitles = field(default_factory=lambda: JobTitles(()))  # the jobs by the words of their titles

    @classmethod
    def of(cls, postings: dict[str, Posting], index: Index, reader: QueryReader | None = None) -> "_State":
        """The state for these postings, with its lookups made once."""
        jobs = tuple(sorted((p for p in postings.values() if not p.company), key=lambda p: p.title.lower()))
        company = frozenset(p.id for p in postings.values() if p.company)
        return cls(postings, index, {p.id: p.title for p in postings.values()}, company, jobs, reader,
                   JobTitles(jobs, reader.lexicon if reader else None))


@dataclass(frozen=True)
class Search:
    """What retrieval found for a turn, before composing: for the answer, the console and evaluation."""

    query: Query
    passages: list[Passage]
    confidence: float
    named: tuple[str, ...] = ()  # careers-wide, the jobs the conversation named, which the search kept to


class Assistant:
    """Answers candidates' questions from the postings it holds."""

    def __init__(self, postings: list[Posting], lexicon: Lexicon | None = None,
                 policy: AnswerPolicy | None = None, retriever: Retriever | None = None) -> None:
        self.lexicon = lexicon or Lexicon()
        self.policy = policy or AnswerPolicy()
        self.retriever = retriever or Retriever()
        self._lock = threading.Lock()
        by_id = _by_id(postings)
        vocabulary = Vocabulary()
        index = Index.build([c for p in by_id.values() for c in chunk_posting(p)], vocabulary)
        self.speller = Speller().fit(list(vocabulary.surface) + _lexicon_words(self.lexicon))
        self._state = _State.of(by_id, index, self._reader(index))

    # --- the corpus -------------------------------------------------------
    def postings(self) -> list[Posting]:
        """Job postings (not the company-wide FAQ), by title."""
        return list(self._state.jobs)

    def titles(self) -> dict[str, str]:
        """Posting id → title for every posting, the company-wide FAQ included (read-only)."""
        return self._state.titles

    def posting(self, posting_id: str) -> Posting | None:
        """One posting by id, or None."""
        return self._state.postings.get(posting_id)

    def chunks(self, posting_id: str) -> list[Chunk]:
        """A posting's passages in order."""
        return self._state.index.chunks_of(posting_id)

    @property
    def index(self) -> Index:
        """The current index snapshot."""
        return self._state.index

    def upsert(self, posting: Posting) -> None:
        """Add or replace one posting; only its own passages are indexed anew."""
        self.apply([posting], [])

    def remove(self, posting_id: str) -> None:
        """Remove one posting (nothing happens when it is not there)."""
        self.apply([], [posting_id])

    def apply(self, changed: list[Posting], removed: list[str]) -> None:
        """Replace and remove several postings in one new snapshot."""
        with self._lock:
            state = self._state
            postings = dict(state.postings)
            for posting_id in removed:
                postings.pop(posting_id, None)
            for posting in changed:
                postings[posting.id] = posting
            chunks = [chunk for posting in changed for chunk in chunk_posting(posting)]
            vocabulary_before = set(state.index.vocabulary.surface)
            index = state.index.replace({p.id for p in changed} | set(removed), chunks)
            if index.segment_count > COMPACT_AFTER_SEGMENTS:
                index = index.compacted()
            self.speller.extend(set(index.vocabulary.surface) - vocabulary_before)
            self._state = _State.of(postings, index, self._reader(index))

    # --- one turn ---------------------------------------------------------
    def reply(self, message: str, posting_id: str | None = None, history: list[dialogue.Turn] = ()) -> Reply:
        """The reply to one candidate message, given the conversation so far."""
        state = self._state
        posting = self._scope_posting(state, posting_id)
        history = list(history)
        asked = {turn.content for turn in history if turn.role == "user"} | {message}
        related = self._related(state, posting)
        person, kind = dialogue.conversational(message)
        if person:
            return compose_handoff(posting)
        if kind:
            return compose_smalltalk(kind).suggesting(suggestions_for(related, asked))
        if posting is None and state.jobs and dialogue.asks_for_openings(message):  # "what jobs do you have?"
            listed = [(job, _opening(chunks)) for job in state.jobs[:LISTED_OPENINGS]
                      if (chunks := state.index.chunks_of(job.id))]
            return compose_openings(listed, len(state.jobs)).suggesting(suggestions_for(related, asked))
        found = self.search(message, posting_id, history, state=state)
        if not found.passages or found.confidence < self.policy.threshold:
            # careers-wide, a question about the one job it names is that posting's to decline, with its contact
            named = posting is None and len(found.named) == 1
            posting = state.postings[found.named[0]] if named else posting
            if dialogue.recent_misses(history) >= MISSES_BEFORE_HANDOFF:
                return compose_handoff(posting)
            no_answer = compose_no_answer(posting, found.confidence, named)
            return no_answer.suggesting(suggestions_for(related, asked, question=message))
        listed = _heading_list(state, found.passages)
        answer = compose_answer(listed or found.passages, self.policy, state.titles, found.confidence, bool(listed))
        ids = dict.fromkeys([c.passage.chunk.posting for c in answer.citations] + [p.id for p in related])
        cited = [c.passage.chunk for c in answer.citations]
        about = tuple(part for chunk in cited for part in (chunk.section, chunk.text))
        answered = asked | {chunk.question for chunk in cited if chunk.question}  # no need to suggest those
        suggested = suggestions_for([state.postings[i] for i in ids], answered, about=about, question=message)
        return answer.suggesting(suggested)

    def search(self, message: str, posting_id: str | None = None, history: list[dialogue.Turn] = (),
               top_k: int = 5, state: _State | None = None) -> Search:
        """Read a question (with its context when it is a follow-up) and rank passages for it."""
        state = state or self._state
        self._scope_posting(state, posting_id)
        reader = state.reader
        question, about_me, query = self._asked(reader, message)
        if dialogue.states_own_background(question):  # "with 4 yrs of python?": their Python, not the job's
            query = query.of_the_candidate(CONTEXT_WEIGHT)
        if about_me:  # what candidates say of themselves counts less, and a technology they name is not asked for
            query = query.with_context(reader.read(about_me).unnamed(), CONTEXT_WEIGHT)
        earlier = dialogue.earlier_questions(list(history))
        # careers-wide, a question naming a job by its title ("platform engineer salary?") is about that job,
        # and so are the follow-ups after it
        named, naming = self._named_now(state, question, history) if posting_id is None else ((), frozenset())
        alone = None  # a short question that may be asked on its own ("how many years?")
        if not query.concepts and query.needs_place:
            # "where?", "where is it?": where the job is, whatever came before ("salary?" then "where?" is not
            # where the salary is)
            query = reader.read(LOCATION_QUESTION)
        elif earlier and not named and dialogue.is_follow_up(question, len(query.concepts)):
            if query.concepts and not dialogue.points_back(question):
                alone = query
            query = self._in_context(query, self._subject(reader, earlier), question, state.index)
        if posting_id is None and not named:
            named, naming = self._named_before(state, history)
        if named:  # the title is the scope now, and context rather than words a passage must hold
            if query.without(naming).concepts:
                query = query.scoped_to(naming, CONTEXT_WEIGHT)
            else:  # "tell me about the data analyst job", "where is the data analyst job?"
                query = reader.read(LOCATION_QUESTION if query.needs_place else OVERVIEW_QUESTION)
        if not query.concepts and dialogue.asks_about_the_job(question):
            query = reader.read(OVERVIEW_QUESTION)  # "what's the job about?" is what the overview answers
        found = self._ranked(state, query, message, posting_id, top_k, named)
        if alone is not None and found.confidence < self.policy.threshold:
            # read with the earlier subject nothing answers it: read alone, something may
            alone_found = self._ranked(state, alone, message, posting_id, top_k, named)
            if alone_found.confidence >= self.policy.threshold:
                found = alone_found
        return replace(found, named=named) if named else found

    def _ranked(self, state: _State, query: Query, message: str, posting_id: str | None, top_k: int,
                named: tuple[str, ...] = ()) -> Search:
        """The passages for a question read, best first, with the confidence in the first; careers-wide,
        ``named`` narrows the scope to the jobs the question names."""
        scope, company = self._scope(state, posting_id)
        if named:
            scope = [*named, *sorted(company)]
        passages = self.retriever.search(state.index, query, scope, company, top_k=top_k)
        entry = _faq_entry(state, message, posting_id)
        if entry is not None and entry.posting in company and any(
                p.focus and p.chunk.posting not in company for p in passages):
            entry = None  # the posting speaks to it: its own passage comes before the company FAQ's
        if entry is not None:  # a question of the FAQ, word for word (a suggestion clicked): its own answer
            rest = [p for p in passages if (p.chunk.posting, p.chunk.block) != (entry.posting, entry.block)]
            return Search(query, [Passage(entry, 1.0, coverage=1.0, focus=True), *rest[: top_k - 1]], 1.0)
        if not passages:
            return Search(query, passages, 0.0)
        names_none = False
        if query.needs_technology and not self.lexicon.names_technology(passages[0].chunk.text):
            # "which databases would I work with?": a leading passage that names some comes first
            naming = next((p for p in passages[1:TECHNOLOGY_DEPTH] if p.focus
                           and self.lexicon.names_technology(p.chunk.text)), None)
            if naming is None:
                names_none = True
            else:
                passages = [naming, *(p for p in passages if p is not naming)]
        confidence = self.policy.confidence(passages[0], query.needs_figure, query.needs_place, names_none)
        return Search(query, passages, confidence)

    @staticmethod
    def _named_now(state: _State, question: str, history: list[dialogue.Turn]) -> tuple[tuple[str, ...], frozenset[str]]:
        """Careers-wide, the jobs a question names by title, or, right after a list of the open roles, the
        ones it picks from it ("the frontend one", "the second"); with the words that named them."""
        found = state.naming.named(question)
        if not found[0] and history and history[-1].role == "assistant":
            listed = dialogue.listed_openings(history[-1].content)
            if listed:
                found = state.naming.picked(question, listed)
        return found

    @classmethod
    def _named_before(cls, state: _State, history: list[dialogue.Turn]) -> tuple[tuple[str, ...], frozenset[str]]:
        """The jobs the latest of the candidate's last few questions to name or pick one was about."""
        asked = 0
        for place in range(len(history) - 1, -1, -1):
            turn = history[place]
            if turn.role != "user" or dialogue.conversational(turn.content) != (False, None):
                continue  # small talk names no job
            found = cls._named_now(state, turn.content, history[:place])
            asked += 1
            if found[0] or asked >= NAMING_DEPTH:
                return found
        return (), frozenset()

    @staticmethod
    def _asked(reader: QueryReader, message: str) -> tuple[str, str, Query]:
        """A message's question, what it says around it (about the candidate, "... to apply"), and the
        question read; the whole message is the question when the rest points back at that context."""
        whole = dialogue.strip_greeting(message)
        question, context = dialogue.split_context(whole)
        query = reader.read(question)
        if context and (not query.concepts or dialogue.leans_on_context(question)):  # "..., is that enough?"
            # what they say of themselves is the subject, and a technology or figure they name is theirs
            return whole, "", reader.read(whole).of_the_candidate(CONTEXT_WEIGHT)
        return question, context, query

    @classmethod
    def _subject(cls, reader: QueryReader, earlier: list[str]) -> Query:
        """What the conversation is about: the latest earlier question that asked about something ("how often?"
        after "how's on call?" asked nothing new, so "is it paid?" after both is still about on call)."""
        latest = None
        for message in earlier:
            query = cls._asked(reader, message)[2]
            if query.concepts:
                return query
            latest = query if latest is None else latest
        return latest

    def _reader(self, index: Index) -> QueryReader:
        """The question reader for a snapshot: words are known when some passage of it holds them."""
        return QueryReader(self.lexicon, self.speller, lambda term: index.term_id(term) is not None)

    @staticmethod
    def _in_context(query: Query, earlier: Query, question: str, index: Index) -> Query:
        """A follow-up read with the earlier question: a pronoun takes its main concept in full,
        "what about X" swaps that concept for X, anything else adds it at a lower weight."""
        if not earlier.concepts:
            return query
        if any(concept.named for concept in query.concepts):  # "go?" after "is python used?": Go must be there
            earlier = earlier.unnamed()
        weights = concept_weights(index, earlier.concepts)
        main = earlier.concepts[int(weights.argmax())].label
        if dialogue.refers_back(question):
            return query.with_context(earlier, CONTEXT_WEIGHT, resolved=main)
        if dialogue.swaps_subject(question) and query.concepts:
            return query.with_context(earlier, CONTEXT_WEIGHT, replaced=main)
        return query.with_context(earlier, CONTEXT_WEIGHT)

    def _scope(self, state: _State, posting_id: str | None) -> tuple[list[str] | None, frozenset[str]]:
        if posting_id is None:
            return None, state.company
        return [posting_id, *sorted(state.company)], state.company

    @staticmethod
    def _scope_posting(state: _State, posting_id: str | None) -> Posting | None:
        if posting_id is None:
            return None
        posting = state.postings.get(posting_id)
        if posting is None or posting.company:
            raise UnknownPosting(posting_id)
        return posting

    @staticmethod
    def _related(state: _State, posting: Posting | None) -> list[Posting]:
        """Whose questions to suggest: the posting in view, else the first few job postings."""
        if posting is not None:
            return [posting]
        return list(state.jobs[:RELATED_POSTINGS])


def _heading_list(state: _State, passages: list[Passage]) -> list[Passage]:
    """Every item under the heading a question names ("what are the responsibilities?", "tech stack?"
    and the Skills list), in the posting's order, when the best passages hold the question only through
    that heading; else nothing. Three of ten responsibilities would read as if they were all."""
    if len(passages) < 2 or not (passages[0].by_heading and passages[1].by_heading):
        return []
    top = passages[0].chunk
    if top.question is not None or (passages[1].chunk.posting, passages[1].chunk.heading) != (top.posting, top.heading):
        return []
    ranked = {p.chunk.id: p for p in passages}
    items = [chunk for chunk in state.index.chunks_of(top.posting)
             if chunk.heading == top.heading and chunk.question is None][:LIST_CITATIONS]
    if top not in items:
        return []
    return [ranked.get(chunk.id) or passages[0]._replace(chunk=chunk) for chunk in items]


def _opening(chunks: list[Chunk]) -> Chunk:
    """The passage that introduces a posting: its first sentences, not a "Location:" or "Salary:" line."""
    return next((chunk for chunk in chunks if chunk.section != DETAILS_SECTION and len(chunk.text.split()) >= 8),
                chunks[0])


def _faq_entry(state: _State, message: str, posting_id: str | None) -> Chunk | None:
    """The first passage of the FAQ entry whose question the message is, word for word, in the scope:
    the posting and the company FAQ, or careers-wide the postings whose questions are suggested."""
    asked = _as_asked(message)
    if not asked:
        return None
    postings = [state.postings[posting_id]] if posting_id is not None else Assistant._related(state, None)
    for posting in [*postings, *(state.postings[i] for i in sorted(state.company))]:
        entry = _faq_entries(posting, state.index).get(asked)
        if entry is not None:
            return entry
    return None


def _as_asked(text: str) -> str:
    """A question as a clicked suggestion sends it, case, spacing and end punctuation aside (cheap: every
    message is looked up)."""
    return " ".join(text.lower().split()).rstrip(" ?!.")


_FAQ_ENTRIES = PerPosting()  # posting → its questions as asked → passage


def _faq_entries(posting: Posting, index: Index) -> dict[str, Chunk]:
    """A posting's FAQ questions, as asked (see _as_asked), each with the first passage of its answer (worked out
    once per posting: an unchanged posting keeps its passages from one snapshot to the next)."""
    def entries(posting: Posting) -> dict[str, Chunk]:
        found: dict[str, Chunk] = {}
        for chunk in index.chunks_of(posting.id):
            if chunk.question:
                found.setdefault(_as_asked(chunk.question), chunk)
        return found

    return _FAQ_ENTRIES.get(posting, entries)


def compose_smalltalk(kind: str) -> Reply:
    """A friendly reply to small talk."""
    return Reply("smalltalk", dialogue.SMALLTALK_REPLIES[kind], 1.0)


def _by_id(postings: list[Posting]) -> dict[str, Posting]:
    by_id: dict[str, Posting] = {}
    for posting in postings:
        if posting.id in by_id:
            raise ValueError(f"two postings share the id {posting.id!r}")
        by_id[posting.id] = posting
    return by_id


def _lexicon_words(lexicon: Lexicon) -> list[str]:
    """Every word the lexicon knows, so a misspelt synonym is corrected too, and the stop words."""
    words = [word for phrase in lexicon.entries for word in phrase]
    # Stop words too, so "knwo" and "wat" become words that are then dropped.
    return words + sorted(tokens.STOP_WORDS)
