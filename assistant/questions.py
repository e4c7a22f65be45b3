"""What candidates asked: the chat hook that logs each turn, feedback, and the recruiters' view of the log."""

from __future__ import annotations

import datetime as dt
import logging
import re
import time

from flask import Blueprint, Flask, current_app, jsonify, request
from sqlalchemy.exc import SQLAlchemyError

from assistant import question_log, storage
from assistant.access_tokens import recruiter_required
from assistant.api import engine as served_assistant
from assistant.api import json_body
from assistant.engine import UnknownPosting
from assistant.errors import ApiError

log = logging.getLogger(__name__)

bp = Blueprint("questions", __name__, url_prefix="/api/v1")

_MESSAGE_ID = re.compile(r"^m_[A-Za-z0-9_-]{1,64}$")
MAX_COMMENT_CHARS = 1000
MAX_GROUPS = 500
FEEDBACK_POLL_SECONDS = 0.1


def _engine():
    store = storage.store_of(current_app)
    if store is None:
        raise ApiError(503, "the question log needs a database; this app runs without one", "no_database")
    return store.engine


def _writer() -> question_log.LogWriter:
    _engine()  # the 503 when there is no database
    return current_app.extensions["question_log"]


def log_chat_turn(turn, reply, body: dict) -> None:
    """A chat hook: queue the turn for the log (masked on writing, without the client's address)."""
    writer = current_app.extensions.get("question_log")
    if writer is None:
        return
    citations = body.get("citations") or []
    writer.add(question_log.LoggedTurn(
        message_id=body["message_id"], conversation_id=body["conversation_id"], posting=turn.posting,
        question=turn.message, kind=body["kind"], confidence=float(body["confidence"]),
        top_passage=citations[0]["id"] if citations else None))


def _record_feedback(message_id: str, helpful: bool, comment: str | None) -> bool:
    """Record feedback; a reply not in the log yet may sit in another worker's queue for one refresh tick."""
    writer = _writer()
    writer.flush_quietly()
    deadline = time.monotonic() + float(current_app.config["REFRESH_SECONDS"])
    while True:
        if question_log.record_feedback(writer.engine, message_id, helpful, comment):
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(FEEDBACK_POLL_SECONDS)


@bp.post("/feedback")
def feedback():
    """A candidate's thumbs up or down on one reply, with an optional comment."""
    body = json_body()
    unknown = set(body) - {"message_id", "helpful", "comment"}
    if unknown:
        raise ApiError(422, f"unknown field(s): {', '.join(sorted(unknown))}")
    message_id, helpful, comment = body.get("message_id"), body.get("helpful"), body.get("comment")
    if not isinstance(message_id, str) or not _MESSAGE_ID.match(message_id):
        raise ApiError(422, "message_id is required: the message_id of the reply, like m_...")
    if not isinstance(helpful, bool):
        raise ApiError(422, "helpful is required and must be true or false")
    if comment is not None and (not isinstance(comment, str) or len(comment) > MAX_COMMENT_CHARS):
        raise ApiError(422, f"comment must be a string of at most {MAX_COMMENT_CHARS} characters, or null")
    comment = comment.strip() if comment else None
    if not _record_feedback(message_id, helpful, comment or None):
        raise ApiError(404, f"no reply with message_id {message_id!r}", "unknown_message")
    return jsonify({"message_id": message_id, "helpful": helpful, "recorded": True}), 201


def _since() -> dt.datetime | None:
    value = request.args.get("since")
    if not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ApiError(422, f"since must be an ISO date like 2024-05-01, got {value!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


def _limit() -> int:
    value = request.args.get("limit", "50")
    if not value.isdigit() or not 1 <= int(value) <= MAX_GROUPS:
        raise ApiError(422, f"limit must be a whole number from 1 to {MAX_GROUPS}, got {value!r}")
    return int(value)


@bp.get("/admin/questions")
@recruiter_required
def admin_questions():
    """Candidates' questions with near-identical ones grouped, most asked first."""
    status = request.args.get("status", "all")
    if status not in question_log.STATUSES:
        raise ApiError(422, f"status must be one of {', '.join(question_log.STATUSES)}, got {status!r}")
    _writer().flush_quietly()  # this worker's own questions are listed at once
    groups = question_log.question_groups(
        _engine(), status, request.args.get("posting") or None, _since(),
        float(current_app.config["LOW_CONFIDENCE"]), _limit())
    return jsonify({"status": status, "questions": with_answers_now(groups)})


def with_answers_now(groups: list[dict]) -> list[dict]:
    """Each group with what the assistant answers to it today (``answered_now``, null when it still
    cannot): once a recruiter adds the answer, the inbox shows the question as answered."""
    assistant = served_assistant()
    for group in groups:
        group["answered_now"] = None
        try:
            reply = assistant.reply(group["question"], group["posting"])
        except UnknownPosting:  # the posting is gone
            continue
        if reply.kind == "answer":
            passage = reply.citations[0].passage
            group["answered_now"] = {"id": passage.chunk.id, "posting": passage.chunk.posting,
                                     "text": passage.chunk.text, "confidence": reply.confidence}
    return groups


@bp.get("/admin/stats")
@recruiter_required
def admin_stats():
    """Questions per day, the share answered and found helpful, the top unanswered questions."""
    _writer().flush_quietly()
    found = question_log.stats(_engine(), _since(), request.args.get("posting") or None)
    found["top_unanswered"] = with_answers_now(found["top_unanswered"])
    return jsonify(found)


def purge_due(app: Flask) -> None:
    """Purge the log past the retention setting, if no process did it in the last day."""
    store = storage.store_of(app)
    if store is None:
        return
    purged = question_log.purge_if_due(store.engine, float(app.config["RETENTION_DAYS"]))
    if purged:
        log.info("purged %d questions and %d feedback entries past retention", *purged)


def init_app(app: Flask) -> None:
    """Register the routes; with a database, log every chat turn and purge old entries daily."""
    app.register_blueprint(bp)
    store = storage.store_of(app)
    if store is None:
        return
    writer = question_log.LogWriter(store.engine)
    app.extensions["question_log"] = writer
    app.extensions.setdefault("chat_hooks", []).append(log_chat_turn)
    corpus_sync = app.extensions["corpus_sync"]
    corpus_sync.on_tick.append(writer.flush_quietly)
    corpus_sync.maintenance = lambda: purge_due(app)
    try:
        purge_due(app)
    except SQLAlchemyError:
        log.exception("the purge at start failed; it is tried again within the hour")
    store.close()  # as storage.init_app: forked workers open their own connections
