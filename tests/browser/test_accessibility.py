"""axe-core over the careers page, a posting page and the open widget: no serious or critical violations."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .harness import AXE, POSTING, need
from .test_widget import DESKTOP, chat_frame, open_chat

pytestmark = pytest.mark.browser

BLOCKING = ("serious", "critical")


def axe_violations(frame) -> list[str]:
    """Run axe-core in a page or frame; the serious and critical violations, one line each."""
    frame.add_script_tag(path=str(AXE))
    result = frame.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['impact']}: {v['id']} ({v['help']}) at {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"] if v["impact"] in BLOCKING]


@pytest.fixture(scope="module", autouse=True)
def _axe_installed():
    need(AXE.exists(), f"{AXE} is missing: run `npm ci --prefix tests/browser`")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", [
    "/", "/?q=django", "/?q=nothing-matches", f"/jobs/{POSTING}",
    pytest.param("/jobs/gone", marks=pytest.mark.console_errors_expected),  # a 404 logs its status
])
def test_pages_have_no_serious_accessibility_violations(browser, bundled, path, scheme):
    # bypass_csp: axe is injected as an inline script, which our own CSP rightly refuses.
    _, page = browser(**DESKTOP, bypass_csp=True, color_scheme=scheme)
    page.goto(bundled.url(path))
    assert axe_violations(page.main_frame) == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_open_widget_has_no_serious_accessibility_violations(browser, bundled, scheme):
    _, page = browser(**DESKTOP, bypass_csp=True, color_scheme=scheme)
    page.goto(bundled.url(f"/jobs/{POSTING}"))
    frame = open_chat(page)
    frame.locator("#question").fill("how many years of experience do i need")
    frame.locator("#question").press("Enter")
    reply = frame.locator(".msg.assistant").first
    expect(reply).to_be_visible()
    reply.locator("summary").first.click()
    reply.get_by_role("button", name="Yes, helpful").click()
    assert axe_violations(chat_frame(page)) == []
    assert axe_violations(page.main_frame) == []  # the host page with the launcher and open dialog
