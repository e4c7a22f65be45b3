"""The widget as candidates and job boards meet it: embedded under a strict CSP on another site."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .harness import POSTING, SCREENSHOTS, XSS

pytestmark = pytest.mark.browser

DESKTOP = {"viewport": {"width": 1280, "height": 800}}
PHONE = {"viewport": {"width": 375, "height": 667}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


def launcher(page):
    return page.locator("careers-assistant button[aria-haspopup=dialog]")


def panel(page):
    return page.locator("careers-assistant [role=dialog]")


def chat(page):
    return page.frame_locator("careers-assistant iframe")


def chat_frame(page):
    """The frame's Playwright Frame, for evaluating script inside it."""
    page.wait_for_function("() => document.querySelector('careers-assistant')"
                           "?.shadowRoot.querySelector('iframe')")
    frame = page.frame(url=re.compile(r"/widget/frame\?"))
    frame.wait_for_load_state()
    return frame


def open_chat(page, tap: bool = False):
    """Open the widget as a person would and wait until its input has focus (the chat is ready)."""
    (launcher(page).tap if tap else launcher(page).click)()
    frame = chat(page)
    expect(frame.locator("#question")).to_be_focused()
    return frame


def launcher_has_focus(page) -> bool:
    return page.evaluate("""() => {
        const host = document.querySelector('careers-assistant');
        return !!host && document.activeElement === host
            && host.shadowRoot.activeElement === host.shadowRoot.querySelector('button');
    }""")


def ask(page, text: str):
    """Type a question into the open chat and send it with Enter; return the reply's list item."""
    frame = chat(page)
    before = frame.locator(".msg.assistant").count()
    frame.locator("#question").fill(text)
    frame.locator("#question").press("Enter")
    reply = frame.locator(".msg.assistant").nth(before)
    expect(reply).to_be_visible()
    return reply


def test_a_candidate_converses_by_keyboard_and_finds_it_again_after_a_reload(browser, board):
    _, page = browser(**DESKTOP)
    page.goto(board.url("/"))
    expect(launcher(page)).to_have_attribute("aria-expanded", "false")
    expect(launcher(page)).to_have_accessible_name(re.compile("Ask a question"))

    for _ in range(12):
        page.keyboard.press("Tab")
        if launcher_has_focus(page):
            break
    assert launcher_has_focus(page), "Tab never reached the launcher"
    page.keyboard.press("Enter")
    expect(launcher(page)).to_have_attribute("aria-expanded", "true")
    expect(panel(page)).to_be_visible()
    frame = chat(page)
    expect(frame.locator("#question")).to_be_focused()
    expect(frame.locator("#notice")).to_contain_text("Automated assistant")

    page.keyboard.type("how many years of experience do i need")
    page.keyboard.press("Enter")
    first = frame.locator(".msg.assistant").nth(0)
    expect(first.locator(".answer")).to_contain_text("5 years")
    expect(frame.locator("#question")).to_be_focused()  # sending keeps focus in the input
    expect(frame.locator("#announcer")).to_contain_text("5 years")
    citation = first.locator("details.citation").first
    expect(citation.locator("summary")).to_contain_text("Qualifications")
    expect(citation.locator("blockquote")).to_be_hidden()
    citation.locator("summary").focus()
    page.keyboard.press("Enter")
    expect(citation.locator("blockquote")).to_have_text(
        "Minimum of 5 years of experience in back-end development.")
    source = citation.locator("a.source-link")
    assert re.fullmatch(rf"/jobs/{POSTING}#[\w-]+", source.get_attribute("href"))
    assert source.get_attribute("target") == "_blank"  # another site: the posting opens in a new tab

    frame.locator("#question").click()
    page.keyboard.type("is a degree required?")
    page.keyboard.press("Enter")
    second = frame.locator(".msg.assistant").nth(1)
    expect(second.locator(".answer")).to_contain_text("Bachelor")
    expect(second.locator("summary").first).to_contain_text("Qualifications")

    with page.expect_request(lambda r: r.url.endswith("/api/v1/feedback")) as sent:
        first.get_by_role("button", name="Yes, helpful").click()
    assert sent.value.post_data_json["helpful"] is True
    assert sent.value.post_data_json["message_id"].startswith("m_")
    expect(first.get_by_role("button", name="Yes, helpful")).to_have_attribute("aria-pressed", "true")
    expect(first.locator(".thanks")).to_have_text("Thanks for the feedback.")

    page.reload()
    expect(launcher(page)).to_have_attribute("aria-expanded", "true")  # it stays open across pages
    frame = chat(page)
    expect(frame.locator(".msg")).to_have_count(4)
    expect(frame.locator(".msg.user").nth(1)).to_have_text(re.compile("is a degree required"))
    expect(frame.locator(".msg.assistant").nth(0).get_by_role("button", name="Yes, helpful")) \
        .to_have_attribute("aria-pressed", "true")

    frame.locator("#question").focus()
    page.keyboard.press("Escape")
    expect(panel(page)).to_be_hidden()
    expect(launcher(page)).to_have_attribute("aria-expanded", "false")
    assert launcher_has_focus(page)

    launcher(page).click()
    frame.get_by_role("button", name="Clear conversation").click()
    expect(frame.locator(".msg")).to_have_count(0)
    expect(frame.locator("#suggestions .chip").first).to_be_visible()  # the starters are back
    page.reload()
    expect(chat(page).locator("#question")).to_be_visible()
    expect(chat(page).locator(".msg")).to_have_count(0)


def test_suggestion_chips_and_recruiter_handoff(browser, board):
    _, page = browser(**DESKTOP)
    page.goto(board.url("/"))
    frame = open_chat(page)
    chip = frame.locator("#suggestions .chip").first
    text = chip.text_content()
    chip.click()
    expect(frame.locator(".msg.user").first).to_have_text(re.compile(re.escape(text)))
    expect(frame.locator(".msg.assistant")).to_have_count(1)
    frame.get_by_role("button", name="Talk to a recruiter").click()
    expect(frame.locator(".msg.user").nth(1)).to_contain_text("I'd like to talk to a recruiter")
    expect(frame.locator(".msg.assistant").nth(1)).to_have_class(re.compile("kind-handoff"))


def test_a_list_answer_keeps_its_sources_together_and_each_number_opens_its_item(browser, board):
    _, page = browser(**DESKTOP)
    page.goto(board.url("/"))
    open_chat(page)
    reply = ask(page, "What are the responsibilities?")
    expect(reply.locator(".cite-ref")).to_have_count(9)
    sources = reply.locator("details.citation")
    expect(sources).to_have_count(1)  # one entry for the nine items of one heading
    expect(sources.locator("summary")).to_have_text("[1–9] Responsibilities")
    expect(sources.locator("blockquote")).to_have_count(9)
    expect(sources.locator("blockquote").nth(4)).to_be_hidden()
    reply.locator(".cite-ref", has_text="[5]").click()
    item = sources.locator("blockquote").nth(4)
    expect(item).to_be_visible()
    expect(item).to_contain_text("[5]")
    expect(item).to_contain_text("Collaborate with front-end developers")
    expect(sources.locator("summary")).to_be_focused()


HOST_ELEMENTS = ["body", "#masthead", "#home", "#headline", "#lead", "#badge", "#save", "#card", "#filler", "#footer"]
HOST_PROPERTIES = ["display", "position", "box-sizing", "font-family", "font-size", "line-height", "color",
                   "background-color", "text-transform", "margin-top", "margin-left", "padding-top", "padding-left",
                   "border-top-width", "border-top-style", "border-top-color", "outline-style", "width", "height"]


def host_layout(page) -> dict:
    return page.evaluate("""([selectors, properties]) => {
        const layout = {scroll: [document.documentElement.scrollWidth, document.documentElement.scrollHeight]};
        for (const selector of selectors) {
            const element = document.querySelector(selector);
            const style = getComputedStyle(element);
            const box = element.getBoundingClientRect();
            layout[selector] = Object.fromEntries(properties.map((p) => [p, style.getPropertyValue(p)]));
            layout[selector].box = [box.x, box.y, box.width, box.height];
        }
        return layout;
    }""", [HOST_ELEMENTS, HOST_PROPERTIES])


def test_the_host_page_keeps_its_styles_and_layout(browser, board):
    _, page = browser(**DESKTOP)
    clip = {"x": 0, "y": 0, "width": 1280 - 480, "height": 800}  # all but the widget's corner
    page.goto(board.url("/?widget=0"))
    before, before_shot = host_layout(page), page.screenshot(clip=clip)

    page.goto(board.url("/"))
    expect(launcher(page)).to_be_visible()
    assert host_layout(page) == before
    open_chat(page)
    after = host_layout(page)
    assert after == before
    assert page.screenshot(clip=clip) == before_shot

    # ...and the host's aggressive CSS does not reach the widget.
    widget = page.evaluate("""() => {
        const host = document.querySelector('careers-assistant');
        const root = host.shadowRoot;
        const css = (el) => getComputedStyle(el);
        const frame = root.querySelector('iframe'), dialog = root.querySelector('[role=dialog]');
        return {host: [host.getBoundingClientRect().width, css(host).outlineStyle],
                launcher: css(root.querySelector('button')).backgroundColor,
                frame: [frame.getBoundingClientRect().width, css(frame).borderTopWidth],
                dialog: [dialog.getBoundingClientRect().width, dialog.getBoundingClientRect().right]};
    }""")
    assert widget["host"] == [0, "none"]
    assert widget["launcher"] == "rgb(29, 78, 216)"  # not the host's hotpink buttons
    assert widget["frame"] == [380, "0px"]  # not the host's 50px iframes with red borders
    assert widget["dialog"] == [380, 1260]  # at the right, not the host's [role=dialog] left: 0


def test_markup_in_a_posting_or_a_question_is_shown_as_text_and_runs_nothing(browser, board, assistant):
    _, page = browser(**DESKTOP)
    page.goto(board.url("/?posting=xss-probe"))
    frame = open_chat(page)
    question = "<script>window.__xss=1</script>"
    ask(page, question)
    expect(frame.locator(".msg.user").first).to_have_text(re.compile(re.escape(question)))
    reply = ask(page, "is there an espresso machine?")
    expect(reply.locator(".answer")).to_contain_text(XSS)
    reply.locator("summary").first.click()
    expect(reply.locator("blockquote").first).to_contain_text(XSS)
    assert frame.locator("img, script:not([src])").count() == 0
    assert chat_frame(page).evaluate("typeof window.__xss") == "undefined"
    assert page.evaluate("typeof window.__xss") == "undefined"

    page.goto(assistant.url("/jobs/xss-probe"))
    expect(page.locator("h1")).to_have_text(f"Office Manager {XSS}")
    expect(page.locator("main")).to_contain_text(f"espresso machine {XSS} on every floor")
    page.goto(assistant.url("/"))
    expect(page.get_by_role("link", name=f"Office Manager {XSS}")).to_be_visible()
    assert page.locator("main img").count() == 0
    assert page.evaluate("typeof window.__xss") == "undefined"


def test_on_a_phone_the_open_widget_fills_the_screen(browser, board):
    _, page = browser(**PHONE)
    page.goto(board.url("/"))
    frame = open_chat(page, tap=True)
    assert panel(page).bounding_box() == {"x": 0, "y": 0, "width": 375, "height": 667}
    box = page.locator("careers-assistant iframe").bounding_box()
    assert (box["width"], box["height"]) == (375, 667)
    expect(launcher(page)).to_be_hidden()
    assert frame.locator("#question").evaluate("el => getComputedStyle(el).fontSize") == "16px"
    ask(page, "how many years of experience do i need")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # At CSS scale: a device-scale capture leaves Chromium mapping later touches
    # in the cross-origin frame at half their coordinates.
    page.screenshot(path=str(SCREENSHOTS / "widget-phone.png"), scale="css")
    frame.get_by_role("button", name="Close chat").tap()
    expect(panel(page)).to_be_hidden()
    expect(launcher(page)).to_be_visible()


@pytest.mark.console_errors_expected
def test_rate_limits_and_outages_are_explained_and_the_question_is_kept(browser, board):
    context, page = browser(**DESKTOP)
    page.goto(board.url("/"))
    frame = open_chat(page)

    context.route("**/api/v1/chat", lambda route: route.fulfill(
        status=429, headers={"Retry-After": "7"}, content_type="application/json",
        body='{"error": {"code": "rate_limited", "message": "slow down"}}'))
    frame.locator("#question").fill("is it remote?")
    frame.locator("#question").press("Enter")
    expect(frame.locator("#status")).to_have_text("Too many questions — try again in 7 seconds.")
    expect(frame.locator("#question")).to_have_value("is it remote?")
    expect(frame.locator(".msg")).to_have_count(0)

    context.unroute("**/api/v1/chat")
    context.route("**/api/v1/chat", lambda route: route.abort("connectionrefused"))
    frame.locator("#question").press("Enter")
    expect(frame.locator("#status")).to_contain_text("can’t be reached")
    expect(frame.locator("#question")).to_have_value("is it remote?")

    context.unroute("**/api/v1/chat")
    frame.locator("#question").press("Enter")
    expect(frame.locator(".msg.assistant")).to_have_count(1)
    expect(frame.locator("#status")).to_be_hidden()


def test_calls_queued_before_the_script_loads_run_and_the_api_drives_it(browser, board):
    _, page = browser(**DESKTOP)
    page.goto(board.url("/queue"))
    frame = chat(page)
    expect(frame.locator(".msg.user").first).to_have_text(re.compile("Is a degree required"))
    expect(frame.locator(".msg.assistant").first.locator(".answer")).to_contain_text("Bachelor")
    page.evaluate("CareersAssistant.close()")
    expect(panel(page)).to_be_hidden()
    page.evaluate("CareersAssistant('open')")
    expect(panel(page)).to_be_visible()
    page.evaluate("CareersAssistant.ask('how many years of experience do i need')")
    expect(frame.locator(".msg.assistant").nth(1).locator(".answer")).to_contain_text("5 years")
    assert page.evaluate("CareersAssistant('nonsense')") is None  # an unknown call does not throw


def test_blocked_storage_and_a_second_copy_of_the_script_do_not_break_the_page(browser, board):
    context, page = browser(**DESKTOP)
    context.add_init_script("Object.defineProperty(window, 'sessionStorage', "
                            "{get() { throw new DOMException('denied', 'SecurityError'); }})")
    page.goto(board.url("/"))
    expect(launcher(page)).to_be_visible()
    page.evaluate("""(src) => new Promise((resolve) => {
        const again = document.createElement('script');
        again.src = src;
        again.onload = resolve;
        document.body.appendChild(again);
    })""", page.locator("script[src$='/widget.js']").get_attribute("src"))
    assert page.locator("careers-assistant").count() == 1
    open_chat(page)
    reply = ask(page, "how many years of experience do i need")
    expect(reply.locator(".answer")).to_contain_text("5 years")
    page.evaluate("CareersAssistant.close()")
    expect(panel(page)).to_be_hidden()


def test_colours_title_and_side_come_from_the_script_tag(browser, board):
    _, page = browser(**DESKTOP)
    page.goto(board.url("/?color=%23ffcc00&title=Ask%20Acme&position=left"))
    button = launcher(page)
    expect(button).to_be_visible()
    assert button.bounding_box()["x"] == 20
    colours = button.evaluate("el => [getComputedStyle(el).backgroundColor, getComputedStyle(el).color]")
    assert colours == ["rgb(255, 204, 0)", "rgb(0, 0, 0)"]  # dark text on a light accent
    button.click()
    assert panel(page).bounding_box()["x"] == 20
    frame = chat(page)
    expect(frame.locator("h1")).to_have_text("Ask Acme")
    assert frame.locator(".chat-header").evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(255, 204, 0)"
    assert page.locator("careers-assistant iframe").get_attribute("title") == "Ask Acme"


def test_reduced_motion_and_dark_mode_are_respected(browser, board):
    _, page = browser(**DESKTOP, reduced_motion="reduce", color_scheme="dark")
    page.goto(board.url("/"))
    frame = open_chat(page)
    expect(frame.locator("#question")).to_be_visible()
    styles = chat_frame(page).evaluate("""() => [
        getComputedStyle(document.querySelector('.dots span')).animationName,
        getComputedStyle(document.body).backgroundColor]""")
    assert styles == ["none", "rgb(21, 23, 28)"]


def test_citation_links_on_our_own_posting_page_scroll_to_the_passage(browser, bundled):
    _, page = browser(**DESKTOP)
    page.goto(bundled.url(f"/jobs/{POSTING}"))
    open_chat(page)
    reply = ask(page, "how many years of experience do i need")
    reply.locator("summary").first.click()
    link = reply.locator("a.source-link").first
    assert link.get_attribute("target") == "_top"  # same site: scroll the page below
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "widget-desktop.png"))
    link.click()
    chunk = link.get_attribute("href").split("#", 1)[1]
    page.wait_for_url(re.compile(f"#{chunk}$"))
    target = page.locator(":target")
    expect(target).to_have_attribute("id", chunk)
    expect(target).to_have_text("Minimum of 5 years of experience in back-end development.")
    assert target.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(255, 243, 191)"


def test_a_long_conversation_sends_only_its_last_20_turns(browser, bundled):
    _, page = browser(**DESKTOP)
    page.goto(bundled.url(f"/jobs/{POSTING}"))
    open_chat(page)
    turns = [{"role": "user" if i % 2 == 0 else "assistant", "content": f"turn {i}"} for i in range(30)]
    key = f"careers-assistant:v1:{POSTING}"
    chat_frame(page).evaluate("([key, turns]) => sessionStorage.setItem(key, JSON.stringify("
                              "{conversationId: 'c_test123', turns}))", [key, turns])
    page.reload()
    frame = chat(page)
    expect(frame.locator(".msg")).to_have_count(30)  # restored, and the widget reopened itself
    with page.expect_request(lambda r: r.url.endswith("/api/v1/chat")) as sent:
        ask(page, "is a degree required?")
    body = sent.value.post_data_json
    assert body["history"] == turns[-20:]
    assert body["conversation_id"] == "c_test123" and body["posting"] == POSTING


def test_pages_work_without_javascript(browser, assistant):
    _, page = browser(**DESKTOP, java_script_enabled=False)
    page.goto(assistant.url("/"))
    expect(page.get_by_role("link", name="Senior Back End Developer")).to_be_visible()
    page.get_by_label("Search jobs").fill("django")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"\?q=django"))
    expect(page.get_by_role("link", name="Senior Back End Developer")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Office Manager"))).to_have_count(0)
    page.get_by_role("link", name="Senior Back End Developer").click()
    expect(page.get_by_role("heading", name="Qualifications", exact=True)).to_be_visible()
    expect(page.locator("careers-assistant")).to_have_count(0)


def test_the_careers_page_chat_answers_across_postings(browser, bundled):
    _, page = browser(**DESKTOP)
    page.goto(bundled.url("/"))
    expect(launcher(page)).to_be_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "careers.png"))
    frame = open_chat(page)
    assert "posting=" not in page.locator("careers-assistant iframe").get_attribute("src")
    expect(frame.locator("#notice")).to_contain_text("our job postings")
    reply = ask(page, "how many years of experience do i need")
    expect(reply.locator("summary").first).to_contain_text("Qualifications · Senior Back End Developer")
