"""The public chat and postings API: the SPEC's contract and its one error shape."""

from __future__ import annotations

import pytest

from assistant import create_app

POSTING = "senior-back-end-developer"


@pytest.fixture()
def client(tmp_path):
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'api.db'}", "RATE_LIMIT": "off"})
    return app.test_client()


def ask(client, message, **fields):
    return client.post("/api/v1/chat", json={"message": message, **fields})


def test_answer_has_the_contract_shape(client):
    response = ask(client, "Do I need a degree?", posting=POSTING)
    assert response.status_code == 200
    body = response.get_json()
    assert list(body) == ["kind", "answer", "confidence", "citations", "suggestions", "conversation_id", "message_id"]
    assert body["kind"] == "answer"
    assert 0.0 <= body["confidence"] <= 1.0
    assert body["conversation_id"].startswith("c_") and body["message_id"].startswith("m_")
    first = body["citations"][0]
    assert set(first) == {"n", "id", "posting", "posting_title", "section", "text", "score"}
    assert first["n"] == 1 and first["posting"] == POSTING
    assert first["posting_title"] == "Senior Back End Developer"
    assert "Bachelor's degree in Computer Science" in first["text"]
    assert first["text"] in body["answer"] and "[1]" in body["answer"]


def test_conversation_id_is_kept_when_given(client):
    body = ask(client, "hello", conversation_id="c_abc123").get_json()
    assert body["conversation_id"] == "c_abc123"


def test_careers_wide_question_without_posting(client):
    body = ask(client, "how many years of experience").get_json()
    assert body["kind"] == "answer"
    assert "Minimum of 5 years" in body["citations"][0]["text"]


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        ("hi", "smalltalk"),
        ("thanks!", "smalltalk"),
        ("can I talk to a human?", "handoff"),
        ("do you sponsor visas?", "no_answer"),
        ("what's the weather like today", "no_answer"),
    ],
)
def test_kinds(client, message, kind):
    body = ask(client, message, posting=POSTING).get_json()
    assert body["kind"] == kind
    assert (body["citations"] != []) == (kind == "answer")


def test_no_answer_offers_a_contact(client):
    body = ask(client, "is this job remote?", posting=POSTING).get_json()
    assert body["kind"] == "no_answer"
    assert "contact" in body["answer"]


def test_follow_up_uses_history(client):
    history = [
        {"role": "user", "content": "do you use django"},
        {"role": "assistant", "content": "The posting says (Skills): “Django” [1]"},
    ]
    body = ask(client, "what about rails?", posting=POSTING, history=history).get_json()
    assert body["kind"] == "answer"
    assert "Ruby on Rails" in body["citations"][0]["text"]


def assert_error(response, status, code=None):
    assert response.status_code == status, response.get_data(as_text=True)
    body = response.get_json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    assert body["error"]["message"] and "Traceback" not in body["error"]["message"]
    if code:
        assert body["error"]["code"] == code


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"message": ""}, 422, "invalid_field"),
        ({"message": "   "}, 422, "invalid_field"),
        ({"message": "x" * 1001}, 422, "invalid_field"),
        ({"message": 42}, 422, "invalid_field"),
        ({}, 422, "invalid_field"),
        ({"message": "hi", "posting": 7}, 422, "invalid_field"),
        ({"message": "hi", "history": "nope"}, 422, "invalid_field"),
        ({"message": "hi", "history": [{"role": "robot", "content": "x"}]}, 422, "invalid_field"),
        ({"message": "hi", "history": [{"role": "user", "content": "x"}] * 21}, 422, "invalid_field"),
        ({"message": "hi", "conversation_id": "not-an-id"}, 422, "invalid_field"),
        ({"message": "hi", "surprise": True}, 422, "invalid_field"),
        ({"message": "hi", "posting": "no-such-posting"}, 404, "unknown_posting"),
    ],
)
def test_chat_refuses_bad_requests(client, body, status, code):
    assert_error(client.post("/api/v1/chat", json=body), status, code)


def test_message_limit_is_after_trimming(client):
    assert ask(client, "  " + "a" * 1000 + "  ").status_code == 200


def test_twenty_history_turns_are_fine(client):
    history = [{"role": "user", "content": "hello"}, {"role": "assistant", "content": "hi"}] * 10
    assert ask(client, "degree?", history=history).status_code == 200


def test_chat_not_json(client):
    assert_error(client.post("/api/v1/chat", data="{not json", content_type="application/json"), 400, "bad_json")


def test_chat_wrong_media_type(client):
    assert_error(client.post("/api/v1/chat", data="message=hi", content_type="text/plain"), 415)


def test_chat_body_not_an_object(client):
    assert_error(client.post("/api/v1/chat", json=["hi"]), 422)


def test_chat_method_not_allowed(client):
    assert_error(client.get("/api/v1/chat"), 405)


def test_unknown_route(client):
    assert_error(client.get("/api/v1/nothing-here"), 404)


def test_postings_list_and_detail(client):
    listing = client.get("/api/v1/postings").get_json()["postings"]
    assert [p["id"] for p in listing] == [POSTING]
    detail = client.get(f"/api/v1/postings/{POSTING}").get_json()
    assert detail["title"] == "Senior Back End Developer"
    assert detail["sections"][:4] == ["Overview", "Responsibilities", "Qualifications", "Skills"]
    assert len(detail["chunks"]) == 34
    assert {"id", "section", "text", "position"} <= set(detail["chunks"][0])


def test_unknown_posting_detail(client):
    assert_error(client.get("/api/v1/postings/nope"), 404, "unknown_posting")


def test_healthz(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}


def test_new_ids_are_unique_and_differ_in_a_forked_worker():
    import os

    from assistant.api import _CONVERSATION_ID, new_ids

    ids = [new_ids() for _ in range(3000)]
    assert len({i for pair in ids for i in pair}) == 6000
    assert all(_CONVERSATION_ID.match(c) and m.startswith("m_") for c, m in ids)
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # a gunicorn worker forked from the master
        os.write(write, new_ids()[1].encode())
        os._exit(0)
    os.waitpid(child, 0)
    assert os.read(read, 100).decode() != new_ids()[1]
