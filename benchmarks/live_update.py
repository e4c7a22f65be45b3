"""Time from a recruiter's edit to live answers: two servers on one database holding 10,000 postings.

Fills a fresh database (a SQLite file, or a PostgreSQL database made for the
run and dropped after it) with generated postings (``postings.py``), starts
two ``careers-assistant serve`` processes on free 127.0.0.1 ports sharing it,
then edits one posting at a time through the first server's ``PUT`` and
asks the second until it cites the new text, and until enough answers in a
row do that every worker of it has the change. Every wait is bounded. Run:

    .venv/bin/python benchmarks/live_update.py [--postings 10000] [--edits 10] [--warmup 2] [--workers 2]
        [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/test] [--json]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(REPO), str(REPO / "tests"), str(HERE)]

from servers import serving  # noqa: E402

from assistant import database  # noqa: E402
from assistant.ingest import parse, to_markdown  # noqa: E402
from assistant.storage import Store  # noqa: E402

WAIT_SECONDS = 30.0
QUESTION = "Is there a telescope allowance?"


def edit_text(markdown: str, number: int) -> tuple[str, str]:
    """A posting's Markdown with one new passage, and the words that mark it."""
    marker = f"(edit {number})"
    return markdown + f"\n## Perks\n\nEvery employee gets a telescope allowance {marker}.\n", marker


@contextlib.contextmanager
def fresh_database(url: str | None, folder: Path):
    """A URL of an empty database: a SQLite file in ``folder``, or a new PostgreSQL database dropped afterwards."""
    if not url:
        yield f"sqlite:///{folder / 'live-update.sqlite3'}"
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    name = f"careers_bench_{secrets.token_hex(4)}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _front_matter_safe(extra: dict) -> dict:
    return {("employer" if key == "company" else key): value for key, value in extra.items()}


def fill(url: str, count: int) -> dict[str, str]:
    """Store ``count`` generated postings (and the company FAQ) as revision 1; their Markdown by id."""
    from postings import generate

    # The generator keeps the employer's name as extra["company"]; in front matter that key is the
    # company-wide-FAQ flag, so it goes under another name.
    markdown = {posting.id: to_markdown(replace(posting, extra=_front_matter_safe(posting.extra)))
                for posting in generate(count)}
    first = next(iter(markdown))
    parse(markdown[first], "markdown", name=first)  # the stored text reads back
    engine = database.connect(url)
    try:
        database.upgrade(engine)
        Store(engine).save_many([(pid, text, "markdown") for pid, text in markdown.items()], "benchmark")
    finally:
        engine.dispose()
    return markdown


def _http(method: str, url: str, body: bytes | None = None, headers: dict | None = None) -> tuple[int, dict]:
    request = urllib.request.Request(url, body, headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def cites(base: str, posting: str, marker: str) -> bool:
    """True when the server's answer about ``posting`` cites the passage holding ``marker``."""
    body = json.dumps({"message": QUESTION, "posting": posting}).encode()
    status, reply = _http("POST", base + "/api/v1/chat", body, {"Content-Type": "application/json"})
    return status == 200 and any(marker in citation["text"] for citation in reply["citations"])


def wait_for(base: str, posting: str, marker: str, in_a_row: int, started: float) -> tuple[float, float]:
    """(seconds to the first answer citing ``marker``, to ``in_a_row`` such answers in a row) since ``started``."""
    first, streak, deadline = None, 0, time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if cites(base, posting, marker):
            first = first if first is not None else time.monotonic() - started
            streak += 1
            if streak >= in_a_row:
                return first, time.monotonic() - started
        else:
            streak = 0
        time.sleep(0.01)
    raise RuntimeError(f"{base} did not answer with {marker!r} within {WAIT_SECONDS:.0f} s")


def edit(bases: list[str], posting: str, text: str, marker: str, headers: dict, in_a_row: int) -> dict:
    """PUT a new text through the first server; time it and the second server's answers."""
    began = time.monotonic()
    status, body = _http("PUT", f"{bases[0]}/api/v1/postings/{posting}", text.encode(), headers)
    put_seconds = time.monotonic() - began
    if status != 200:
        raise RuntimeError(f"PUT {posting} answered {status}: {body}")
    first, every = wait_for(bases[1], posting, marker, in_a_row, began)
    return {"posting": posting, "put_ms": put_seconds * 1000, "first_s": first, "every_worker_s": every}


def token(env: dict) -> str:
    """A recruiter token made with the CLI, as an operator would."""
    command = [sys.executable, "-c", "import sys; from assistant.cli import main; sys.exit(main())",
               "token", "create", "benchmark"]
    return subprocess.run(command, env=os.environ | env, capture_output=True, text=True, check=True,
                          timeout=120).stdout.strip()


def run(args) -> dict:
    """Fill, serve twice, edit and time; the figures as a dict."""
    with tempfile.TemporaryDirectory(prefix="live-update-") as tmp, fresh_database(args.database_url, Path(tmp)) as url:
        folder = Path(tmp)
        print(f"storing {args.postings:,} postings ...", file=sys.stderr)
        markdown = fill(url, args.postings)
        env = {"ASSISTANT_DATABASE_URL": url, "ASSISTANT_RATE_LIMIT": "off", "ASSISTANT_CORPUS_DIR": str(folder)}
        startup, edits = [], []
        with contextlib.ExitStack() as servers:
            bases = []
            for name in ("first", "second"):
                print(f"starting the {name} server ...", file=sys.stderr)
                began = time.monotonic()
                bases.append(servers.enter_context(serving(folder / name, env, args.workers, startup=1800)))
                startup.append(time.monotonic() - began)
            headers = {"Content-Type": "text/markdown", "Authorization": f"Bearer {token(env)}"}
            ids = [pid for pid in markdown if pid != "company-faq"]
            # Warm-up edits (not counted): every worker has answered and runs its refresh thread, as in service.
            for number in range(-args.warmup, args.edits):
                posting = ids[(number * 997) % len(ids)]
                timed = edit(bases, posting, *edit_text(markdown[posting], number), headers, 4 * args.workers)
                if number >= 0:
                    edits.append(timed)
                print(f"edit {number}: PUT {timed['put_ms']:.0f} ms, live {timed['first_s']:.2f} s", file=sys.stderr)
    return {"postings": args.postings, "database": url.split(":", 1)[0], "workers": args.workers,
            "startup_s": startup, "edits": edits}


def _stats(values: list[float]) -> tuple[float, float, float]:
    ordered = sorted(values)
    p90 = ordered[min(len(ordered) - 1, int(round(0.9 * (len(ordered) - 1))))]
    return statistics.median(ordered), p90, ordered[-1]


def markdown_table(report: dict) -> str:
    """The figures as the README shows them."""
    edits = report["edits"]
    rows = [("PUT latency (ms)", [e["put_ms"] for e in edits], "{:.0f}"),
            ("PUT → the other server answers with the new text (s)", [e["first_s"] for e in edits], "{:.2f}"),
            ("PUT → every worker of the other server does (s)", [e["every_worker_s"] for e in edits], "{:.2f}")]
    lines = [f"Live update at {report['postings']:,} postings, {report['database']}, two servers of "
             f"{report['workers']} workers on one database, {len(edits)} edits "
             f"(server start-up {', '.join(f'{s:.0f}' for s in report['startup_s'])} s):", "",
             "| measure | median | p90 | max |", "| --- | --- | --- | --- |"]
    for label, values, shape in rows:
        lines.append(f"| {label} | " + " | ".join(shape.format(v) for v in _stats(values)) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Parse the options, run, print the table (or JSON)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postings", type=int, default=10_000)
    parser.add_argument("--edits", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=2, help="edits made first and not counted")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers of each server")
    parser.add_argument("--database-url", default=None, help="a PostgreSQL server to make the database on "
                                                             "(default: a SQLite file)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.postings < 1 or args.edits < 1 or args.workers < 1 or args.warmup < 0:
        parser.error("--postings, --edits and --workers must be >= 1, --warmup >= 0")
    report = run(args)
    print(json.dumps(report, indent=2) if args.json else markdown_table(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
