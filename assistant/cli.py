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
    add_admin_parsers(sub)
    return parser


def add_admin_parsers(sub) -> None:
    """The recruiter's and operator's commands: import, export, token, purge, db."""
    importer = sub.add_parser("import", help="import posting files or folders into the database")
    importer.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    exporter = sub.add_parser("export", help="write every current posting as DIR/<id>.md")
    exporter.add_argument("folder", type=Path, metavar="DIR")

    token = sub.add_parser("token", help="recruiter tokens for the recruiter API")
    token_sub = token.add_subparsers(dest="token_command", required=True)
    create = token_sub.add_parser("create", help="make a token and print it (shown only this once)")
    create.add_argument("name")
    token_sub.add_parser("list", help="list tokens: name, created, revoked (never the token)")
    revoke = token_sub.add_parser("revoke", help="revoke a token by name")
    revoke.add_argument("name")

    purge = sub.add_parser("purge", help="delete question-log entries older than DAYS")
    purge.add_argument("--older-than", type=float, required=True, metavar="DAYS")

    database = sub.add_parser("db", help="database maintenance")
    database_sub = database.add_subparsers(dest="db_command", required=True)
    database_sub.add_parser("upgrade", help="apply the schema migrations (create_app does it too)")


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


def _store():
    """The configured database, migrated, without building the assistant."""
    from flask import Flask

    from assistant.paths import INSTANCE_DIR
    from assistant.settings import DEFAULTS
    from assistant.storage import open_store

    # The same instance folder (and SQLite file) as the app factory's.
    settings = Flask("assistant.app", instance_path=str(INSTANCE_DIR), instance_relative_config=True)
    settings.config.from_mapping(DEFAULTS)
    settings.config.from_prefixed_env("ASSISTANT", loads=str)
    return open_store(settings.config, settings.instance_path)


@command
def cmd_import(args) -> int:
    """Import posting files and folders; refused files are reported and the rest imported."""
    from assistant.storage import import_paths

    store = _store()
    try:
        saved, refused = import_paths(store, list(args.paths))
    finally:
        store.close()
    for item in saved:
        state = "added" if item.created else "updated" if item.changed else "unchanged"
        print(f"{state} {item.posting_id} (revision {item.revision})")
    for path, message in refused:
        print(f"refused {path}: {message}", file=sys.stderr)
    return 1 if refused else 0


@command
def cmd_export(args) -> int:
    """Write every current posting as Markdown, one file per posting."""
    from assistant.storage import export_postings

    store = _store()
    try:
        written = export_postings(store, args.folder)
    finally:
        store.close()
    for path in written:
        print(path)
    return 0


@command
def cmd_token(args) -> int:
    """Create, list or revoke recruiter tokens."""
    from assistant import access_tokens

    store = _store()
    try:
        if args.token_command == "create":
            print(access_tokens.create_token(store.engine, args.name))
        elif args.token_command == "list":
            for info in access_tokens.list_tokens(store.engine):
                revoked = f"revoked {info.revoked_at:%Y-%m-%d %H:%M}" if info.revoked_at else "active"
                print(f"{info.name}\tcreated {info.created_at:%Y-%m-%d %H:%M}\t{revoked}")
        else:
            access_tokens.revoke_token(store.engine, args.name)
            print(f"revoked {args.name}", file=sys.stderr)
    except KeyError as exc:
        print(f"careers-assistant token {args.token_command}: {exc.args[0]}", file=sys.stderr)
        return 1
    finally:
        store.close()
    return 0


@command
def cmd_purge(args) -> int:
    """Delete question-log entries older than the given number of days."""
    from assistant.question_log import purge

    store = _store()
    try:
        questions, feedback = purge(store.engine, args.older_than)
    finally:
        store.close()
    print(f"purged {questions} questions and {feedback} feedback entries older than {args.older_than:g} days")
    return 0


@command
def cmd_db(args) -> int:
    """Apply the database migrations."""
    from assistant.database import current_migration

    store = _store()  # opening the store migrates it
    try:
        print(f"database at migration {current_migration(store.engine)}")
    finally:
        store.close()
    return 0
