"""The recruiter console in Chromium: sign in, edit with a live preview, test a question, answer the inbox,
diff and roll back revisions, stats; accessible, phone-sized, CSP-clean.

The console changes postings, so it runs against an app of its own (over the same test corpus), not the
session's shared one.
"""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from .harness import POSTING, SCREENSHOTS, Server
from .test_accessibility import axe_violations
from .test_widget import DESKTOP, PHONE, ask, open_chat

pytestmark = pytest.mark.browser

FAILED_LOAD = re.compile(r"^Failed to load resource: the server responded with a status of (\d{3})")
PANES = ("Postings", "Edit", "Test a question", "Inbox", "Revisions", "Stats")


@pytest.fixture(scope="module")
def recruiter_app(corpus, tmp_path_factory):
    """The real app over the test corpus, with a database of this module's own."""
    from assistant import create_app, storage

    instance = tmp_path_factory.mktemp("console")
    app = create_app({"TESTING": True, "CORPUS_DIR": str(corpus), "RATE_LIMIT": "off",
                      "DATABASE_URL": f"sqlite:///{instance / 'assistant.db'}"})
    yield app
    storage.close(app)


@pytest.fixture(scope="module")
def server(recruiter_app):
    running = Server(recruiter_app)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def token(recruiter_app) -> str:
    from assistant.access_tokens import create_token

    return create_token(recruiter_app.extensions["storage"].engine, "console-tester")


def api(page, server, token, method, path, body=None, content_type="application/json", headers=None):
    """Call the API from the page's context, as a second recruiter (or a candidate) would."""
    data = json.dumps(body) if content_type == "application/json" and body is not None else body
    response = page.request.fetch(server.url(path), method=method, data=data, headers={
        "Authorization": f"Bearer {token}", "Content-Type": content_type, **(headers or {})})
    return response


def watch_http_errors(page) -> list[str]:
    """Console messages of the page; a test that provokes 4xx on purpose checks them with only_http_errors."""
    seen: list[str] = []
    page.on("console", lambda message: message.type == "error" and seen.append(message.text))
    page.on("pageerror", lambda error: seen.append(f"uncaught {error}"))
    return seen


def only_http_errors(seen: list[str], statuses: set[int]) -> None:
    unexpected = [text for text in seen if not ((m := FAILED_LOAD.match(text)) and int(m.group(1)) in statuses)]
    assert unexpected == [], "\n".join(unexpected)


def sign_in(page, server, token):
    page.goto(server.url("/admin"))
    page.get_by_label("Recruiter token").fill(token)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Postings", exact=True)).to_be_focused()


def pane(page, name):
    tab = page.get_by_role("navigation", name="Console sections").get_by_role("button", name=name, exact=True)
    tab.click()
    expect(tab).to_have_attribute("aria-current", "page")


@pytest.mark.console_errors_expected  # the wrong token's 401; only_http_errors checks nothing else went wrong
def test_sign_in_with_a_wrong_token_then_the_right_one_then_sign_out(browser, server, token):
    _, page = browser(**DESKTOP)
    seen = watch_http_errors(page)
    page.goto(server.url("/admin"))
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_have_text("Enter your recruiter token.")
    page.get_by_label("Recruiter token").fill("ca_not-a-real-token")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("That token was not accepted: this token is not valid")
    expect(page.get_by_label("Recruiter token")).to_be_focused()
    assert page.evaluate("() => sessionStorage.length") == 0

    page.get_by_label("Recruiter token").fill(token)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Postings", exact=True)).to_be_focused()
    cards = page.locator("#posting-list .card")
    expect(cards.filter(has_text="Senior Back End Developer")).to_have_count(1)
    # A title holding markup is shown as text, never run.
    expect(cards.filter(has_text="Office Manager <img src=x onerror=window.__xss=1>")).to_have_count(1)
    assert page.evaluate("() => window.__xss") is None
    assert page.evaluate("() => Object.values(sessionStorage)") == [token]

    page.reload()  # the tab keeps the token
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(page.get_by_label("Recruiter token")).to_be_focused()
    expect(page.locator("#status")).to_have_text("Signed out.")
    assert page.evaluate("() => sessionStorage.length") == 0
    only_http_errors(seen, {401})


@pytest.mark.console_errors_expected  # a 422 preview and a 412 save, on purpose
def test_create_and_edit_a_posting_with_a_live_preview_and_a_clear_conflict(browser, server, token):
    _, page = browser(**DESKTOP)
    seen = watch_http_errors(page)
    sign_in(page, server, token)
    page.get_by_role("button", name="New posting").click()
    page.get_by_label("Posting id").fill("console-probe")
    source = page.get_by_label("Posting text")
    source.fill("---\ntitle: Data Engineer\n---\n\n## Stack\n\n- We run Airflow on Kubernetes.\n")
    chunks = page.locator("#preview-chunks .chunk")
    expect(chunks).to_have_count(1)
    expect(page.locator("#preview-summary")).to_have_text("“Data Engineer”: 1 passage in 1 section.")

    source.press("Control+End")
    source.press_sequentially("- Our warehouse is BigQuery.\n", delay=20)
    expect(chunks).to_have_count(2)
    expect(chunks.nth(1).locator(".text")).to_have_text("Our warehouse is BigQuery.")
    expect(chunks.nth(1).locator(".where")).to_have_text("Stack")

    source.fill("---\ntitle: [broken\n---\n\nText.\n")
    expect(page.locator("#preview-error")).to_contain_text("broken front matter")
    expect(page.locator("#preview-chunks")).to_have_class(re.compile("stale"))
    source.fill("---\ntitle: Data Engineer\n---\n\n## Stack\n\n- We run Airflow on Kubernetes.\n")
    expect(page.locator("#preview-error")).to_have_text("")
    expect(chunks).to_have_count(1)

    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("#status")).to_have_text("Created “Data Engineer”.")
    expect(page.locator("#edit-revision")).to_have_text("Revision 1 (Markdown).")
    expect(page.get_by_label("Posting id")).to_have_attribute("readonly", "")
    reply = api(page, server, token, "POST", "/api/v1/chat", {"message": "Do you use Kubernetes?", "posting": "console-probe"})
    assert reply.json()["kind"] == "answer" and "Kubernetes" in reply.json()["citations"][0]["text"]

    # Someone else saves meanwhile: the console's save is refused, plainly, and Reload shows their text.
    theirs = "---\ntitle: Data Engineer\n---\n\n## Stack\n\n- We run Dagster now.\n"
    assert api(page, server, token, "PUT", "/api/v1/postings/console-probe", theirs, "text/markdown").status == 200
    source.fill("---\ntitle: Data Engineer\n---\n\n## Stack\n\n- We run Airflow on Kubernetes.\n- And Spark.\n")
    page.get_by_role("button", name="Save", exact=True).click()
    problem = page.locator("#edit-problem")
    expect(problem).to_contain_text("someone else changed this posting since you opened it")
    expect(problem).to_contain_text("Reload")
    problem.get_by_role("button", name="Reload the posting").click()
    expect(source).to_have_value(theirs)
    expect(page.locator("#edit-revision")).to_have_text("Revision 2 (Markdown).")
    expect(chunks.first.locator(".text")).to_have_text("We run Dagster now.")

    source.fill(theirs.replace("Dagster now", "Dagster and dbt"))
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("#status")).to_have_text("Saved revision 3 of “Data Engineer”. It is live.")
    only_http_errors(seen, {412, 422})


def test_the_test_pane_shows_scores_concepts_and_confidence_against_the_threshold(browser, server, token):
    _, page = browser(**DESKTOP)
    sign_in(page, server, token)
    pane(page, "Test a question")
    page.get_by_role("combobox", name="Posting", exact=True).select_option(POSTING)
    page.get_by_role("textbox", name="Question", exact=True).fill("How many yeers of experience do I need?")
    page.get_by_role("button", name="Ask", exact=True).click()

    verdict = page.locator("#test-verdict")
    expect(verdict).to_have_text(re.compile(
        r"^Confidence \d\.\d{3} is at or above the threshold 0\.\d{3}\. The chat would reply with an answer \(answer\)\.$"))
    expect(page.locator("#test-corrections")).to_have_text("Spelling corrected: “yeers” → “years”.")
    expect(page.locator("#test-concepts li").first).to_contain_text("how many years")
    rows = page.locator("#test-passages tbody tr")
    first = rows.first
    expect(first.locator("td").nth(0)).to_have_text("1 [1]")  # rank 1, cited as [1]
    expect(first.locator(".text")).to_have_text("Minimum of 5 years of experience in back-end development.")
    cells = [first.locator("td").nth(n).text_content() for n in range(2, 6)]
    assert all(re.fullmatch(r"\d+\.\d{3}", cell) for cell in cells), cells  # fused, BM25, TF-IDF, coverage
    assert page.locator("#test-gauge svg line.threshold").count() == 1
    expect(page.locator("#test-reply")).to_contain_text("5 years")

    page.get_by_label("Ask as a follow-up to the conversation below").check()
    page.get_by_role("textbox", name="Question", exact=True).fill("and Django?")
    page.get_by_role("button", name="Ask", exact=True).click()
    expect(page.locator("#test-history li")).to_have_count(4)
    expect(page.locator("#test-concepts li.earlier").first).to_contain_text("from an earlier question")

    page.get_by_role("button", name="Start a new conversation").click()
    page.get_by_role("textbox", name="Question", exact=True).fill("Do you offer a company car?")
    page.get_by_role("button", name="Ask", exact=True).click()
    expect(verdict).to_contain_text("is below the threshold")
    expect(verdict).to_contain_text("(no_answer)")
    expect(page.locator("#status")).to_contain_text("below the threshold")


def test_an_inbox_question_answered_in_the_console_is_answered_by_the_widget(browser, server, token):
    _, page = browser(**DESKTOP)
    question = "Is there a gym membership?"
    asked = api(page, server, token, "POST", "/api/v1/chat", {"message": question, "posting": POSTING}).json()
    assert asked["kind"] == "no_answer"
    sign_in(page, server, token)
    pane(page, "Inbox")
    group = page.locator("#inbox-unanswered .group").filter(has_text=question)
    expect(group).to_contain_text("Asked 1 time · Senior Back End Developer")
    expect(page.locator("#unanswered-count")).to_contain_text("asked)")
    group.get_by_role("button", name=f"Answer this: {question}").click()
    expect(group.get_by_label("Answer", exact=True)).to_be_focused()
    expect(group.get_by_label("Question, as the FAQ will ask it")).to_have_value(question)
    group.get_by_label("Answer", exact=True).fill("Yes: we pay for a gym membership near the office.")
    group.get_by_role("button", name="Add to the FAQ").click()
    expect(group.locator(".done")).to_have_text(
        "Added to the FAQ of Senior Back End Developer as revision 2. The chat answers it now.")
    expect(group.locator(".done")).to_be_focused()
    page.locator("#reload-inbox").click()
    expect(page.locator("#inbox-unanswered .group").filter(has_text=question).locator(".now")).to_have_text(
        "Answered now: “Yes: we pay for a gym membership near the office.”")

    page.goto(server.url(f"/jobs/{POSTING}"))
    open_chat(page)
    reply = ask(page, "do you pay for a gym?")
    expect(reply).to_contain_text("we pay for a gym membership near the office")
    expect(reply.locator("summary").first).to_contain_text("Frequently Asked Questions")


def test_revisions_diff_and_rollback(browser, server, token):
    _, page = browser(**DESKTOP)
    first = "---\ntitle: Rollback Probe\n---\n\n## Perks\n\n- We offer a four-day week.\n"
    for text in (first, first.replace("four-day", "three-day")):
        assert api(page, server, token, "PUT", "/api/v1/postings/rollback-probe", text, "text/markdown").ok
    sign_in(page, server, token)
    page.get_by_role("button", name="Revisions of Rollback Probe").click()
    expect(page.get_by_role("heading", name="Revisions", exact=True)).to_be_focused()
    rows = page.locator("#rev-table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first.locator("td").first).to_have_text("2 (current)")
    expect(rows.first.locator("td").nth(2)).to_have_text("console-tester")

    page.get_by_role("button", name="Diff revision 1 with the current revision").click()
    expect(page.locator("#diff-title")).to_have_text("Changes from revision 1 to revision 2")
    expect(page.locator("#diff-lines .line.del")).to_have_text(["-- We offer a four-day week."])
    expect(page.locator("#diff-lines .line.add")).to_have_text(["+- We offer a three-day week."])
    expect(page.locator("#diff-lines .line.hunk")).to_have_count(1)

    page.get_by_role("button", name="Roll back to revision 1").click()
    expect(page.locator("#status")).to_have_text("Rolled back to revision 1: it is live as revision 3.")
    expect(rows).to_have_count(3)
    expect(rows.first.locator("td").first).to_have_text("3 (current)")
    reply = api(page, server, token, "POST", "/api/v1/chat", {"message": "Is there a four-day week?",
                                                            "posting": "rollback-probe"}).json()
    assert reply["kind"] == "answer" and "four-day week" in reply["citations"][0]["text"]


def test_stats_are_drawn_as_charts(browser, server, token):
    _, page = browser(**DESKTOP)
    for message in ("What is the salary?", "Do you sponsor visas for the moon?"):
        api(page, server, token, "POST", "/api/v1/chat", {"message": message, "posting": POSTING})
    sign_in(page, server, token)
    pane(page, "Stats")
    chart = page.locator("#per-day-chart svg")
    expect(chart).to_have_attribute("role", "img")
    expect(chart.locator("rect.asked")).to_have_count(1)  # every question of this run was asked today
    assert "questions over 1 day" in chart.locator("desc").text_content()
    expect(page.locator("#answered-chart .share-label")).to_have_text(re.compile(r"^\d+% · \d+ of \d+ questions answered$"))
    expect(page.locator("#helpful-chart svg title")).to_be_attached()
    expect(page.locator("#top-unanswered li").first).to_be_visible()
    expect(page.locator("#stats-figures dt").first).to_have_text("Questions")


def visit_every_pane(page, server, token):
    """Sign in and fill each pane with what it shows, yielding at each."""
    sign_in(page, server, token)
    yield "postings"
    page.get_by_role("button", name="Edit Senior Back End Developer").click()
    expect(page.locator("#preview-chunks .chunk").first).to_be_visible()
    yield "edit"
    pane(page, "Test a question")
    page.get_by_role("textbox", name="Question", exact=True).fill("Is a degree required?")
    page.get_by_role("button", name="Ask", exact=True).click()
    expect(page.locator("#test-passages tbody tr").first).to_be_visible()
    yield "test"
    pane(page, "Inbox")
    expect(page.locator("#inbox-unanswered li").first).to_be_visible()
    yield "inbox"
    pane(page, "Revisions")
    page.get_by_role("combobox", name="Posting", exact=True).select_option(POSTING)
    expect(page.locator("#rev-table tbody tr").first).to_be_visible()
    if page.get_by_role("button", name=re.compile("^Diff revision")).count():
        page.get_by_role("button", name=re.compile("^Diff revision")).first.click()
        expect(page.locator("#diff")).to_be_visible()
    yield "revisions"
    pane(page, "Stats")
    expect(page.locator("#stats-figures div").first).to_be_visible()
    yield "stats"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_console_has_no_serious_accessibility_violations(browser, server, token, scheme):
    # bypass_csp: axe is injected as an inline script, which our own CSP rightly refuses.
    _, page = browser(**DESKTOP, bypass_csp=True, color_scheme=scheme)
    page.goto(server.url("/admin"))
    assert axe_violations(page.main_frame) == [], "sign-in"
    for name in visit_every_pane(page, server, token):
        assert axe_violations(page.main_frame) == [], name


def test_the_console_fits_a_phone_and_every_control_has_a_name(browser, server, token):
    _, page = browser(**PHONE)
    for name in visit_every_pane(page, server, token):
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 375, f"the {name} pane is {width}px wide on a 375px phone"
        unnamed = page.evaluate("""() => [...document.querySelectorAll('input, select, textarea, button')]
            .filter((el) => el.offsetParent !== null && !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
                    && !el.textContent.trim()).map((el) => el.outerHTML.slice(0, 80))""")
        assert unnamed == [], name
        font = page.evaluate("() => [...document.querySelectorAll('input[type=text], input[type=password], select, textarea')]"
                             ".filter((el) => el.offsetParent !== null).map((el) => getComputedStyle(el).fontSize)")
        assert set(font) <= {"16px"}, name  # no zoom on focus in iOS


def test_screenshot_of_the_console(browser, server, token):
    _, page = browser(**DESKTOP)
    sign_in(page, server, token)
    pane(page, "Test a question")
    page.get_by_role("combobox", name="Posting", exact=True).select_option(POSTING)
    page.get_by_role("textbox", name="Question", exact=True).fill("Do I need a CS degree?")
    page.get_by_role("button", name="Ask", exact=True).click()
    expect(page.locator("#test-passages tbody tr").first).to_be_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "console.png"), full_page=True)
