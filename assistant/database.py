"""The database: tables, connections (SQLite by default, PostgreSQL for several hosts) and migrations.

Every change to the corpus bumps the one ``corpus.version`` row inside its own
transaction. That row lock serialises writers, so versions commit in order and
a worker that has seen version N has seen every change up to N: polling it is
one primary-key read.
"""

from __future__ import annotations

import datetime as dt
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    create_engine,
    event,
    exc,
    select,
    text,
    update,
)
from sqlalchemy.engine import Connection, Engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_FILE = "assistant.sqlite3"
BUSY_TIMEOUT_MS = 10_000
# Any constant works: it names the one advisory lock the migrations take on PostgreSQL.
MIGRATION_LOCK_ID = 0x43415245  # "CARE"


class UtcDateTime(TypeDecorator):
    """A UTC timestamp: stored without a zone on every backend, read back as an aware datetime."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        """An aware time in UTC, without its zone."""
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):
        """The stored UTC time, aware."""
        return value.replace(tzinfo=dt.timezone.utc) if value is not None else None


metadata = MetaData()

corpus = Table(
    "corpus", metadata,
    Column("id", Integer, primary_key=True),
    Column("version", Integer, nullable=False),
    Column("purged_at", UtcDateTime(), nullable=True),
)

postings = Table(
    "postings", metadata,
    Column("id", String(100), primary_key=True),
    Column("revision", Integer, nullable=False),
    Column("deleted", Boolean, nullable=False),
    Column("version", Integer, nullable=False),
    Index("ix_postings_version", "version"),
)

revisions = Table(
    "revisions", metadata,
    Column("posting_id", String(100), ForeignKey("postings.id"), primary_key=True),
    Column("revision", Integer, primary_key=True),
    Column("source", Text, nullable=False),
    Column("format", String(16), nullable=False),
    Column("author", String(100), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
)

tokens = Table(
    "tokens", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("revoked_at", UtcDateTime(), nullable=True),
)

questions = Table(
    "questions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("message_id", String(80), nullable=False, unique=True),
    Column("conversation_id", String(80), nullable=False),
    Column("posting", String(100), nullable=True),
    Column("question", Text, nullable=False),
    Column("group_key", String(400), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("confidence", Float, nullable=False),
    Column("top_passage", String(100), nullable=True),
    Column("created_at", UtcDateTime(), nullable=False),
    Index("ix_questions_created_at", "created_at"),
    Index("ix_questions_group", "posting", "group_key"),
)

feedback = Table(
    "feedback", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("message_id", String(80), nullable=False),
    Column("helpful", Boolean, nullable=False),
    Column("comment", Text, nullable=True),
    Column("created_at", UtcDateTime(), nullable=False),
    Index("ix_feedback_message_id", "message_id"),
    Index("ix_feedback_created_at", "created_at"),
)


def now() -> dt.datetime:
    """The current time in UTC."""
    return dt.datetime.now(dt.timezone.utc)


def default_url(instance_path: str | os.PathLike) -> str:
    """The embedded default: a SQLite file in the instance folder (created if missing)."""
    folder = Path(instance_path)
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / SQLITE_FILE}"


def connect(url: str) -> Engine:
    """An engine for a SQLAlchemy URL; SQLite gets WAL, a busy timeout and real transactions."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]  # psycopg 3 is the driver we ship
    engine = create_engine(url, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine)
    _forget_connections_after_fork(engine)
    return engine


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # The driver's own implicit transactions begin late and commit before DDL;
        # turn them off and let SQLAlchemy's begin event emit BEGIN itself.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        # A writer takes the write lock up front, so two writers queue on
        # busy_timeout instead of failing on a stale read snapshot.
        mode = "IMMEDIATE" if connection.get_execution_options().get("writing") else "DEFERRED"
        connection.exec_driver_sql(f"BEGIN {mode}")


def _forget_connections_after_fork(engine: Engine) -> None:
    """A forked worker never reuses a connection its parent opened (gunicorn --preload)."""

    @event.listens_for(engine, "connect")
    def _on_connect(_dbapi_connection, record):
        record.info["pid"] = os.getpid()

    @event.listens_for(engine, "checkout")
    def _on_checkout(_dbapi_connection, record, proxy):
        if record.info.get("pid") != os.getpid():
            record.dbapi_connection = proxy.dbapi_connection = None
            raise exc.DisconnectionError("connection belongs to another process")


@contextmanager
def writing(engine: Engine) -> Iterator[tuple[Connection, int]]:
    """A write transaction on the corpus: the connection and the corpus version it commits."""
    with engine.connect().execution_options(writing=True) as connection:
        with connection.begin():
            connection.execute(update(corpus).where(corpus.c.id == 1).values(version=corpus.c.version + 1))
            version = connection.execute(select(corpus.c.version).where(corpus.c.id == 1)).scalar_one()
            yield connection, version


@contextmanager
def logging_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction for the question log, which may trade the last instant's durability for speed."""
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("SET LOCAL synchronous_commit TO OFF"))
        yield connection


def insert_many(connection: Connection, table: Table, rows: list[dict]) -> None:
    """Insert rows through the driver's executemany: the statement and bound values SQLAlchemy would send,
    compiled once per dialect, without its bookkeeping per row (the question log writes one per reply)."""
    if not rows:
        return
    sql, names, processors = _insert_plan(table, connection.dialect)
    if names is None:  # named parameters
        params = [{name: process(row[name]) if process else row[name] for name, process in processors}
                  for row in rows]
    else:
        params = [tuple(process(row[name]) if process else row[name] for name, process in processors)
                  for row in rows]
    connection.exec_driver_sql(sql, params)


_INSERT_PLANS: dict[tuple[str, str], tuple] = {}


def _insert_plan(table: Table, dialect) -> tuple[str, tuple[str, ...] | None, list]:
    """The INSERT of every column of ``table`` but an autoincrement key, compiled for ``dialect``,
    with each column's bind processor."""
    key = (table.name, dialect.name)
    if key not in _INSERT_PLANS:
        columns = [c for c in table.columns if not (c.primary_key and c.autoincrement)]
        compiled = table.insert().compile(dialect=dialect, column_keys=[c.name for c in columns], for_executemany=True)
        order = tuple(compiled.positiontup) if compiled.positional else None
        processors = [(name, table.c[name].type.dialect_impl(dialect).bind_processor(dialect))
                      for name in (order or [c.name for c in columns])]
        _INSERT_PLANS[key] = (compiled.string, order, processors)
    return _INSERT_PLANS[key]


def corpus_version(connection: Connection) -> int:
    """The version of the last committed corpus change."""
    return connection.execute(select(corpus.c.version).where(corpus.c.id == 1)).scalar_one()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply the Alembic migrations up to ``revision``; several processes may call it at once."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.connect().execution_options(writing=True) as connection:
        with connection.begin():
            if engine.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": MIGRATION_LOCK_ID})
            config.attributes["connection"] = connection
            command.upgrade(config, revision)


def current_migration(engine: Engine) -> str | None:
    """The Alembic revision the database is at, or None before the first migration."""
    from alembic.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
