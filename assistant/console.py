"""The recruiter console: the ``/admin`` page and the JSON it needs beyond the recruiter API.

    GET  /admin                                   the console shell (the token is entered in the page)
    GET  /api/v1/admin/postings/<id>/source       the current revision's text, format and ETag
    POST /api/v1/admin/preview?id=ID              how a text would be cut into passages; nothing is saved
    POST /api/v1/admin/search                     what retrieval found for a question, every score shown
    POST /api/v1/admin/postings/<id>/faq          add "### question" + answer to the FAQ, as a new revision
    GET  /api/v1/admin/postings/<id>/diff         a unified diff between two revisions

Built on the recruiter API's helpers and the store's tables, so a change made
here is the same kind of revision a ``PUT`` makes, and is live at once.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, replace

from flask import Blueprint, Flask, current_app, g, jsonify, render_template, request
from sqlalchemy import select

from assistant import database as db
from assistant import storage
from assistant.access_tokens import recruiter_required
from assistant.api import engine, json_body, parse_chat
from assistant.chunking import chunk_posting
from assistant.engine import UnknownPosting
from assistant.errors import ApiError
from assistant.ingest import FORMATS_BY_CONTENT_TYPE, IngestError, parse, to_markdown
from assistant.ingest.common import is_faq_section
from assistant.ingest.export import inline
from assistant.ingest.markdown import heading_text
from assistant.paths import WEB_DIR
from assistant.query import NEAR
from assistant.recruiter import _body_format, _checked_id, _if_match, _precondition_failed, _read_posting, _store

bp = Blueprint("console", __name__, template_folder=str(WEB_DIR / "templates"))

#: The Content-Type the console sends a stored format back with (the first the recruiter API maps to it).
CONTENT_TYPES = {fmt: content_type for content_type, fmt in reversed(FORMATS_BY_CONTENT_TYPE.items())}
FAQ_SECTION = "Frequently Asked Questions"
PREVIEW_ID = "preview"
SEARCH_TOP_K = 8
MAX_QUESTION_CHARS = 300
MAX_ANSWER_CHARS = 5000
_FENCES = ("```", "~~~")


@dataclass(frozen=True)
class Revision:
    """One stored revision's text."""

    posting_id: str
    revision: int
    source: str
    format: str


def _unknown(posting_id: str) -> ApiError:
    return ApiError(404, f"no posting with id {posting_id!r}", "unknown_posting")


def current_revision(store: storage.Store, posting_id: str) -> Revision:
    """The live posting's current revision, or the 404 to answer (unknown or deleted)."""
    with store.engine.connect() as connection:
        row = connection.execute(select(db.postings.c.revision, db.postings.c.deleted)
                                 .where(db.postings.c.id == posting_id)).first()
    if row is None or row.deleted:
        raise _unknown(posting_id)
    return revision_of(store, posting_id, row.revision)


def revision_of(store: storage.Store, posting_id: str, revision: int) -> Revision:
    """One revision of a posting, or the 422 to answer when it has no such revision."""
    query = select(db.revisions.c.source, db.revisions.c.format).where(
        db.revisions.c.posting_id == posting_id, db.revisions.c.revision == revision)
    with store.engine.connect() as connection:
        row = connection.execute(query).first()
    if row is None:
        raise ApiError(422, f"posting {posting_id!r} has no revision {revision}", "unknown_revision")
    return Revision(posting_id, revision, row.source, row.format)


# --- the page ---------------------------------------------------------------

@bp.get("/admin")
def console_page():
    """The recruiter console: a static shell whose script signs in with a token and calls the API."""
    return render_template("admin.html")


# --- editing ----------------------------------------------------------------

@bp.get("/api/v1/admin/postings/<posting_id>/source")
@recruiter_required
def posting_source(posting_id: str):
    """The text of a posting's current revision as it was stored, with its format, Content-Type and ETag."""
    current = current_revision(_store(), posting_id)
    tag = storage.etag(posting_id, current.revision)
    response = jsonify({"id": posting_id, "revision": current.revision, "etag": tag, "format": current.format,
                        "content_type": CONTENT_TYPES[current.format], "source": current.source})
    response.headers["ETag"] = tag
    return response


@bp.post("/api/v1/admin/preview")
@recruiter_required
def preview():
    """How a posting text (Content-Type as for PUT) is cut into passages, without saving anything."""
    posting_id = _checked_id(request.args.get("id") or PREVIEW_ID)
    posting, _source, _fmt = _read_posting(posting_id, _body_format())
    return jsonify({
        "id": posting.id, "title": posting.title, "company": posting.company, "sections": posting.sections,
        "chunks": [{"id": chunk.id, "section": chunk.section, "subsection": chunk.subsection,
                    "question": chunk.question, "text": chunk.text} for chunk in chunk_posting(posting)],
    })


# --- testing questions -------------------------------------------------------

@bp.post("/api/v1/admin/search")
@recruiter_required
def search():
    """A question as retrieval reads and ranks it, and the reply the chat would give to it."""
    body = json_body()
    unknown = set(body) - {"message", "posting", "history"}
    if unknown:
        raise ApiError(422, f"unknown field(s): {', '.join(sorted(unknown))}")
    config = current_app.config
    turn = parse_chat(body, int(config["MAX_MESSAGE_CHARS"]), int(config["MAX_HISTORY_TURNS"]))
    assistant = engine()
    try:
        found = assistant.search(turn.message, turn.posting, turn.history, top_k=SEARCH_TOP_K)
        reply = assistant.reply(turn.message, turn.posting, turn.history)
    except UnknownPosting:
        raise _unknown(turn.posting) from None
    titles = assistant.titles()
    cited = {citation.passage.chunk.id: citation.n for citation in reply.citations}
    threshold = assistant.policy.threshold
    return jsonify({
        "message": turn.message,
        "posting": turn.posting,
        "concepts": [{"label": concept.label, "weight": round(concept.weight, 4), "from_history": concept.weight < 1,
                      "alternatives": list(dict.fromkeys(" ".join(terms).replace(NEAR, " ")
                                                         for terms in concept.alternatives)),
                      # the thesaurus's synonyms, found at half credit
                      "related": [" ".join(terms) for terms in concept.related]}
                     for concept in found.query.concepts],
        "corrections": [{"written": written, "read_as": read_as} for written, read_as in found.query.corrections],
        "passages": [{
            "rank": rank, "id": p.chunk.id, "posting": p.chunk.posting,
            "posting_title": titles.get(p.chunk.posting, p.chunk.posting), "section": p.chunk.section,
            "subsection": p.chunk.subsection, "question": p.chunk.question, "text": p.chunk.text,
            "score": round(p.score, 4), "bm25": round(p.bm25, 4), "tfidf": round(p.tfidf, 4),
            "coverage": round(p.coverage, 4), "focus": p.focus, "cited": cited.get(p.chunk.id),
        } for rank, p in enumerate(found.passages, start=1)],
        "confidence": found.confidence,
        "threshold": threshold,
        "above_threshold": bool(found.passages) and found.confidence >= threshold,
        "reply": {"kind": reply.kind, "answer": reply.answer, "confidence": reply.confidence,
                  "citations": [{"n": c.n, "id": c.passage.chunk.id} for c in reply.citations]},
    })


# --- answering the inbox -----------------------------------------------------

def _text_field(body: dict, name: str, limit: int) -> str:
    value = body.get(name)
    if not isinstance(value, str) or not value.strip():
        raise ApiError(422, f"{name} is required and must be a non-empty string")
    value = value.strip()
    if len(value) > limit:
        raise ApiError(422, f"{name} must be at most {limit} characters, got {len(value)}")
    return value


def _faq_entry(question: str, answer: str) -> str:
    """``### question`` and the answer's paragraphs, escaped so they read back exactly as typed."""
    heading = "### " + inline(question)
    if heading_text(heading) != (3, question):
        raise ApiError(422, f"the question cannot be written as a Markdown heading: {question!r}")
    paragraphs = [" ".join(part.split()) for part in answer.split("\n\n") if part.strip()]
    return heading + "\n\n" + "\n\n".join(inline(paragraph) for paragraph in paragraphs)


def add_faq_entry(markdown: str, question: str, answer: str) -> str:
    """The Markdown with a Q+A appended to its FAQ section; a ``## Frequently Asked Questions`` is added if none."""
    lines = markdown.rstrip("\n").split("\n")
    start = 0
    if lines and lines[0].rstrip() == "---":  # front matter: its '# ' lines are YAML comments
        start = next((n + 1 for n in range(1, len(lines)) if lines[n].rstrip() in ("---", "...")), len(lines))
    section_ends, in_faq, fence = None, False, None
    for number in range(start, len(lines)):
        line = lines[number]
        if fence is not None:
            fence = None if line.lstrip().startswith(fence) else fence
            continue
        if line.lstrip().startswith(_FENCES):
            fence = line.lstrip()[:3]
            continue
        heading = heading_text(line)
        if heading is None or heading[0] > 2:
            continue
        if in_faq:
            section_ends = number
            break
        in_faq = is_faq_section(heading[1])
    entry = _faq_entry(question, answer)
    if not in_faq:
        return "\n".join(lines) + f"\n\n## {FAQ_SECTION}\n\n{entry}\n"
    if section_ends is None:
        return "\n".join(lines) + f"\n\n{entry}\n"
    before = "\n".join(lines[:section_ends]).rstrip("\n")
    return f"{before}\n\n{entry}\n\n" + "\n".join(lines[section_ends:]) + "\n"


def _faq_questions(posting) -> set[str]:
    return {" ".join(block.question.split()).casefold() for block in posting.blocks if block.kind == "faq"}


@bp.post("/api/v1/admin/postings/<posting_id>/faq")
@recruiter_required
def add_faq(posting_id: str):
    """Add a question and its answer to a posting's FAQ as a new revision (Markdown), live at once."""
    body = json_body()
    unknown = set(body) - {"question", "answer"}
    if unknown:
        raise ApiError(422, f"unknown field(s): {', '.join(sorted(unknown))}")
    question = " ".join(_text_field(body, "question", MAX_QUESTION_CHARS).split())
    answer = _text_field(body, "answer", MAX_ANSWER_CHARS)
    store = _store()
    current = current_revision(store, posting_id)
    try:
        before = parse(current.source, current.format, name=posting_id, max_bytes=storage.STORED_MAX_BYTES)
    except IngestError as exc:
        raise ApiError(422, f"the current revision no longer parses, edit it first: {exc}", "invalid_posting") from None
    if question.casefold() in _faq_questions(before):
        raise ApiError(422, f"the FAQ already asks {question!r}; edit the posting to change its answer",
                       "duplicate_question")
    markdown = current.source if current.format == "markdown" else to_markdown(before)
    updated = add_faq_entry(markdown, question, answer)
    limit = int(current_app.config["MAX_POSTING_BYTES"])
    if len(updated.encode("utf-8")) > limit:
        raise ApiError(413, f"with this answer the posting would be over the {limit:,}-byte limit")
    try:
        after = parse(updated, "markdown", name=posting_id, max_bytes=storage.STORED_MAX_BYTES)
    except IngestError as exc:  # pragma: no cover - the entry is escaped; kept so a bug can never save bad text
        raise ApiError(422, str(exc), "invalid_posting") from None
    if question.casefold() not in _faq_questions(after):
        raise ApiError(422, "the posting's FAQ did not take this question; add it in the editor instead")
    if_match = _if_match()
    try:
        saved = store.save(posting_id, updated, "markdown", g.recruiter,
                           if_match if if_match is not None else {f"{posting_id}-r{current.revision}"})
    except storage.PreconditionFailed as error:
        raise _precondition_failed(error) from None
    after = after if after.id == posting_id else replace(after, id=posting_id)
    current_app.extensions["corpus_sync"].refresh({(posting_id, saved.revision): after})
    response = jsonify({"id": posting_id, "revision": saved.revision, "etag": saved.etag, "question": question,
                        "section": next(b.section for b in after.blocks if b.question == question)})
    response.status_code = 201
    response.headers["ETag"] = saved.etag
    return response


# --- history -----------------------------------------------------------------

def _revision_arg(name: str, default: int | None) -> int:
    value = request.args.get(name)
    if value is None or value == "":
        if default is None:
            raise ApiError(422, f"{name} is required: a revision number")
        return default
    if not value.isdigit() or int(value) < 1:
        raise ApiError(422, f"{name} must be a revision number (an integer >= 1), got {value!r}")
    return int(value)


@bp.get("/api/v1/admin/postings/<posting_id>/diff")
@recruiter_required
def diff(posting_id: str):
    """The unified diff from revision ``from`` to revision ``to`` (default: the current one)."""
    store = _store()
    history = store.history(posting_id)
    if not history:
        raise _unknown(posting_id)
    newest = history[-1].revision
    first = _revision_arg("from", None)
    second = _revision_arg("to", newest)
    old, new = revision_of(store, posting_id, first), revision_of(store, posting_id, second)
    lines = difflib.unified_diff(old.source.splitlines(), new.source.splitlines(),
                                 f"revision {first} ({old.format})", f"revision {second} ({new.format})",
                                 lineterm="", n=3)
    return jsonify({"id": posting_id, "from": first, "to": second, "current": newest, "lines": list(lines)})


def init_app(app: Flask) -> None:
    """Register the console page and its JSON routes."""
    app.register_blueprint(bp)


def openapi_paths() -> dict:
    """These routes as OpenAPI path items, for :func:`assistant.openapi.document` to merge in."""
    from assistant.openapi import JSON, POSTING_ID, errors, json_response

    def operation(operation_id: str, summary: str, ok: dict, statuses: tuple, **fields) -> dict:
        return {"operationId": operation_id, "tags": ["recruiter"], "summary": summary, "security": [{"bearer": []}],
                "responses": {**ok, **errors(401, 403, *statuses)}, **fields}

    obj = {"type": "object"}
    text = {"schema": {"type": "string"}}
    body = {"required": True, "content": {content_type: text for content_type in FORMATS_BY_CONTENT_TYPE}}
    json_body_of = {"required": True, "content": {JSON: {"schema": obj}}}
    revision = {"in": "query", "required": False, "schema": {"type": "string", "pattern": "^[0-9]+$"}}
    return {
        "/api/v1/admin/postings/{posting_id}/source": {"parameters": [POSTING_ID], "get": operation(
            "adminPostingSource", "The current revision's text, format, Content-Type and ETag",
            {"200": json_response("The stored text", obj)}, (404,))},
        "/api/v1/admin/preview": {"post": operation(
            "adminPreview", "How a posting text is cut into passages, nothing saved",
            {"200": json_response("Title, sections and passages", obj)}, (413, 415, 422),
            requestBody=body, parameters=[{"name": "id", "in": "query", "required": False,
                                           "schema": {"type": "string"}, "description": "the posting id"}])},
        "/api/v1/admin/search": {"post": operation(
            "adminSearch", "A question's concepts, ranked passages with every score, confidence and reply kind",
            {"200": json_response("What retrieval found", obj)}, (400, 404, 413, 415, 422),
            requestBody=json_body_of)},
        "/api/v1/admin/postings/{posting_id}/faq": {"parameters": [POSTING_ID], "post": operation(
            "adminAddFaq", "Add a question and answer to the posting's FAQ as a new revision",
            {"201": json_response("Added", obj)}, (400, 404, 412, 413, 415, 422), requestBody=json_body_of)},
        "/api/v1/admin/postings/{posting_id}/diff": {"parameters": [POSTING_ID], "get": operation(
            "adminDiff", "Unified diff between two revisions (to defaults to the current one)",
            {"200": json_response("Diff lines", obj)}, (404, 422),
            parameters=[{"name": "from", **revision, "required": True}, {"name": "to", **revision}])},
    }
