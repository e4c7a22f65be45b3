"""assistant.storage and assistant.database: migrations, first-start import, revisions, ETags."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, select, text

from assistant import create_app, database, storage
from assistant.engine import Assistant
from assistant.model import Block, Posting

POSTING = "backend-developer"
NEW_TEXT = "---\ntitle: Back End Developer\n---\n\n## Perks\n\nWe offer a four-day week to everyone.\n"


@pytest.fixture
def store(db_url):
    """A migrated, empty store."""
    engine = database.connect(db_url)
    database.upgrade(engine)
    yield storage.Store(engine)
    engine.dispose()


def test_migrations_create_every_table(store):
    names = set(inspect(store.engine).get_table_names())
    assert {"corpus", "postings", "revisions", "tokens", "questions", "feedback", "alembic_version"} <= names
    assert database.current_migration(store.engine) == "0001"
    assert store.version() == 0


def test_migrations_match_the_tables_the_code_uses(store):
    with store.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), database.metadata)
    assert differences == []


def test_upgrade_twice_changes_nothing(store):
    database.upgrade(store.engine)
    assert database.current_migration(store.engine) == "0001"
    assert store.version() == 0


def test_question_log_has_no_ip_address_column(store):
    columns = {column["name"] for column in inspect(store.engine).get_columns("questions")}
    assert not {"ip", "ip_address", "remote_addr", "client"} & columns


def test_sqlite_runs_in_wal_mode(tmp_path):
    engine = database.connect(f"sqlite:///{tmp_path / 'wal.sqlite3'}")
    try:
        with engine.connect() as connection:
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert connection.execute(text("PRAGMA busy_timeout")).scalar() == database.BUSY_TIMEOUT_MS
    finally:
        engine.dispose()


def test_default_database_is_a_sqlite_file_in_the_instance_folder(tmp_path):
    url = database.default_url(tmp_path / "instance")
    assert url == f"sqlite:///{tmp_path / 'instance' / database.SQLITE_FILE}"
    assert (tmp_path / "instance").is_dir()


def test_save_makes_revisions_and_leaves_unchanged_text_alone(store):
    first = store.save(POSTING, "one", "markdown", "alice")
    assert (first.revision, first.created, first.changed) == (1, True, True)
    assert first.etag == f'"{POSTING}-r1"'
    second = store.save(POSTING, "two", "markdown", "bob")
    assert (second.revision, second.created) == (2, False)
    same = store.save(POSTING, "two", "markdown", "carol")
    assert (same.revision, same.changed) == (2, False)
    assert [(r.revision, r.author) for r in store.history(POSTING)] == [(1, "alice"), (2, "bob")]
    assert store.version() == 2  # the unchanged save did not bump the version


def test_stale_if_match_changes_nothing(store):
    store.save(POSTING, "one", "markdown", "alice")
    store.save(POSTING, "two", "markdown", "alice")
    with pytest.raises(storage.PreconditionFailed, match="r2"):
        store.save(POSTING, "three", "markdown", "alice", if_match={f"{POSTING}-r1"})
    assert len(store.history(POSTING)) == 2
    assert store.save(POSTING, "three", "markdown", "alice", if_match={f"{POSTING}-r2"}).revision == 3


@pytest.mark.parametrize("if_match, exists, ok", [
    ("*", False, False), ("*", True, True), ({"backend-developer-r1"}, False, False), (None, False, True),
])
def test_if_match_star_and_absent(store, if_match, exists, ok):
    if exists:
        store.save(POSTING, "one", "markdown", "alice")
    if ok:
        store.save(POSTING, "new", "markdown", "alice", if_match=if_match)
    else:
        with pytest.raises(storage.PreconditionFailed):
            store.save(POSTING, "new", "markdown", "alice", if_match=if_match)


def test_delete_and_rollback(store):
    store.save(POSTING, "one", "markdown", "alice")
    store.save(POSTING, "two", "markdown", "alice")
    store.delete(POSTING)
    assert not store.is_live(POSTING)
    with pytest.raises(storage.PostingNotFound):
        store.delete(POSTING)
    saved = store.rollback(POSTING, 1, "bob")
    assert (saved.revision, saved.created) == (3, True)
    version, current = store.current()
    assert [(row.id, row.revision, row.source) for row in current] == [(POSTING, 3, "one")]
    with pytest.raises(storage.RevisionNotFound):
        store.rollback(POSTING, 9, "bob")
    with pytest.raises(storage.PostingNotFound):
        store.rollback("nobody", 1, "bob")


def test_current_since_lists_only_what_changed(store):
    store.save_many([("a", "one", "markdown"), ("b", "two", "markdown")], "import")
    seen = store.version()
    store.save("b", "three", "markdown", "alice")
    store.delete("a")
    version, changed = store.current(since=seen)
    assert version == seen + 2
    assert sorted((row.id, row.deleted) for row in changed) == [("a", True), ("b", False)]
    assert store.current(since=version) == (version, [])


def test_first_start_imports_the_corpus_as_revision_one(app):
    store = app.extensions["storage"]
    history = store.history(POSTING)
    assert [(r.revision, r.author) for r in history] == [(1, "import")]
    assert {p.id for p in app.extensions["assistant"].postings()} == {POSTING, "product-designer"}


def test_later_starts_serve_the_database_not_the_folder(make_app, app, corpus_dir):
    app.extensions["storage"].save(POSTING, NEW_TEXT, "markdown", "alice")
    (corpus_dir / "product-designer.md").unlink()
    later = make_app()
    engine = later.extensions["assistant"]
    assert {p.id for p in engine.postings()} == {POSTING, "product-designer"}
    assert [c.text for c in engine.chunks(POSTING)] == ["We offer a four-day week to everyone."]


def test_deleted_postings_are_not_imported_again(make_app, app):
    store = app.extensions["storage"]
    for posting in ("backend-developer", "product-designer"):
        store.delete(posting)
    later = make_app()
    assert later.extensions["assistant"].postings() == []


def test_an_engine_given_in_config_runs_without_a_database():
    engine = Assistant([Posting("x", "X", (Block("paragraph", "Some text.", "About"),))])
    app = create_app({"ASSISTANT": engine, "TESTING": True})
    assert app.extensions["assistant"] is engine
    assert "storage" not in app.extensions
    assert storage.ping(app) is True
    response = app.test_client().get("/api/v1/postings/x")
    assert response.status_code == 200 and response.headers["ETag"].startswith('"x-')


def test_get_posting_sends_the_revision_etag_and_answers_if_none_match(client):
    response = client.get(f"/api/v1/postings/{POSTING}")
    assert response.headers["ETag"] == f'"{POSTING}-r1"'
    again = client.get(f"/api/v1/postings/{POSTING}", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""


def test_ping_asks_the_database(app):
    assert storage.ping(app) is True


def test_export_then_import_gives_the_same_passages(app, tmp_path, make_app, db_url):
    written = storage.export_postings(app.extensions["storage"], tmp_path / "out")
    assert sorted(path.name for path in written) == ["backend-developer.md", "product-designer.md"]
    other = make_app(DATABASE_URL=f"sqlite:///{tmp_path / 'other.sqlite3'}", CORPUS_DIR=str(tmp_path / "out"))
    for posting in ("backend-developer", "product-designer"):
        before = [(c.id, c.section, c.text) for c in app.extensions["assistant"].chunks(posting)]
        after = [(c.id, c.section, c.text) for c in other.extensions["assistant"].chunks(posting)]
        assert before and before == after


def test_revisions_keep_author_format_and_time(store):
    store.save(POSTING, "one", "text", "alice")
    (info,) = store.history(POSTING)
    assert (info.author, info.format) == ("alice", "text")
    assert info.created_at.tzinfo is not None
    with store.engine.connect() as connection:
        assert connection.execute(select(database.revisions.c.source)).scalar_one() == "one"


@pytest.mark.slow
def test_processes_starting_at_once_migrate_and_import_once(db_url, corpus_dir):
    import os
    import subprocess
    import sys

    env = os.environ | {"ASSISTANT_DATABASE_URL": db_url, "ASSISTANT_CORPUS_DIR": str(corpus_dir),
                        "ASSISTANT_RATE_LIMIT": "off"}
    start = "from assistant import create_app, storage; storage.close(create_app())"
    starting = [subprocess.Popen([sys.executable, "-c", start], env=env, stderr=subprocess.PIPE) for _ in range(3)]
    failures = [process.stderr.read().decode() for process in starting if process.wait(180) != 0]
    for process in starting:
        process.stderr.close()
    assert failures == []
    engine = database.connect(db_url)
    try:
        store = storage.Store(engine)
        assert [r.revision for r in store.history(POSTING)] == [1]
        assert store.version() == 1
    finally:
        engine.dispose()
