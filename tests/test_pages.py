"""assistant.pages: the careers page, posting pages, widget script and frame, rendered without JavaScript."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from assistant import create_app
from assistant.pages import text_color_on
from assistant.model import Block, Chunk, Posting

XSS = "<img src=x onerror=window.__xss=1>"


class Engine:
    """The part of the assistant the pages read: postings and their chunks."""

    def __init__(self, postings: list[Posting], chunks: list[Chunk]) -> None:
        self._postings = {posting.id: posting for posting in postings}
        self._chunks = chunks

    def postings(self) -> list[Posting]:
        return sorted((p for p in self._postings.values() if not p.company), key=lambda p: p.title)

    def posting(self, posting_id: str) -> Posting | None:
        return self._postings.get(posting_id)

    def chunks(self, posting_id: str) -> list[Chunk]:
        return [chunk for chunk in self._chunks if chunk.posting == posting_id]


POSTINGS = [
    Posting("backend", "Senior Back End Developer", (
        Block("paragraph", "You will run our APIs.", "Senior Back End Developer"),
        Block("bullet", "Minimum of 5 years of experience in back-end development.", "Qualifications"),
        Block("bullet", "Experience with Git.", "Qualifications"),
        Block("faq", "It depends on experience.", "FAQ", question="What is the salary?"),
    ), location="Berlin", employment_type="Full-time", contact="jobs@example.com",
        apply_url="https://example.com/apply"),
    Posting("designer", "Product Designer", (
        Block("paragraph", "You will design in Figma.", "About the role"),
    ), apply_url="javascript:alert(1)"),
    Posting("hostile", f"Hacker {XSS}", (Block("paragraph", f"Text {XSS} </script><script>x()</script>", "About"),)),
    Posting("company-faq", "Working here", (Block("paragraph", "We hire in two rounds.", "Hiring"),), company=True),
]
CHUNKS = [
    Chunk("k-intro", "backend", "Senior Back End Developer", "You will run our APIs.", 0),
    Chunk("k-years", "backend", "Qualifications", "Minimum of 5 years of experience in back-end development.", 1),
    Chunk("k-git", "backend", "Qualifications", "Experience with Git.", 2),
    Chunk("k-salary", "backend", "FAQ", "It depends on experience.", 3, subsection="What is the salary?",
          question="What is the salary?"),
    Chunk("k-figma", "designer", "About the role", "You will design in Figma.", 0),
    Chunk("k-hostile", "hostile", "About", f"Text {XSS} </script><script>x()</script>", 0),
    Chunk("k-rounds", "company-faq", "Hiring", "We hire in two rounds.", 0),
]


@pytest.fixture
def app():
    return create_app({"TESTING": True, "ASSISTANT": Engine(POSTINGS, CHUNKS), "RATE_LIMIT": "off"})


@pytest.fixture
def client(app):
    return app.test_client()


class Page(HTMLParser):
    """What a test needs from a page: elements by id, scripts, inline styles, links, visible text."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: dict[str, str] = {}
        self.scripts: list[dict] = []
        self.inline_styles: list[str] = []
        self.links: list[str] = []
        self.text: list[str] = []
        self._script: dict | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids[attributes["id"]] = tag
        if "style" in attributes or tag == "style":
            self.inline_styles.append(tag)
        if any(name.startswith("on") for name in attributes):
            self.inline_styles.append(f"{tag} event handler")
        if tag == "a" and "href" in attributes:
            self.links.append(attributes["href"])
        if tag == "script":
            self._script = attributes | {"body": ""}
            self.scripts.append(self._script)

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self._script["body"] += data
        else:
            self.text.append(data)

    @property
    def visible(self) -> str:
        return " ".join(" ".join(self.text).split())


def page(client, url: str, status: int = 200) -> Page:
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    assert response.mimetype == "text/html"
    return Page(response.get_data(as_text=True))


def assert_no_inline_code(parsed: Page) -> None:
    """Our own CSP forbids inline script and style: every script is a file, or JSON-LD data."""
    assert parsed.inline_styles == []
    for script in parsed.scripts:
        assert script.get("src") or script.get("type") == "application/ld+json", script


def test_careers_page_lists_every_job_posting_with_a_link(client):
    parsed = page(client, "/")
    assert "/jobs/backend" in parsed.links and "/jobs/designer" in parsed.links
    assert "Senior Back End Developer" in parsed.visible and "Berlin" in parsed.visible
    assert "/jobs/company-faq" not in parsed.links  # the company FAQ is not a job
    assert_no_inline_code(parsed)


def test_careers_page_embeds_the_careers_wide_widget(client):
    widget = [s for s in page(client, "/").scripts if s.get("src", "").startswith("/widget.js")]
    assert len(widget) == 1 and "data-posting" not in widget[0] and "async" in widget[0]


@pytest.mark.parametrize(("query", "found", "absent"), [
    ("designer", ["/jobs/designer"], ["/jobs/backend"]),
    ("FIGMA", ["/jobs/designer"], ["/jobs/backend"]),         # the posting's text, any case
    ("years git", ["/jobs/backend"], ["/jobs/designer"]),     # every word must occur
    ("salary", ["/jobs/backend"], ["/jobs/designer"]),        # FAQ questions count
    ("berlin", ["/jobs/backend"], ["/jobs/designer"]),
    ("kubernetes", [], ["/jobs/backend", "/jobs/designer"]),
])
def test_search_filters_postings_on_the_server(client, query, found, absent):
    parsed = page(client, f"/?q={query}")
    for link in found:
        assert link in parsed.links
    for link in absent:
        assert link not in parsed.links
    assert f"{len(found)} position" in parsed.visible


def test_search_query_is_shown_escaped(client):
    response = client.get("/", query_string={"q": "<script>alert(1)</script>"})
    html = response.get_data(as_text=True)
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_posting_page_renders_every_chunk_with_its_id_for_citation_links(client):
    parsed = page(client, "/jobs/backend")
    assert {"k-intro", "k-years", "k-git", "k-salary"} <= set(parsed.ids)
    assert parsed.ids["k-years"] == "li"  # bullets read as a list
    assert "Minimum of 5 years of experience in back-end development." in parsed.visible
    assert "What is the salary?" in parsed.visible and "It depends on experience." in parsed.visible
    assert "https://example.com/apply" in parsed.links
    assert "mailto:jobs@example.com" in parsed.links
    assert_no_inline_code(parsed)


def test_posting_page_embeds_the_widget_for_that_posting(client):
    widget = [s for s in page(client, "/jobs/backend").scripts if s.get("src", "").startswith("/widget.js")]
    assert len(widget) == 1 and widget[0]["data-posting"] == "backend"


def test_posting_page_has_jobposting_json_ld_in_the_head(client):
    html = client.get("/jobs/backend").get_data(as_text=True)
    head = html.split("</head>")[0]
    parsed = Page(head)
    data = [s for s in parsed.scripts if s.get("type") == "application/ld+json"]
    assert len(data) == 1
    document = json.loads(data[0]["body"])
    assert document["@type"] == "JobPosting" and document["title"] == "Senior Back End Developer"
    assert document["url"] == "http://localhost/jobs/backend"
    assert "<li>Minimum of 5 years of experience in back-end development.</li>" in document["description"]


def test_json_ld_cannot_break_out_of_its_script_element(client):
    html = client.get("/jobs/hostile").get_data(as_text=True)
    parsed = Page(html)
    executable = [s for s in parsed.scripts if s.get("type") != "application/ld+json"]
    assert all(s.get("src") for s in executable)  # nothing from the posting became a script
    data = next(s for s in parsed.scripts if s.get("type") == "application/ld+json")
    assert "<" not in data["body"]
    assert json.loads(data["body"])["title"] == f"Hacker {XSS}"
    assert XSS in parsed.visible  # shown as text
    assert "<img" not in html.split("</head>")[1].replace("&lt;img", "")


def test_unsafe_apply_link_is_not_rendered(client):
    parsed = page(client, "/jobs/designer")
    assert not any(link.startswith("javascript:") for link in parsed.links)


def test_company_faq_page_has_passages_but_no_jobposting(client):
    parsed = page(client, "/jobs/company-faq")
    assert "k-rounds" in parsed.ids
    assert not [s for s in parsed.scripts if s.get("type") == "application/ld+json"]
    widget = next(s for s in parsed.scripts if s.get("src", "").startswith("/widget.js"))
    assert "data-posting" not in widget


def test_unknown_posting_is_a_404_page(client):
    parsed = page(client, "/jobs/no-such-job", status=404)
    assert "no-such-job" in parsed.visible and "/" in parsed.links


def test_unknown_address_is_an_html_404_for_browsers_and_json_for_the_api(client):
    browser = client.get("/nowhere", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert browser.status_code == 404 and browser.mimetype == "text/html"
    assert "Page not found" in browser.get_data(as_text=True)
    api = client.get("/api/v1/nowhere", headers={"Accept": "text/html"})
    assert api.status_code == 404 and api.get_json()["error"]["code"] == "not_found"


def test_pages_link_their_stylesheet_from_static(client):
    html = client.get("/").get_data(as_text=True)
    href = re.search(r'<link rel="stylesheet" href="([^"]+)"', html).group(1)
    assert href.startswith("/static/site.css?v=")
    with client.get(href) as css:
        assert css.status_code == 200 and css.mimetype == "text/css"


def test_widget_script_is_served_as_cacheable_javascript(client):
    with client.get("/widget.js") as response:
        assert response.status_code == 200
        assert response.mimetype in ("application/javascript", "text/javascript")
        assert "max-age=3600" in response.headers["Cache-Control"]
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        source = response.get_data(as_text=True)
    assert "'use strict'" in source
    assert len(source.encode()) < 20_000


@pytest.mark.parametrize("path", ["widget.js", "static/frame.js"])
def test_widget_code_never_evaluates_strings_or_writes_html(client, path):
    with client.get(f"/{path}") as response:
        source = response.get_data(as_text=True)
    code = re.sub(r"/\*.*?\*/|//[^\n]*", "", source, flags=re.S)
    for forbidden in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                      "new Function", "setAttribute('style'", ".cssText"):
        assert forbidden not in code


def test_frame_renders_the_chat_for_a_posting(client):
    parsed = page(client, "/widget/frame?posting=backend&origin=https://board.example")
    assert {"messages", "question", "announcer", "clear", "recruiter"} <= set(parsed.ids)
    assert "Automated assistant." in parsed.visible
    assert "What is the salary?" in parsed.visible  # the posting's FAQ questions start the chat
    assert_no_inline_code(parsed)


def test_frame_takes_only_a_colour_a_short_title_and_an_origin(client):
    html = client.get("/widget/frame", query_string={
        "posting": "backend", "color": "red;background:url(x)", "title": "  Ask   us " + "x" * 100,
        "origin": "javascript:alert(1)"}).get_data(as_text=True)
    assert 'data-color=""' in html and 'data-host-origin=""' in html
    assert "<title>Ask us " + "x" * 53 + "</title>" in html
    themed = client.get("/widget/frame?color=%23abc&origin=https://board.example:8443").get_data(as_text=True)
    assert 'data-color="#abc"' in themed and 'data-host-origin="https://board.example:8443"' in themed


@pytest.mark.parametrize(("color", "text"), [
    ("#ffffff", "#000000"), ("#000", "#ffffff"), ("#ffcc00", "#000000"), ("#1d4ed8", "#ffffff"),
    ("#777777", "#000000"), ("#757575", "#ffffff"),  # around the middle, whichever reads better
])
def test_text_on_a_theme_colour_is_black_or_white_whichever_contrasts_more(color, text):
    assert text_color_on(color) == text


def test_frame_for_the_company_faq_answers_careers_wide(client):
    html = client.get("/widget/frame?posting=company-faq").get_data(as_text=True)
    assert 'data-posting=""' in html and "no longer online" not in html


def test_frame_for_a_removed_posting_answers_careers_wide(client):
    parsed = page(client, "/widget/frame?posting=gone")
    assert "no longer online" in parsed.visible
    assert 'data-posting=""' in client.get("/widget/frame?posting=gone").get_data(as_text=True)
