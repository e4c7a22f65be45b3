"""The question log: what candidates asked and how it went, for recruiters; no IP addresses.

Questions are masked (:mod:`assistant.masking`) before they are written.
Near-identical questions share a ``group_key`` (their stemmed content words,
sorted), so "What's the salary?" and "salary??" count as one question.
"""

from __future__ import annotations

import atexit
import datetime as dt
import logging
import os
import threading
import weakref
from collections import Counter
from typing import NamedTuple

from sqlalchemy import Integer, case, delete, exists, func, or_, select, update
from sqlalchemy.engine import Engine

from assistant import database as db
from assistant import tokens
from assistant.masking import mask_contacts

log = logging.getLogger(__name__)

STATUSES = ("unanswered", "low_confidence", "unhelpful", "all")
EXAMPLES_PER_GROUP = 5
MAX_PENDING = 10_000  # turns kept while the database is away; older ones are dropped past this
PURGE_EVERY = dt.timedelta(days=1)


class LoggedTurn(NamedTuple):
    """One chat turn as the log keeps it (a named tuple: one is made on every chat reply)."""

    message_id: str
    conversation_id: str
    posting: str | None
    question: str
    kind: str
    confidence: float
    top_passage: str | None


def group_key(question: str) -> str:
    """What near-identical questions share: their content words' stems, sorted, each once."""
    stems = sorted(tokens.content_terms(question))
    return " ".join(stems)[:400] or " ".join(tokens.words(question))[:400]


def _row(turn: LoggedTurn, at: dt.datetime) -> dict:
    question = mask_contacts(turn.question)
    return {"message_id": turn.message_id, "conversation_id": turn.conversation_id, "posting": turn.posting,
            "question": question, "group_key": group_key(question), "kind": turn.kind,
            "confidence": float(turn.confidence), "top_passage": turn.top_passage, "created_at": at}


def log_turns(engine: Engine, turns: list[tuple[LoggedTurn, dt.datetime]]) -> None:
    """Write turns (each with its time) in one transaction, questions masked."""
    if turns:
        with db.logging_transaction(engine) as connection:
            db.insert_many(connection, db.questions, [_row(turn, at) for turn, at in turns])


def log_turn(engine: Engine, turn: LoggedTurn, at: dt.datetime | None = None) -> None:
    """Write one turn, its question masked."""
    log_turns(engine, [(turn, at or db.now())])


class LogWriter:
    """Turns waiting to be written: a chat reply never waits for the database, a flush writes them in one go."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._pending: list[tuple[LoggedTurn, dt.datetime]] = []
        self._lock = threading.Lock()
        forget, flush = weakref.WeakMethod(self._forget_parent), weakref.WeakMethod(self.flush_quietly)
        os.register_at_fork(after_in_child=lambda: (forget() or _nothing)())
        atexit.register(lambda: (flush() or _nothing)())

    def add(self, turn: LoggedTurn) -> None:
        """Queue a turn, stamped now."""
        with self._lock:
            self._pending.append((turn, db.now()))
            if len(self._pending) > MAX_PENDING:
                del self._pending[: len(self._pending) - MAX_PENDING]

    def flush(self) -> int:
        """Write every queued turn; on failure they stay queued for the next flush."""
        with self._lock:
            batch, self._pending = self._pending, []
        try:
            log_turns(self.engine, batch)
        except Exception:
            with self._lock:
                self._pending[:0] = batch[-MAX_PENDING:]
            raise
        return len(batch)

    def flush_quietly(self) -> None:
        """Flush, logging rather than raising a failure (the thread's tick, the exit)."""
        try:
            self.flush()
        except Exception:
            log.exception("could not write %d logged questions; they are kept for the next try", len(self._pending))

    def _forget_parent(self) -> None:
        # A forked worker starts with no queue of its own and a lock no other thread holds.
        self._lock = threading.Lock()
        self._pending = []


def record_feedback(engine: Engine, message_id: str, helpful: bool, comment: str | None = None) -> bool:
    """Keep a candidate's verdict on one reply (the latest one counts); False when the message is unknown."""
    known = select(db.questions.c.id).where(db.questions.c.message_id == message_id)
    with db.logging_transaction(engine) as connection:
        if connection.execute(known).first() is None:
            return False
        connection.execute(delete(db.feedback).where(db.feedback.c.message_id == message_id))
        connection.execute(db.feedback.insert().values(
            message_id=message_id, helpful=helpful, comment=mask_contacts(comment) if comment else None,
            created_at=db.now()))
    return True


def _nothing() -> None:
    return None


def _filters(status: str, posting: str | None, since: dt.datetime | None, low_confidence: float) -> list:
    if status not in STATUSES:
        raise ValueError(f"status must be one of {', '.join(STATUSES)}, got {status!r}")
    q = db.questions.c
    filters = []
    if status == "unanswered":
        filters.append(q.kind == "no_answer")
    elif status == "low_confidence":
        filters += [q.kind == "answer", q.confidence < low_confidence]
    elif status == "unhelpful":
        filters.append(exists().where(db.feedback.c.message_id == q.message_id, db.feedback.c.helpful.is_(False)))
    if posting is not None:
        filters.append(q.posting == posting)
    if since is not None:
        filters.append(q.created_at >= since)
    return filters


def question_groups(engine: Engine, status: str = "all", posting: str | None = None,
                    since: dt.datetime | None = None, low_confidence: float = 0.7, limit: int = 50) -> list[dict]:
    """Near-identical questions grouped per posting, most asked first, with examples of their wording."""
    q = db.questions.c
    filters = _filters(status, posting, since, low_confidence)
    count, last = func.count().label("count"), func.max(q.created_at).label("last_asked")
    top = (select(q.posting, q.group_key, count, last).where(*filters).group_by(q.posting, q.group_key)
           .order_by(count.desc(), last.desc(), q.group_key).limit(limit))
    with engine.connect() as connection:
        groups = connection.execute(top).all()
        keys = {row.group_key for row in groups}
        wordings = connection.execute(
            select(q.posting, q.group_key, q.question, q.kind, count, last)
            .where(*filters, q.group_key.in_(keys)).group_by(q.posting, q.group_key, q.question, q.kind)).all()
    by_group: dict[tuple, list] = {}
    for row in wordings:
        by_group.setdefault((row.posting, row.group_key), []).append(row)
    return [_group_json(row, by_group.get((row.posting, row.group_key), [])) for row in groups]


def _group_json(group, wordings: list) -> dict:
    texts: Counter[str] = Counter()
    for row in wordings:
        texts[row.question] += row.count
    latest = max(wordings, key=lambda row: row.last_asked) if wordings else None
    # The wording asked most often stands for the group; among equals, the latest.
    last_asked = {row.question: row.last_asked for row in sorted(wordings, key=lambda row: row.last_asked)}
    ranked = sorted(texts, key=lambda text: (texts[text], last_asked[text]), reverse=True)
    return {
        "question": ranked[0] if ranked else group.group_key,
        "count": group.count,
        "kind": latest.kind if latest else None,
        "posting": group.posting,
        "last_asked": group.last_asked.isoformat(),
        "examples": ranked[:EXAMPLES_PER_GROUP],
    }


def stats(engine: Engine, since: dt.datetime | None = None, posting: str | None = None) -> dict:
    """Questions per day, the share answered, the share found helpful, and the top unanswered questions."""
    q, f = db.questions.c, db.feedback.c
    filters = _filters("all", posting, since, 0.0)
    day = func.date(q.created_at).label("day")
    answered = func.sum(case((q.kind == "answer", 1), else_=0), type_=Integer)
    questions = func.sum(case((q.kind != "smalltalk", 1), else_=0), type_=Integer)
    per_day = select(day, func.count(), questions, answered).where(*filters).group_by(day).order_by(day)
    verdicts = (select(f.helpful, func.count()).select_from(db.feedback.join(db.questions, q.message_id == f.message_id))
                .where(*filters).group_by(f.helpful))
    with engine.connect() as connection:
        days = [{"date": str(row[0])[:10], "turns": row[1], "questions": row[2] or 0, "answered": row[3] or 0}
                for row in connection.execute(per_day)]
        feedback = {bool(row[0]): row[1] for row in connection.execute(verdicts)}
    asked = sum(item["questions"] for item in days)
    got_answer = sum(item["answered"] for item in days)
    rated = feedback.get(True, 0) + feedback.get(False, 0)
    return {
        "turns": sum(item["turns"] for item in days),
        "questions": asked,
        "answered": got_answer,
        "answered_share": round(got_answer / asked, 4) if asked else None,
        "feedback": rated,
        "helpful": feedback.get(True, 0),
        "helpful_share": round(feedback.get(True, 0) / rated, 4) if rated else None,
        "per_day": days,
        "top_unanswered": question_groups(engine, "unanswered", posting, since, limit=5),
    }


def purge(engine: Engine, older_than_days: float, at: dt.datetime | None = None) -> tuple[int, int]:
    """Delete log entries older than the given days: (questions, feedback) deleted."""
    if older_than_days < 0:
        raise ValueError(f"older_than_days must be >= 0, got {older_than_days}")
    cutoff = (at or db.now()) - dt.timedelta(days=older_than_days)
    with db.logging_transaction(engine) as connection:
        return _delete_before(connection, cutoff)


def _delete_before(connection, cutoff: dt.datetime) -> tuple[int, int]:
    gone_feedback = connection.execute(delete(db.feedback).where(db.feedback.c.created_at < cutoff)).rowcount
    gone_questions = connection.execute(delete(db.questions).where(db.questions.c.created_at < cutoff)).rowcount
    return gone_questions, gone_feedback


def purge_if_due(engine: Engine, retention_days: float, at: dt.datetime | None = None) -> tuple[int, int] | None:
    """Purge at most once a day across every process and host; None when another did it lately or retention is off."""
    if not retention_days or retention_days <= 0:
        return None
    at = at or db.now()
    due = or_(db.corpus.c.purged_at.is_(None), db.corpus.c.purged_at < at - PURGE_EVERY)
    with engine.begin() as connection:
        claimed = connection.execute(update(db.corpus).where(db.corpus.c.id == 1, due).values(purged_at=at)).rowcount
        if claimed != 1:
            return None
        return _delete_before(connection, at - dt.timedelta(days=retention_days))
