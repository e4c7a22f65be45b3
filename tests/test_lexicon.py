"""Solr-format synonyms: both line forms, longest phrase first, stems compared."""

import pytest

from assistant import tokens
from assistant.lexicon import Lexicon, LexiconError
from assistant.loading import lexicon_for


def _lexicon(*lines):
    lexicon = Lexicon()
    for line in lines:
        lexicon.add_line(line)
    return lexicon


def test_equivalence_group_goes_both_ways():
    lexicon = _lexicon("postgresql, postgres, pg")
    assert ("postgresql",) in lexicon.entries[("pg",)]
    assert ("pg",) in lexicon.entries[("postgresql",)]


def test_explicit_mapping_goes_one_way():
    lexicon = _lexicon("amazon web services => aws")
    assert lexicon.entries[("amazon", "web", "services")] == {("aws",), ("amazon", "web", "services")}
    assert ("aws",) not in lexicon.entries


def test_comments_keep_c_sharp():
    lexicon = _lexicon("# a comment", "c#, csharp  # trailing comment", "")
    assert ("c#",) in lexicon.entries[("csharp",)]


def test_longest_phrase_wins():
    lexicon = _lexicon("rails, ruby on rails, ror", "ruby")
    found = lexicon.find(tokens.words("do you use ruby on rails"))
    assert [(m.start, m.end) for m in found] == [(3, 6)]
    assert ("ror",) in found[0].alternatives


def test_inflections_find_an_entry():
    found = _lexicon("database, data store").find(tokens.words("which data stores"))
    assert [(m.start, m.end) for m in found] == [(1, 3)]


def test_bad_line_names_where():
    with pytest.raises(LexiconError, match="here:1"):
        Lexicon().add_line(" , => ,", where="here:1")


def test_bundled_synonyms_know_the_field():
    lexicon = lexicon_for(None)
    for phrase in [("k8s",), ("js",), ("ror",), ("cs",), ("pay",), ("yrs",), ("db",)]:
        assert phrase in lexicon.entries, phrase


def test_capitalised_entries_that_are_everyday_words_match_only_in_capitals():
    lexicon = Lexicon()
    lexicon.add_line("information technology, IT, it degree")
    assert lexicon.acronyms == {"IT": "information technology"}
    assert ("it",) not in lexicon.entries
    assert lexicon.expand_acronyms("would IT count?") == "would information technology count?"
    assert lexicon.expand_acronyms("is it remote?") == "is it remote?"


def test_a_quoted_phrase_is_kept_word_for_word():
    lexicon = _lexicon('"how do i apply", application process, "apply"')
    assert lexicon.exact == {("how", "do", "i", "apply")}  # one word in quotes is just that word
    assert ("application", "process") in lexicon.entries[("how", "do", "i", "apply")]


@pytest.mark.parametrize("text, named", [
    ("Familiarity with database management systems like MySQL, PostgreSQL, MongoDB.", True),
    ("Proven experience with server-side frameworks such as Node.js, Django, Ruby on Rails, etc.", True),
    ("specializing in high-demand technologies such as cloud services or cybersecurity", False),
    ("in spring 2024 most of our applications were approved", False),  # an everyday word, not capitalised
    ("Our services are written in Go and Spring Boot.", True),
    ("You will go to the office twice a week.", False),
])
def test_a_text_names_a_technology(text, named):
    assert lexicon_for(None).names_technology(text) is named


# --- the thesaurus (corpus/thesaurus.txt, from WordNet) ---------------------------------------
def test_the_bundled_thesaurus_gives_synonyms_of_a_word_and_of_its_inflections():
    lexicon = lexicon_for(None)
    assert "review" in lexicon.related("critique")
    assert "review" in lexicon.related("critiques")  # a plural finds its base form's entry
    assert "cooperate" in lexicon.related("collaborate") or "collaborate" in lexicon.related("cooperate")
    assert lexicon.related("part") == ()  # a word of many senses has none: its first sense is no safe bet
    assert Lexicon().related("critique") == ()


def test_a_thesaurus_file_is_read_word_by_word_and_a_bad_line_is_refused(tmp_path):
    good = tmp_path / "thesaurus.txt"
    good.write_text("# comment\nhomework: prep, take-home\nstipend: allowance\n", encoding="utf-8")
    lexicon = Lexicon().load_related(good)
    assert lexicon.related("homework") == ("prep", "takehome")  # hyphens folded as the index folds them
    assert lexicon.related("stipends") == ("allowance",)
    good.write_text("homework: assignment\n", encoding="utf-8")  # an edited file is read again
    assert Lexicon().load_related(good).related("homework") == ("assignment",)
    bad = tmp_path / "thesaurus-bad.txt"
    bad.write_text("no colon here\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="thesaurus-bad.txt:1"):
        Lexicon().load_related(bad)
    with pytest.raises(LexiconError, match="cannot read thesaurus file"):
        Lexicon().load_related(tmp_path / "missing.txt")


def test_no_bundled_phrase_stands_for_an_everyday_word_alone():
    """A phrase of one content word among function words is read as that word ("time off" as "time"),
    unless quoted: for these words that would find every passage that merely uses them."""
    from assistant.query import _lexicon_alternative

    everyday = {tokens.stem(word) for word in ("time", "interview", "call", "work", "day", "home", "team", "people",
                                               "office")}
    lexicon = lexicon_for(None)
    collapsed = {(phrase, alternative) for group in lexicon.entries.values() for phrase in group
                 if len(phrase) > 1 and (alternative := _lexicon_alternative(phrase, phrase in lexicon.exact))
                 and len(alternative) == 1 and alternative[0] in everyday}
    assert not collapsed


def test_fathers_and_mothers_are_parents_one_way():
    lexicon = lexicon_for(None)
    assert ("parent",) in lexicon.entries[("dads",)] and ("parents",) in lexicon.entries[("mother",)]
    assert ("dad",) not in lexicon.entries.get(("parent",), set())  # "parent" does not find every "dad"


def test_insurance_alone_is_not_health_cover():
    """"Dental?" and "health insurance?" are not answered by life insurance: insurance of any kind finds
    health cover, not the other way round."""
    lexicon = lexicon_for(None)
    assert ("insurance",) not in lexicon.entries[("dental",)] | lexicon.entries[("health", "insurance")]
    assert ("health", "insurance") in lexicon.entries[("insurance",)]
