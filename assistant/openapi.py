"""The OpenAPI 3.1 description of every route, written by hand as data and served at ``/api/v1/openapi.json``.

A test (tests/test_openapi.py) runs schemathesis against the app with this
document, so a route that answers outside it fails the build.
"""

from __future__ import annotations

import copy

JSON = "application/json"
HTML = "text/html"
NULLABLE_STRING = {"type": ["string", "null"]}
# Slugs as the importer writes them (assistant.ingest.common.SLUG_RE).
POSTING_ID = {"name": "posting_id", "in": "path", "required": True, "description": "posting id (slug)",
              "schema": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{0,99}$"},
              "example": "senior-back-end-developer"}

_ERROR_TEXT = {
    "400": "The body is not valid JSON.",
    "401": "No valid bearer token.",
    "403": "The token may not do this.",
    "404": "No such route or posting.",
    "405": "The route does not take this method.",
    "412": "If-Match names a revision that is no longer current; nothing changed.",
    "413": "The body is larger than ASSISTANT_MAX_CONTENT_LENGTH.",
    "415": "The body's Content-Type is not accepted here.",
    "422": "A field is missing or invalid; the message names it.",
    "428": "The change needs an If-Match header.",
    "429": "Too many requests from this client; wait Retry-After seconds.",
    "500": "Something went wrong on the server (no traceback is sent).",
    "503": "Not ready for traffic.",
}


def ref(name: str) -> dict:
    """A reference to a schema under components."""
    return {"$ref": f"#/components/schemas/{name}"}


def json_response(description: str, schema: dict, headers: dict | None = None) -> dict:
    """A JSON response object."""
    response = {"description": description, "content": {JSON: {"schema": schema}}}
    if headers:
        response["headers"] = headers
    return response


def errors(*statuses: int) -> dict:
    """Error responses in the one shape, by status; every operation may also answer 500."""
    return {str(status): {"$ref": f"#/components/responses/E{status}"} for status in (*statuses, 500)}


def _error_responses() -> dict:
    """Reusable error responses; 404 may be the HTML page when a browser asks for one."""
    responses = {f"E{status}": json_response(text, ref("Error")) for status, text in _ERROR_TEXT.items()}
    responses["E404"]["content"][HTML] = {"schema": {"type": "string"}}
    responses["E405"]["headers"] = {"Allow": {"description": "methods the route takes", "schema": {"type": "string"}}}
    responses["E429"]["headers"] = {
        "Retry-After": {"description": "seconds to wait", "required": True, "schema": {"type": "string", "pattern": "^[0-9]+$"}},
        "X-RateLimit-Limit": {"description": "requests allowed in the window", "schema": {"type": "string"}},
    }
    return responses


def _obj(properties: dict, required: tuple | list | None = None, closed: bool = True) -> dict:
    """An object schema; closed means no other property may appear."""
    schema = {"type": "object", "properties": properties, "required": list(required or properties)}
    if closed:
        schema["additionalProperties"] = False
    return schema


SCHEMAS = {
    "Error": _obj({"error": _obj({
        "code": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$", "description": "snake_case, stable"},
        "message": {"type": "string", "description": "for a person"},
    })}),
    "Turn": _obj({"role": {"enum": ["user", "assistant"]}, "content": {"type": "string", "maxLength": 4000}}),
    "ChatRequest": _obj({
        "message": {"type": "string", "minLength": 1, "maxLength": 1000, "pattern": "\\S",
                    "description": "1 to 1000 characters after trimming"},
        "posting": {**NULLABLE_STRING, "description": "posting id; absent or null: careers-wide"},
        "history": {"type": ["array", "null"], "maxItems": 20, "items": ref("Turn")},
        "conversation_id": {"type": ["string", "null"], "pattern": "^c_[A-Za-z0-9_-]{1,64}$"},
    }, required=["message"]),
    "Citation": _obj({
        "n": {"type": "integer", "minimum": 1},
        "id": {"type": "string", "description": "chunk id, stable across re-imports"},
        "posting": {"type": "string"},
        "posting_title": {"type": "string"},
        "section": {"type": "string"},
        "text": {"type": "string", "description": "the verbatim passage"},
        "score": {"type": "number"},
    }),
    "ChatReply": _obj({
        "kind": {"enum": ["answer", "no_answer", "smalltalk", "handoff"]},
        "answer": {"type": "string"},
        "confidence": {"type": "number", "minimum": 0, "maximum": 1},
        "citations": {"type": "array", "items": ref("Citation"), "description": "best first; non-empty exactly for answer"},
        "suggestions": {"type": "array", "items": {"type": "string"}},
        "conversation_id": {"type": "string", "pattern": "^c_"},
        "message_id": {"type": "string", "pattern": "^m_"},
    }),
    "PostingSummary": _obj({
        "id": {"type": "string"}, "title": {"type": "string"},
        "location": NULLABLE_STRING, "employment_type": NULLABLE_STRING, "apply_url": NULLABLE_STRING,
        "contact": {**NULLABLE_STRING, "description": "who a candidate is handed to"},
        "updated": NULLABLE_STRING,
    }),
    "Chunk": _obj({
        "id": {"type": "string"}, "section": {"type": "string"}, "subsection": NULLABLE_STRING,
        "question": NULLABLE_STRING, "text": {"type": "string"}, "position": {"type": "integer", "minimum": 0},
    }),
    "PostingList": _obj({"postings": {"type": "array", "items": ref("PostingSummary")}}),
    "JobPosting": _obj({
        "@context": {"const": "https://schema.org"}, "@type": {"const": "JobPosting"},
        "title": {"type": "string"}, "description": {"type": "string", "description": "HTML"},
        "datePosted": {"type": "string"}, "identifier": {"type": "object"},
    }, closed=False),
    "FeedbackRequest": _obj({"message_id": {"type": "string", "pattern": "^m_[A-Za-z0-9_-]{1,64}$"},
                             "helpful": {"type": "boolean"},
                             "comment": {"type": ["string", "null"], "maxLength": 1000}}, required=["message_id", "helpful"]),
    "FeedbackReceipt": _obj({"message_id": {"type": "string"}, "helpful": {"type": "boolean"}, "recorded": {"const": True}}),
    "Ready": _obj({"status": {"const": "ready"}, "postings": {"type": "integer", "minimum": 1},
                   "database": {"enum": ["ok", "skipped"]}}),
    "Health": _obj({"status": {"const": "ok"}}),
}
SCHEMAS["PostingDetail"] = _obj({
    **SCHEMAS["PostingSummary"]["properties"],
    "sections": {"type": "array", "items": {"type": "string"}},
    "chunks": {"type": "array", "items": ref("Chunk")},
})


def _public_paths() -> dict:
    """The candidate-facing JSON API."""
    etag = {"ETag": {"description": "the posting's current revision, for If-Match", "schema": {"type": "string"}}}
    return {
        "/api/v1/chat": {"post": {
            "operationId": "chat", "tags": ["public"], "summary": "Answer one candidate message with cited passages",
            "requestBody": {"required": True, "content": {JSON: {"schema": ref("ChatRequest"), "examples": {
                "posting": {"value": {"message": "Do I need a degree?", "posting": "senior-back-end-developer"}},
                "careers": {"value": {"message": "hi"}},
                "follow_up": {"value": {"message": "is it required?", "posting": "senior-back-end-developer",
                                        "history": [{"role": "user", "content": "Do I need a degree?"}]}},
            }}}},
            "responses": {"200": json_response("The reply", ref("ChatReply")),
                          **errors(400, 404, 405, 413, 415, 422, 429)},
        }},
        "/api/v1/feedback": {"post": {
            "operationId": "feedback", "tags": ["public"], "summary": "A thumbs up or down on one reply",
            "requestBody": {"required": True, "content": {JSON: {"schema": ref("FeedbackRequest")}}},
            "responses": {"201": json_response("Recorded", ref("FeedbackReceipt")),
                          **errors(400, 404, 405, 413, 415, 422, 429, 503)},
        }},
        "/api/v1/postings": {"get": {
            "operationId": "listPostings", "tags": ["public"], "summary": "Every job posting",
            "responses": {"200": json_response("Postings by title", ref("PostingList")), **errors()},
        }},
        "/api/v1/postings/{posting_id}": {"parameters": [POSTING_ID], "get": {
            "operationId": "getPosting", "tags": ["public"], "summary": "One posting with its sections and passages",
            "parameters": [{"name": "If-None-Match", "in": "header", "required": False, "schema": {"type": "string"},
                            "description": "an ETag from an earlier GET: 304 while it is current"}],
            "responses": {"200": json_response("The posting", ref("PostingDetail"), etag),
                          "304": {"description": "Not modified since that ETag", "headers": etag}, **errors(404)},
        }},
        "/api/v1/postings/{posting_id}/jobposting": {"parameters": [POSTING_ID], "get": {
            "operationId": "getJobPosting", "tags": ["public"], "summary": "The posting as schema.org JobPosting JSON-LD",
            "responses": {"200": {"description": "JSON-LD", "content": {
                "application/ld+json": {"schema": ref("JobPosting")}, JSON: {"schema": ref("JobPosting")}}},
                **errors(404)},
        }},
    }


_GROUP = _obj({
    "question": {"type": "string", "description": "the wording asked most often"},
    "count": {"type": "integer", "minimum": 1}, "kind": {"type": ["string", "null"]}, "posting": NULLABLE_STRING,
    "last_asked": {"type": "string", "format": "date-time"},
    "examples": {"type": "array", "items": {"type": "string"}},
    "answered_now": {"type": ["object", "null"], "description": "what the assistant answers to it today; null while "
                     "it still cannot (the passage it cites first, and the reply's confidence)",
                     "properties": {"id": {"type": "string"}, "posting": {"type": "string"}, "text": {"type": "string"},
                                    "confidence": {"type": "number", "minimum": 0, "maximum": 1}},
                     "required": ["id", "posting", "text", "confidence"], "additionalProperties": False},
})
_CHANGE = {"id": {"type": "string"}, "revision": {"type": "integer", "minimum": 1}, "etag": {"type": "string"}}
_SHARE = {"type": ["number", "null"], "minimum": 0, "maximum": 1}
RECRUITER_SCHEMAS = {
    "PostingSaved": _obj({**_CHANGE, "created": {"type": "boolean"}, "changed": {"type": "boolean"},
                          "title": {"type": "string"}, "company": {"type": "boolean"}}),
    "RolledBack": _obj({**_CHANGE, "rolled_back_to": {"type": "integer", "minimum": 1}}),
    "Revision": _obj({"revision": {"type": "integer", "minimum": 1}, "created_at": {"type": "string", "format": "date-time"},
                      "author": NULLABLE_STRING, "format": {"enum": ["markdown", "text", "html", "jsonld"]}}),
    "Revisions": _obj({"id": {"type": "string"}, "revisions": {"type": "array", "items": ref("Revision")}}),
    "Rollback": _obj({"revision": {"type": "integer", "minimum": 1}}),
    "QuestionGroup": _GROUP,
    "QuestionGroups": _obj({"status": {"enum": ["unanswered", "low_confidence", "unhelpful", "all"]},
                            "questions": {"type": "array", "items": ref("QuestionGroup")}}),
    "Stats": _obj({
        "turns": {"type": "integer", "minimum": 0}, "questions": {"type": "integer", "minimum": 0},
        "answered": {"type": "integer", "minimum": 0}, "answered_share": _SHARE,
        "feedback": {"type": "integer", "minimum": 0}, "helpful": {"type": "integer", "minimum": 0},
        "helpful_share": _SHARE,
        "per_day": {"type": "array", "items": _obj({
            "date": {"type": "string", "format": "date"}, "turns": {"type": "integer"},
            "questions": {"type": "integer"}, "answered": {"type": "integer"}})},
        "top_unanswered": {"type": "array", "items": ref("QuestionGroup")},
    }),
}
_BEARER = [{"bearer": []}]
_ETAG = {"ETag": {"description": "the posting's new current revision", "schema": {"type": "string"}}}


def _recruiter(operation_id: str, summary: str, responses: dict, **fields) -> dict:
    """An operation that needs a recruiter's bearer token (and a database: 503 without one)."""
    return {"operationId": operation_id, "tags": ["recruiter"], "summary": summary, "security": _BEARER,
            "responses": {**responses, **errors(401, 403, 503)}, **fields}


def _posting_changes() -> dict:
    """PUT and DELETE on a posting."""
    if_match = {"name": "If-Match", "in": "header", "required": False, "schema": {"type": "string"},
                "description": "the ETag the change is based on; a stale one is a 412 and changes nothing"}
    text = {"schema": {"type": "string"}}
    document = {"schema": {"type": "object"}}
    markdown = {"schema": {"type": "string"}, "example": "---\nid: example\ntitle: Example role\n---\n\n## About\n\n"
                                                          "You will build things.\n"}
    body = {"required": True, "content": {"text/markdown": markdown, "text/x-markdown": text, "text/plain": text,
                                          "text/html": text, "application/ld+json": document, JSON: document}}
    location = {"Location": {"description": "the posting's URL", "schema": {"type": "string"}}}
    saved = ref("PostingSaved")
    return {
        "put": _recruiter("putPosting", "Add or replace a posting: Markdown, plain text, HTML or JSON-LD by Content-Type", {
            "200": json_response("Replaced (changed is false when the text was the same)", saved, _ETAG),
            "201": json_response("Added", saved, {**_ETAG, **location}),
            **errors(400, 412, 413, 415, 422)}, parameters=[if_match], requestBody=body),
        "delete": _recruiter("deletePosting", "Remove a posting; its revisions stay for a rollback", {
            "204": {"description": "Removed"}, **errors(404, 412)}, parameters=[if_match]),
    }


def _recruiter_paths() -> dict:
    """The recruiter API: change postings, see their history, read what candidates asked."""
    since = {"name": "since", "in": "query", "required": False, "description": "ISO date or date-time",
             "schema": {"type": "string", "format": "date"}}
    return {
        "/api/v1/postings/{posting_id}": _posting_changes(),
        "/api/v1/postings/{posting_id}/revisions": {"parameters": [POSTING_ID], "get": _recruiter(
            "listRevisions", "A posting's revisions, oldest first",
            {"200": json_response("Revisions", ref("Revisions")), **errors(404)})},
        "/api/v1/postings/{posting_id}/rollback": {"parameters": [POSTING_ID], "post": _recruiter(
            "rollbackPosting", "Make an earlier revision's text current, as a new revision",
            {"200": json_response("Rolled back", ref("RolledBack"), _ETAG), **errors(400, 404, 412, 413, 415, 422)},
            requestBody={"required": True, "content": {JSON: {"schema": ref("Rollback")}}})},
        "/api/v1/admin/questions": {"get": _recruiter(
            "adminQuestions", "Candidates' questions, near-identical ones grouped with counts, most asked first",
            {"200": json_response("Question groups", ref("QuestionGroups")), **errors(422)}, parameters=[
                {"name": "status", "in": "query", "required": False,
                 "schema": {"enum": ["unanswered", "low_confidence", "unhelpful", "all"], "default": "all"}},
                _query("posting", "posting id"), since,
                {"name": "limit", "in": "query", "required": False,
                 "schema": {"type": "integer", "minimum": 1, "maximum": 500, "default": 50}}])},
        "/api/v1/admin/stats": {"get": _recruiter(
            "adminStats", "Questions per day, the share answered and found helpful, the top unanswered",
            {"200": json_response("Stats", ref("Stats")), **errors(422)},
            parameters=[since, _query("posting", "posting id")])},
    }


def _operations_paths() -> dict:
    """Probes, metrics and this document."""
    return {
        "/healthz": {"get": {"operationId": "healthz", "tags": ["operations"], "summary": "The process is up",
                             "responses": {"200": json_response("Up", ref("Health")), **errors()}}},
        "/readyz": {"get": {"operationId": "readyz", "tags": ["operations"],
                            "summary": "Ready: postings are loaded and the database answers",
                            "responses": {"200": json_response("Ready", ref("Ready")), **errors(503)}}},
        "/metrics": {"get": {"operationId": "metrics", "tags": ["operations"],
                             "summary": "Prometheus metrics: requests, latency, chat replies by kind",
                             "responses": {"200": {"description": "Prometheus text format",
                                                   "content": {"text/plain": {"schema": {"type": "string"}}}},
                                           **errors()}}},
        "/api/v1/openapi.json": {"get": {"operationId": "openapi", "tags": ["operations"], "summary": "This document",
                                         "responses": {"200": json_response("OpenAPI 3.1", {"type": "object"}),
                                                       **errors()}}},
    }


def _page(operation_id: str, summary: str, parameters: list | None = None, media: str = HTML,
          not_found: bool = False) -> dict:
    """A GET route that answers with a page or a file rather than JSON."""
    responses = {"200": {"description": summary, "content": {media: {"schema": {"type": "string"}}}}}
    responses.update(errors(404) if not_found else errors())
    operation = {"operationId": operation_id, "tags": ["pages"], "summary": summary, "responses": responses}
    if parameters:
        operation["parameters"] = parameters
    return {"get": operation}


def _query(name: str, description: str) -> dict:
    return {"name": name, "in": "query", "required": False, "description": description, "schema": {"type": "string"}}


def _pages_paths() -> dict:
    """What browsers load: pages, the widget, static files."""
    filename = {"name": "filename", "in": "path", "required": True,
                "schema": {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9_.-]*$"}}
    return {
        "/": _page("careersPage", "The careers page: every posting and the careers-wide chat",
                   [_query("q", "words every listed posting contains")]),
        "/jobs/{posting_id}": {"parameters": [POSTING_ID], **_page("postingPage", "A posting page with the widget and JSON-LD",
                                                                    not_found=True)},
        "/widget.js": _page("widgetScript", "The embeddable widget script", media="application/javascript"),
        "/widget/frame": _page("widgetFrame", "The chat shown in the widget's iframe", [
            _query("posting", "posting id"), _query("color", "accent colour, #rgb or #rrggbb"),
            _query("title", "the chat's title"), _query("origin", "the embedding page's origin")]),
        "/admin": _page("adminPage", "The recruiters' admin page"),
        "/static/{filename}": _page("staticFile", "A stylesheet, script or image of the pages", [filename],
                                    media="*/*", not_found=True),
    }


def document() -> dict:
    """The whole OpenAPI 3.1 document (a fresh copy: callers may change it)."""
    from assistant import console  # its routes describe themselves; imported here, as console imports this module

    paths = {**_public_paths(), **_operations_paths(), **_pages_paths()}
    for more in (_recruiter_paths(), console.openapi_paths()):
        for path, item in more.items():
            paths.setdefault(path, {}).update(item)
    return copy.deepcopy({
        "openapi": "3.1.0",
        "info": {"title": "Careers Assistant", "version": "1",
                 "description": "Cited answers to candidates' questions about job postings. Every error has the "
                                "shape {\"error\": {\"code\", \"message\"}}."},
        "tags": [{"name": "public"}, {"name": "recruiter"}, {"name": "operations"}, {"name": "pages"}],
        "paths": paths,
        "components": {
            "schemas": {**SCHEMAS, **RECRUITER_SCHEMAS},
            "responses": _error_responses(),
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
                                           "description": "a recruiter token from `careers-assistant token create NAME`"}},
        },
    })
