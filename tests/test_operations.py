"""Readiness, Prometheus metrics (one process and several gunicorn workers), gunicorn and container files."""

from __future__ import annotations

import concurrent.futures
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from prometheus_client.parser import text_string_to_metric_families

from assistant import create_app, storage
from servers import REPO, request, serving

CHAT = "/api/v1/chat"


@pytest.fixture()
def app(tmp_path):
    return create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'assistant.db'}", "RATE_LIMIT": "off"})


@pytest.fixture()
def client(app):
    return app.test_client()


def samples(text: str) -> dict[tuple, float]:
    """Every sample of a Prometheus text exposition, keyed by (name, sorted labels)."""
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def value(found: dict, name: str, **labels) -> float:
    """One sample's value, 0 when absent."""
    return found.get((name, tuple(sorted(labels.items()))), 0.0)


def added(before: dict, after: dict, name: str, **labels) -> float:
    """How much a sample grew between two scrapes."""
    return value(after, name, **labels) - value(before, name, **labels)


def scrape(client) -> dict:
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    return samples(response.get_data(as_text=True))


# --- readiness ---------------------------------------------------------------

def test_ready_with_the_bundled_corpus(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ready" and body["postings"] >= 1
    assert body["database"] == ("ok" if hasattr(storage, "ping") else "skipped")


def test_not_ready_without_postings(app, client):
    class Empty:
        def postings(self):
            return []

    app.extensions["assistant"] = Empty()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["error"]["code"] == "not_ready"
    assert client.get("/healthz").status_code == 200  # alive, only not ready


@pytest.mark.parametrize("failure", [ConnectionError("database is down"), False])
def test_not_ready_when_the_database_does_not_answer(client, monkeypatch, failure):
    def ping(app):
        if isinstance(failure, Exception):
            raise failure
        return failure

    monkeypatch.setattr(storage, "ping", ping, raising=False)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["error"] == {"code": "not_ready", "message": "Not ready: the database is unreachable."}


# --- metrics in one process ----------------------------------------------------

def test_requests_are_counted_by_route_not_by_path(client):
    before = scrape(client)
    for posting in ("senior-back-end-developer", "no-such-posting", "no-such-posting"):
        client.get(f"/api/v1/postings/{posting}")
    client.get("/no/such/route", headers={"Accept": "application/json"})
    after = scrape(client)
    rule = "/api/v1/postings/<posting_id>"
    name = "assistant_http_requests_total"
    assert added(before, after, name, route=rule, method="GET", status="200") == 1
    assert added(before, after, name, route=rule, method="GET", status="404") == 2
    assert added(before, after, name, route="<unmatched>", method="GET", status="404") == 1
    assert not any("no-such-posting" in str(key) for key in after)


def test_latency_is_a_histogram_by_route_method_and_status(client):
    before = scrape(client)
    client.post(CHAT, json={"message": "Do I need a degree?"})
    after = scrape(client)
    labels = {"route": CHAT, "method": "POST", "status": "200"}
    count = "assistant_http_request_duration_seconds_count"
    assert added(before, after, count, **labels) == 1
    infinite = value(after, "assistant_http_request_duration_seconds_bucket", le="+Inf", **labels)
    assert infinite == value(after, count, **labels)
    assert value(after, "assistant_http_request_duration_seconds_sum", **labels) > 0


def test_chat_replies_are_counted_by_kind(client):
    before = scrape(client)
    kinds = [client.post(CHAT, json={"message": message}).get_json()["kind"]
             for message in ("Do I need a degree?", "Hello!", "Do you sponsor visas for astronauts on Mars?")]
    after = scrape(client)
    assert len(set(kinds)) >= 2, kinds
    for kind in set(kinds):
        assert added(before, after, "assistant_chat_replies_total", kind=kind) == kinds.count(kind), kind


def test_an_invented_method_does_not_become_a_label(client):
    before = scrape(client)
    client.open("/healthz", method="BREW")
    after = scrape(client)
    labels = {"route": "<unmatched>", "method": "OTHER", "status": "405"}
    assert added(before, after, "assistant_http_requests_total", **labels) == 1
    assert not any("BREW" in str(key) for key in after)


# --- metrics under gunicorn ----------------------------------------------------

@pytest.mark.slow
def test_counts_add_up_across_gunicorn_workers(tmp_path):
    metrics_dir = tmp_path / "metrics"
    metrics_dir.mkdir()
    (metrics_dir / "counter_1.db").write_bytes(b"left over from an earlier run")
    env = {"ASSISTANT_RATE_LIMIT": "off", "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir)}
    batch = ["Do I need a degree?", "Is it remote?", "Hello!", "What is the salary?"] * 30
    questions, statuses, pids = [], [], set()
    with serving(tmp_path / "server", env, workers=2) as base:
        # one worker may take a whole batch when each answer is quick: ask again (a few times at most)
        # until both have served some
        for _ in range(10):
            with concurrent.futures.ThreadPoolExecutor(8) as pool:
                statuses += pool.map(lambda q: request(base + CHAT, {"message": q})[0], batch)
            questions += batch
            pids = {re.search(r"_(\d+)\.db$", path.name).group(1) for path in metrics_dir.glob("*.db")}
            if len(pids) >= 2:
                break
        found = samples(request(base + "/metrics")[2].decode())
    assert statuses == [200] * len(questions)
    assert len(pids) >= 2, "both workers served requests"
    assert value(found, "assistant_http_requests_total", route=CHAT, method="POST", status="200") == len(questions)
    replies = sum(v for (name, _), v in found.items() if name == "assistant_chat_replies_total")
    assert replies == len(questions)


def _python(code: str, env: dict) -> str:
    environment = {k: v for k, v in os.environ.items() if k != "PROMETHEUS_MULTIPROC_DIR"} | env
    environment["PYTHONPATH"] = str(REPO)
    return subprocess.run([sys.executable, "-c", code], env=environment, capture_output=True, text=True,
                          check=True, timeout=60).stdout


def test_gunicorn_conf_makes_its_own_metrics_folder_and_removes_it():
    out = _python("import os; from assistant import gunicorn_conf as c; d = os.environ['PROMETHEUS_MULTIPROC_DIR'];"
                  "print(os.path.isdir(d)); c.on_exit(None); print(os.path.isdir(d))", {})
    assert out.split() == ["True", "False"]


def test_gunicorn_conf_clears_a_given_metrics_folder_at_start(tmp_path):
    (tmp_path / "counter_123.db").write_bytes(b"stale")
    (tmp_path / "notes.txt").write_text("kept")
    _python("from assistant import gunicorn_conf as c; c.on_starting(None); c.on_exit(None)",
            {"PROMETHEUS_MULTIPROC_DIR": str(tmp_path)})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_gunicorn_conf_freezes_the_preloaded_app_before_workers_fork():
    out = _python("import gc; from assistant import gunicorn_conf as c; from assistant.app import create_app;"
                  "app = create_app({'DATABASE_URL': 'sqlite://'}); c.when_ready(None); print(gc.get_freeze_count());"
                  "print(any(o is app for o in gc.get_objects()))", {})
    frozen, still_tracked = out.split()
    assert int(frozen) > 10_000 and still_tracked == "False"


def test_the_root_gunicorn_conf_loads_the_package_settings(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ASSISTANT_", "WEB_CONCURRENCY"))}
    env |= {"PROMETHEUS_MULTIPROC_DIR": str(tmp_path), "PYTHONPATH": str(REPO)}
    gunicorn = Path(sys.executable).with_name("gunicorn")
    out = subprocess.run([str(gunicorn), "--print-config", "assistant.wsgi:app"], cwd=REPO, env=env,
                         capture_output=True, text=True, timeout=60).stdout
    settings = dict(re.findall(r"^(\w+)\s+= (.*)$", out, re.M))
    assert settings["preload_app"] == "True"
    assert settings["workers"] == str(len(os.sched_getaffinity(0)))
    assert settings["timeout"] == "30"
    assert settings["control_socket_disable"] == "True"
    if os.path.isdir("/dev/shm"):
        assert settings["worker_tmp_dir"] == "/dev/shm"
    for hook in ("on_starting", "when_ready", "child_exit", "on_exit"):
        assert settings[hook] == f"<{hook}()>", hook  # ours; gunicorn's defaults print as <Class.hook()>


# --- container files -------------------------------------------------------------

def test_compose_runs_two_app_hosts_on_postgres_and_redis():
    compose = yaml.safe_load((REPO / "docker-compose.yml").read_text())
    services = compose["services"]
    assert services["postgres"]["image"] == "postgres:15"
    assert services["redis"]["image"] == "redis:7"
    apps = [service for name, service in services.items() if name.startswith("app")]
    assert len(apps) == 2
    assert len({service["ports"][0] for service in apps}) == 2
    for service in apps:
        env = service["environment"]
        assert env["ASSISTANT_DATABASE_URL"].startswith("postgresql")
        assert env["ASSISTANT_RATELIMIT_STORAGE_URI"].startswith("redis://redis:6379")


def test_dockerfile_runs_the_readme_install_as_a_user_with_a_health_check():
    lines = [line.strip() for line in (REPO / "Dockerfile").read_text().splitlines()]
    assert lines[[line.startswith("FROM") for line in lines].index(True)] == "FROM python:3.11-slim"
    assert "RUN pip install . && rm -rf /src/build" in lines
    user = next(line for line in lines if line.startswith("USER "))
    assert user.split()[1] not in ("root", "0")
    assert "EXPOSE 8000" in lines
    assert any(line.startswith("CMD") and "/healthz" in line for line in lines)
    assert lines[-1] == 'CMD ["careers-assistant", "serve", "--host", "0.0.0.0"]'
    ignored = (REPO / ".dockerignore").read_text().split()
    assert ".venv" in ignored and ".git" in ignored
