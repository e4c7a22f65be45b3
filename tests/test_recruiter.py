"""The recruiter API: tokens, PUT by content type, ETag preconditions, DELETE, revisions, rollback, JSON-LD."""

from __future__ import annotations

import json

import pytest

from assistant.access_tokens import create_token, revoke_token

POSTING = "backend-developer"
URL = f"/api/v1/postings/{POSTING}"
MARKDOWN = "---\ntitle: Back End Developer\n---\n\n## Perks\n\nWe offer a four-day week to everyone.\n"
BODIES = {
    "text/markdown": MARKDOWN,
    "text/plain": "Back End Developer\n\nPerks\n\n- We offer a four-day week to everyone.\n",
    "text/html": "<html><body><h1>Back End Developer</h1><h2>Perks</h2>"
                 "<p>We offer a four-day week to everyone.</p></body></html>",
    "application/ld+json": json.dumps({"@context": "https://schema.org", "@type": "JobPosting",
                                       "title": "Back End Developer",
                                       "description": "<p>We offer a four-day week to everyone.</p>"}),
}


def put(client, auth, body, content_type="text/markdown", posting=POSTING, **headers):
    return client.put(f"/api/v1/postings/{posting}", data=body, headers=auth | {"Content-Type": content_type} | headers)


def ask(client, message, posting=POSTING):
    return client.post("/api/v1/chat", json={"message": message, "posting": posting}).get_json()


def cited(reply) -> list[str]:
    return [citation["text"] for citation in reply["citations"]]


def assert_error(response, status, code=None):
    assert response.status_code == status, response.get_data(as_text=True)
    body = response.get_json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    if code:
        assert body["error"]["code"] == code
    return body["error"]["message"]


@pytest.mark.parametrize("content_type", sorted(BODIES))
def test_put_each_format_adds_a_posting_answered_at_once(client, auth, content_type):
    response = put(client, auth, BODIES[content_type], content_type, posting="perks")
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert (body["id"], body["revision"], body["etag"]) == ("perks", 1, '"perks-r1"')
    assert response.headers["ETag"] == '"perks-r1"'
    assert response.headers["Location"].endswith("/api/v1/postings/perks")
    assert any("four-day week" in text for text in cited(ask(client, "Is there a four-day week?", "perks")))


def test_put_replaces_a_posting_as_a_new_revision(client, auth):
    response = put(client, auth, MARKDOWN)
    assert response.status_code == 200
    assert response.get_json()["revision"] == 2
    reply = ask(client, "Is there a four-day week?")
    assert reply["kind"] == "answer" and "four-day week" in cited(reply)[0]
    assert client.get(URL).headers["ETag"] == '"backend-developer-r2"'


def test_put_of_the_same_text_makes_no_revision(client, auth):
    put(client, auth, MARKDOWN)
    again = put(client, auth, MARKDOWN)
    assert again.status_code == 200 and again.get_json()["revision"] == 2 and again.get_json()["changed"] is False


def test_the_url_id_wins_over_the_front_matter_id(client, auth):
    response = put(client, auth, "---\nid: something-else\ntitle: Renamed\n---\n\n## About\n\nHello there.\n")
    assert response.get_json()["id"] == POSTING
    assert client.get(URL).get_json()["title"] == "Renamed"
    assert client.get("/api/v1/postings/something-else").status_code == 404


def test_if_match_with_the_current_etag_succeeds_and_a_stale_one_is_a_412(client, auth):
    etag = client.get(URL).headers["ETag"]
    assert put(client, auth, MARKDOWN, **{"If-Match": etag}).status_code == 200
    stale = put(client, auth, MARKDOWN.replace("four-day", "three-day"), **{"If-Match": etag})
    message = assert_error(stale, 412, "stale_revision")
    assert '"backend-developer-r2"' in message
    reply = ask(client, "Is there a four-day week?")
    assert "four-day week" in cited(reply)[0]  # nothing changed
    assert client.get(URL).headers["ETag"] == '"backend-developer-r2"'


def test_a_weak_etag_never_matches(client, auth):
    etag = client.get(URL).headers["ETag"]
    assert_error(put(client, auth, MARKDOWN, **{"If-Match": "W/" + etag}), 412)


def test_if_match_star_needs_an_existing_posting(client, auth):
    assert_error(put(client, auth, MARKDOWN, posting="brand-new", **{"If-Match": "*"}), 412)
    assert client.get("/api/v1/postings/brand-new").status_code == 404
    assert put(client, auth, MARKDOWN, **{"If-Match": "*"}).status_code == 200


@pytest.mark.parametrize("headers, code", [
    ({}, "missing_token"),
    ({"Authorization": "Basic dXNlcjpwYXNz"}, "invalid_token"),
    ({"Authorization": "Bearer ca_not-a-real-token"}, "invalid_token"),
])
def test_a_missing_or_wrong_token_is_a_401_and_changes_nothing(client, headers, code):
    response = put(client, {}, MARKDOWN, **headers)
    assert_error(response, 401, code)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert client.get(URL).headers["ETag"] == '"backend-developer-r1"'


def test_a_revoked_token_is_a_401_that_says_so(app, client):
    engine = app.extensions["storage"].engine
    token = create_token(engine, "leaver")
    revoke_token(engine, "leaver")
    message = assert_error(put(client, {"Authorization": f"Bearer {token}"}, MARKDOWN), 401, "revoked_token")
    assert "leaver" in message and "revoked" in message


@pytest.mark.parametrize("body, content_type, status, code", [
    (MARKDOWN, "application/pdf", 415, "unsupported_media_type"),
    (MARKDOWN, None, 415, "unsupported_media_type"),
    ("", "text/markdown", 422, "invalid_posting"),
    ("---\ntitle: [broken\n---\n\nText.\n", "text/markdown", 422, "invalid_posting"),
    (b"\x00\x01\x02binary", "text/plain", 422, "invalid_posting"),
    ("{not json", "application/ld+json", 422, "invalid_posting"),
    ("x" * 600_000, "text/plain", 413, "payload_too_large"),
], ids=["pdf", "no-content-type", "empty", "broken-front-matter", "binary", "broken-json", "too-large"])
def test_bad_bodies_are_refused_and_change_nothing(client, auth, body, content_type, status, code):
    headers = dict(auth)
    if content_type:
        headers["Content-Type"] = content_type
    response = client.put(URL, data=body, headers=headers)
    assert_error(response, status, code)
    assert client.get(URL).headers["ETag"] == '"backend-developer-r1"'
    assert len(client.get(f"{URL}/revisions", headers=auth).get_json()["revisions"]) == 1


def test_a_body_over_the_request_limit_is_a_413(make_app, auth):
    small = make_app(MAX_CONTENT_LENGTH=1000)
    token = create_token(small.extensions["storage"].engine, "small")
    response = small.test_client().put(URL, data="x" * 5000, headers={"Authorization": f"Bearer {token}",
                                                                     "Content-Type": "text/plain"})
    assert_error(response, 413)


def test_a_declared_charset_is_honoured(client, auth):
    body = MARKDOWN.replace("everyone", "every café").encode("latin-1")
    response = put(client, auth, body, "text/markdown; charset=iso-8859-1")
    assert response.status_code == 200
    assert "every café" in client.get(URL).get_json()["chunks"][0]["text"]


def test_a_bad_posting_id_is_a_422(client, auth):
    assert_error(put(client, auth, MARKDOWN, posting="Not_A_Slug"), 422, "invalid_posting_id")


def test_delete_removes_the_posting_everywhere(client, auth):
    response = client.delete(URL, headers=auth)
    assert response.status_code == 204 and response.data == b""
    assert_error(client.get(URL), 404)
    assert POSTING not in [p["id"] for p in client.get("/api/v1/postings").get_json()["postings"]]
    chat = client.post("/api/v1/chat", json={"message": "Is it remote?", "posting": POSTING})
    assert_error(chat, 404, "unknown_posting")
    assert_error(client.delete(URL, headers=auth), 404, "unknown_posting")


def test_delete_needs_a_token_and_honours_if_match(client, auth):
    assert_error(client.delete(URL), 401)
    assert_error(client.delete(URL, headers=auth | {"If-Match": '"backend-developer-r7"'}), 412)
    assert client.get(URL).status_code == 200


def test_revisions_list_number_time_and_author(client, auth):
    put(client, auth, MARKDOWN)
    body = client.get(f"{URL}/revisions", headers=auth).get_json()
    assert [(r["revision"], r["author"]) for r in body["revisions"]] == [(1, "import"), (2, "recruiter")]
    assert all(r["created_at"].endswith("+00:00") for r in body["revisions"])
    assert_error(client.get("/api/v1/postings/nobody/revisions", headers=auth), 404)
    assert_error(client.get(f"{URL}/revisions"), 401)


def test_rollback_makes_old_text_current_as_a_new_revision(client, auth):
    put(client, auth, MARKDOWN)
    assert "four-day week" in cited(ask(client, "Is there a four-day week?"))[0]
    response = client.post(f"{URL}/rollback", json={"revision": 1}, headers=auth)
    assert response.status_code == 200
    assert response.get_json() | {"etag": None} == {"id": POSTING, "revision": 3, "etag": None, "rolled_back_to": 1}
    reply = ask(client, "Is the role remote?")
    assert "hybrid" in cited(reply)[0]
    history = client.get(f"{URL}/revisions", headers=auth).get_json()["revisions"]
    assert [r["revision"] for r in history] == [1, 2, 3]


@pytest.mark.parametrize("body, status", [
    ({"revision": 9}, 422), ({"revision": 0}, 422), ({"revision": "1"}, 422), ({"revision": True}, 422),
    ({}, 422), ({"revision": 1, "extra": 1}, 422),
])
def test_rollback_refuses_bad_bodies(client, auth, body, status):
    assert_error(client.post(f"{URL}/rollback", json=body, headers=auth), status)
    assert client.get(URL).headers["ETag"] == '"backend-developer-r1"'


def test_rollback_of_an_unknown_posting_is_a_404_and_bad_json_a_400(client, auth):
    assert_error(client.post("/api/v1/postings/nobody/rollback", json={"revision": 1}, headers=auth), 404)
    bad = client.post(f"{URL}/rollback", data="{", headers=auth | {"Content-Type": "application/json"})
    assert_error(bad, 400)


def test_rollback_brings_a_deleted_posting_back(client, auth):
    client.delete(URL, headers=auth)
    assert client.post(f"{URL}/rollback", json={"revision": 1}, headers=auth).status_code == 200
    assert client.get(URL).status_code == 200


def test_jobposting_is_schema_org_json_ld(client):
    response = client.get(f"{URL}/jobposting")
    assert response.status_code == 200 and response.mimetype == "application/ld+json"
    document = json.loads(response.data)
    assert (document["@type"], document["title"]) == ("JobPosting", "Back End Developer")
    assert "Berlin office" in document["description"]
    assert_error(client.get("/api/v1/postings/nobody/jobposting"), 404)


def test_method_not_allowed_keeps_the_error_shape(client):
    assert_error(client.patch(URL), 405)


def test_rollback_honours_if_match(client, auth):
    put(client, auth, MARKDOWN)
    stale = client.post(f"{URL}/rollback", json={"revision": 1}, headers=auth | {"If-Match": '"backend-developer-r1"'})
    assert_error(stale, 412, "stale_revision")
    fresh = client.post(f"{URL}/rollback", json={"revision": 1}, headers=auth | {"If-Match": '"backend-developer-r2"'})
    assert fresh.status_code == 200 and fresh.headers["ETag"] == '"backend-developer-r3"'
