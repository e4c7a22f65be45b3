"""The careers-assistant command: ask and eval print what the API and the evaluation say."""

from __future__ import annotations

import json

import pytest

from assistant.cli import main


@pytest.fixture(autouse=True)
def database(tmp_path, monkeypatch):
    monkeypatch.setenv("ASSISTANT_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("ASSISTANT_RATE_LIMIT", "off")


def test_ask_prints_the_api_json(capsys):
    assert main(["ask", "how many years of experience?", "--posting", "senior-back-end-developer", "--json"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["kind"] == "answer"
    assert "Minimum of 5 years" in body["citations"][0]["text"]


def test_ask_unknown_posting_fails_with_the_error_json(capsys):
    assert main(["ask", "degree?", "--posting", "nope"]) == 1
    assert json.loads(capsys.readouterr().out)["error"]["code"] == "unknown_posting"


def test_eval_reports_the_assistant_and_both_baselines(tmp_path, capsys):
    dialogues = [
        {"id": "q1", "category": "direct", "turns": [
            {"message": "how many years of experience", "posting": "senior-back-end-developer",
             "expect": {"kind": "answer", "gold": ["Minimum of 5 years"]}}]},
        {"id": "q2", "category": "out_of_scope", "turns": [
            {"message": "do you sponsor visas", "posting": "senior-back-end-developer",
             "expect": {"kind": "no_answer"}}]},
        {"id": "q3", "category": "smalltalk", "turns": [
            {"message": "thanks!", "posting": "senior-back-end-developer", "expect": {"kind": "smalltalk"}}]},
    ]
    path = tmp_path / "tiny.jsonl"
    path.write_text("\n".join(json.dumps(d) for d in dialogues) + "\n")
    assert main(["eval", str(path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    overall = report["assistant"]["overall"]
    assert overall["hit@1"] == 1.0 and overall["rightly_declined"] == 1.0
    assert overall["smalltalk_handoff_right"] == 1.0
    assert report["rank_bm25"]["overall"]["answerable"] == 1
    assert report["tfidf"]["overall"]["answerable"] == 1
    assert set(report["assistant"]) == {"overall", "direct", "out_of_scope", "smalltalk"}


def test_eval_table_for_people(tmp_path, capsys):
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps({"id": "q", "category": "direct", "turns": [
        {"message": "degree?", "posting": "senior-back-end-developer",
         "expect": {"kind": "answer", "gold": ["Bachelor"]}}]}) + "\n")
    assert main(["eval", str(path)]) == 0
    out = capsys.readouterr().out
    assert "hit@1" in out and "bm25" in out and "tfidf" in out


def test_eval_refuses_a_broken_file(tmp_path, capsys):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "x"}\n')
    assert main(["eval", str(path)]) == 2
    assert "bad.jsonl:1" in capsys.readouterr().err


def test_eval_missing_file(tmp_path, capsys):
    assert main(["eval", str(tmp_path / "nope.jsonl")]) == 2
    assert "nope.jsonl" in capsys.readouterr().err
