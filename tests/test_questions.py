"""The question log: masking, the chat hook, feedback, grouped questions, stats and the purge."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from assistant import create_app, database, question_log
from assistant.engine import Assistant
from assistant.masking import mask_contacts
from assistant.model import Block, Posting
from assistant.question_log import LoggedTurn, group_key

POSTING = "backend-developer"
NOW = dt.datetime.now(dt.timezone.utc)


@pytest.mark.parametrize("text, expected", [
    ("Call me on +44 20 7946 0958 please", "Call me on [phone] please"),
    ("my number is (555) 123-4567.", "my number is [phone]."),
    ("555-123-4567", "[phone]"),
    ("+1 (555) 123-4567 after 5pm", "[phone] after 5pm"),
    ("0044 20 7946 0958", "[phone]"),
    ("07946 095811", "[phone]"),
    ("write to john.doe+jobs@example.co.uk", "write to [email]"),
    ("Mail John.Doe@Example.COM, thanks", "Mail [email], thanks"),
    ("a@b.io or +49 30 1234567", "[email] or [phone]"),
])
def test_emails_and_phone_numbers_are_masked(text, expected):
    assert mask_contacts(text) == expected


@pytest.mark.parametrize("text", [
    "I have 5 years of experience", "Is the salary reviewed in 2024?", "I worked there from 2019-2023",
    "I worked there (2019 - 2023)", "Can I start on 2024-05-01?", "or 25/05/2024", "Is it $120,000?",
    "a range of 120000-150000", "is it 40 hours per week", "3.5 years with Node.js 18.2", "at 10:30",
])
def test_other_numbers_are_left_alone(text):
    assert mask_contacts(text) == text


@pytest.mark.parametrize("one, other, same", [
    ("What's the salary?", "salary??", True),
    ("What is the Salary", "what's the salary", True),
    ("Is the role remote?", "Remote role?", True),
    ("What is the salary?", "Is the role remote?", False),
])
def test_near_identical_questions_share_a_group(one, other, same):
    assert (group_key(one) == group_key(other)) is same


def turn(message_id: str, question: str, kind: str = "no_answer", confidence: float = 0.2,
         posting: str | None = POSTING) -> LoggedTurn:
    return LoggedTurn(message_id, "c_test", posting, question, kind, confidence, None)


def rows(engine) -> list[dict]:
    with engine.connect() as connection:
        return [dict(row._mapping) for row in connection.execute(select(database.questions))]


def test_a_chat_turn_is_logged_masked_and_without_the_address(app, client):
    response = client.post("/api/v1/chat", json={"message": "Is the role remote? Call +44 20 7946 0958",
                                                 "posting": POSTING},
                           environ_base={"REMOTE_ADDR": "203.0.113.9"}, headers={"X-Forwarded-For": "198.51.100.7"})
    reply = response.get_json()
    assert rows(app.extensions["storage"].engine) == []  # the reply did not wait for the database ...
    assert app.extensions["question_log"].flush() == 1  # ... the next flush writes the turn
    (row,) = rows(app.extensions["storage"].engine)
    assert row["question"] == "Is the role remote? Call [phone]"
    assert (row["posting"], row["kind"], row["message_id"], row["conversation_id"]) == (
        POSTING, reply["kind"], reply["message_id"], reply["conversation_id"])
    assert row["confidence"] == pytest.approx(reply["confidence"])
    assert row["top_passage"] == (reply["citations"][0]["id"] if reply["citations"] else None)
    assert not any(address in str(value) for value in row.values() for address in ("203.0.113.9", "198.51.100.7"))


def test_a_failing_log_never_fails_the_chat_and_keeps_the_turn(app, client, monkeypatch):
    from sqlalchemy.exc import OperationalError

    def broken(*args, **kwargs):
        raise OperationalError("INSERT", {}, Exception("disk full"))

    writer = app.extensions["question_log"]
    monkeypatch.setattr(question_log, "log_turns", broken)
    assert client.post("/api/v1/chat", json={"message": "Is the role remote?", "posting": POSTING}).status_code == 200
    writer.flush_quietly()
    monkeypatch.undo()
    assert writer.flush() == 1 and len(rows(app.extensions["storage"].engine)) == 1


def test_feedback_waits_for_a_reply_another_worker_has_not_written_yet(make_app):
    answering, rating = make_app(REFRESH_SECONDS=0.1), make_app(REFRESH_SECONDS=2.0)
    reply = answering.test_client().post("/api/v1/chat", json={"message": "Is the role remote?"}).get_json()
    response = rating.test_client().post("/api/v1/feedback", json={"message_id": reply["message_id"], "helpful": True})
    assert response.status_code == 201


def test_feedback_is_recorded_masked_and_the_latest_counts(app, client):
    message_id = client.post("/api/v1/chat", json={"message": "Is the role remote?"}).get_json()["message_id"]
    response = client.post("/api/v1/feedback", json={"message_id": message_id, "helpful": True})
    assert response.status_code == 201 and response.get_json()["recorded"] is True
    client.post("/api/v1/feedback", json={"message_id": message_id, "helpful": False,
                                          "comment": "wrong, mail me at me@example.com"})
    with app.extensions["storage"].engine.connect() as connection:
        (row,) = connection.execute(select(database.feedback)).all()
    assert (row.helpful, row.comment) == (False, "wrong, mail me at [email]")


@pytest.mark.parametrize("body, status", [
    ({"message_id": "m_unknown", "helpful": True}, 404),
    ({"helpful": True}, 422),
    ({"message_id": "m_x", "helpful": "yes"}, 422),
    ({"message_id": "not-an-id", "helpful": True}, 422),
    ({"message_id": "m_x", "helpful": True, "comment": "x" * 1001}, 422),
    ({"message_id": "m_x", "helpful": True, "rating": 5}, 422),
])
def test_feedback_refuses_unknown_messages_and_bad_fields(client, body, status):
    response = client.post("/api/v1/feedback", json=body)
    assert response.status_code == status
    assert set(response.get_json()["error"]) == {"code", "message"}


def test_feedback_must_be_json(client):
    assert client.post("/api/v1/feedback", data="helpful", content_type="text/plain").status_code == 415


def test_unanswered_questions_are_grouped_most_asked_first(app, client, auth):
    engine = app.extensions["storage"].engine
    for number, question in enumerate(["What's the salary?", "salary??", "What is the salary", "Is there a gym?"]):
        question_log.log_turn(engine, turn(f"m_{number}", question))
    question_log.log_turn(engine, turn("m_answered", "Is the role remote?", "answer", 0.9))
    body = client.get("/api/v1/admin/questions?status=unanswered", headers=auth).get_json()
    groups = body["questions"]
    assert [(g["count"], g["kind"], g["posting"]) for g in groups] == [(3, "no_answer", POSTING), (1, "no_answer", POSTING)]
    assert sorted(groups[0]["examples"]) == ["What is the salary", "What's the salary?", "salary??"]
    assert groups[0]["question"] in groups[0]["examples"]
    assert groups[1]["question"] == "Is there a gym?"
    assert dt.datetime.fromisoformat(groups[0]["last_asked"]) <= dt.datetime.now(dt.timezone.utc)


def test_questions_filter_by_status_posting_and_date(app, client, auth):
    engine = app.extensions["storage"].engine
    question_log.log_turn(engine, turn("m_old", "Is there a gym?"), at=NOW - dt.timedelta(days=10))
    question_log.log_turn(engine, turn("m_other", "Is there a gym?", posting="product-designer"))
    question_log.log_turn(engine, turn("m_low", "Do you pay relocation?", "answer", 0.6))
    question_log.log_turn(engine, turn("m_sure", "Is the role remote?", "answer", 0.95))

    def asked(query: str) -> list[tuple[str, int]]:
        response = client.get(f"/api/v1/admin/questions?{query}", headers=auth)
        assert response.status_code == 200, response.get_json()
        return sorted((g["question"], g["count"]) for g in response.get_json()["questions"])

    assert asked(f"status=unanswered&posting={POSTING}") == [("Is there a gym?", 1)]
    assert asked("status=unanswered") == [("Is there a gym?", 1), ("Is there a gym?", 1)]
    since = (NOW - dt.timedelta(days=2)).date().isoformat()
    assert asked(f"status=unanswered&since={since}") == [("Is there a gym?", 1)]
    assert asked("status=low_confidence") == [("Do you pay relocation?", 1)]
    assert client.post("/api/v1/feedback", json={"message_id": "m_sure", "helpful": False}).status_code == 201
    assert asked("status=unhelpful") == [("Is the role remote?", 1)]
    assert len(asked("status=all")) == 4


@pytest.mark.parametrize("query", ["status=bogus", "since=yesterday", "limit=0", "limit=x"])
def test_admin_questions_refuse_bad_parameters(client, auth, query):
    response = client.get(f"/api/v1/admin/questions?{query}", headers=auth)
    assert response.status_code == 422 and response.get_json()["error"]["code"] == "invalid_field"


@pytest.mark.parametrize("path", ["/api/v1/admin/questions", "/api/v1/admin/stats"])
def test_admin_routes_need_a_token(client, path):
    response = client.get(path)
    assert response.status_code == 401 and response.get_json()["error"]["code"] == "missing_token"


def test_stats_count_per_day_answered_and_helpful(app, client, auth):
    engine = app.extensions["storage"].engine
    question_log.log_turn(engine, turn("m_1", "Is the role remote?", "answer", 0.9))
    question_log.log_turn(engine, turn("m_2", "Is there a gym?"))
    question_log.log_turn(engine, turn("m_3", "Is there a gym", "no_answer"), at=NOW - dt.timedelta(days=1))
    question_log.log_turn(engine, turn("m_4", "hello", "smalltalk", 1.0))
    question_log.record_feedback(engine, "m_1", True)
    question_log.record_feedback(engine, "m_2", False)
    body = client.get("/api/v1/admin/stats", headers=auth).get_json()
    assert (body["turns"], body["questions"], body["answered"]) == (4, 3, 1)
    assert body["answered_share"] == pytest.approx(1 / 3, abs=1e-3)
    assert (body["feedback"], body["helpful"], body["helpful_share"]) == (2, 1, 0.5)
    assert [day["turns"] for day in body["per_day"]] == [1, 3]
    assert body["per_day"][-1]["date"] == NOW.date().isoformat()
    assert body["top_unanswered"][0]["count"] == 2


def test_purge_deletes_only_entries_past_the_age(app):
    engine = app.extensions["storage"].engine
    question_log.log_turn(engine, turn("m_old", "old question"), at=NOW - dt.timedelta(days=40))
    question_log.log_turn(engine, turn("m_new", "new question"))
    assert question_log.record_feedback(engine, "m_new", True)
    assert question_log.purge(engine, 30) == (1, 0)
    assert [row["message_id"] for row in rows(engine)] == ["m_new"]
    with pytest.raises(ValueError, match="older_than_days must be >= 0, got -1"):
        question_log.purge(engine, -1)


def test_the_daily_purge_runs_once_a_day_across_processes(app):
    engine = app.extensions["storage"].engine  # the app's start already purged today
    question_log.log_turn(engine, turn("m_old", "old question"), at=NOW - dt.timedelta(days=40))
    assert question_log.purge_if_due(engine, 30) is None
    assert question_log.purge_if_due(engine, 30, at=NOW + dt.timedelta(days=1, hours=1)) == (1, 0)
    assert question_log.purge_if_due(engine, 30, at=NOW + dt.timedelta(days=1, hours=2)) is None


def test_a_start_purges_the_log_past_retention(make_app):
    first = make_app(RETENTION_DAYS=0)  # retention off: nothing is purged, nothing is marked
    engine = first.extensions["storage"].engine
    question_log.log_turn(engine, turn("m_old", "old question"), at=NOW - dt.timedelta(days=40))
    make_app(RETENTION_DAYS=30)
    assert rows(engine) == []


def test_without_a_database_feedback_says_so():
    engine = Assistant([Posting("x", "X", (Block("paragraph", "Some text.", "About"),))])
    client = create_app({"ASSISTANT": engine, "TESTING": True, "RATE_LIMIT": "off"}).test_client()
    response = client.post("/api/v1/feedback", json={"message_id": "m_x", "helpful": True})
    assert response.status_code == 503 and response.get_json()["error"]["code"] == "no_database"


def test_a_question_answered_since_it_was_asked_shows_what_answers_it_now(app, client, auth, corpus_dir):
    engine = app.extensions["storage"].engine
    question_log.log_turn(engine, turn("m_gym", "Is there a gym?"))
    question_log.log_turn(engine, turn("m_years", "How many years of experience do I need?"))
    listed = client.get("/api/v1/admin/questions?status=unanswered", headers=auth).get_json()["questions"]
    now = {group["question"]: group["answered_now"] for group in listed}
    assert now["Is there a gym?"] is None  # the posting still does not say
    assert "5 years" in now["How many years of experience do I need?"]["text"]

    markdown = (corpus_dir / f"{POSTING}.md").read_text(encoding="utf-8")
    markdown += "\n### Is there a gym?\n\nYes: a gym on the ground floor, free for every employee.\n"
    saved = client.put(f"/api/v1/postings/{POSTING}", data=markdown, headers=auth | {"Content-Type": "text/markdown"})
    assert saved.status_code == 200
    listed = client.get("/api/v1/admin/questions?status=unanswered", headers=auth).get_json()["questions"]
    gym = next(group for group in listed if group["question"] == "Is there a gym?")
    assert gym["answered_now"]["text"].startswith("Yes: a gym on the ground floor")
    assert gym["answered_now"]["posting"] == POSTING and 0 < gym["answered_now"]["confidence"] <= 1
    top = client.get("/api/v1/admin/stats", headers=auth).get_json()["top_unanswered"]
    assert {group["question"] for group in top if group["answered_now"]} == {"Is there a gym?",
                                                                             "How many years of experience do I need?"}
