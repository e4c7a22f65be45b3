"""The ``careers-assistant`` command: serve, ask, eval (and the recruiter's commands)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

COMMANDS: dict[str, callable] = {}


def command(function):
    """Register a sub-command handler named after the function."""
    COMMANDS[function.__name__.removeprefix("cmd_").replace("_", "-")] = function
    return function


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command."""
    parser = argparse.ArgumentParser(prog="careers-assistant", description="Cited answers to candidates' questions about job postings.")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="run the web service (gunicorn; --dev for Flask's server)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=None, help="gunicorn workers (default: from gunicorn.conf.py)")
    serve.add_argument("--dev", action="store_true", help="Flask's development server with reloading")

    ask = sub.add_parser("ask", help="ask one question and print the API's JSON")
    ask.add_argument("question")
    ask.add_argument("--posting", default=None, help="posting id (default: careers-wide)")
    ask.add_argument("--json", action="store_true", help="print the JSON on one line (default: indented)")

    evaluate = sub.add_parser("eval", help="score an evaluation file (JSONL) against the assistant and baselines")
    evaluate.add_argument("file", type=Path)
    evaluate.add_argument("--json", action="store_true", help="print the report as JSON")
    evaluate.add_argument("--misses", action="store_true", help="also list the turns that went wrong")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return COMMANDS[args.command](args) or 0
    except (ValueError, FileNotFoundError, KeyError) as exc:
        print(f"careers-assistant {args.command}: {exc}", file=sys.stderr)
        return 2


def _app():
    from assistant import create_app

    return create_app()


@command
def cmd_serve(args) -> int:
    """Run under gunicorn (or Flask's server with --dev)."""
    if args.dev:
        _app().run(host=args.host, port=args.port, debug=True)
        return 0
    argv = ["--config", "python:assistant.gunicorn_conf", "--bind", f"{args.host}:{args.port}"]
    if args.workers:
        argv += ["--workers", str(args.workers)]
    gunicorn = Path(sys.executable).with_name("gunicorn")
    os.execv(str(gunicorn), [str(gunicorn), *argv, "assistant.wsgi:app"])
    return 0  # not reached: the process is now gunicorn


@command
def cmd_ask(args) -> int:
    """Ask one question and print the reply."""
    app = _app()
    body = {"message": args.question}
    if args.posting:
        body["posting"] = args.posting
    response = app.test_client().post("/api/v1/chat", json=body)
    payload = response.get_json()
    print(json.dumps(payload, indent=None if args.json else 2, ensure_ascii=False))
    return 0 if response.status_code == 200 else 1


@command
def cmd_eval(args) -> int:
    """Score an evaluation file."""
    from assistant.evaluation import evaluate, format_report, read_eval_file

    turns = read_eval_file(args.file)
    app = _app()
    report = evaluate(app.extensions["assistant"], turns)
    if args.json:
        print(json.dumps(report.as_dict(), indent=2))
    else:
        print(format_report(report))
        if args.misses:
            for miss in report.misses:
                print(json.dumps(miss, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
