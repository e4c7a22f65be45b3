"""HTTP throughput of the chat under gunicorn against a minimal Flask JSON endpoint, same machine, same run.

Starts ``careers-assistant serve`` (gunicorn with the package's settings, the
bundled corpus, a fresh SQLite file, rate limit off) and ``floor_app.py``
under the very same gunicorn configuration, each on a free 127.0.0.1 port,
then loads both alternately with the same generator: wrk (Debian package
``wrk``) with a Lua script posting rotating candidate questions, or a Python
multiprocess client when wrk is missing. Every round is bounded in time; the
table shows medians over the rounds. Run:

    .venv/bin/python benchmarks/http_throughput.py [--duration 10] [--rounds 3] [--connections 8] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(REPO / "tests"), str(HERE)]

from loadgen import python_load  # noqa: E402
from servers import free_port, request, stop  # noqa: E402

POSTING = "senior-back-end-developer"
QUESTIONS = (
    "Do I need a degree?", "how many yrs of exp do i need", "What's the salary?", "is it remote",
    "Do you use Postgres?", "what about k8s?", "Is a CS degree required?", "what are the responsibilities",
    "Do I need to know JS?", "what does the interview process look like", "Hello!", "Is RoR a plus?",
    "wht are the benifits", "Who do I talk to about this job?", "Do you sponsor visas?", "thanks, bye",
)
TARGET_SHARE = 0.60


def chat_bodies() -> list[bytes]:
    """Chat requests, half on the posting and half careers-wide."""
    return [json.dumps({"message": q, **({"posting": POSTING} if i % 2 == 0 else {})}).encode()
            for i, q in enumerate(QUESTIONS)]


def _env(folder: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_") and k != "PROMETHEUS_MULTIPROC_DIR"}
    env.update(ASSISTANT_RATE_LIMIT="off", ASSISTANT_DATABASE_URL=f"sqlite:///{folder / 'assistant.db'}",
               PYTHONPATH=os.pathsep.join([str(REPO), str(HERE)]))
    return env


def start(name: str, folder: Path, workers: int | None) -> tuple[subprocess.Popen, str]:
    """``careers-assistant serve`` (name "chat") or the floor app under the same gunicorn config."""
    port = free_port()
    extra = ["--workers", str(workers)] if workers else []
    if name == "chat":
        command = [sys.executable, "-c", "import sys; from assistant.cli import main; sys.exit(main())",
                   "serve", "--host", "127.0.0.1", "--port", str(port), *extra]
    else:
        gunicorn = Path(sys.executable).with_name("gunicorn")
        command = [str(gunicorn), "--config", "python:assistant.gunicorn_conf", "--bind", f"127.0.0.1:{port}",
                   *extra, "floor_app:app"]
    log = open(folder / f"{name}.log", "wb")
    process = subprocess.Popen(command, cwd=folder, env=_env(folder), stdout=log, stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL, start_new_session=True)
    log.close()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} server exited:\n{(folder / f'{name}.log').read_text()[-3000:]}")
        try:
            if request(base + ("/healthz" if name == "chat" else "/"), None if name == "chat" else {}, 2)[0] == 200:
                return process, base
        except OSError:
            pass
        time.sleep(0.2)
    stop(process)
    raise RuntimeError(f"{name} server did not come up")


def lua_script(bodies: list[bytes]) -> str:
    """A wrk script that posts the bodies in turn and prints its result as one JSON line."""
    quoted = ",\n".join(json.dumps(body.decode()) for body in bodies)
    return f"""
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local bodies = {{ {quoted} }}
local n = 0
request = function()
  n = n % #bodies + 1
  return wrk.format(nil, nil, nil, bodies[n])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('RESULT {{"requests": %d, "seconds": %f, "p50_ms": %f, "p99_ms": %f, "errors": %d}}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.status + e.timeout))
end
"""


def wrk_load(url: str, bodies: list[bytes], seconds: float, connections: int, folder: Path) -> dict:
    """One bounded wrk run against ``url``."""
    script = folder / "post.lua"
    script.write_text(lua_script(bodies))
    command = ["wrk", "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--timeout", "10s",
               "-s", str(script), url]
    out = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=True).stdout
    line = next(line for line in out.splitlines() if line.startswith("RESULT "))
    result = json.loads(line.removeprefix("RESULT "))
    result["rps"] = result["requests"] / result["seconds"]
    return result


def measure(targets: dict[str, tuple[str, list[bytes]]], args, folder: Path) -> dict[str, list[dict]]:
    """Warm every target up, then load them in alternation for the given rounds."""
    use_wrk = shutil.which("wrk") is not None and not args.python_client
    def load(url, bodies, seconds):
        if use_wrk:
            return wrk_load(url, bodies, seconds, args.connections, folder)
        return python_load(url, bodies, seconds, args.connections)
    for url, bodies in targets.values():
        load(url, bodies, args.warmup)
    results: dict[str, list[dict]] = {name: [] for name in targets}
    for _ in range(args.rounds):
        for name, (url, bodies) in targets.items():
            results[name].append(load(url, bodies, args.duration))
    return results


def summarize(results: dict[str, list[dict]]) -> dict[str, dict]:
    """Medians over the rounds."""
    return {name: {key: statistics.median(r[key] for r in rounds) for key in ("rps", "p50_ms", "p99_ms")}
            | {"errors": sum(r["errors"] for r in rounds), "requests": sum(r["requests"] for r in rounds)}
            for name, rounds in results.items()}


def table(summary: dict[str, dict], generator: str, args) -> str:
    """The report as a plain-text table."""
    lines = [f"HTTP throughput on 127.0.0.1: {os.cpu_count()} cores, gunicorn workers "
             f"{args.workers or 'default (one per core)'}, {generator}, {args.connections} connections, "
             f"{args.rounds} rounds x {args.duration:g} s, medians",
             f"{'endpoint':<8} {'requests/s':>11} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}"]
    for name, row in summary.items():
        lines.append(f"{name:<8} {row['rps']:>11.0f} {row['p50_ms']:>8.2f} {row['p99_ms']:>8.2f} {row['errors']:>7d}")
    share = summary["chat"]["rps"] / summary["floor"]["rps"]
    verdict = "meets" if share >= TARGET_SHARE else "BELOW"
    lines.append(f"chat is {share:.0%} of floor ({verdict} the {TARGET_SHARE:.0%} target)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per round and endpoint")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds of load before measuring")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers (default: gunicorn_conf)")
    parser.add_argument("--python-client", action="store_true", help="use the Python client even if wrk exists")
    parser.add_argument("--json", action="store_true", help="print the medians as JSON too")
    args = parser.parse_args(argv)
    generator = "wrk" if shutil.which("wrk") and not args.python_client else "python client"
    with tempfile.TemporaryDirectory(prefix="http-throughput-") as tmp:
        folder = Path(tmp)
        servers = [start("chat", folder, args.workers), start("floor", folder, args.workers)]
        try:
            targets = {"chat": (servers[0][1] + "/api/v1/chat", chat_bodies()),
                       "floor": (servers[1][1] + "/", [b'{"message": "Do I need a degree?"}'])}
            summary = summarize(measure(targets, args, folder))
        finally:
            for process, _ in servers:
                stop(process)
    print(table(summary, generator, args))
    if args.json:
        print(json.dumps(summary, indent=2))
    return 0 if all(row["errors"] == 0 for row in summary.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
