"""Small talk, handoff and follow-up detection."""

import pytest

from assistant import dialogue
from assistant.dialogue import Turn


@pytest.mark.parametrize("message, kind", [("hi", "greeting"), ("Thanks a lot!", "thanks"), ("bye", "goodbye"),
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
