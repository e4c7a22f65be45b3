"""Rate limits per client on chat and feedback: in one process, and shared across processes through Redis."""

from __future__ import annotations

import uuid

import pytest
from flask import Flask, jsonify

from assistant import create_app, limits
from servers import free_port, request, serving

CHAT = "/api/v1/chat"
QUESTION = {"message": "Do I need a degree?"}


def make_app(tmp_path, **config):
    """The bundled assistant with the given settings."""
    return create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'assistant.db'}", **config})


@pytest.mark.parametrize(("value", "expected"), [
    ("30/minute", "30/minute"),
    (" 5/second;100/hour ", "5/second;100/hour"),
    ("off", None),
    ("OFF", None),
    ("", None),
    (None, None),
])
def test_parse_limit(value, expected):
    assert limits.parse_limit(value) == expected


@pytest.mark.parametrize("value", ["banana", "30 per fortnight", "-1/minute"])
def test_a_limit_that_does_not_parse_is_refused_by_name(value):
    with pytest.raises(ValueError, match="ASSISTANT_RATE_LIMIT"):
        limits.parse_limit(value)


def test_chat_is_limited_per_client(tmp_path):
    client = make_app(tmp_path, RATE_LIMIT="2/minute").test_client()
    first = [client.post(CHAT, json=QUESTION, environ_base={"REMOTE_ADDR": "10.0.0.1"}).status_code for _ in range(3)]
    other = client.post(CHAT, json=QUESTION, environ_base={"REMOTE_ADDR": "10.0.0.2"})
    assert first == [200, 200, 429]
    assert other.status_code == 200


def test_other_routes_are_not_limited(tmp_path):
    client = make_app(tmp_path, RATE_LIMIT="1/minute").test_client()
    assert client.post(CHAT, json=QUESTION).status_code == 200
    assert client.post(CHAT, json=QUESTION).status_code == 429
    for path in ("/healthz", "/readyz", "/api/v1/postings", "/metrics", "/api/v1/openapi.json"):
        assert {client.get(path).status_code for _ in range(3)} == {200}, path


def test_off_disables_the_limit(tmp_path):
    client = make_app(tmp_path, RATE_LIMIT="off").test_client()
    assert {client.post(CHAT, json=QUESTION).status_code for _ in range(40)} == {200}


def test_forwarded_for_is_ignored_unless_proxies_are_trusted(tmp_path):
    client = make_app(tmp_path, RATE_LIMIT="1/minute").test_client()
    statuses = [client.post(CHAT, json=QUESTION, headers={"X-Forwarded-For": f"203.0.113.{n}"}).status_code
                for n in range(3)]
    assert statuses == [200, 429, 429]  # a client cannot dodge the limit by naming another address


def test_behind_a_trusted_proxy_the_forwarded_client_counts(tmp_path):
    client = make_app(tmp_path, RATE_LIMIT="1/minute", TRUSTED_PROXIES=1).test_client()
    def ask(address):
        return client.post(CHAT, json=QUESTION, headers={"X-Forwarded-For": address}).status_code
    assert [ask("203.0.113.1"), ask("203.0.113.2"), ask("203.0.113.1")] == [200, 200, 429]


def test_trusted_proxies_must_not_be_negative(tmp_path):
    with pytest.raises(ValueError, match="ASSISTANT_TRUSTED_PROXIES"):
        make_app(tmp_path, TRUSTED_PROXIES=-1)


def test_feedback_is_limited_by_its_path_whatever_its_endpoint_is_called():
    app = Flask(__name__)
    app.config.update(RATE_LIMIT="2/minute", RATELIMIT_STORAGE_URI="memory://")

    @app.post("/api/v1/feedback", endpoint="someone.thumbs")
    def thumbs():
        return jsonify({"status": "recorded"})

    @app.post("/api/v1/other")
    def other():
        return jsonify({})

    limits.init_app(app)
    client = app.test_client()
    assert [client.post("/api/v1/feedback").status_code for _ in range(3)] == [200, 200, 429]
    assert {client.post("/api/v1/other").status_code for _ in range(3)} == {200}
    assert limits.limited_endpoints(app) == ["someone.thumbs"]


def test_the_real_feedback_route_is_limited_when_it_exists(tmp_path):
    app = make_app(tmp_path, RATE_LIMIT="2/minute")
    endpoints = limits.limited_endpoints(app)
    assert "api.chat" in endpoints
    if not any(rule.rule == "/api/v1/feedback" for rule in app.url_map.iter_rules()):
        pytest.skip("no feedback route yet")
    client = app.test_client()
    body = {"message_id": "m_unknown", "helpful": True}
    assert client.post("/api/v1/feedback", json=body).status_code != 429
    assert client.post("/api/v1/feedback", json=body).status_code != 429
    assert client.post("/api/v1/feedback", json=body).status_code == 429


def test_an_unreachable_redis_does_not_take_chat_down(tmp_path):
    uri = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    client = make_app(tmp_path, RATE_LIMIT="2/minute", RATELIMIT_STORAGE_URI=uri).test_client()
    # Counting goes on in this process until Redis is back.
    assert [client.post(CHAT, json=QUESTION).status_code for _ in range(3)] == [200, 200, 429]


def _redis():
    import redis

    connection = redis.Redis.from_url("redis://127.0.0.1:6379/0", socket_connect_timeout=2)
    try:
        connection.ping()
    except redis.ConnectionError as exc:
        pytest.fail(f"Redis must run on 127.0.0.1:6379 for this test (.ci/run starts it): {exc}")
    return connection


@pytest.mark.redis
@pytest.mark.slow
def test_two_servers_share_one_limit_through_redis(tmp_path):
    connection = _redis()
    prefix = f"test-{uuid.uuid4().hex}"
    env = {"ASSISTANT_RATE_LIMIT": "5/minute", "ASSISTANT_RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0",
           "ASSISTANT_RATELIMIT_KEY_PREFIX": prefix}
    try:
        with serving(tmp_path / "one", env, workers=1) as one, serving(tmp_path / "two", env, workers=1) as two:
            statuses = [request(base + CHAT, QUESTION)[0] for base in (one, two, one, two, one)]
            sixth_status, headers, _ = request(two + CHAT, QUESTION)
        assert statuses == [200] * 5
        assert sixth_status == 429
        assert 1 <= int(headers["Retry-After"]) <= 60
        assert list(connection.scan_iter(f"*{prefix}*")), "the counters live in Redis"
    finally:
        for key in connection.scan_iter(f"*{prefix}*"):
            connection.delete(key)
