"""Shared fixtures: a database (SQLite file and PostgreSQL), a tiny corpus, app → client, a recruiter token.

Every test that takes ``db_url`` runs twice: on a SQLite file in ``tmp_path`` and
on the PostgreSQL server at ``ASSISTANT_TEST_POSTGRES_URL`` (default
``postgresql+psycopg://postgres@127.0.0.1:5432/test``). The PostgreSQL runs
use a database made for this session (dropped at the end) and a schema of
their own inside it, so runs and tests never see each other's rows. Under CI
an unreachable PostgreSQL fails those tests; elsewhere it skips them.
"""

from __future__ import annotations

import os
import secrets
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from assistant import create_app, storage

POSTGRES_URL = os.environ.get("ASSISTANT_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")

BACKEND = textwrap.dedent("""\
    ---
    id: backend-developer
    title: Back End Developer
    location: Berlin
    contact: jobs@example.com
    ---

    ## About the role

    You will build and run the APIs behind our careers site.

    ## Qualifications

    - Minimum of 5 years of experience in back-end development.
    - Experience with PostgreSQL and Redis.

    ## FAQ

    ### Is the role remote?

    The role is hybrid: two days a week in the Berlin office.
    """)

DESIGNER = textwrap.dedent("""\
    ---
    id: product-designer
    title: Product Designer
    location: Lisbon
    contact: design-jobs@example.com
    ---

    ## About the role

    You will design the screens candidates use to apply.

    ## Qualifications

    - A portfolio of shipped product work.
    - Experience with Figma.
    """)


def url_text(url) -> str:
    """A URL as a string a subprocess can use (password kept)."""
    return make_url(url).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def postgres_database():
    """A PostgreSQL database of this test session's own, dropped when the session ends."""
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text("SELECT 1"))
    except OperationalError as exc:
        admin.dispose()
        message = f"PostgreSQL at {POSTGRES_URL} is not reachable ({exc.orig}); start it or set ASSISTANT_TEST_POSTGRES_URL"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    name = f"careers_test_{os.getpid()}_{secrets.token_hex(4)}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(POSTGRES_URL).set(database=name)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def postgres_url(postgres_database):
    """A fresh schema in the session's PostgreSQL database; the URL puts it first on the search path."""
    schema = f"t_{secrets.token_hex(6)}"
    engine = create_engine(postgres_database, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        yield url_text(postgres_database.update_query_dict({"options": f"-csearch_path={schema}"}))
        with engine.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    finally:
        engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path) -> str:
    """An empty database: a SQLite file, then PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'assistant.sqlite3'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def corpus_dir(tmp_path) -> Path:
    """A tiny corpus folder: two postings."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "backend-developer.md").write_text(BACKEND, encoding="utf-8")
    (folder / "product-designer.md").write_text(DESIGNER, encoding="utf-8")
    return folder


@pytest.fixture
def app_config(db_url, corpus_dir) -> dict:
    """Settings of a test app over the tiny corpus in the test database."""
    return {"TESTING": True, "DATABASE_URL": db_url, "CORPUS_DIR": str(corpus_dir), "RATE_LIMIT": "off"}


@pytest.fixture
def make_app(app_config):
    """Make apps over the test database (several act as several processes); all are closed afterwards."""
    made = []

    def make(**overrides):
        app = create_app(app_config | overrides)
        made.append(app)
        return app

    yield make
    for app in made:
        storage.close(app)


@pytest.fixture
def app(make_app):
    """An app over the tiny corpus, with a database."""
    return make_app()


@pytest.fixture
def client(app):
    """A test client of ``app``."""
    return app.test_client()


@pytest.fixture
def recruiter_token(app) -> str:
    """A recruiter token named ``recruiter``."""
    from assistant.access_tokens import create_token

    return create_token(app.extensions["storage"].engine, "recruiter")


@pytest.fixture
def auth(recruiter_token) -> dict:
    """The Authorization header of ``recruiter_token``."""
    return {"Authorization": f"Bearer {recruiter_token}"}


def pytest_terminal_summary(terminalreporter):
    """Show the measured live-update times (recorded by the two-server tests): figures, not assertions."""
    lines = [f"{report.nodeid}: {value}" for reports in terminalreporter.stats.values() for report in reports
             if hasattr(report, "user_properties") and getattr(report, "when", "") == "call"
             for name, value in report.user_properties if name == "live_update"]
    if lines:
        terminalreporter.section("live update")
        for line in lines:
            terminalreporter.write_line(line)
