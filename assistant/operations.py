"""What an operator needs: readiness, Prometheus metrics, the OpenAPI document, rate limits.

Metrics work under several gunicorn workers through prometheus-client's
multiprocess mode: when ``PROMETHEUS_MULTIPROC_DIR`` is set (gunicorn_conf sets
it), every worker writes its samples there and ``/metrics`` sums them all.
"""

from __future__ import annotations

import logging
import os
import time

from flask import Blueprint, Flask, Response, current_app, jsonify
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector

from assistant import limits, openapi, storage
from assistant.errors import ApiError

log = logging.getLogger(__name__)

bp = Blueprint("operations", __name__)

#: The registry of this process; in multiprocess mode samples go to files and this one is not read.
REGISTRY = CollectorRegistry(auto_describe=True)
_LABELS = ("route", "method", "status")
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
# Answers take well under a millisecond of CPU: the buckets start there.
_LATENCY_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

REQUESTS = Counter("assistant_http_requests", "HTTP requests by route, method and status.", _LABELS, registry=REGISTRY)
LATENCY = Histogram(
    "assistant_http_request_duration_seconds", "Time from routing to response, by route, method and status.",
    _LABELS, buckets=_LATENCY_BUCKETS, registry=REGISTRY,
)
REPLIES = Counter("assistant_chat_replies", "Chat replies by kind (answer, no_answer, smalltalk, handoff).",
                  ("kind",), registry=REGISTRY)


class _Metrics:
    """WSGI middleware: counts and times every response by route, method and status.

    It notes when the request arrived and records the sample when the response
    starts, while Flask's request (and the URL rule that matched) is still in
    the environ: no signal, no context-local lookups on the way.
    """

    def __init__(self, wsgi_app) -> None:
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        started = time.perf_counter()

        def start(status, headers, exc_info=None):
            _observe(environ, status, time.perf_counter() - started)
            return start_response(status, headers, exc_info)

        return self.wsgi_app(environ, start)


_CHILDREN: dict[tuple[str, str, str], tuple] = {}  # (route, method, status) -> (counter, histogram)


def _observe(environ, status: str, seconds: float) -> None:
    request = environ.get("werkzeug.request")
    rule = request.url_rule if request is not None else None
    method = environ.get("REQUEST_METHOD", "")
    # the URL rule that matched (``/api/v1/postings/<posting_id>``), never the raw path; any unusual
    # method folded into OTHER, so a client cannot invent label values
    labels = (rule.rule if rule is not None else "<unmatched>", method if method in _METHODS else "OTHER",
              status.split(" ", 1)[0])
    children = _CHILDREN.get(labels)
    if children is None:  # a few dozen combinations at most: routes x methods x statuses
        children = _CHILDREN.setdefault(labels, (REQUESTS.labels(*labels), LATENCY.labels(*labels)))
    children[0].inc()
    children[1].observe(seconds)


_KINDS: dict[str, object] = {}  # reply kind -> its counter


def count_reply(turn, reply, body: dict) -> None:
    """A chat hook: count the reply's kind (confidences are in the question log, not here: every sample costs)."""
    kind = str(body.get("kind", "unknown"))
    counter = _KINDS.get(kind)
    if counter is None:
        counter = _KINDS.setdefault(kind, REPLIES.labels(kind))
    counter.inc()


def exposition() -> bytes:
    """Every metric in Prometheus text format: all workers' when in multiprocess mode, else this process's."""
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder and os.path.isdir(folder):
        registry = CollectorRegistry()
        MultiProcessCollector(registry, path=folder)
        return generate_latest(registry)
    return generate_latest(REGISTRY)


@bp.get("/readyz")
def readyz():
    """Ready for traffic: the index holds postings and the database answers (when storage can ping)."""
    engine = current_app.extensions.get("assistant")
    try:
        count = len(engine.postings()) if engine is not None else 0
    except Exception:  # a half-built engine is simply not ready
        log.exception("readiness: the assistant could not list its postings")
        count = 0
    if not count:
        raise ApiError(503, "Not ready: no posting is loaded yet.", "not_ready")
    database = "skipped"
    ping = getattr(storage, "ping", None)
    if callable(ping):
        try:
            reachable = ping(current_app) is not False
        except Exception:
            log.exception("readiness: the database did not answer")
            reachable = False
        if not reachable:
            raise ApiError(503, "Not ready: the database is unreachable.", "not_ready")
        database = "ok"
    response = jsonify({"status": "ready", "postings": count, "database": database})
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/metrics")
def metrics() -> Response:
    """Prometheus metrics: requests and latency by route, method and status; chat replies by kind."""
    response = Response(exposition(), mimetype="text/plain")
    response.headers["Content-Type"] = CONTENT_TYPE_LATEST
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/api/v1/openapi.json")
def openapi_json():
    """The OpenAPI 3.1 description of every route."""
    return jsonify(openapi.document())


def init_app(app: Flask) -> None:
    """Register readiness, metrics and the API description; time every request; limit chat and feedback."""
    app.register_blueprint(bp)
    # At the WSGI edge, not in before/after_request: the time and status take in every hook,
    # other extensions' ones included.
    app.wsgi_app = _Metrics(app.wsgi_app)
    app.extensions.setdefault("chat_hooks", []).append(count_reply)
    limits.init_app(app)
