"""What the browser tests are made of: the servers, the job board that embeds the widget, console watching."""

from __future__ import annotations

import html
import os
import threading
from pathlib import Path

from werkzeug.serving import make_server

CHROMIUM = Path(os.environ.get("ASSISTANT_TEST_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
POSTING = "senior-back-end-developer"
XSS = "<img src=x onerror=window.__xss=1>"
XSS_POSTING = f"""---
id: xss-probe
title: Office Manager {XSS}
location: Berlin
---

## Office

- Our office kitchen has an espresso machine `{XSS}` on every floor.
"""


def need(condition: bool, reason: str) -> None:
    """Skip without a prerequisite; under CI (``CI`` set) a missing prerequisite is a failure."""
    import pytest

    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so the browser tests must run)", pytrace=False)
    pytest.skip(reason)


class Server:
    """A WSGI app served on 127.0.0.1 in a thread."""

    def __init__(self, app, host_name: str = "127.0.0.1") -> None:
        self._server = make_server("127.0.0.1", 0, app, threaded=True)
        self.origin = f"http://{host_name}:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def url(self, path: str = "/") -> str:
        return self.origin + path

    def stop(self) -> None:
        self._server.shutdown()
        self._thread.join(5)
        self._server.server_close()


HOST_CSS = """
* { box-sizing: content-box; }
body { margin: 0; font: 18px/1.5 Georgia, serif; background: #fafaf0; color: #222; }
header, footer { background: #223; color: #eee; padding: 12px 24px; }
header a { color: #fc6; }
main { padding: 24px; max-width: 640px; }
h1 { font-size: 40px; letter-spacing: 2px; }
div { border: 3px solid purple; padding: 10px; margin: 10px 0; }
span { text-transform: uppercase; color: #a00; }
button { background: hotpink !important; color: #000 !important; font-size: 22px; border: 4px dashed green; }
iframe { border: 12px solid red !important; width: 50px !important; height: 50px !important; }
svg { width: 300px; height: 300px; }
[role=dialog] { display: block !important; left: 0 !important; }
body > :last-child { outline: 5px solid orange; }
"""


def host_page(assistant_origin: str, posting: str | None, *, widget: bool = True, attrs: str = "",
              queue: bool = False) -> str:
    """A job board's page: its own layout and aggressive CSS, the widget's one script tag."""
    data = f' data-posting="{html.escape(posting)}"' if posting else ""
    # Without the widget the tag stays, inert, so the host's own selectors (body > :last-child) match the same.
    kind = "" if widget else ' type="text/plain"'
    tag = f'<script{kind} src="{assistant_origin}/widget.js"{data}{attrs} async></script>'
    early = '<script src="/queue.js"></script>' if queue else ""
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Acme Job Board</title><link rel="stylesheet" href="/host.css">{early}</head>
<body>
<header id="masthead"><a id="home" href="/">Acme Job Board</a> · <a id="about" href="/about">About us</a></header>
<main id="main">
  <h1 id="headline">Senior Back End Developer</h1>
  <p id="lead">Build the services behind our products. <span id="badge">Full time</span></p>
  <button id="save" type="button">Save this job</button>
  <div id="card"><p>Apply by sending your CV to the team. We answer every application.</p></div>
  <p id="filler">{"Plenty of host content. " * 40}</p>
</main>
<footer id="footer">© Acme Job Board</footer>
{tag}
</body></html>"""


QUEUE_JS = """window.CareersAssistant = window.CareersAssistant || function () {
  (window.CareersAssistant.q = window.CareersAssistant.q || []).push(arguments);
};
CareersAssistant('ask', 'Is a degree required?');
"""


def host_app(assistant_origin: str):
    """The job board: pages under a strict CSP that allows only the assistant's origin for script and frame."""
    from urllib.parse import parse_qs

    def app(environ, start_response):
        path = environ.get("PATH_INFO", "/")
        query = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        script_src = assistant_origin + (" 'self'" if path == "/queue" else "")
        headers = [("Content-Security-Policy",
                    f"default-src 'self'; script-src {script_src}; frame-src {assistant_origin}; "
                    "style-src 'self'; img-src 'self'; connect-src 'self'; object-src 'none'")]
        if path == "/host.css":
            body, kind = HOST_CSS, "text/css"
        elif path == "/queue.js":
            body, kind = QUEUE_JS, "application/javascript"
        elif path == "/favicon.ico":
            start_response("204 No Content", headers)
            return [b""]
        elif path in ("/", "/queue", "/about"):
            attrs = "".join(f' data-{name}="{html.escape(query[name])}"'
                            for name in ("color", "title", "position") if name in query)
            body = host_page(assistant_origin, query.get("posting", POSTING) or None,
                             widget=query.get("widget") != "0", attrs=attrs, queue=path == "/queue")
            kind = "text/html; charset=utf-8"
        else:
            start_response("404 Not Found", headers + [("Content-Type", "text/plain")])
            return [b"not here"]
        start_response("200 OK", headers + [("Content-Type", kind)])
        return [body.encode("utf-8")]

    return app


class Console:
    """Console errors and uncaught exceptions of a page and all its frames."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def watch(self, page) -> None:
        page.on("console", lambda message: message.type == "error" and self.errors.append(
            f"console error at {message.location.get('url')}: {message.text}"))
        page.on("pageerror", lambda error: self.errors.append(f"uncaught {error}"))
