"""Live updates: a change made through one process is answered by every other, without a restart."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from sqlalchemy.exc import OperationalError

from assistant import sync
from servers import serving

POSTING = "backend-developer"
PERK = "We offer a four-day week to everyone."
MARKDOWN = f"---\ntitle: Back End Developer\n---\n\n## Perks\n\n{PERK}\n"
QUESTION = {"message": "Is there a four-day week?", "posting": POSTING}


def cited(client) -> list[str]:
    return [citation["text"] for citation in client.post("/api/v1/chat", json=QUESTION).get_json()["citations"]]


def put(client, auth, body=MARKDOWN):
    response = client.put(f"/api/v1/postings/{POSTING}", data=body, headers=auth | {"Content-Type": "text/markdown"})
    assert response.status_code in (200, 201), response.get_json()
    return response


def test_the_process_that_made_a_change_answers_with_it_at_once(client, auth):
    put(client, auth)
    assert cited(client)[0] == PERK


def test_another_process_applies_the_change_on_refresh(make_app, app, client, auth):
    other = make_app()
    other_client = other.test_client()
    assert PERK not in cited(other_client)
    put(client, auth)
    assert PERK not in cited(other_client)  # nothing is applied behind a request's back ...
    assert other.extensions["corpus_sync"].refresh() == 1  # ... until the process refreshes
    assert cited(other_client)[0] == PERK
    assert other.extensions["corpus_sync"].refresh() == 0
    assert other_client.get(f"/api/v1/postings/{POSTING}").headers["ETag"] == '"backend-developer-r2"'


def test_deletes_and_rollbacks_reach_other_processes(make_app, app, client, auth):
    other = make_app()
    client.delete(f"/api/v1/postings/{POSTING}", headers=auth)
    other.extensions["corpus_sync"].refresh()
    assert other.test_client().get(f"/api/v1/postings/{POSTING}").status_code == 404
    client.post(f"/api/v1/postings/{POSTING}/rollback", json={"revision": 1}, headers=auth)
    other.extensions["corpus_sync"].refresh()
    assert other.test_client().get(f"/api/v1/postings/{POSTING}").status_code == 200


def test_only_the_changed_posting_is_parsed_and_applied(make_app, app, client, auth, monkeypatch):
    other = make_app()
    applied, parsed = [], []
    engine = other.extensions["assistant"]
    real_apply, real_parse = engine.apply, sync.posting_from
    monkeypatch.setattr(engine, "apply", lambda changed, removed: applied.append(
        ([p.id for p in changed], list(removed))) or real_apply(changed, removed))
    monkeypatch.setattr(sync, "posting_from", lambda row: parsed.append(row.id) or real_parse(row))
    put(client, auth)
    other.extensions["corpus_sync"].refresh()
    assert applied == [([POSTING], [])]
    assert parsed == [POSTING]


def test_a_worker_catches_up_on_its_first_request(make_app, app, client, auth):
    other = make_app()  # like a gunicorn worker forked from a master that loaded before the change
    put(client, auth)
    assert cited(other.test_client())[0] == PERK


def test_the_polling_thread_picks_up_a_change(make_app, app, client, auth):
    other = make_app(REFRESH_SECONDS=0.1)
    other_client = other.test_client()
    assert PERK not in cited(other_client)  # the first request starts the thread
    put(client, auth)
    deadline = time.monotonic() + 10
    while PERK not in cited(other_client) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert cited(other_client)[0] == PERK


def test_a_database_away_for_a_moment_keeps_the_last_corpus(app, client, monkeypatch):
    corpus_sync = app.extensions["corpus_sync"]

    def away():
        raise OperationalError("SELECT", {}, Exception("connection refused"))

    monkeypatch.setattr(corpus_sync.store, "version", away)
    corpus_sync.poll()
    assert client.get(f"/api/v1/postings/{POSTING}").status_code == 200


def test_the_refresh_interval_must_be_positive(app):
    with pytest.raises(ValueError, match="REFRESH_SECONDS must be > 0, got 0"):
        sync.CorpusSync(app.extensions["storage"], app.extensions["assistant"], 0, 0, {})


# --- two real servers sharing one database ---------------------------------------------

def _http(method: str, url: str, body: bytes | None = None, headers: dict | None = None) -> tuple[int, dict]:
    request = urllib.request.Request(url, body, headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def _cites(base: str, text: str) -> bool:
    status, reply = _http("POST", base + "/api/v1/chat", json.dumps(QUESTION).encode(),
                          {"Content-Type": "application/json"})
    return status == 200 and any(text in citation["text"] for citation in reply["citations"])


def _every_worker_cites(base: str, text: str, deadline: float, in_a_row: int = 8) -> float | None:
    """Seconds until ``in_a_row`` answers in a row (so every worker) cite ``text``; None past the deadline."""
    started, streak = time.monotonic(), 0
    while time.monotonic() < deadline:
        streak = streak + 1 if _cites(base, text) else 0
        if streak >= in_a_row:
            return time.monotonic() - started
        time.sleep(0.02)
    return None


def _token(env: dict) -> str:
    command = [sys.executable, "-c", "import sys; from assistant.cli import main; sys.exit(main())",
               "token", "create", "live-update-test"]
    done = subprocess.run(command, env=os.environ | env, capture_output=True, text=True, timeout=60, check=True)
    return done.stdout.strip()


@pytest.mark.slow
def test_a_change_through_one_server_is_answered_by_every_worker_of_another(db_url, corpus_dir, tmp_path,
                                                                           record_property):
    env = {"ASSISTANT_DATABASE_URL": db_url, "ASSISTANT_CORPUS_DIR": str(corpus_dir), "ASSISTANT_RATE_LIMIT": "off"}
    with contextlib.ExitStack() as servers:
        first = servers.enter_context(serving(tmp_path / "first", env, workers=2))
        second = servers.enter_context(serving(tmp_path / "second", env, workers=2))
        token = _token(env)
        assert not _cites(second, PERK)
        started = time.monotonic()
        status, body = _http("PUT", f"{first}/api/v1/postings/{POSTING}", MARKDOWN.encode(),
                             {"Content-Type": "text/markdown", "Authorization": f"Bearer {token}"})
        put_seconds = time.monotonic() - started
        assert status == 200 and body["revision"] == 2
        second_seconds = _every_worker_cites(second, PERK, time.monotonic() + 10)
        first_seconds = _every_worker_cites(first, PERK, time.monotonic() + 10)
    assert second_seconds is not None, "the second server never answered with the new text"
    assert first_seconds is not None, "a worker of the first server never answered with the new text"
    live = put_seconds + second_seconds
    record_property("live_update", f"PUT {put_seconds * 1000:.0f} ms, every worker of the other server "
                                   f"{live:.2f} s after the PUT began ({db_url.split(':')[0]})")
