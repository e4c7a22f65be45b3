"""Security headers on every response: a strict Content-Security-Policy, and framing only for the widget."""

from __future__ import annotations

import re

from flask import Flask, Response, current_app, request

#: The one route that other sites may put in an iframe: the widget's chat.
FRAME_ENDPOINT = "pages.widget_frame"

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


_UNFRAMED_POLICY = content_security_policy()
_PERMISSIONS = "camera=(), microphone=(), geolocation=(), payment=()"


def add_security_headers(response: Response) -> Response:
    """Set the security headers on one response; the widget frame may be embedded, nothing else may."""
    headers = response.headers
    if request.endpoint == FRAME_ENDPOINT:
        ancestors = frame_ancestors(current_app.config.get("FRAME_ANCESTORS", "*"))
        headers["Content-Security-Policy"] = content_security_policy(ancestors)
        headers.pop("X-Frame-Options", None)
    else:
        headers["Content-Security-Policy"] = _UNFRAMED_POLICY
        headers["X-Frame-Options"] = "DENY"
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
    headers.setdefault("Permissions-Policy", _PERMISSIONS)
    return response


def init_app(app: Flask) -> None:
    """Register the headers on every response of ``app``; ``FRAME_ANCESTORS`` defaults to ``*``."""
    app.config.setdefault("FRAME_ANCESTORS", "*")
    app.after_request(add_security_headers)
