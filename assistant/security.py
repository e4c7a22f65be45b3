"""Security headers on every response: a strict Content-Security-Policy, and framing only for the widget."""

from __future__ import annotations

import re

from flask import Flask, current_app

# Nothing inline from us: every script and style is a file under our own origin.
# The JSON-LD <script type="application/ld+json"> on posting pages is data, not script,
# so script-src does not apply to it.
_POLICY = (
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
)

# A source expression holds no whitespace, ';' or ',': those would end it or start a new
# directive or policy, so a setting holding them could rewrite the whole header.
_SOURCE = re.compile(r"^[^\s;,'\"]+$|^'(?:self|none)'$")


def frame_ancestors(setting: str | None) -> str:
    """The frame-ancestors sources from the space-separated setting; ``'none'`` when nothing valid is left.

    Our own careers and posting pages embed the frame too, so a list of origins always gains ``'self'``.
    """
    sources = [token for token in (setting or "").split() if _SOURCE.match(token)]
    if "'none'" in sources and len(sources) > 1:
        sources.remove("'none'")
    if not sources:
        return "'none'"
    if sources != ["'none'"] and "*" not in sources and "'self'" not in sources:
        sources.insert(0, "'self'")
    return " ".join(sources)


def content_security_policy(ancestors: str = "'none'") -> str:
    """The Content-Security-Policy header value with the given frame-ancestors sources."""
    return "; ".join((*_POLICY, f"frame-ancestors {ancestors}"))


_HEADERS = (
    ("Content-Security-Policy", content_security_policy()),
    ("X-Frame-Options", "DENY"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"),
)


def framed_policy() -> str:
    """The Content-Security-Policy of the widget frame: the sites of ``FRAME_ANCESTORS`` may embed it."""
    return content_security_policy(frame_ancestors(current_app.config.get("FRAME_ANCESTORS", "*")))


class SecurityHeaders:
    """WSGI middleware: every response leaves with the security headers, whatever produced it.

    A response that sets its own Content-Security-Policy (the widget frame's, with
    its frame-ancestors) keeps it and gets no ``X-Frame-Options``; nothing else may be
    framed. Added at the WSGI edge, the headers cost a list append each.
    """

    def __init__(self, wsgi_app) -> None:
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        def start(status, headers, exc_info=None):
            present = {name.lower() for name, _ in headers}
            framed = "content-security-policy" in present
            for name, value in _HEADERS:
                if name.lower() not in present and not (framed and name == "X-Frame-Options"):
                    headers.append((name, value))
            return start_response(status, headers, exc_info)

        return self.wsgi_app(environ, start)


def init_app(app: Flask) -> None:
    """Put the headers on every response of ``app``; ``FRAME_ANCESTORS`` defaults to ``*``."""
    app.config.setdefault("FRAME_ANCESTORS", "*")
    app.wsgi_app = SecurityHeaders(app.wsgi_app)
