"""The one tokenizer: technical names kept whole, case/accents/apostrophes/hyphens folded."""

import pytest

from assistant import tokens


@pytest.mark.parametrize("text, expected", [
    ("Node.js and C++", ["node.js", "and", "c++"]),
    ("C# on .NET", ["c#", "on", ".net"]),
    ("CI/CD pipelines", ["ci/cd", "pipelines"]),
    ("Bachelor’s Café", ["bachelors", "cafe"]),
    ("back-end", ["backend", "back", "end"]),
    ("It ends here.", ["it", "ends", "here"]),
])
def test_words(text, expected):
    assert tokens.words(text) == expected


def test_back_end_meets_backend():
    assert tokens.stem("backend") in tokens.terms("back-end")
    assert tokens.terms("BACKEND") == tokens.terms("backend")


@pytest.mark.parametrize("word", ["node.js", "c++", "c#", ".net", "ci/cd"])
def test_technical_names_are_not_stemmed(word):
    assert tokens.terms(word) == [word]


def test_stop_words_only_drop_from_questions():
    assert tokens.content_words("is it a must for me?") == []
    assert "must" in tokens.words("is it a must for me?")
    assert tokens.content_words("do you use Django") == ["django"]


def test_empty_text():
    assert tokens.words("") == [] and tokens.terms("  ") == []


@pytest.mark.parametrize("text, figure", [("Minimum of 5 years", True), ("Most roles follow the same five steps", True),
                                          ("three to five weeks", True), ("one of the team", False),
                                          ("Experience with Git", False)])
def test_figures_in_digits_or_words(text, figure):
    assert tokens.has_figure(text) is figure
