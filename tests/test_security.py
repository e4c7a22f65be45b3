"""assistant.security: CSP, framing and the other headers, on every response of the app."""

from __future__ import annotations

import pytest

from assistant import create_app
from assistant.model import Block, Chunk, Posting
from assistant.security import content_security_policy, frame_ancestors

POSTING = Posting("backend", "Back End Developer", (Block("paragraph", "You will run our APIs.", "About"),))


class Engine:
    """Just enough of the assistant for pages to render."""

    def postings(self):
        return [POSTING]

    def posting(self, posting_id):
        return POSTING if posting_id == POSTING.id else None

    def chunks(self, posting_id):
        return [Chunk("k1", "backend", "About", "You will run our APIs.", 0)] if posting_id == POSTING.id else []


def client_for(**config):
    return create_app({"TESTING": True, "ASSISTANT": Engine(), "RATE_LIMIT": "off", **config}).test_client()


def directives(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    return {part.split(" ", 1)[0]: part.split(" ", 1)[1] for part in policy.split("; ")}


EVERY_KIND_OF_RESPONSE = [
    ("GET", "/"),
    ("GET", "/jobs/backend"),
    ("GET", "/jobs/unknown"),                # 404 page
    ("GET", "/nowhere"),                     # the app's 404
    ("GET", "/widget.js"),
    ("GET", "/static/frame.css"),
    ("GET", "/api/v1/postings"),
    ("POST", "/api/v1/postings"),            # 405
    ("POST", "/api/v1/chat"),                # 415, an API error
    ("GET", "/healthz"),
]


@pytest.mark.parametrize(("method", "path"), EVERY_KIND_OF_RESPONSE)
def test_every_response_carries_the_security_headers(method, path):
    with client_for().open(path, method=method) as response:
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert response.headers["X-Frame-Options"] == "DENY"
        policy = directives(response)
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"  # nothing inline
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"


def test_widget_frame_may_be_embedded_anywhere_by_default():
    response = client_for().get("/widget/frame?posting=backend")
    assert response.status_code == 200
    assert directives(response)["frame-ancestors"] == "*"
    assert "X-Frame-Options" not in response.headers
    assert directives(response)["script-src"] == "'self'"


def test_widget_frame_ancestors_come_from_the_setting():
    client = client_for(FRAME_ANCESTORS="https://board.example  https://*.partner.example")
    response = client.get("/widget/frame")
    assert directives(response)["frame-ancestors"] == "'self' https://board.example https://*.partner.example"
    assert directives(client.get("/"))["frame-ancestors"] == "'none'"  # only the frame is embeddable


def test_frame_ancestors_setting_from_the_environment(monkeypatch):
    monkeypatch.setenv("ASSISTANT_FRAME_ANCESTORS", "https://jobs.example")
    response = client_for().get("/widget/frame")
    assert directives(response)["frame-ancestors"] == "'self' https://jobs.example"


@pytest.mark.parametrize(("setting", "expected"), [
    ("*", "*"),
    ("https://a.example https://b.example", "'self' https://a.example https://b.example"),  # our pages too
    ("https://a.example 'self'", "https://a.example 'self'"),
    ("* https://a.example", "* https://a.example"),
    ("'none'", "'none'"),
    ("", "'none'"),
    (None, "'none'"),
    ("https://a.example; script-src", "'self' script-src"),  # ';' cannot start a new directive...
    ("https://a.example,https://b.example", "'none'"),      # ...nor ',' a second policy
    ("'unsafe-inline' https://a.example", "'self' https://a.example"),
    ("'none' https://a.example", "'self' https://a.example"),
])
def test_frame_ancestors_keeps_only_source_expressions(setting, expected):
    assert frame_ancestors(setting) == expected


def test_a_hostile_setting_cannot_add_directives():
    policy = content_security_policy(frame_ancestors("https://a.example; script-src *; img-src *"))
    assert policy.count(";") == policy.count("; ") and "https://a.example;" not in policy
    assert "script-src 'self'" in policy
