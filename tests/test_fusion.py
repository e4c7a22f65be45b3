"""Fusing BM25, TF-IDF and the heading field."""

import numpy as np
import pytest

from assistant.fusion import Fuser


def test_weighted_scales_each_signal_to_its_best():
    fused = Fuser(weight=0.5).fuse(np.array([2.0, 1.0, 0.0]), np.array([0.1, 0.2, 0.0]))
    assert fused == pytest.approx([0.75, 0.75, 0.0])


def test_heading_field_breaks_a_tie():
    fused = Fuser(heading_weight=0.3).fuse(np.array([1.0, 1.0]), np.array([1.0, 1.0]), np.array([0.0, 2.0]))
    assert fused[1] > fused[0] and fused.max() == pytest.approx(1.0)


def test_an_faq_question_heading_weighs_more_than_a_section_name():
    fuser = Fuser(heading_weight=0.1, question_weight=0.4)
    bm25, tfidf, heading = np.array([1.0, 0.5]), np.array([1.0, 1.0]), np.array([2.0, 2.0])
    # the second passage is weaker in the body: its heading makes up for more of it when it is an FAQ question
    as_section = fuser.fuse(bm25, tfidf, heading, np.array([False, False]))
    as_question = fuser.fuse(bm25, tfidf, heading, np.array([False, True]))
    assert as_question[0] == pytest.approx(as_section[0]) == pytest.approx(1.0)
    assert as_section[1] == pytest.approx(0.75 * 0.9 + 0.1) and as_question[1] == pytest.approx(0.75 * 0.6 + 0.4)
    # without the flags, every heading is a section name
    assert fuser.fuse(bm25, tfidf, heading) == pytest.approx(as_section)


def test_rrf_best_gets_one():
    fused = Fuser("rrf").fuse(np.array([3.0, 1.0]), np.array([2.0, 1.0]))
    assert fused[0] == pytest.approx(1.0) and fused[1] < 1.0


def test_empty_and_mismatched():
    assert Fuser().fuse(np.zeros(0), np.zeros(0)).size == 0
    with pytest.raises(ValueError, match="shape"):
        Fuser().fuse(np.zeros(2), np.zeros(3))


@pytest.mark.parametrize("kwargs, message", [({"method": "max"}, "method"), ({"weight": 2}, "weight"),
                                             ({"rrf_k": 0}, "rrf_k"), ({"heading_weight": 1}, "heading_weight"),
                                             ({"question_weight": -0.1}, "question_weight")])
def test_bad_settings(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Fuser(**kwargs)
