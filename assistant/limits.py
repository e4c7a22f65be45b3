"""Rate limits per client on chat and feedback (Flask-Limiter), answered in the one error shape.

The client is the connection's remote address. Behind a reverse proxy every
request seems to come from the proxy, so ``ASSISTANT_TRUSTED_PROXIES=N`` makes
the app believe the last N ``X-Forwarded-For``/``-Proto``/``-Host`` hops
(werkzeug's ProxyFix). Leave it at 0 when clients reach gunicorn directly:
otherwise any client could pick its own address and dodge the limit.
"""

from __future__ import annotations

import logging
import math
import time

from flask import Flask, current_app, jsonify, request
from flask_limiter import Limiter
from flask_limiter.errors import RateLimitExceeded
from limits import parse_many
from werkzeug.middleware.proxy_fix import ProxyFix

from assistant.errors import error_body

log = logging.getLogger(__name__)

#: Routes a client can call in a loop to make the server work: by endpoint name, else by path.
LIMITED_ENDPOINTS = ("api.chat", "questions.feedback")
LIMITED_PATHS = ("/api/v1/chat", "/api/v1/feedback")
_OFF = {"", "off", "none", "0", "false", "no"}


def client_address() -> str:
    """Who is asking: the remote address (the forwarded one when proxies are trusted)."""
    return request.remote_addr or "unknown"


def parse_limit(value: object) -> str | None:
    """The limit as Flask-Limiter takes it (``30/minute``, ``5/second;100/hour``), or None for ``off``."""
    text = str(value if value is not None else "off").strip()
    if text.lower() in _OFF:
        return None
    try:
        parse_many(text)
    except ValueError:
        raise ValueError(f"ASSISTANT_RATE_LIMIT must look like 30/minute (or be off), got {text!r}") from None
    return text


def limited_endpoints(app: Flask) -> list[str]:
    """The endpoints of chat and feedback that exist on ``app``, by name or by their POST path."""
    found = [endpoint for endpoint in LIMITED_ENDPOINTS if endpoint in app.view_functions]
    for rule in app.url_map.iter_rules():
        if rule.rule in LIMITED_PATHS and "POST" in (rule.methods or ()) and rule.endpoint not in found:
            found.append(rule.endpoint)
    return found


def retry_after_seconds(limiter: Limiter | None) -> int:
    """Whole seconds until the breached window resets; at least 1."""
    limit = limiter.current_limit if limiter is not None else None
    if limit is None:
        return 60
    reset_at = limit.window[0]  # when the window ends (RequestLimit.reset_at rounds up by a second)
    return max(1, math.ceil(reset_at - time.time()))


def _rate_limited(error: RateLimitExceeded):
    """A 429 in the error shape with ``Retry-After``."""
    limiter = current_app.extensions.get("assistant_limiter")
    seconds = retry_after_seconds(limiter)
    message = f"Too many requests (limit {error.limit.limit}). Please wait {seconds} seconds and try again."
    response = jsonify(error_body("rate_limited", message))
    response.status_code = 429
    response.headers["Retry-After"] = str(seconds)
    response.headers["X-RateLimit-Limit"] = str(error.limit.limit.amount)
    return response


def trust_proxies(app: Flask) -> None:
    """Believe the last ``TRUSTED_PROXIES`` forwarding hops for the client address, scheme and host."""
    hops = int(app.config.get("TRUSTED_PROXIES") or 0)
    if hops < 0:
        raise ValueError(f"ASSISTANT_TRUSTED_PROXIES must be >= 0, got {hops}")
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def init_app(app: Flask) -> Limiter | None:
    """Limit chat and feedback per client, after their blueprints are registered; None when off."""
    trust_proxies(app)
    app.register_error_handler(RateLimitExceeded, _rate_limited)
    limit = parse_limit(app.config.get("RATE_LIMIT"))
    if limit is None:
        return None
    limiter = Limiter(
        client_address,
        app=app,
        storage_uri=str(app.config.get("RATELIMIT_STORAGE_URI") or "memory://"),
        key_prefix=str(app.config.get("RATELIMIT_KEY_PREFIX") or ""),
        strategy="fixed-window",
        # A Redis outage must not take chat down: count in this process until it is back.
        in_memory_fallback_enabled=True,
    )
    endpoints = limited_endpoints(app)
    for endpoint in endpoints:
        app.view_functions[endpoint] = limiter.limit(limit, methods=["POST"])(app.view_functions[endpoint])
    app.extensions["assistant_limiter"] = limiter
    log.debug("rate limit %s on %s", limit, ", ".join(endpoints))
    return limiter
