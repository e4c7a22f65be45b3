"""The recruiter's and operator's commands: import, export, token create|list|revoke, purge, db upgrade."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from sqlalchemy import inspect, select

from assistant import create_app, database, question_log, storage
from assistant.cli import main

POSTING = "backend-developer"


@pytest.fixture
def cli(db_url, monkeypatch, capsys):
    """Run ``careers-assistant`` against the test database: (exit code, stdout, stderr)."""
    monkeypatch.setenv("ASSISTANT_DATABASE_URL", db_url)

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def engine(db_url):
    engine = database.connect(db_url)
    yield engine
    engine.dispose()


def test_db_upgrade_creates_the_schema(cli, engine):
    code, out, _ = cli("db", "upgrade")
    assert code == 0 and out.strip() == "database at migration 0001"
    assert "revisions" in inspect(engine).get_table_names()


def test_token_create_prints_the_token_alone_and_stores_its_hash(cli, engine):
    code, out, err = cli("token", "create", "alice")
    token = out.strip()
    assert code == 0 and out == token + "\n" and token.startswith("ca_") and len(token) > 40
    with engine.connect() as connection:
        (row,) = connection.execute(select(database.tokens)).all()
    assert row.name == "alice" and row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(tuple(row))


def test_token_list_shows_names_and_dates_never_tokens(cli):
    token = cli("token", "create", "alice")[1].strip()
    cli("token", "create", "bob")
    cli("token", "revoke", "bob")
    code, out, _ = cli("token", "list")
    lines = out.strip().splitlines()
    assert code == 0 and [line.split("\t")[0] for line in lines] == ["alice", "bob"]
    assert lines[0].endswith("active") and "\trevoked " in lines[1]
    assert token not in out


def test_a_revoked_token_no_longer_opens_the_api(cli, db_url, corpus_dir):
    token = cli("token", "create", "alice")[1].strip()
    app = create_app({"DATABASE_URL": db_url, "CORPUS_DIR": str(corpus_dir), "TESTING": True, "RATE_LIMIT": "off"})
    try:
        client = app.test_client()
        headers = {"Authorization": f"Bearer {token}"}
        assert client.get(f"/api/v1/postings/{POSTING}/revisions", headers=headers).status_code == 200
        assert cli("token", "revoke", "alice")[0] == 0
        response = client.get(f"/api/v1/postings/{POSTING}/revisions", headers=headers)
        assert response.status_code == 401 and response.get_json()["error"]["code"] == "revoked_token"
    finally:
        storage.close(app)


@pytest.mark.parametrize("argv, code, message", [
    (("token", "revoke", "nobody"), 1, "no token named 'nobody'"),
    (("token", "create", "bad name!"), 2, "token name must be"),
])
def test_token_mistakes_are_explained(cli, argv, code, message):
    result = cli(*argv)
    assert result[0] == code and message in result[2]


def test_a_second_token_of_the_same_name_is_refused(cli):
    cli("token", "create", "alice")
    code, out, err = cli("token", "create", "alice")
    assert code == 2 and out == "" and "already exists" in err


def test_import_takes_files_and_folders_and_reports_refused_files(cli, corpus_dir, tmp_path):
    (corpus_dir / "empty.md").write_text("", encoding="utf-8")
    (corpus_dir / "binary.txt").write_bytes(b"\x00\x01\x02")
    single = tmp_path / "office-manager.txt"
    single.write_text("Office Manager\n\nAbout the role\n\nYou will run our Berlin office.\n", encoding="utf-8")
    code, out, err = cli("import", str(corpus_dir), str(single))
    assert code == 1
    assert sorted(out.splitlines()) == ["added backend-developer (revision 1)", "added office-manager (revision 1)",
                                        "added product-designer (revision 1)"]
    refused = sorted(err.splitlines())
    assert len(refused) == 2
    assert "binary.txt" in refused[0] and "binary" in refused[0].split(":", 1)[1]
    assert "empty.md" in refused[1] and "empty" in refused[1].split(":", 1)[1]


def test_import_again_leaves_unchanged_postings_alone(cli, corpus_dir):
    assert cli("import", str(corpus_dir))[0] == 0
    code, out, _ = cli("import", str(corpus_dir))
    assert code == 0 and out.splitlines() == ["unchanged backend-developer (revision 1)",
                                             "unchanged product-designer (revision 1)"]


def test_an_import_reaches_a_running_app(cli, db_url, corpus_dir, tmp_path):
    app = create_app({"DATABASE_URL": db_url, "CORPUS_DIR": str(corpus_dir), "TESTING": True, "RATE_LIMIT": "off"})
    try:
        folder = tmp_path / "new"
        folder.mkdir()
        (folder / "office-manager.txt").write_text("Office Manager\n\nAbout the role\n\nYou will run our office.\n")
        assert cli("import", str(folder))[0] == 0
        app.extensions["corpus_sync"].refresh()
        assert app.test_client().get("/api/v1/postings/office-manager").status_code == 200
    finally:
        storage.close(app)


def test_export_writes_markdown_that_imports_back_to_the_same_passages(cli, db_url, corpus_dir, tmp_path):
    cli("import", str(corpus_dir))
    code, out, _ = cli("export", str(tmp_path / "out"))
    assert code == 0 and sorted(p.rsplit("/", 1)[1] for p in out.split()) == ["backend-developer.md",
                                                                             "product-designer.md"]
    apps = [create_app({"DATABASE_URL": url, "CORPUS_DIR": str(folder), "TESTING": True, "RATE_LIMIT": "off"})
            for url, folder in ((db_url, corpus_dir), (f"sqlite:///{tmp_path / 'again.sqlite3'}", tmp_path / "out"))]
    try:
        before, after = ([(c.id, c.section, c.text) for c in app.extensions["assistant"].chunks(POSTING)] for app in apps)
        assert before and before == after
    finally:
        for app in apps:
            storage.close(app)


def test_purge_deletes_old_questions(cli, engine):
    cli("db", "upgrade")
    old = question_log.LoggedTurn("m_old", "c_x", POSTING, "old question", "no_answer", 0.1, None)
    new = question_log.LoggedTurn("m_new", "c_x", POSTING, "new question", "no_answer", 0.1, None)
    question_log.log_turn(engine, old, at=dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=40))
    question_log.log_turn(engine, new)
    code, out, _ = cli("purge", "--older-than", "30")
    assert code == 0 and out.strip() == "purged 1 questions and 0 feedback entries older than 30 days"
    with engine.connect() as connection:
        assert connection.execute(select(database.questions.c.message_id)).scalars().all() == ["m_new"]


def test_purge_needs_its_age(cli):
    with pytest.raises(SystemExit):
        cli("purge")
