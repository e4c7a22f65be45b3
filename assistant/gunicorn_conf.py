"""gunicorn settings for ``careers-assistant serve``; each may be overridden on the command line.

Workers: an answer is pure Python CPU work (tokenize, score, compose) with no
I/O to wait on, so a sync worker is busy for the whole request and more
workers than cores only queue on the same CPUs (and each costs a copy of
the index's heap as it is touched). One sync worker per core is the most
throughput at the flattest latency; ``WEB_CONCURRENCY`` or ``--workers``
overrides it, for instance when a database write per request makes a
worker wait. A sync worker is held for as long as a slow client takes to
send its request, so on the open internet put a buffering proxy (nginx) in
front, and set ``ASSISTANT_TRUSTED_PROXIES`` to the number of proxies.

Metrics: prometheus-client's multiprocess mode. Each worker writes its
samples under ``PROMETHEUS_MULTIPROC_DIR`` and ``/metrics`` (served by any
worker) adds them up. When the variable is unset, a fresh temporary folder is
made here and removed when gunicorn exits; when it is set, its old files are
removed at start, as prometheus-client requires.
"""

import gc
import glob
import multiprocessing
import os
import shutil
import tempfile

_OWN_METRICS_DIR = None
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    _OWN_METRICS_DIR = tempfile.mkdtemp(prefix="careers-assistant-metrics-")
    # Set before the app (and prometheus_client) is imported: the client picks its mode on import.
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = _OWN_METRICS_DIR


def usable_cores() -> int:
    """Cores this process may run on (a container's cpuset, not the host's count), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return multiprocessing.cpu_count()


workers = int(os.environ.get("WEB_CONCURRENCY") or usable_cores())
worker_class = "sync"
# Build the index once in the master; the forked workers share its pages copy-on-write.
preload_app = True
# An answer takes milliseconds; a worker silent for 30 s is stuck and is replaced.
timeout = 30
graceful_timeout = 10
# Sync workers close every connection after its response and ignore this; it applies when a
# --worker-class gthread or gevent is chosen instead.
keepalive = 5
# Recycle workers now and then so a slow leak cannot grow without bound; the jitter keeps them from
# restarting together.
max_requests = 50_000
max_requests_jitter = 5_000
# The heartbeat file is touched on every request: in memory, not on a disk that may stall.
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"
# gunicorn's control socket (for gunicornc) has one default path per user, which two servers on one
# host would fight over: off unless GUNICORN_CONTROL_SOCKET names a path for this server.
control_socket_disable = not os.environ.get("GUNICORN_CONTROL_SOCKET")
if not control_socket_disable:
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
accesslog = "-" if os.environ.get("ASSISTANT_ACCESS_LOG", "") not in ("", "0", "off") else None
errorlog = "-"


def on_starting(server) -> None:
    """Clear samples an earlier run left in a multiprocess folder given from outside."""
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder and folder != _OWN_METRICS_DIR:
        os.makedirs(folder, exist_ok=True)
        for path in glob.glob(os.path.join(folder, "*.db")):
            os.remove(path)


def when_ready(server) -> None:
    """Before the workers fork: move the preloaded app's objects (the index, the postings) out of the
    garbage collector's reach. Otherwise every full collection in a worker walks them all (about 100 ms
    with the bundled corpus, far more with thousands of postings, paid by whichever request triggers it)
    and writes to their pages, which then stop being shared with the other workers."""
    gc.collect()
    gc.freeze()


def child_exit(server, worker) -> None:
    """Tell prometheus-client a worker is gone, so its live gauges stop counting."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(server) -> None:
    """Remove the metrics folder this configuration made."""
    if _OWN_METRICS_DIR:
        shutil.rmtree(_OWN_METRICS_DIR, ignore_errors=True)
