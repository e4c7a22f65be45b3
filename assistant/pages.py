"""The pages candidates see: the careers page, posting pages, and the embeddable widget (script and frame)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from flask import Blueprint, Response, current_app, render_template, request, send_from_directory, url_for
from markupsafe import Markup

from assistant.jobposting import outline, script_json, to_jobposting
from assistant.model import Posting
from assistant.paths import WEB_DIR
from assistant.security import framed_policy

bp = Blueprint(
    "pages",
    __name__,
    template_folder=str(WEB_DIR / "templates"),
    static_folder=str(WEB_DIR / "static"),
    static_url_path="/static",
)

_COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")
_TITLE_MAX = 60
# Shown before the first question when the posting has no FAQ questions of its own.
_STARTERS = ("What are the requirements?", "What will I be doing?", "What skills do I need?")


def text_color_on(color: str) -> str:
    """Black or white, whichever contrasts more with the ``#rgb``/``#rrggbb`` colour (WCAG luminance)."""
    hex_digits = color.lstrip("#")
    if len(hex_digits) == 3:
        hex_digits = "".join(digit * 2 for digit in hex_digits)

    def channel(offset: int) -> float:
        value = int(hex_digits[offset:offset + 2], 16) / 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    luminance = 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)
    return "#000000" if (luminance + 0.05) / 0.05 > 1.05 / (luminance + 0.05) else "#ffffff"


def _engine():
    return current_app.extensions["assistant"]


def _matches(posting: Posting, words: list[str]) -> bool:
    """True when every word of the search occurs in the posting's title, location or text."""
    text = " ".join((posting.title, posting.location or "", posting.employment_type or "",
                     *(block.text for block in posting.blocks), *(block.question or "" for block in posting.blocks)))
    text = text.casefold()
    return all(word in text for word in words)


def safe_link(url: str | None) -> str | None:
    """The URL when it is http(s) or mailto; None otherwise (a ``javascript:`` link is no link)."""
    if not url:
        return None
    scheme = urlsplit(url.strip()).scheme.casefold()
    return url.strip() if scheme in ("http", "https", "mailto") else None


def contact_link(contact: str | None) -> str | None:
    """A mailto: link for a contact that is an email address, a safe URL for one that is a link."""
    if not contact:
        return None
    if _EMAIL.match(contact.strip()):
        return "mailto:" + contact.strip()
    return safe_link(contact) if "://" in contact else None


@bp.app_template_global()
def asset(filename: str) -> str:
    """The URL of a file under web/static with its modification time, so a new release is fetched anew."""
    path = WEB_DIR / "static" / filename
    version = int(path.stat().st_mtime) if path.is_file() else 0
    return url_for("pages.static", filename=filename, v=version)


@bp.get("/")
def careers() -> str:
    """Every posting with a server-side search (``/?q=``) and the careers-wide chat."""
    query = request.args.get("q", "").strip()[:200]
    postings = _engine().postings()
    if query:
        words = query.casefold().split()
        postings = [posting for posting in postings if _matches(posting, words)]
    return render_template("careers.html", postings=postings, query=query)


@bp.get("/jobs/<posting_id>")
def posting_page(posting_id: str):
    """One posting, its passages anchored by chunk id so citations land on them; 404 page when unknown."""
    engine = _engine()
    posting = engine.posting(posting_id)
    if posting is None:
        return render_template("404.html", posting_id=posting_id), 404
    chunks = engine.chunks(posting.id)
    jsonld = None
    if not posting.company:
        url = url_for("pages.posting_page", posting_id=posting.id, _external=True)
        jsonld = Markup(script_json(to_jobposting(posting, chunks, url=url)))
    return render_template(
        "posting.html",
        posting=posting,
        sections=outline(posting, chunks),
        jsonld=jsonld,
        apply_url=safe_link(posting.apply_url),
        contact_url=contact_link(posting.contact),
    )


@bp.get("/widget.js")
def widget_js() -> Response:
    """The embeddable script; any site may load it, browsers may cache it for an hour."""
    response = send_from_directory(WEB_DIR, "widget.js", mimetype="application/javascript", max_age=3600)
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


def _starters(posting: Posting | None) -> list[str]:
    """A few questions to start with: the posting's own FAQ questions, else general ones."""
    if posting is not None:
        questions = [chunk.question for chunk in _engine().chunks(posting.id) if chunk.question]
        if questions:
            return questions[:3]
    return list(_STARTERS)


def _host_origin(value: str) -> str:
    """The embedding page's origin as the widget script reported it, or empty when it is not one."""
    parts = urlsplit(value)
    if parts.scheme in ("http", "https") and parts.netloc and not parts.path and not parts.query:
        return f"{parts.scheme}://{parts.netloc}"
    return ""


@bp.get("/widget/frame")
def widget_frame():
    """The chat itself, shown in the widget's iframe; themed by ``color`` and ``title`` parameters.
    The one page other sites may embed: its policy names them."""
    posting_id = request.args.get("posting", "").strip()
    posting = _engine().posting(posting_id) if posting_id else None
    missing = bool(posting_id) and posting is None
    if posting is not None and posting.company:
        posting = None  # the company FAQ is in every chat's scope already; answer careers-wide
    color = request.args.get("color", "")
    color = color if _COLOR.match(color) else ""
    title = " ".join(request.args.get("title", "").split())[:_TITLE_MAX]
    page = render_template(
        "frame.html",
        posting=posting,
        missing=missing,
        title=title or "Careers assistant",
        color=color,
        on_color=text_color_on(color) if color else "",
        host_origin=_host_origin(request.args.get("origin", "")),
        starters=_starters(posting),
        contact_url=contact_link(posting.contact) if posting else None,
    )
    return page, {"Content-Security-Policy": framed_policy()}


def not_found_page(error=None):
    """The HTML 404 page, for browsers that land on an unknown address (the API keeps its JSON)."""
    return render_template("404.html", posting_id=None), 404


@bp.record_once
def _register_with_app(state) -> None:
    app = state.app
    # The app's error handler renders this for browsers asking for text/html; see assistant/errors.py.
    app.config.setdefault("HTML_ERROR_PAGE", not_found_page)
    # An app made with Flask's default static folder (assistant/static, which does not exist) owns the
    # /static/ route ahead of this blueprint; serve web/static through it rather than 404.
    if app.static_folder and not Path(app.static_folder).is_dir():
        app.static_folder = str(WEB_DIR / "static")
