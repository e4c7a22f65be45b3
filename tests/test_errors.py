"""Every error, on every route family, comes back as {"error": {"code", "message"}} with the right status."""

from __future__ import annotations

import pytest

from assistant import create_app, storage
from assistant.access_tokens import create_token

TRACEBACK_MARKS = ("Traceback", 'File "', "RuntimeError", "secret detail")


@pytest.fixture()
def app(tmp_path):
    """The bundled assistant with a small body limit, a tight rate limit and a route that fails."""
    app = create_app({
        "DATABASE_URL": f"sqlite:///{tmp_path / 'assistant.db'}",
        "MAX_CONTENT_LENGTH": 4096,
        "RATE_LIMIT": "3/minute",
    })

    @app.get("/test/boom")
    def boom():
        raise RuntimeError("secret detail: password=hunter2")

    return app


@pytest.fixture()
def client(app):
    return app.test_client()


def assert_error_shape(response, status: int, code: str | None = None) -> dict:
    """The response is ``status`` with the one error shape, JSON, and no traceback."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message"}
    assert isinstance(body["error"]["code"], str) and body["error"]["code"].replace("_", "").isalpha()
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    if code:
        assert body["error"]["code"] == code
    text = response.get_data(as_text=True)
    assert not any(mark in text for mark in TRACEBACK_MARKS), text
    return body["error"]


CHAT = "/api/v1/chat"


@pytest.mark.parametrize(("method", "path", "kwargs", "status", "code"), [
    ("post", CHAT, {"data": "{not json", "content_type": "application/json"}, 400, "bad_json"),
    ("get", "/api/v1/no-such-route", {}, 404, "not_found"),
    ("get", "/no-such-page", {"headers": {"Accept": "application/json"}}, 404, "not_found"),
    ("get", "/api/v1/no-such-route", {"headers": {"Accept": "text/html"}}, 404, "not_found"),
    ("get", "/api/v1/postings/no-such-posting", {}, 404, "unknown_posting"),
    ("post", CHAT, {"json": {"message": "Is it remote?", "posting": "no-such-posting"}}, 404, "unknown_posting"),
    ("get", CHAT, {}, 405, "method_not_allowed"),
    ("delete", "/healthz", {}, 405, "method_not_allowed"),
    ("post", "/api/v1/postings", {"json": {}}, 405, "method_not_allowed"),
    ("post", CHAT, {"data": '{"message": "' + "x" * 5000 + '"}', "content_type": "application/json"}, 413,
     "payload_too_large"),
    ("post", CHAT, {"data": "message=hi", "content_type": "application/x-www-form-urlencoded"}, 415,
     "unsupported_media_type"),
    ("post", CHAT, {"data": "hi", "content_type": "text/plain"}, 415, "unsupported_media_type"),
    ("post", CHAT, {"json": {"message": "   "}}, 422, "invalid_field"),
    ("post", CHAT, {"json": ["not", "an", "object"]}, 422, "invalid_field"),
    ("post", CHAT, {"json": {"message": "hi", "history": "yesterday"}}, 422, "invalid_field"),
    ("get", "/test/boom", {}, 500, "internal_error"),
])
def test_error_statuses_share_one_shape(client, method, path, kwargs, status, code):
    response = getattr(client, method)(path, **kwargs)
    assert_error_shape(response, status, code)


@pytest.fixture()
def token(app):
    return create_token(storage.store_of(app).engine, "errors-test")


POSTING = "/api/v1/postings/senior-back-end-developer"
MARKDOWN = "---\nid: senior-back-end-developer\ntitle: Senior Back End Developer\n---\n\n## About\n\nText.\n"


def test_recruiter_routes_answer_401_without_a_valid_token(client):
    missing = client.put(POSTING, data=MARKDOWN, content_type="text/markdown")
    assert_error_shape(missing, 401, "missing_token")
    assert missing.headers["WWW-Authenticate"].startswith("Bearer")
    wrong = client.get("/api/v1/admin/stats", headers={"Authorization": "Bearer not-a-token"})
    assert_error_shape(wrong, 401, "invalid_token")


@pytest.mark.parametrize(("kwargs", "status", "code"), [
    ({"data": MARKDOWN, "content_type": "text/markdown", "headers": {"If-Match": '"stale"'}}, 412, "stale_revision"),
    ({"data": b"\x89PNG", "content_type": "image/png"}, 415, "unsupported_media_type"),
    ({"data": "", "content_type": "text/markdown"}, 422, "invalid_posting"),
    ({"data": "x" * 5000, "content_type": "text/plain"}, 413, "payload_too_large"),
])
def test_recruiter_errors_share_the_shape(client, token, kwargs, status, code):
    headers = {"Authorization": f"Bearer {token}", **kwargs.pop("headers", {})}
    assert_error_shape(client.put(POSTING, headers=headers, **kwargs), status, code)


def test_feedback_on_an_unknown_reply_is_a_404_in_the_shape(client):
    response = client.post("/api/v1/feedback", json={"message_id": "m_nobody", "helpful": True})
    assert_error_shape(response, 404)


def test_405_names_the_allowed_methods(client):
    response = client.get(CHAT)
    assert_error_shape(response, 405)
    assert "POST" in response.headers["Allow"]


def test_429_has_retry_after(client):
    statuses = [client.post(CHAT, json={"message": "Is it remote?"}).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.post(CHAT, json={"message": "Is it remote?"})
    error = assert_error_shape(response, 429, "rate_limited")
    assert 1 <= int(response.headers["Retry-After"]) <= 60
    assert "wait" in error["message"]


def test_500_logs_the_cause_but_does_not_send_it(client, caplog):
    response = client.get("/test/boom")
    assert_error_shape(response, 500, "internal_error")
    assert "hunter2" in caplog.text  # the operator sees it in the log; the client never does


def test_503_when_not_ready(app, client):
    class Empty:
        def postings(self):
            return []

    app.extensions["assistant"] = Empty()
    assert_error_shape(client.get("/readyz"), 503, "not_ready")


def _routes(app):
    """Every rule of the app but static files, with its methods other than HEAD and OPTIONS."""
    for rule in app.url_map.iter_rules():
        if rule.endpoint.endswith("static") or rule.rule.startswith("/test/"):
            continue
        path = rule.rule
        for argument in rule.arguments:
            path = path.replace(f"<{argument}>", "no-such-posting")
        yield rule, path, sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})


def test_every_route_answers_an_unknown_method_in_the_shape(app, client):
    for _rule, path, methods in _routes(app):
        if "PATCH" in methods:
            continue
        response = client.patch(path, headers={"Accept": "application/json"})
        assert_error_shape(response, 405, "method_not_allowed")


def test_every_api_route_that_takes_a_body_refuses_a_broken_one_in_the_shape(app, client):
    checked = 0
    for _rule, path, methods in _routes(app):
        for method in set(methods) & {"POST", "PUT"}:
            if not path.startswith("/api/"):
                continue
            response = client.open(path, method=method, data="{not json", content_type="application/json",
                                   headers={"Authorization": "Bearer not-a-token"})
            assert 400 <= response.status_code < 500
            assert_error_shape(response, response.status_code)
            checked += 1
    assert checked >= 1


def test_every_api_route_refuses_an_oversized_body_in_the_shape(app, client):
    for _rule, path, methods in _routes(app):
        for method in set(methods) & {"POST", "PUT"}:
            if path.startswith("/api/"):
                response = client.open(path, method=method, data="x" * 10_000, content_type="application/json",
                                       headers={"Authorization": "Bearer not-a-token"})
                # A route may refuse the token before it reads the body; either way, the shape holds.
                assert response.status_code in (401, 403, 413, 429)
                assert_error_shape(response, response.status_code)
