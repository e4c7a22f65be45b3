"""Storage: postings and their revisions in the database, and the assistant built from them.

``init_app`` migrates the database, imports the corpus folder on first start,
builds the assistant from the current revisions and keeps it in
``app.extensions["assistant"]``; :mod:`assistant.sync` keeps it current.
An engine given in config (``ASSISTANT``, as tests do) is used as is, with no database.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, replace
from pathlib import Path

from flask import Flask, current_app, request
from sqlalchemy import and_, select, text
from sqlalchemy.engine import Connection, Engine

from assistant import database as db
from assistant.ingest import IngestError, load_folder, parse, to_markdown
from assistant.model import Posting
from assistant.paths import CORPUS_DIR

log = logging.getLogger(__name__)

IMPORT_AUTHOR = "import"
# Stored text passed the size limit when it was written; a lower limit later must not lose it.
STORED_MAX_BYTES = 1 << 30


class PostingNotFound(KeyError):
    """No current posting with that id."""


class RevisionNotFound(KeyError):
    """The posting has no such revision."""


class PreconditionFailed(Exception):
    """``If-Match`` names a revision that is no longer current; nothing was changed."""

    def __init__(self, posting_id: str, current: str | None) -> None:
        super().__init__(f"posting {posting_id!r} is at {current or 'no revision'}")
        self.current = current


def etag(posting_id: str, revision: int) -> str:
    """The strong ETag of one revision of a posting, quoted as the header carries it."""
    return f'"{posting_id}-r{revision}"'


@dataclass(frozen=True)
class Saved:
    """The outcome of a change: the posting's revision now, and whether it is new or changed."""

    posting_id: str
    revision: int
    created: bool = False
    changed: bool = True

    @property
    def etag(self) -> str:
        """The ETag of the revision now current."""
        return etag(self.posting_id, self.revision)


@dataclass(frozen=True)
class StoredPosting:
    """A posting's current state in the database: its revision's text, or deleted."""

    id: str
    revision: int
    deleted: bool
    version: int
    source: str | None
    format: str | None


@dataclass(frozen=True)
class RevisionInfo:
    """One revision as the history lists it."""

    revision: int
    created_at: object
    author: str
    format: str


def posting_from(stored: StoredPosting) -> Posting:
    """Parse a stored revision; the stored id wins over whatever id the text names."""
    posting = parse(stored.source, stored.format, name=stored.id, max_bytes=STORED_MAX_BYTES)
    return posting if posting.id == stored.id else replace(posting, id=stored.id)


def _matches(if_match, posting_id: str, row) -> bool:
    """``If-Match``: None (absent), ``"*"`` or a set of unquoted strong tags."""
    if if_match is None:
        return True
    live = row is not None and not row.deleted
    if if_match == "*":
        return live
    return live and f"{posting_id}-r{row.revision}" in if_match


class Store:
    """Postings and their revisions; every change is one transaction that bumps the corpus version."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def close(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()

    def has_postings(self) -> bool:
        """True once any posting was ever stored (a deleted one counts: it is not re-imported)."""
        with self.engine.connect() as connection:
            return connection.execute(select(db.postings.c.id).limit(1)).first() is not None

    def version(self) -> int:
        """The corpus version now committed."""
        with self.engine.connect() as connection:
            return db.corpus_version(connection)

    def current(self, since: int | None = None) -> tuple[int, list[StoredPosting]]:
        """(version, postings): every live posting, or every posting changed after version ``since``."""
        current = and_(db.revisions.c.posting_id == db.postings.c.id, db.revisions.c.revision == db.postings.c.revision)
        query = (select(db.postings.c.id, db.postings.c.revision, db.postings.c.deleted, db.postings.c.version,
                        db.revisions.c.source, db.revisions.c.format)
                 .select_from(db.postings.outerjoin(db.revisions, current)))
        if since is None:
            query = query.where(db.postings.c.deleted.is_(False)).order_by(db.postings.c.id)
        else:  # by version, so the version index finds the few changed rows among many
            query = query.where(db.postings.c.version > since).order_by(db.postings.c.version, db.postings.c.id)
        with self.engine.connect() as connection:
            version = db.corpus_version(connection)
            rows = [StoredPosting(*row) for row in connection.execute(query)]
        # Writers commit in version order, so seeing a row of version N means seeing all up to N.
        return max([version, *(row.version for row in rows)]), rows

    def save(self, posting_id: str, source: str, fmt: str, author: str, if_match=None) -> Saved:
        """Make ``source`` the posting's current text, unless it already is."""
        with db.writing(self.engine) as (connection, version):
            row = _row(connection, posting_id)
            if not _matches(if_match, posting_id, row):
                raise PreconditionFailed(posting_id, _current_etag(posting_id, row))
            if row is not None and not row.deleted and _same_text(connection, posting_id, row.revision, source, fmt):
                connection.get_transaction().rollback()
                return Saved(posting_id, row.revision, created=False, changed=False)
            revision = _add_revision(connection, version, posting_id, row, source, fmt, author)
        return Saved(posting_id, revision, created=row is None or row.deleted)

    def save_many(self, postings: list[tuple[str, str, str]], author: str) -> list[Saved]:
        """Store several (id, source, format) in one change; unchanged ones are left alone."""
        saved: list[Saved] = []
        with db.writing(self.engine) as (connection, version):
            for posting_id, source, fmt in postings:
                row = _row(connection, posting_id)
                if row is not None and not row.deleted and _same_text(connection, posting_id, row.revision, source, fmt):
                    saved.append(Saved(posting_id, row.revision, created=False, changed=False))
                    continue
                revision = _add_revision(connection, version, posting_id, row, source, fmt, author)
                saved.append(Saved(posting_id, revision, created=row is None or row.deleted))
            if not any(item.changed for item in saved):
                connection.get_transaction().rollback()
        return saved

    def delete(self, posting_id: str, if_match=None) -> None:
        """Remove a posting from the live corpus; its revisions are kept for a rollback."""
        with db.writing(self.engine) as (connection, version):
            row = _row(connection, posting_id)
            if row is None or row.deleted:
                raise PostingNotFound(posting_id)
            if not _matches(if_match, posting_id, row):
                raise PreconditionFailed(posting_id, _current_etag(posting_id, row))
            connection.execute(db.postings.update().where(db.postings.c.id == posting_id)
                               .values(deleted=True, version=version))

    def rollback(self, posting_id: str, revision: int, author: str, if_match=None) -> Saved:
        """Make an earlier revision's text current again, as a new revision (a deleted posting comes back)."""
        with db.writing(self.engine) as (connection, version):
            row = _row(connection, posting_id)
            if row is None:
                raise PostingNotFound(posting_id)
            if not _matches(if_match, posting_id, row):
                raise PreconditionFailed(posting_id, _current_etag(posting_id, row))
            earlier = connection.execute(
                select(db.revisions.c.source, db.revisions.c.format)
                .where(db.revisions.c.posting_id == posting_id, db.revisions.c.revision == revision)).first()
            if earlier is None:
                raise RevisionNotFound(revision)
            new = _add_revision(connection, version, posting_id, row, earlier.source, earlier.format, author)
        return Saved(posting_id, new, created=row.deleted)

    def history(self, posting_id: str) -> list[RevisionInfo]:
        """A posting's revisions, oldest first; an empty list when there is no such posting."""
        query = (select(db.revisions.c.revision, db.revisions.c.created_at, db.revisions.c.author, db.revisions.c.format)
                 .where(db.revisions.c.posting_id == posting_id).order_by(db.revisions.c.revision))
        with self.engine.connect() as connection:
            return [RevisionInfo(*row) for row in connection.execute(query)]

    def is_live(self, posting_id: str) -> bool:
        """True when the posting exists and is not deleted."""
        with self.engine.connect() as connection:
            row = _row(connection, posting_id)
        return row is not None and not row.deleted


def _row(connection: Connection, posting_id: str):
    return connection.execute(select(db.postings.c.revision, db.postings.c.deleted)
                              .where(db.postings.c.id == posting_id)).first()


def _current_etag(posting_id: str, row) -> str | None:
    return etag(posting_id, row.revision) if row is not None and not row.deleted else None


def _same_text(connection: Connection, posting_id: str, revision: int, source: str, fmt: str) -> bool:
    stored = connection.execute(select(db.revisions.c.source, db.revisions.c.format).where(
        db.revisions.c.posting_id == posting_id, db.revisions.c.revision == revision)).first()
    return stored is not None and stored.source == source and stored.format == fmt


def _add_revision(connection: Connection, version: int, posting_id: str, row, source: str, fmt: str,
                  author: str) -> int:
    revision = row.revision + 1 if row is not None else 1
    if row is None:
        connection.execute(db.postings.insert().values(id=posting_id, revision=revision, deleted=False, version=version))
    else:
        connection.execute(db.postings.update().where(db.postings.c.id == posting_id)
                           .values(revision=revision, deleted=False, version=version))
    connection.execute(db.revisions.insert().values(posting_id=posting_id, revision=revision, source=source,
                                                    format=fmt, author=author, created_at=db.now()))
    return revision


def import_paths(store: Store, paths: list[Path], author: str = IMPORT_AUTHOR) -> tuple[list[Saved], list[tuple[str, str]]]:
    """Import posting files and folders as one change: (saved postings, refused files with the reason)."""
    found: dict[str, Posting] = {}
    refused: list[tuple[str, str]] = []
    for path in paths:
        try:
            postings, refusals = load_folder(path)
        except IngestError as exc:
            refused.append((str(path), str(exc)))
            continue
        refused += refusals
        for posting in postings:
            if posting.id in found:
                refused.append((str(path), f"posting id {posting.id!r} is imported twice; the first one is kept"))
                continue
            found[posting.id] = posting
    # Files are kept in the corpus format, which is what export writes back.
    saved = store.save_many([(p.id, to_markdown(p), "markdown") for p in found.values()], author) if found else []
    return saved, refused


def export_postings(store: Store, folder: Path) -> list[Path]:
    """Write every live posting as ``<id>.md``; the files import back to the same passages."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for stored in store.current()[1]:
        path = folder / f"{stored.id}.md"
        path.write_text(to_markdown(posting_from(stored)), encoding="utf-8")
        written.append(path)
    return written


def open_store(config, instance_path: str) -> Store:
    """The store for the configured database, migrated to the current schema."""
    url = config.get("DATABASE_URL") or db.default_url(instance_path)
    store = Store(db.connect(url))
    db.upgrade(store.engine)
    return store


def init_app(app: Flask) -> None:
    """Put the assistant in ``app.extensions["assistant"]``: an engine given in config, else the database's postings."""
    app.after_request(_posting_etag)
    given = app.config.get("ASSISTANT")
    if given is not None:
        app.extensions["assistant"] = given
        return
    from assistant import sync
    from assistant.engine import Assistant
    from assistant.loading import engine_options, lexicon_for

    corpus_dir = Path(app.config.get("CORPUS_DIR") or CORPUS_DIR)
    store = open_store(app.config, app.instance_path)
    if not store.has_postings():
        saved, refused = import_paths(store, [corpus_dir])
        for path, message in refused:
            log.warning("skipped %s: %s", path, message)
        log.info("imported %d postings from %s", len(saved), corpus_dir)
    version, stored = store.current()
    postings = sync.parse_stored(stored)
    assistant = Assistant(list(postings.values()), lexicon_for(corpus_dir), **engine_options(app.config))
    revisions = {row.id: row.revision for row in stored if row.id in postings}
    corpus_sync = sync.CorpusSync(store, assistant, float(app.config["REFRESH_SECONDS"]), version, revisions)
    app.extensions.update(assistant=assistant, storage=store, corpus_sync=corpus_sync)
    app.before_request(corpus_sync.ensure_running)
    store.close()  # forked workers open their own connections


def store_of(app: Flask) -> Store | None:
    """The app's store, or None when it runs without a database."""
    return app.extensions.get("storage")


def ping(app: Flask) -> bool:
    """True when the database answers (or there is none to ask)."""
    store = store_of(app)
    if store is None:
        return True
    with store.engine.connect() as connection:
        connection.execute(text("SELECT 1"))
    return True


def close(app: Flask) -> None:
    """Write the queued question log, stop the live-update thread and close the database connections."""
    writer = app.extensions.get("question_log")
    if writer is not None:
        writer.flush_quietly()
    corpus_sync = app.extensions.get("corpus_sync")
    if corpus_sync is not None:
        corpus_sync.stop()
    store = store_of(app)
    if store is not None:
        store.close()


def etag_for(posting_id: str) -> str:
    """The ETag of the posting this process serves: its revision, else a hash of its content."""
    corpus_sync = current_app.extensions.get("corpus_sync")
    revision = corpus_sync.revisions.get(posting_id) if corpus_sync is not None else None
    if revision is not None:
        return etag(posting_id, revision)
    posting = current_app.extensions["assistant"].posting(posting_id)
    digest = hashlib.sha256(repr(posting).encode("utf-8")).hexdigest()[:16]
    return f'"{posting_id}-{digest}"'


def _posting_etag(response):
    """``GET /api/v1/postings/<id>`` carries its revision's ETag and answers ``If-None-Match`` with a 304."""
    if request.endpoint != "api.posting" or response.status_code != 200 or request.method not in ("GET", "HEAD"):
        return response
    tag = etag_for(request.view_args["posting_id"])
    response.headers["ETag"] = tag
    if request.if_none_match.contains(tag.strip('"')):
        response.status_code = 304
        response.set_data(b"")
    return response

