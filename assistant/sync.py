"""Live updates: every process polls the corpus version and applies only what changed.

A change committed by any worker on any host bumps ``corpus.version``. Each
process reads that one row every ``REFRESH_SECONDS`` on a daemon thread; when
it moved, it loads the postings changed since the version it has seen and
hands them to ``Assistant.apply`` (one new index snapshot; answers in flight
keep the one they started with). The process that made a change applies it
at once. The thread starts on a process's first request, so a gunicorn
worker forked from a preloaded master runs its own.
"""

from __future__ import annotations

import logging
import os
import threading
import time
import weakref
from typing import Callable

from assistant.engine import Assistant
from assistant.ingest import IngestError
from assistant.model import Posting
from assistant.storage import Store, StoredPosting, posting_from

log = logging.getLogger(__name__)

MAINTENANCE_EVERY_SECONDS = 3600.0


def parse_stored(stored: list[StoredPosting], known: dict[tuple[str, int], Posting] | None = None) -> dict[str, Posting]:
    """Postings from stored revisions by id; one that no longer parses is logged and left out."""
    postings: dict[str, Posting] = {}
    for row in stored:
        if row.deleted or row.source is None:
            continue
        posting = (known or {}).get((row.id, row.revision))
        if posting is None:
            try:
                posting = posting_from(row)
            except IngestError as exc:
                log.error("posting %s revision %d no longer parses, left out: %s", row.id, row.revision, exc)
                continue
        postings[row.id] = posting
    return postings


class CorpusSync:
    """Keeps one process's assistant at the database's corpus version."""

    def __init__(self, store: Store, assistant: Assistant, interval: float, version: int,
                 revisions: dict[str, int], maintenance: Callable[[], None] | None = None) -> None:
        if interval <= 0:
            raise ValueError(f"REFRESH_SECONDS must be > 0, got {interval}")
        self.store = store
        self.assistant = assistant
        self.interval = interval
        self.version = version
        self.revisions = dict(revisions)
        self.maintenance = maintenance
        self.on_tick: list[Callable[[], None]] = []  # run on every tick of the thread, e.g. the log flush
        self._lock = threading.Lock()
        self._start_lock = threading.Lock()
        self._pid: int | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def refresh(self, known: dict[tuple[str, int], Posting] | None = None) -> int:
        """Apply every change committed since the version seen; ``known`` spares parsing the caller's own."""
        with self._lock:
            if self.store.version() <= self.version:
                return 0
            version, stored = self.store.current(since=self.version)
            postings = parse_stored(stored, known)
            removed = [row.id for row in stored if row.id not in postings and row.id in self.revisions]
            if postings or removed:
                self.assistant.apply(list(postings.values()), removed)
            revisions = {key: value for key, value in self.revisions.items() if key not in removed}
            revisions.update({row.id: row.revision for row in stored if row.id in postings})
            self.revisions = revisions
            self.version = version
            return len(postings) + len(removed)

    def ensure_running(self) -> None:
        """Start this process's polling thread, after catching up (a forked worker starts from the master's state)."""
        if self._pid == os.getpid():
            return
        with self._start_lock:
            if self._pid == os.getpid():
                return
            # Locks copied by fork may have been held by a thread that did not come along.
            self._lock = threading.Lock()
            self._stop = threading.Event()
            self._catch_up()
            self._thread = threading.Thread(target=_poll, args=(weakref.ref(self), self._stop, self.interval),
                                            name="corpus-sync", daemon=True)
            self._thread.start()
            self._pid = os.getpid()

    def poll(self) -> None:
        """One tick of the thread: apply changes, and now and then run the maintenance (the log purge)."""
        self._catch_up()
        for hook in self.on_tick:
            hook()
        if self.maintenance is None:
            return
        now = time.monotonic()
        if now >= getattr(self, "_maintained_at", 0.0) + MAINTENANCE_EVERY_SECONDS:
            self._maintained_at = now
            try:
                self.maintenance()
            except Exception:
                log.exception("maintenance failed; it is tried again in an hour")

    def _catch_up(self) -> None:
        try:
            self.refresh()
        except Exception:  # the database may be away for a moment; keep serving what we have
            log.exception("could not refresh the postings; serving version %d", self.version)

    def stop(self) -> None:
        """Stop the polling thread of this process."""
        self._stop.set()
        thread = self._thread
        if thread is not None and thread.is_alive() and thread is not threading.current_thread():
            thread.join(timeout=5)
        self._pid = None


def _poll(ref: weakref.ref, stop: threading.Event, interval: float) -> None:
    """The thread's loop; it ends when told to or when its app is gone."""
    while not stop.wait(interval):
        corpus_sync = ref()
        if corpus_sync is None:
            return
        corpus_sync.poll()
        del corpus_sync
