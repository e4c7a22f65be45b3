"""Confidence, citations and the answer text."""

import pytest

from assistant.answer import AnswerPolicy, compose_answer, compose_no_answer
from assistant.model import Chunk, Passage, Posting


def _passage(text, score, coverage=1.0, focus=True, tfidf=0.5):
    return Passage(Chunk(text[:8], "p", "Skills", text, 0), score, 1.0, tfidf, coverage, focus)


def test_confidence_rewards_coverage_and_focus():
    policy = AnswerPolicy()
    assert policy.confidence(_passage("a", 1, coverage=1.0)) == 1.0
    assert policy.confidence(_passage("a", 1, coverage=1.0, focus=False)) < policy.threshold + 0.3
    assert policy.confidence(_passage("a", 1, coverage=0.1, tfidf=0.0)) < policy.threshold


def test_companions_need_the_focus():
    top, close, weak, off = (_passage("Django", 1.0), _passage("Node.js", 0.9), _passage("Ruby", 0.6),
                             _passage("Docker", 0.6, focus=False))
    reply = compose_answer([top, off, close, weak], AnswerPolicy(), {"p": "Dev"})
    assert [c.passage.chunk.text for c in reply.citations] == ["Django", "Node.js", "Ruby"]
    assert "“Django” [1]" in reply.answer and "It also says" in reply.answer
    assert "See also (Skills): “Ruby” [3]" in reply.answer


def test_companions_must_clear_the_confidence_bar_on_their_own():
    top, weak = _passage("Django", 1.0), _passage("Flask", 0.95, coverage=0.15, tfidf=0.0)
    policy = AnswerPolicy()
    assert policy.confidence(weak) < policy.threshold
    reply = compose_answer([top, weak], policy, {"p": "Dev"})
    assert [c.passage.chunk.text for c in reply.citations] == ["Django"]


def test_no_answer_offers_the_contact():
    posting = Posting("p", "Dev", (), contact="jobs@example.com")
    assert "jobs@example.com" in compose_no_answer(posting, 0.1).answer


@pytest.mark.parametrize("kwargs", [{"threshold": 2}, {"max_citations": 0}])
def test_bad_policy(kwargs):
    with pytest.raises(ValueError):
        AnswerPolicy(**kwargs)


def test_a_figure_in_words_answers_how_many():
    policy = AnswerPolicy()
    worded, bare = _passage("Most roles follow the same five steps.", 1.0), _passage("We interview in steps.", 1.0)
    assert policy.confidence(worded, needs_figure=True) == 1.0
    assert policy.confidence(bare, needs_figure=True) < policy.threshold


def test_where_is_answered_only_by_a_passage_naming_a_place():
    policy = AnswerPolicy()
    placed = _passage("The team works from our office in Lisbon.", 1.0)
    aside = _passage("The salary varies based on location and experience.", 1.0)
    assert policy.confidence(placed, needs_place=True) == 1.0
    assert policy.confidence(aside, needs_place=True) < policy.threshold
    assert policy.confidence(aside) == 1.0  # "does the salary depend on location?" it answers
