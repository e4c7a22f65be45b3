"""Reading a question into concepts: lexicon phrases, compounds, typos, stop words."""

import pytest

from assistant.loading import load_assistant
from assistant.query import QueryReader, asks_for_number


@pytest.fixture(scope="module")
def reader():
    assistant = load_assistant()
    index = assistant.index
    return QueryReader(assistant.lexicon, assistant.speller, lambda term: index.term_id(term) is not None)


def _alternatives(query):
    return {alt for concept in query.concepts for alt in concept.alternatives}


def test_abbreviation_meets_phrase(reader):
    assert ("rubi~rail",) in _alternatives(reader.read("do you use RoR?"))


def test_a_lexicon_phrase_of_several_words_is_one_term_found_close_together(reader):
    alternatives = _alternatives(reader.read("is there an application deadline?"))
    assert ("applic~deadlin",) in alternatives and ("deadlin", ) not in alternatives
    # a compound taken apart from a question's own words is not a lexicon phrase: its words are read as they are
    assert ("code", "base") in _alternatives(reader.read("is the code base old?"))


def test_typo_is_corrected(reader):
    query = reader.read("do you use postgress")
    assert ("postgress", "postgres") in query.corrections


def test_stop_words_only_give_no_concepts(reader):
    assert reader.read("is it that one?").concepts == ()
    assert reader.read("").concepts == ()


@pytest.mark.parametrize("question, expected", [("how many years of experience", True),
                                                ("what is the minimum degree", True),
                                                ("which databases do you use", False)])
def test_asks_for_number(question, expected):
    assert asks_for_number(question.split()) is expected


def test_context_resolves_and_replaces(reader):
    earlier = reader.read("do you use django")
    later = reader.read("what about rails")
    assert [c.weight for c in later.with_context(earlier, 0.5).concepts][-1] == 0.5
    assert [c.label for c in later.with_context(earlier, 0.5, replaced="django").concepts] == ["rails"]
    assert later.with_context(earlier, 0.5, resolved="django").concepts[-1].weight == 1.0


def test_what_the_candidate_has_is_theirs_not_a_requirement(reader):
    query = reader.read("with 4 yrs of python?").of_the_candidate(0.5)
    weights = {c.label: (c.weight, c.named) for c in query.concepts}
    assert weights["python"] == (0.5, False) and weights["4"] == (0.5, False)  # their Python, their figure
    assert weights["yrs"] == (1.0, False)  # what the answer is about
    alone = reader.read("with python?").of_the_candidate(0.5)
    assert [(c.weight, c.named) for c in alone.concepts] == [(1.0, False)]  # all it says: still the subject


def test_a_compound_does_not_run_across_punctuation(reader):
    modifiers = {c.label: c.modifier for c in reader.read("what to wear at work, formal?").concepts}
    assert modifiers["formal"] is None  # "work, formal" is two answers to one question, not a kind of formal
    assert {c.label: c.modifier for c in reader.read("what to wear at work formal?").concepts}["formal"] is not None
    modifiers = {c.label: c.modifier for c in reader.read("postgres database experience, required?").concepts}
    assert modifiers["experience"] is not None and modifiers["required"] is None


@pytest.mark.parametrize("question, expected", [
    ("where is the job located", True), ("location?", True), ("what city is the job in", True),
    ("where would i be working", True), ("what's the office location", True), ("where r u based", True),
    ("does the salary depend on location?", False), ("where do i send my resume", False),
    ("where can i apply", False), ("what is the salary", False),
])
def test_asks_for_place(reader, question, expected):
    assert reader.read(question).needs_place is expected


def test_a_technology_named_by_a_function_word_is_read_when_nothing_else_is_asked(reader):
    assert [(c.label, c.named) for c in reader.read("go?").concepts] == [("go", True)]
    assert [c.label for c in reader.read("can i go home early").concepts] == ["home", "early"]


@pytest.mark.parametrize("question, expected", [
    ("what cloud do you use", True), ("which db?", True), ("what frameworks", True), ("whats the tech stack", True),
    ("do you use docker?", False), ("what language do teams communicate in", False), ("what is the salary", False),
])
def test_asks_which_technology(reader, question, expected):
    assert reader.read(question).needs_technology is expected


def test_a_plain_word_takes_the_thesaurus_synonyms_the_corpus_holds_as_related_words(reader):
    concept = next(c for c in reader.read("do you do code critiques?").concepts if c.label == "critiques")
    assert ("review",) in concept.related and ("review",) not in concept.alternatives
    # only synonyms some passage holds are kept: "prep" of "homework" is in no passage of the seed posting
    assert all(reader.known_term(term) for alternative in concept.related for term in alternative)
    homework = next(c for c in reader.read("is there homework?").concepts if c.label == "homework")
    assert homework.related == ()


def test_a_named_technology_takes_no_synonyms_and_is_no_synonym(reader):
    # "bum" is a synonym of "git" in everyday English: Git counts only where the candidate names it
    assert all(concept.related == () for concept in reader.read("bum?").concepts)
    assert all(concept.related == () for concept in reader.read("do you use ruby?").concepts)


def test_a_hyphen_compound_is_one_concept_weighed_by_its_words(reader):
    from assistant.retrieve import topicality

    concept = next(c for c in reader.read("do i need hands-on experience?").concepts if ("handson",) in c.alternatives)
    assert concept.label == "hands on" and ("hand",) in concept.alternatives
    # as a phrase is: "handson" is a word English has never seen, so it would count as the rarest, most topical
    assert topicality(concept) < 0.6


def test_a_slip_that_stems_like_a_word_of_another_meaning_is_corrected():
    from assistant import tokens
    from assistant.lexicon import Lexicon
    from assistant.spelling import Speller

    known = {tokens.stem(word) for word in ("employees", "employer")}
    reader = QueryReader(Lexicon(), Speller().fit(["employees", "employer"]), known.__contains__)
    # Snowball stems "employes" as it stems "employer": read as written, it would find the employer
    assert ("employes", "employees") in reader.read("how many employes do you have").corrections
    assert reader.read("who is the employer").corrections == ()  # a word English knows stays


def test_a_lexicon_phrase_saying_a_word_twice_must_stand_word_for_word():
    from assistant.query import NEAR, PHRASE, _lexicon_alternative

    assert _lexicon_alternative(("day", "to", "day")) == (PHRASE.join(("day", "to", "day")),)
    assert _lexicon_alternative(("typical", "day")) == (NEAR.join(("typic", "day")),)  # different words: near each other
