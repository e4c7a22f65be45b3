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
    # a phrase working as a preposition holds no topic word, and the text keeps its length
    ("varies based on location", ["varies", "on", "on", "location"]),
    ("Where are you based?", ["where", "are", "you", "based"]),
    ("based in Denver", ["based", "in", "denver"]),
])
def test_words(text, expected):
    assert tokens.words(text) == expected


def test_back_end_meets_backend():
    assert tokens.stem("backend") in tokens.terms("back-end")
    assert tokens.terms("BACKEND") == tokens.terms("backend")


@pytest.mark.parametrize("british, american", [
    ("behavioural", "behavioral"), ("colour", "color"), ("organisation", "organization"), ("specialise", "specialize"),
    ("centre", "center"), ("licence", "license"), ("travelled", "traveled"), ("programme", "program"),
    ("analyse", "analyze"), ("judgement", "judgment"), ("enrolment", "enrollment"),
])
def test_british_and_american_spellings_are_one_term(british, american):
    assert tokens.stem(british) == tokens.stem(american)


@pytest.mark.parametrize("word, other", [
    # the rule would propose these, but the variant is not the commoner spelling (or not a word)
    ("devour", "devor"), ("detour", "detor"), ("filled", "filed"), ("advise", "advize"), ("expertise", "expertize"),
    ("science", "sciense"), ("spelling", "speling"), ("raise", "raize"),
])
def test_words_that_only_look_british_stay_apart(word, other):
    assert tokens.stem(word) != tokens.stem(other)


@pytest.mark.parametrize("word", ["node.js", "c++", "c#", ".net", "ci/cd"])
def test_technical_names_are_not_stemmed(word):
    assert tokens.terms(word) == [word]


def test_stop_words_only_drop_from_questions():
    assert tokens.content_words("is it a must for me?") == []
    assert "must" in tokens.words("is it a must for me?")
    assert tokens.content_words("do you use Django") == ["django"]
    # an indefinite pronoun or a filler adverb carries no topic: "honestly" is not what is asked
    assert tokens.content_words("honestly, would someone review my code?") == ["review", "code"]
    # chat spellings of function words are function words: "shud" is no rarer topic than "should"
    assert tokens.content_words("wat languages shud i know") == ["languages"]


def test_empty_text():
    assert tokens.words("") == [] and tokens.terms("  ") == []


@pytest.mark.parametrize("text, figure", [("Minimum of 5 years", True), ("Most roles follow the same five steps", True),
                                          ("three to five weeks", True), ("one of the team", False),
                                          ("Experience with Git", False)])
def test_figures_in_digits_or_words(text, figure):
    assert tokens.has_figure(text) is figure


@pytest.mark.parametrize("text, heading, place", [
    ("The average salary for a Senior Back End Developer varies based on location, experience, and company size.",
     "FAQ What is the average salary for a Senior Back End Developer?", False),  # names only what its heading does
    ("Location: Berlin, Germany", "Overview", True),
    ("This role is fully remote within the EU.", "About the role", True),
    ("Our office is two blocks from the station.", "Workplace", True),
    ("Austin", "Location", True),  # under a location heading
    ("Minimum of 5 years of experience in back-end development.", "Qualifications", False),
])
def test_a_passage_names_a_place(text, heading, place):
    assert tokens.names_place(text, heading) is place
