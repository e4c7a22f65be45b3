"""The recruiter API: add, replace, remove and roll back postings (bearer token), and the public JSON-LD.

The posting id in the URL is the posting's id: an id in the body (front
matter, JSON-LD identifier) is ignored, because plain text and HTML carry
none and a URL that named one posting but wrote another would surprise.
"""

from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, Flask, current_app, g, jsonify, request, url_for

from assistant import storage
from assistant.access_tokens import recruiter_required
from assistant.api import json_body
from assistant.errors import ApiError
from assistant.ingest import FORMATS_BY_CONTENT_TYPE, IngestError, parse, to_markdown
from assistant.ingest.common import SLUG_RE
from assistant.jobposting import to_jobposting
from assistant.model import Posting

bp = Blueprint("recruiter", __name__, url_prefix="/api/v1")


def _store() -> storage.Store:
    store = storage.store_of(current_app)
    if store is None:
        raise ApiError(503, "the recruiter API needs a database; this app runs without one", "no_database")
    return store


def _checked_id(posting_id: str) -> str:
    if not SLUG_RE.match(posting_id):
        raise ApiError(422, f"posting id must be a slug (lowercase letters, digits and '-', at most 100), "
                            f"got {posting_id!r}", "invalid_posting_id")
    return posting_id


def _if_match():
    """``If-Match`` as the store takes it: None when absent, ``"*"``, or the set of strong tags."""
    if "If-Match" not in request.headers:
        return None
    tags = request.if_match
    return "*" if tags.star_tag else tags.as_set(include_weak=False)


def _body_format() -> str:
    fmt = FORMATS_BY_CONTENT_TYPE.get(request.mimetype or "")
    if fmt is None:
        accepted = ", ".join(sorted(FORMATS_BY_CONTENT_TYPE))
        raise ApiError(415, f"send the posting as one of {accepted}, not {request.mimetype or 'nothing'}")
    return fmt


def _read_posting(posting_id: str, fmt: str) -> tuple[Posting, str, str]:
    """(posting, text to store, its format) from the request body; a bad body is a 413, 415 or 422."""
    limit = int(current_app.config["MAX_POSTING_BYTES"])
    body = request.get_data(cache=False)
    if len(body) > limit:
        raise ApiError(413, f"the posting is {len(body):,} bytes; one posting may be at most {limit:,} bytes")
    charset = request.mimetype_params.get("charset")
    source: str | bytes = body
    if charset and charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
        try:
            source = body.decode(charset)
        except (LookupError, UnicodeDecodeError) as exc:
            raise ApiError(415, f"the body is not readable as {charset}: {exc}") from None
    try:
        posting = parse(source, fmt, name=posting_id, max_bytes=limit * 4)
    except IngestError as exc:
        raise ApiError(422, str(exc), "invalid_posting") from None
    posting = posting if posting.id == posting_id else replace(posting, id=posting_id)
    if isinstance(source, str):
        return posting, source, fmt
    try:
        return posting, source.decode("utf-8-sig"), fmt
    except UnicodeDecodeError:  # e.g. UTF-16 with a byte order mark: keep it in the corpus format
        return posting, to_markdown(posting), "markdown"


def _precondition_failed(error: storage.PreconditionFailed) -> ApiError:
    current = f"its current ETag is {error.current}" if error.current else "it does not exist"
    return ApiError(412, f"If-Match does not match the posting's current revision ({current}); "
                         "fetch it again and retry", "stale_revision")


def _change_json(saved: storage.Saved, **extra) -> dict:
    return {"id": saved.posting_id, "revision": saved.revision, "etag": saved.etag, **extra}


def _apply_now(known: dict | None = None) -> None:
    """The process that made a change serves it at once; the others pick it up from the version."""
    current_app.extensions["corpus_sync"].refresh(known)


@bp.put("/postings/<posting_id>")
@recruiter_required
def put_posting(posting_id: str):
    """Add or replace a posting from a Markdown, plain text, HTML or JSON-LD body."""
    _checked_id(posting_id)
    store = _store()
    fmt = _body_format()
    posting, source, source_format = _read_posting(posting_id, fmt)
    try:
        saved = store.save(posting_id, source, source_format, g.recruiter, _if_match())
    except storage.PreconditionFailed as error:
        raise _precondition_failed(error) from None
    if saved.changed:
        _apply_now({(posting_id, saved.revision): posting})
    body = _change_json(saved, created=saved.created, changed=saved.changed, title=posting.title,
                        company=posting.company)
    response = jsonify(body)
    response.status_code = 201 if saved.created else 200
    response.headers["ETag"] = saved.etag
    if saved.created:
        response.headers["Location"] = url_for("api.posting", posting_id=posting_id)
    return response


@bp.delete("/postings/<posting_id>")
@recruiter_required
def delete_posting(posting_id: str):
    """Remove a posting; its revisions stay for a rollback."""
    try:
        _store().delete(posting_id, _if_match())
    except storage.PostingNotFound:
        raise ApiError(404, f"no posting with id {posting_id!r}", "unknown_posting") from None
    except storage.PreconditionFailed as error:
        raise _precondition_failed(error) from None
    _apply_now()
    return "", 204


@bp.get("/postings/<posting_id>/revisions")
@recruiter_required
def revisions(posting_id: str):
    """A posting's revisions, oldest first."""
    history = _store().history(posting_id)
    if not history:
        raise ApiError(404, f"no posting with id {posting_id!r}", "unknown_posting")
    return jsonify({"id": posting_id, "revisions": [
        {"revision": item.revision, "created_at": item.created_at.isoformat(), "author": item.author,
         "format": item.format}
        for item in history
    ]})


@bp.post("/postings/<posting_id>/rollback")
@recruiter_required
def rollback(posting_id: str):
    """Make an earlier revision's text current again, as a new revision."""
    body = json_body()
    unknown = set(body) - {"revision"}
    if unknown:
        raise ApiError(422, f"unknown field(s): {', '.join(sorted(unknown))}")
    revision = body.get("revision")
    if isinstance(revision, bool) or not isinstance(revision, int) or revision < 1:
        raise ApiError(422, f"revision must be a revision number (an integer >= 1), got {revision!r}")
    try:
        saved = _store().rollback(posting_id, revision, g.recruiter, _if_match())
    except storage.PostingNotFound:
        raise ApiError(404, f"no posting with id {posting_id!r}", "unknown_posting") from None
    except storage.RevisionNotFound:
        raise ApiError(422, f"posting {posting_id!r} has no revision {revision}", "unknown_revision") from None
    except storage.PreconditionFailed as error:
        raise _precondition_failed(error) from None
    _apply_now()
    response = jsonify(_change_json(saved, rolled_back_to=revision))
    response.headers["ETag"] = saved.etag
    return response


@bp.get("/postings/<posting_id>/jobposting")
def jobposting(posting_id: str):
    """The posting as schema.org JobPosting JSON-LD (public)."""
    engine = current_app.extensions["assistant"]
    posting = engine.posting(posting_id)
    if posting is None or posting.company:
        raise ApiError(404, f"no posting with id {posting_id!r}", "unknown_posting")
    page = "pages.posting_page"
    url = url_for(page, posting_id=posting_id, _external=True) if page in current_app.view_functions else None
    response = jsonify(to_jobposting(posting, engine.chunks(posting_id), url=url))
    response.mimetype = "application/ld+json"
    return response


def init_app(app: Flask) -> None:
    """Register the recruiter API."""
    app.register_blueprint(bp)
