"""Small talk, handoff and follow-up detection."""

import pytest

from assistant import dialogue
from assistant.dialogue import Turn


@pytest.mark.parametrize("message, kind", [("hi", "greeting"), ("are you there?", "greeting"), ("r u there", "greeting"),
                                           ("is anyone there?", "greeting"), ("help", "greeting"),
                                           ("can you help me?", "greeting"), ("help me find the salary", None),
                                           ("Thanks a lot!", "thanks"), ("bye", "goodbye"),
                                           ("are you a bot?", "identity"), ("do I need a degree?", None)])
def test_smalltalk_kind(message, kind):
    assert dialogue.smalltalk_kind(message) == kind


@pytest.mark.parametrize("message, wanted", [("can I talk to a recruiter", True), ("real person please", True),
                                             ("Who do I talk to about this job?", True), ("who should i speak with", True),
                                             ("who will I work with", False),
                                             ("do you use python", False)])
def test_asks_for_person(message, wanted):
    assert dialogue.asks_for_person(message) is wanted


def test_follow_up_cues():
    assert dialogue.refers_back("is it required?") and not dialogue.refers_back("is a degree required?")
    assert not dialogue.refers_back("is there equity?") and not dialogue.refers_back("there are bonuses, right?")
    assert dialogue.refers_back("what do people do there?")
    assert dialogue.swaps_subject("What about Rails?") and not dialogue.swaps_subject("what about it?")
    assert dialogue.is_follow_up("and python?", 1) and not dialogue.is_follow_up("do you use python or django", 2)


def test_strip_greeting_keeps_the_question():
    assert dialogue.strip_greeting("hi, do I need a degree?") == "do I need a degree?"


def test_history_helpers():
    history = [Turn("user", "hello"), Turn("assistant", "Hello!"), Turn("user", "salary?"),
               Turn("assistant", dialogue.NO_ANSWER_OPENING + " x"), Turn("user", "visa?"),
               Turn("assistant", dialogue.NO_ANSWER_OPENING + " y")]
    assert dialogue.earlier_questions(history) == ["visa?", "salary?"]
    assert dialogue.recent_misses(history) == 2


@pytest.mark.parametrize("message, asked, about_me", [
    ("I've done PHP for six years and I never finished uni, is a degree required?",
     "is a degree required?", "I've done PHP for six years I never finished uni"),
    ("I'm self taught. do i need a CS degree", "do i need a CS degree", "I'm self taught."),
    ("currently a frontend dev - do you use docker", "do you use docker", "currently a frontend dev"),
    ("I'm a mom of two so I'd need to know the working hours", "I'd need to know the working hours", "I'm a mom of two"),
    # a clause in the first person that asks is the question
    ("I was wondering, do you sponsor visas?", "I was wondering, do you sponsor visas?", ""),
    ("I need a degree?", "I need a degree?", ""),
    # nothing about the candidate, or nothing else: the whole message is the question
    ("what's the salary, and is it remote?", "what's the salary, and is it remote?", ""),
    ("I have 5 years of Python", "I have 5 years of Python", ""),
])
def test_split_context_keeps_the_question_apart_from_what_candidates_say_of_themselves(message, asked, about_me):
    assert dialogue.split_context(message) == (asked, about_me)


@pytest.mark.parametrize("message, asked, purpose", [
    ("do i need a degree to apply", "do i need a degree", "to apply"),
    ("do I need a CS degree to apply for this job?", "do I need a CS degree", "to apply for this job?"),
    ("how many yrs exp do i need before applying", "how many yrs exp do i need", "before applying"),
    ("how long should I have worked in backend before I can apply?", "how long should I have worked in backend",
     "before I can apply?"),
    ("can i still apply without a degree?", "without a degree?", "can i still apply"),
    ("Could I apply for the role if I only know Python", "if I only know Python", "Could I apply for the role"),
    ("would i qualify with 4 yrs of python?", "with 4 yrs of python?", "would i qualify"),
    ("Would I be considered for this role without a degree?", "without a degree?",
     "Would I be considered for this role"),
    ("if i have 6 years of node.js can i apply", "if i have 6 years of node.js", "can i apply"),
    ("If I only know Java, could I still apply?", "If I only know Java", "could I still apply?"),
    ("without a degree would i be considered?", "without a degree", "would i be considered?"),
    # applying is the subject: nothing to split
    ("can i apply?", "can i apply?", ""),
    ("how do i apply for this job", "how do i apply for this job", ""),
    ("to apply", "to apply", ""),
    ("can I apply if", "can I apply if", ""),
    ("would i qualify?", "would i qualify?", ""),
    ("if i apply can i withdraw later", "if i apply can i withdraw later", ""),
])
def test_applying_as_the_purpose_of_a_question_is_context_not_its_subject(message, asked, purpose):
    assert dialogue.split_purpose(message) == (asked, purpose)
    assert dialogue.split_context(message) == (asked, purpose)


def test_purpose_and_what_candidates_say_of_themselves_are_one_context():
    assert dialogue.split_context("I'm self taught. do i need a degree to apply?") == (
        "do i need a degree", "I'm self taught. to apply?")


def test_a_question_that_points_back_at_the_candidate_leans_on_context():
    assert dialogue.leans_on_context("is that enough?") and dialogue.leans_on_context("would it count")
    assert not dialogue.leans_on_context("is a degree required for this role?")


def test_the_handoff_word_check_never_changes_what_the_patterns_say():
    """Messages without any of the handoff words skip the patterns: on every message of every evaluation set
    (handoff requests among them) the answer is the patterns' own."""
    import json
    from pathlib import Path

    from assistant.dialogue import _ASKS_FOR_PERSON, _asks_for_person, _normal

    messages = [turn["message"] for path in (Path(__file__).parent / "eval").rglob("*.jsonl")
                for line in path.read_text().splitlines() if line.strip() for turn in json.loads(line)["turns"]]
    asking = [m for m in messages if _ASKS_FOR_PERSON.search(_normal(m))]
    assert len(messages) > 1000 and len(asking) > 20
    for message in messages:
        text = _normal(message)
        assert _asks_for_person(text) == (_ASKS_FOR_PERSON.search(text) is not None), message


@pytest.mark.parametrize("question, theirs", [
    ("with 4 yrs of python?", True),
    ("if I only know Java", True),
    ("without a degree?", True),
    ("having 3 years of go", True),
    ("is python required?", False),
    ("what is the salary with benefits?", False),
    ("as a senior, what would i do?", False),
    ("with which databases do you work?", False),
    ("if you use react, do you use redux?", False),
])
def test_a_question_opening_with_what_the_candidate_has_states_their_background(question, theirs):
    assert dialogue.states_own_background(question) is theirs


@pytest.mark.parametrize("message, expected", [
    ("what jobs do you have", True), ("any openings?", True), ("Are you hiring right now?", True),
    ("which positions are available", True), ("jobs?", True), ("hi, what jobs do you have?", True),
    ("thanks. any other openings?", True),
    ("any remote jobs", False), ("do you have jobs in berlin", False), ("which roles pay the most", False),
    ("can i apply for two jobs", False), ("how do i apply", False),
])
def test_asks_for_openings(message, expected):
    assert dialogue.asks_for_openings(message) is expected
