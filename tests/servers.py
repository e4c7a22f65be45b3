"""Run ``careers-assistant serve`` (gunicorn, the bundled corpus) on a free loopback port for a test."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def request(url: str, body: dict | None = None, timeout: float = 10) -> tuple[int, dict, bytes]:
    """GET (or POST JSON when ``body`` is given): status, headers and body, errors included."""
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Content-Type": "application/json"} if body is not None else {}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data, headers), timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def _environment(extra: dict[str, str], folder: Path) -> dict[str, str]:
    """This process's environment without settings of ours, plus the test's own."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_") and k != "PROMETHEUS_MULTIPROC_DIR"}
    env.pop("WEB_CONCURRENCY", None)
    env["ASSISTANT_DATABASE_URL"] = f"sqlite:///{folder / 'assistant.db'}"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env.update(extra)
    return env


def _wait_until_up(process: subprocess.Popen, base: str, log: Path, deadline: float) -> None:
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}:\n{log.read_text()[-4000:]}")
        with contextlib.suppress(OSError):
            if request(base + "/healthz", timeout=2)[0] == 200:
                return
        time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not answer /healthz in time:\n{log.read_text()[-4000:]}")


def stop(process: subprocess.Popen, timeout: float = 20) -> int:
    """Stop gunicorn as an operator would (SIGTERM), by force when it does not go."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(5)
    return process.returncode


@contextlib.contextmanager
def serving(folder: Path, env: dict[str, str] | None = None, workers: int = 2, startup: float = 90):
    """``careers-assistant serve --workers N`` on a free port; yields its base URL, stops it afterwards."""
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log = folder / f"gunicorn-{port}.log"
    command = [sys.executable, "-c", "import sys; from assistant.cli import main; sys.exit(main())",
               "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    with open(log, "wb") as output:
        process = subprocess.Popen(command, cwd=folder, env=_environment(env or {}, folder), stdout=output,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(process, base, log, time.monotonic() + startup)
        yield base
    finally:
        stop(process)
