"""The public JSON API (v1): chat and postings. A thin shell over :class:`assistant.engine.Assistant`."""

from __future__ import annotations

import base64
import os
import re
import threading
from dataclasses import dataclass

from flask import Blueprint, current_app, jsonify, request

from assistant.dialogue import Turn
from assistant.engine import Assistant, UnknownPosting
from assistant.errors import ApiError
from assistant.model import Chunk, Posting, Reply

bp = Blueprint("api", __name__, url_prefix="/api/v1")

_CONVERSATION_ID = re.compile(r"^c_[A-Za-z0-9_-]{1,64}$")
ROLES = ("user", "assistant")


@dataclass(frozen=True)
class ChatRequest:
    """A validated chat request."""

    message: str
    posting: str | None
    history: list[Turn]
    conversation_id: str | None  # None: a new conversation


class _RandomBytes:
    """The system's cryptographic randomness read a page at a time (a system call per reply adds up);
    a forked worker starts on a page of its own, so no two workers hand out the same ids."""

    PAGE = 4096

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._forget()
        os.register_at_fork(after_in_child=self._forget)

    def _forget(self) -> None:
        self._lock = threading.Lock()
        self._page, self._used = b"", 0

    def take(self, count: int) -> bytes:
        """``count`` fresh random bytes."""
        with self._lock:
            if self._used + count > len(self._page):
                self._page, self._used = os.urandom(self.PAGE), 0
            start, self._used = self._used, self._used + count
            return self._page[start:self._used]


_RANDOM = _RandomBytes()


def new_ids() -> tuple[str, str]:
    """A fresh conversation id and message id, 96 random bits each."""
    token = base64.urlsafe_b64encode(_RANDOM.take(24)).decode()
    return "c_" + token[:16], "m_" + token[16:]


def engine() -> Assistant:
    """The assistant this app serves."""
    return current_app.extensions["assistant"]


def json_body() -> dict:
    """The request's JSON object, or the error a client can act on."""
    if not request.mimetype or request.mimetype != "application/json":
        raise ApiError(415, f"send JSON with Content-Type: application/json, not {request.mimetype or 'nothing'}")
    body = request.get_json(silent=True)
    if body is None:
        raise ApiError(400, "the body is not valid JSON", "bad_json")
    if not isinstance(body, dict):
        raise ApiError(422, f"the body must be a JSON object, got {type(body).__name__}")
    return body


def parse_chat(body: dict, max_chars: int, max_turns: int) -> ChatRequest:
    """Check a chat request field by field; each error names the field."""
    unknown = set(body) - {"message", "posting", "history", "conversation_id"}
    if unknown:
        raise ApiError(422, f"unknown field(s): {', '.join(sorted(unknown))}")
    message = body.get("message")
    if not isinstance(message, str):
        raise ApiError(422, "message is required and must be a string")
    message = message.strip()
    if not 1 <= len(message) <= max_chars:
        raise ApiError(422, f"message must be 1 to {max_chars} characters after trimming, got {len(message)}")
    posting = body.get("posting")
    if posting is not None and not isinstance(posting, str):
        raise ApiError(422, "posting must be a posting id (a string) or null")
    history = _parse_history(body.get("history", []), max_chars, max_turns)
    conversation_id = body.get("conversation_id")
    if conversation_id is not None and (not isinstance(conversation_id, str)
                                        or not _CONVERSATION_ID.match(conversation_id)):
        raise ApiError(422, "conversation_id must look like c_ followed by up to 64 letters, digits, - or _")
    return ChatRequest(message, posting, history, conversation_id)


def _parse_history(history: object, max_chars: int, max_turns: int) -> list[Turn]:
    if history is None:
        return []
    if not isinstance(history, list):
        raise ApiError(422, "history must be a list of {role, content} turns")
    if len(history) > max_turns:
        raise ApiError(422, f"history holds at most {max_turns} turns, got {len(history)}")
    turns = []
    for number, turn in enumerate(history):
        if not isinstance(turn, dict) or turn.get("role") not in ROLES or not isinstance(turn.get("content"), str):
            raise ApiError(422, f"history[{number}] must be {{\"role\": \"user\"|\"assistant\", \"content\": string}}")
        if len(turn["content"]) > max_chars * 4:
            raise ApiError(422, f"history[{number}].content is too long")
        turns.append(Turn(turn["role"], turn["content"]))
    return turns


def reply_json(reply: Reply, titles: dict[str, str], conversation_id: str, message_id: str) -> dict:
    """A reply in the API's shape."""
    return {
        "kind": reply.kind,
        "answer": reply.answer,
        "confidence": reply.confidence,
        "citations": [
            {
                "n": citation.n,
                "id": citation.passage.chunk.id,
                "posting": citation.passage.chunk.posting,
                "posting_title": titles.get(citation.passage.chunk.posting, citation.passage.chunk.posting),
                "section": citation.passage.chunk.section,
                "text": citation.passage.chunk.text,
                "score": round(citation.passage.bm25, 4),
            }
            for citation in reply.citations
        ],
        "suggestions": list(reply.suggestions),
        "conversation_id": conversation_id,
        "message_id": message_id,
    }


@bp.post("/chat")
def chat():
    """Answer one candidate message."""
    config = current_app.config
    turn = parse_chat(json_body(), int(config["MAX_MESSAGE_CHARS"]), int(config["MAX_HISTORY_TURNS"]))
    assistant = engine()
    try:
        reply = assistant.reply(turn.message, turn.posting, turn.history)
    except UnknownPosting:
        raise ApiError(404, f"no posting with id {turn.posting!r}", "unknown_posting") from None
    new_conversation, message_id = new_ids()
    body = reply_json(reply, assistant.titles(), turn.conversation_id or new_conversation, message_id)
    for hook in current_app.extensions.get("chat_hooks", []):
        hook(turn, reply, body)
    return jsonify(body)


def posting_summary(posting: Posting) -> dict:
    """A posting's metadata."""
    return {
        "id": posting.id,
        "title": posting.title,
        "location": posting.location,
        "employment_type": posting.employment_type,
        "apply_url": posting.apply_url,
        "contact": posting.contact,
        "updated": posting.updated,
    }


def chunk_json(chunk: Chunk) -> dict:
    """A passage as the API shows it."""
    return {
        "id": chunk.id,
        "section": chunk.section,
        "subsection": chunk.subsection,
        "question": chunk.question,
        "text": chunk.text,
        "position": chunk.position,
    }


@bp.get("/postings")
def postings():
    """Every job posting."""
    return jsonify({"postings": [posting_summary(p) for p in engine().postings()]})


@bp.get("/postings/<posting_id>")
def posting(posting_id: str):
    """One posting with its sections and passages."""
    found = engine().posting(posting_id)
    if found is None or found.company:
        raise ApiError(404, f"no posting with id {posting_id!r}", "unknown_posting")
    body = posting_summary(found) | {
        "sections": found.sections,
        "chunks": [chunk_json(chunk) for chunk in engine().chunks(posting_id)],
    }
    return jsonify(body)
