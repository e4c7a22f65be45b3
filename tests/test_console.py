"""The recruiter console: its page, and the JSON routes it adds (source, preview, search, FAQ, diff)."""

from __future__ import annotations

import re

import pytest

from assistant import console
from assistant.access_tokens import create_token

POSTING = "backend-developer"
SOURCE = f"/api/v1/admin/postings/{POSTING}/source"
FAQ = f"/api/v1/admin/postings/{POSTING}/faq"
DIFF = f"/api/v1/admin/postings/{POSTING}/diff"
PREVIEW = "/api/v1/admin/preview"
SEARCH = "/api/v1/admin/search"
PLAIN = "Office Manager\n\nAbout the role\n\n- You will run our Lisbon office.\n- You will order the coffee.\n"
GYM = {"question": "Is there a gym membership?", "answer": "Yes: we pay for a gym membership near the office."}


def assert_error(response, status, code=None) -> str:
    assert response.status_code == status, response.get_data(as_text=True)
    body = response.get_json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    if code:
        assert body["error"]["code"] == code
    return body["error"]["message"]


def ask(client, message, posting=POSTING):
    return client.post("/api/v1/chat", json={"message": message, "posting": posting}).get_json()


def revisions(client, auth, posting=POSTING) -> list[dict]:
    return client.get(f"/api/v1/postings/{posting}/revisions", headers=auth).get_json()["revisions"]


# --- the page -------------------------------------------------------------------

def test_the_console_page_is_a_csp_clean_shell(client):
    response = client.get("/admin")
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert re.search(r'<script src="/static/admin\.js\?v=\d+" defer></script>', page)
    assert re.search(r'<link rel="stylesheet" href="/static/admin\.css\?v=\d+">', page)
    assert not re.search(r"<script(?![^>]*\bsrc=)", page), "no inline script"
    assert "<style" not in page and " style=" not in page and " on" + "click=" not in page
    assert 'id="token"' in page and 'for="token"' in page and 'aria-live="polite"' in page
    for name, mimetype in (("admin.js", ("application/javascript", "text/javascript")), ("admin.css", ("text/css",))):
        with client.get(f"/static/{name}") as response:
            assert response.status_code == 200 and response.mimetype in mimetype


def test_the_console_script_never_writes_html_or_styles(client):
    with client.get("/static/admin.js") as response:
        script = response.get_data(as_text=True)
    code = re.sub(r"/\*.*?\*/|//[^\n]*", "", script, flags=re.S)
    for forbidden in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function",
                      "setAttribute('style'", ".cssText", ".style."):
        assert forbidden not in code
    assert "'use strict'" in code and "createElementNS" in code and "sessionStorage" in code


# --- every route needs a recruiter -------------------------------------------------

ROUTES = [
    ("GET", SOURCE, {}), ("POST", PREVIEW, {"data": PLAIN, "content_type": "text/plain"}),
    ("POST", SEARCH, {"json": {"message": "remote?"}}), ("POST", FAQ, {"json": GYM}), ("GET", DIFF + "?from=1", {}),
]


@pytest.mark.parametrize("method, path, body", ROUTES, ids=[path.split("/")[-1] for _, path, _ in ROUTES])
@pytest.mark.parametrize("headers, code", [({}, "missing_token"), ({"Authorization": "Bearer ca_wrong"}, "invalid_token")])
def test_every_console_route_is_a_401_without_a_valid_token(client, auth, method, path, body, headers, code):
    response = client.open(path, method=method, headers=headers, **body)
    assert_error(response, 401, code)
    assert len(revisions(client, auth)) == 1  # nothing changed


def test_every_console_route_is_in_its_openapi_fragment(app):
    described = {re.sub(r"\{(\w+)\}", r"<\1>", path) for path in console.openapi_paths()}
    served = {rule.rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith("console.")}
    assert served - {"/admin"} == described


# --- source ---------------------------------------------------------------------------

def test_source_is_the_current_revisions_text_format_and_etag(client, auth):
    response = client.get(SOURCE, headers=auth)
    assert response.status_code == 200
    body = response.get_json()
    assert (body["revision"], body["etag"], body["format"], body["content_type"]) == (
        1, '"backend-developer-r1"', "markdown", "text/markdown")
    assert "### Is the role remote?" in body["source"]
    assert response.headers["ETag"] == client.get(f"/api/v1/postings/{POSTING}").headers["ETag"]


def test_source_keeps_the_format_it_was_saved_in(client, auth):
    client.put("/api/v1/postings/office", data=PLAIN, headers=auth | {"Content-Type": "text/plain"})
    body = client.get("/api/v1/admin/postings/office/source", headers=auth).get_json()
    assert (body["source"], body["format"], body["content_type"]) == (PLAIN, "text", "text/plain")


def test_source_of_an_unknown_or_deleted_posting_is_a_404(client, auth):
    assert_error(client.get("/api/v1/admin/postings/nobody/source", headers=auth), 404, "unknown_posting")
    client.delete(f"/api/v1/postings/{POSTING}", headers=auth)
    assert_error(client.get(SOURCE, headers=auth), 404, "unknown_posting")


# --- preview --------------------------------------------------------------------------

def test_preview_cuts_the_text_into_passages_and_saves_nothing(client, auth):
    response = client.post(PREVIEW + "?id=office", data=PLAIN, headers=auth | {"Content-Type": "text/plain"})
    assert response.status_code == 200
    body = response.get_json()
    assert (body["id"], body["title"], body["sections"]) == ("office", "Office Manager", ["About the role"])
    assert [chunk["text"] for chunk in body["chunks"]] == ["You will run our Lisbon office.", "You will order the coffee."]
    assert set(body["chunks"][0]) == {"id", "section", "subsection", "question", "text"}
    assert body["chunks"][0]["id"].startswith("office-")
    assert client.get("/api/v1/postings/office").status_code == 404


def test_preview_shows_faq_questions_and_matches_what_is_served(client, auth):
    source = client.get(SOURCE, headers=auth).get_json()["source"]
    preview = client.post(PREVIEW + f"?id={POSTING}", data=source.replace("hybrid", "remote"),
                          headers=auth | {"Content-Type": "text/markdown"}).get_json()
    faq = [chunk for chunk in preview["chunks"] if chunk["question"]]
    assert [(c["question"], c["text"]) for c in faq] == [("Is the role remote?", "The role is remote: two days a week in the Berlin office.")]
    served = client.get(f"/api/v1/postings/{POSTING}").get_json()["chunks"]
    assert "hybrid" in served[-1]["text"]  # the preview changed nothing
    assert len(preview["chunks"]) == len(served)


@pytest.mark.parametrize("body, content_type, status, code, says", [
    ("", "text/markdown", 422, "invalid_posting", "empty"),
    ("   \n", "text/plain", 422, "invalid_posting", "whitespace"),
    ("---\ntitle: [broken\n---\n\nText.\n", "text/markdown", 422, "invalid_posting", "front matter"),
    ("{not json", "application/ld+json", 422, "invalid_posting", ""),
    (PLAIN, "application/pdf", 415, "unsupported_media_type", "text/markdown"),
    (PLAIN, None, 415, "unsupported_media_type", "nothing"),
    ("x" * 600_000, "text/plain", 413, "payload_too_large", "bytes"),
], ids=["empty", "blank", "broken-front-matter", "broken-json", "pdf", "no-content-type", "too-large"])
def test_preview_refuses_bad_text_with_the_importers_message(client, auth, body, content_type, status, code, says):
    headers = auth | ({"Content-Type": content_type} if content_type else {})
    message = assert_error(client.post(PREVIEW, data=body, headers=headers), status, code)
    assert says in message


def test_preview_refuses_an_id_that_is_not_a_slug(client, auth):
    response = client.post(PREVIEW + "?id=Not_A_Slug", data=PLAIN, headers=auth | {"Content-Type": "text/plain"})
    assert_error(response, 422, "invalid_posting_id")


# --- search ---------------------------------------------------------------------------

def test_search_shows_concepts_scores_confidence_and_the_reply_kind(app, client, auth):
    response = client.post(SEARCH, json={"message": "How many yeers of experience do I need?", "posting": POSTING},
                           headers=auth)
    assert response.status_code == 200
    body = response.get_json()
    assert [concept["label"] for concept in body["concepts"]] == ["how many years", "experience"]
    assert body["corrections"] == [{"written": "yeers", "read_as": "years"}]
    assert "experi" in body["concepts"][1]["alternatives"]  # the index terms it is matched by
    assert body["concepts"][1]["related"] == []
    # a word the posting does not use, found through its thesaurus synonym ("construct" for "build")
    construct = client.post(SEARCH, json={"message": "would i construct apis?", "posting": POSTING}, headers=auth)
    assert {"label": "construct", "related": ["build"]}.items() <= construct.get_json()["concepts"][0].items()
    top = body["passages"][0]
    assert "5 years of experience" in top["text"]
    assert top["rank"] == 1 and top["cited"] == 1 and top["focus"] is True
    for field in ("score", "bm25", "tfidf", "coverage"):
        assert isinstance(top[field], float) and top[field] >= 0
    assert [p["score"] for p in body["passages"]] == sorted((p["score"] for p in body["passages"]), reverse=True)
    assert body["threshold"] == app.extensions["assistant"].policy.threshold == app.config["THRESHOLD"]
    assert body["above_threshold"] is True and body["confidence"] >= body["threshold"]
    assert body["reply"]["kind"] == "answer" and body["reply"]["citations"][0]["id"] == top["id"]


def test_search_below_the_threshold_says_the_chat_declines(client, auth):
    body = client.post(SEARCH, json={"message": "Do you offer a company car?", "posting": POSTING},
                       headers=auth).get_json()
    assert body["above_threshold"] is False and body["confidence"] < body["threshold"]
    assert body["reply"]["kind"] == "no_answer" and body["reply"]["citations"] == []


def test_search_reads_a_follow_up_with_the_earlier_question(client, auth):
    history = [{"role": "user", "content": "Do I need experience with PostgreSQL?"},
               {"role": "assistant", "content": "Experience with PostgreSQL and Redis. [1]"}]
    body = client.post(SEARCH, json={"message": "and Redis?", "posting": POSTING, "history": history},
                       headers=auth).get_json()
    earlier = [concept for concept in body["concepts"] if concept["from_history"]]
    assert earlier and all(concept["weight"] < 1 for concept in earlier)
    alone = client.post(SEARCH, json={"message": "and Redis?", "posting": POSTING}, headers=auth).get_json()
    assert not any(concept["from_history"] for concept in alone["concepts"])


def test_search_careers_wide_spans_every_posting(client, auth):
    body = client.post(SEARCH, json={"message": "Figma"}, headers=auth).get_json()
    assert body["posting"] is None
    assert body["passages"][0]["posting"] == "product-designer"
    assert body["passages"][0]["posting_title"] == "Product Designer"


@pytest.mark.parametrize("kwargs, status, code", [
    ({"json": {"message": "remote?", "posting": "nobody"}}, 404, "unknown_posting"),
    ({"data": "message=remote", "content_type": "application/x-www-form-urlencoded"}, 415, "unsupported_media_type"),
    ({"data": "{not json", "content_type": "application/json"}, 400, "bad_json"),
    ({"json": ["remote?"]}, 422, "invalid_field"),
    ({"json": {}}, 422, "invalid_field"),
    ({"json": {"message": "   "}}, 422, "invalid_field"),
    ({"json": {"message": "remote?", "top_k": 3}}, 422, "invalid_field"),
    ({"json": {"message": "remote?", "history": "no"}}, 422, "invalid_field"),
], ids=["unknown-posting", "form", "bad-json", "list", "no-message", "blank", "unknown-field", "bad-history"])
def test_search_refuses_bad_requests(client, auth, kwargs, status, code):
    assert_error(client.post(SEARCH, headers=auth, **kwargs), status, code)


# --- answering an inbox question with an FAQ entry -------------------------------------

def test_an_unanswered_question_becomes_an_faq_entry_the_chat_answers(client, auth):
    assert ask(client, "Is there a gym membership?")["kind"] == "no_answer"
    inbox = client.get("/api/v1/admin/questions?status=unanswered", headers=auth).get_json()["questions"]
    assert [group["question"] for group in inbox] == ["Is there a gym membership?"]

    response = client.post(FAQ, json=GYM, headers=auth)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body | {"etag": None} == {"id": POSTING, "revision": 2, "etag": None, "question": GYM["question"],
                                     "section": "FAQ"}
    assert response.headers["ETag"] == body["etag"] == '"backend-developer-r2"'

    reply = ask(client, "do you pay for the gym?")
    assert reply["kind"] == "answer"
    assert reply["citations"][0]["text"] == GYM["answer"] and reply["citations"][0]["section"] == "FAQ"
    assert [(r["revision"], r["author"]) for r in revisions(client, auth)] == [(1, "import"), (2, "recruiter")]
    source = client.get(SOURCE, headers=auth).get_json()["source"]
    # Appended to the FAQ section that was there, after its last entry.
    assert source.index("### Is the role remote?") < source.index("### Is there a gym membership?")
    assert source.count("## FAQ") == 1


def test_an_faq_entry_on_a_plain_text_posting_converts_it_and_adds_the_section(client, auth):
    client.put("/api/v1/postings/office", data=PLAIN, headers=auth | {"Content-Type": "text/plain"})
    response = client.post("/api/v1/admin/postings/office/faq", json=GYM, headers=auth)
    assert response.status_code == 201 and response.get_json()["section"] == "Frequently Asked Questions"
    body = client.get("/api/v1/admin/postings/office/source", headers=auth).get_json()
    assert body["format"] == "markdown" and body["source"].startswith("---\n")
    assert "## Frequently Asked Questions\n\n### Is there a gym membership?\n\n" in body["source"]
    chunks = client.get("/api/v1/postings/office").get_json()["chunks"]
    assert [c["text"] for c in chunks] == ["You will run our Lisbon office.", "You will order the coffee.", GYM["answer"]]
    assert ask(client, "Is there a gym membership?", "office")["kind"] == "answer"


def test_an_answer_with_markdown_characters_is_kept_verbatim(client, auth):
    entry = {"question": "What is *the* #1 perk?", "answer": "- Free [lunch](x) every _day_\n\n2. Second <b>para</b>."}
    assert client.post(FAQ, json=entry, headers=auth).status_code == 201
    chunk = client.get(f"/api/v1/postings/{POSTING}").get_json()["chunks"][-1]
    assert chunk["question"] == entry["question"]
    assert chunk["text"] == "- Free [lunch](x) every _day_\n\n2. Second <b>para</b>."


@pytest.mark.parametrize("body, status, code, says", [
    ({"question": "Is there a gym?"}, 422, "invalid_field", "answer"),
    ({"answer": "Yes."}, 422, "invalid_field", "question"),
    ({"question": "  ", "answer": "Yes."}, 422, "invalid_field", "question"),
    ({"question": "Is there a gym?", "answer": 3}, 422, "invalid_field", "answer"),
    ({"question": "q" * 301, "answer": "Yes."}, 422, "invalid_field", "300"),
    (GYM | {"posting": POSTING}, 422, "invalid_field", "posting"),
    ({"question": "is the role REMOTE?", "answer": "Yes."}, 422, "duplicate_question", "already"),
], ids=["no-answer", "no-question", "blank-question", "number", "too-long", "unknown-field", "duplicate"])
def test_faq_refuses_bad_bodies_and_changes_nothing(client, auth, body, status, code, says):
    assert says in assert_error(client.post(FAQ, json=body, headers=auth), status, code)
    assert len(revisions(client, auth)) == 1


def test_faq_errors_for_media_type_json_posting_and_stale_etag(client, auth):
    assert_error(client.post(FAQ, data="question=x", headers=auth | {"Content-Type": "text/plain"}), 415)
    assert_error(client.post(FAQ, data="{", headers=auth | {"Content-Type": "application/json"}), 400, "bad_json")
    assert_error(client.post("/api/v1/admin/postings/nobody/faq", json=GYM, headers=auth), 404, "unknown_posting")
    assert_error(client.post(FAQ, json=GYM, headers=auth | {"If-Match": '"backend-developer-r9"'}), 412, "stale_revision")
    assert len(revisions(client, auth)) == 1
    assert client.post(FAQ, json=GYM, headers=auth | {"If-Match": '"backend-developer-r1"'}).status_code == 201


def test_the_faq_author_is_the_tokens_name(app, client):
    token = create_token(app.extensions["storage"].engine, "ana@example.com")
    headers = {"Authorization": f"Bearer {token}"}
    assert client.post(FAQ, json=GYM, headers=headers).status_code == 201
    assert revisions(client, headers)[-1]["author"] == "ana@example.com"


ENTRY = "### Q?\n\nA."


@pytest.mark.parametrize("markdown, expected", [
    ("# T\n\n## FAQ\n\n### Old?\n\nOld.\n", "# T\n\n## FAQ\n\n### Old?\n\nOld.\n\n" + ENTRY + "\n"),
    ("# T\n\n## FAQ\n\n### Old?\n\nOld.\n\n\n## Benefits\n\n- Lunch.\n",
     "# T\n\n## FAQ\n\n### Old?\n\nOld.\n\n" + ENTRY + "\n\n## Benefits\n\n- Lunch.\n"),
    ("# T\n\n## About\n\nText.\n", "# T\n\n## About\n\nText.\n\n## Frequently Asked Questions\n\n" + ENTRY + "\n"),
    ("---\ntitle: T\n# FAQ: a YAML comment\n---\n\n## About\n\nText.\n",
     "---\ntitle: T\n# FAQ: a YAML comment\n---\n\n## About\n\nText.\n\n## Frequently Asked Questions\n\n" + ENTRY + "\n"),
    ("## Questions\n\n```\n## About\n```\n\n### Old?\n\nOld.\n",
     "## Questions\n\n```\n## About\n```\n\n### Old?\n\nOld.\n\n" + ENTRY + "\n"),
], ids=["faq-last", "faq-then-section", "no-faq", "front-matter-comment", "fenced-heading"])
def test_add_faq_entry_appends_to_the_faq_section(markdown, expected):
    assert console.add_faq_entry(markdown, "Q?", "A.") == expected


# --- diff -----------------------------------------------------------------------------

def test_diff_shows_what_changed_between_revisions(client, auth):
    source = client.get(SOURCE, headers=auth).get_json()["source"]
    client.put(f"/api/v1/postings/{POSTING}", data=source.replace("hybrid", "fully remote"),
               headers=auth | {"Content-Type": "text/markdown"})
    body = client.get(DIFF + "?from=1", headers=auth).get_json()
    assert (body["from"], body["to"], body["current"]) == (1, 2, 2)
    lines = body["lines"]
    assert lines[:2] == ["--- revision 1 (markdown)", "+++ revision 2 (markdown)"]
    assert lines[2].startswith("@@")
    assert "-The role is hybrid: two days a week in the Berlin office." in lines
    assert "+The role is fully remote: two days a week in the Berlin office." in lines
    backwards = client.get(DIFF + "?from=2&to=1", headers=auth).get_json()["lines"]
    assert "+The role is hybrid: two days a week in the Berlin office." in backwards
    assert client.get(DIFF + "?from=2&to=2", headers=auth).get_json()["lines"] == []


@pytest.mark.parametrize("query, status, code", [
    ("", 422, "invalid_field"), ("?from=abc", 422, "invalid_field"), ("?from=0", 422, "invalid_field"),
    ("?from=1&to=-2", 422, "invalid_field"), ("?from=7", 422, "unknown_revision"),
    ("?from=1&to=7", 422, "unknown_revision"),
])
def test_diff_refuses_bad_revisions(client, auth, query, status, code):
    assert_error(client.get(DIFF + query, headers=auth), status, code)


def test_diff_of_an_unknown_posting_is_a_404(client, auth):
    assert_error(client.get("/api/v1/admin/postings/nobody/diff?from=1", headers=auth), 404, "unknown_posting")
