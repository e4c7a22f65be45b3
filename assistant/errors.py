"""One error class, one handler, one JSON shape: ``{"error": {"code": ..., "message": ...}}``."""

from __future__ import annotations

import logging

from flask import Flask, jsonify, request
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)

_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    412: "precondition_failed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "invalid_field",
    428: "precondition_required",
    429: "rate_limited",
    500: "internal_error",
    503: "unavailable",
}


class ApiError(Exception):
    """An error a client caused or should hear about, with its HTTP status and a message for a person."""

    def __init__(self, status: int, message: str, code: str | None = None, headers: dict | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code or _CODES.get(status, "error")
        self.headers = headers or {}


def error_body(code: str, message: str) -> dict:
    """The one error shape."""
    return {"error": {"code": code, "message": message}}


def _respond(status: int, code: str, message: str, headers: dict | None = None):
    response = jsonify(error_body(code, message))
    response.status_code = status
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def init_app(app: Flask) -> None:
    """Send every error, the app's own and Werkzeug's, in the one shape; never a traceback."""

    @app.errorhandler(ApiError)
    def _api_error(error: ApiError):
        return _respond(error.status, error.code, error.message, error.headers)

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        page = app.config.get("HTML_ERROR_PAGE")
        if page and error.code == 404 and _wants_html():
            return page(error)
        headers = {}
        if error.code == 405 and error.valid_methods:
            headers["Allow"] = ", ".join(error.valid_methods)
        if error.code == 429:
            retry = getattr(error, "retry_after", None) or "60"
            headers["Retry-After"] = str(retry)
        description = error.description or error.name
        return _respond(error.code or 500, _CODES.get(error.code, "error"), description, headers)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        log.exception("unhandled error on %s %s", request.method, request.path)
        return _respond(500, "internal_error", "Something went wrong on our side. Please try again.")


def _wants_html() -> bool:
    """A browser asking for a page rather than an API client."""
    if request.path.startswith("/api/"):
        return False
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return best == "text/html"
