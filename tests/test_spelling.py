"""Typo correction over the words the corpus knows."""

import pytest

from assistant.spelling import Speller, edit_distance

KNOWN = ["postgres", "javascript", "experience", "kubernetes", "rust", "django", "degree", "salary"]


@pytest.mark.parametrize("typo, fixed", [("postgress", "postgres"), ("javascrpt", "javascript"),
                                         ("experiance", "experience"), ("djnago", "django")])
def test_fixes_typos(typo, fixed):
    assert Speller().fit(KNOWN).correct(typo)[0] == fixed


@pytest.mark.parametrize("word", ["rust", "kubernetes"])
def test_known_words_stay(word):
    assert Speller().fit(KNOWN).correct(word) == (word, 0)


def test_far_or_short_words_are_left_alone():
    speller = Speller().fit(KNOWN)
    assert speller.correct("banana") is None
    assert speller.correct("js") is None


def test_of_candidates_as_near_the_one_keeping_the_first_letter_wins():
    # "sign" and "design" are each one edit from "dsign", and "sign" shares more of its letter groups
    assert Speller().fit(["sign", "design"]).correct("dsign") == ("design", 1)


def test_swap_is_one_edit():
    assert edit_distance("teh", "the", 2) == 1
    assert edit_distance("abcdef", "uvwxyz", 1) == 2  # capped at limit + 1


def test_unfitted_and_bad_settings():
    assert Speller().correct("postgress") is None
    with pytest.raises(ValueError, match="min_similarity"):
        Speller(min_similarity=0)


@pytest.mark.parametrize("word", ["experiance", "postgress", "a", "go", "javascrpt", "responsibilites"])
def test_similarities_equal_scikit_learns_transform(word):
    import numpy as np

    from assistant.spelling import _Part, char_wb_ngrams

    known = ["experience", "postgres", "javascript", "docker", "git", "responsibilities", "go"]
    part = _Part(known)
    assert char_wb_ngrams(word) == part.vectorizer.build_analyzer()(word)
    expected = (part.vectorizer.transform([word]) @ part.vectorizer.transform(known).T).toarray().ravel()
    assert np.allclose(part.similarities(word), expected)
