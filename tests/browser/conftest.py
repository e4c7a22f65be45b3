"""Browser tests: the real app on one origin, a job board embedding the widget on another, headless Chromium.

Chromium is Debian's (/usr/bin/chromium), driven by Playwright for Python; ``playwright install`` is never
needed. Without the browser the tests skip, except under CI (``CI`` set), where a missing browser fails.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from assistant.paths import CORPUS_DIR

from .harness import CHROMIUM, CHROMIUM_ARGS, XSS_POSTING, Console, Server, host_app, need


@pytest.fixture(scope="session")
def playwright():
    need(CHROMIUM.exists(), f"no Chromium at {CHROMIUM}: apt-get install chromium")
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> Path:
    """The bundled corpus plus a posting whose text is an XSS probe."""
    folder = tmp_path_factory.mktemp("corpus")
    shutil.copytree(CORPUS_DIR, folder, dirs_exist_ok=True)
    (folder / "postings" / "xss-probe.md").write_text(XSS_POSTING, encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def assistant(corpus, tmp_path_factory):
    """The real app, as ``create_app`` builds it, over the test corpus."""
    from assistant import create_app

    instance = tmp_path_factory.mktemp("instance")
    app = create_app({"TESTING": True, "CORPUS_DIR": str(corpus), "RATE_LIMIT": "off",
                      "DATABASE_URL": f"sqlite:///{instance / 'assistant.db'}"})
    server = Server(app)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def bundled(tmp_path_factory):
    """The real app over the bundled corpus alone: what the README's screenshots show."""
    from assistant import create_app

    instance = tmp_path_factory.mktemp("bundled")
    app = create_app({"TESTING": True, "RATE_LIMIT": "off",
                      "DATABASE_URL": f"sqlite:///{instance / 'assistant.db'}"})
    server = Server(app)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def board(assistant):
    """The embedding site, on a different site (localhost vs 127.0.0.1) from the assistant."""
    server = Server(host_app(assistant.origin), host_name="localhost")
    yield server
    server.stop()


@pytest.fixture
def browser(playwright, tmp_path, request):
    """Open a fresh Chromium profile: ``browser(**context_options) -> (context, page)``; console errors fail."""
    contexts = []
    console = Console()
    allowed = request.node.get_closest_marker("console_errors_expected") is not None

    def open_browser(**options):
        profile = tmp_path / f"profile-{len(contexts)}"
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS, **options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        context.on("page", console.watch)
        page = context.pages[0] if context.pages else context.new_page()
        console.watch(page)
        page.bring_to_front()  # a headless window has no focus until asked: focus tests need it
        return context, page

    yield open_browser
    for context in contexts:
        context.close()
    if not allowed:
        assert console.errors == [], "\n".join(console.errors)


def pytest_configure(config):
    config.addinivalue_line("markers", "console_errors_expected: the test provokes failed requests on purpose")
