"""Naming a job by its title the way candidates say it."""

from pathlib import Path

import pytest

from assistant.engine import Assistant
from assistant.loading import lexicon_for
from assistant.model import Block, Posting
from assistant.titles import JobTitles, bracketed, levels, title_terms

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"
SEED = Path(__file__).resolve().parents[1] / "corpus" / "postings" / "senior-back-end-developer.md"


def _job(posting_id: str, title: str) -> Posting:
    return Posting(posting_id, title, (Block("paragraph", f"The {title} builds things for our customers.", "Overview"),))


JOBS = (_job("sbe", "Senior Back End Developer"), _job("fe", "Frontend Developer (React)"),
        _job("da2", "Data Analyst II"), _job("tse", "Technical Support Engineer"))


@pytest.fixture(scope="module")
def titles() -> JobTitles:
    return JobTitles(JOBS, lexicon_for(None))


@pytest.mark.parametrize("question, jobs", [
    ("technical support engineer hours?", ("tse",)),  # the whole title
    ("frontend developer salary", ("fe",)),  # what the title says in brackets is not needed
    ("the react developer job", ("fe",)),  # ... and names the job with the title's noun
    ("back end developer degree?", ("sbe",)),  # the title less its level
    ("data analyst salary", ("da2",)),
    ("backend developer salary?", ("sbe",)),  # the lexicon's other spellings and abbreviations
    ("senior backend dev, is it remote", ("sbe",)),
    ("sr back end developer", ("sbe",)),
    ("front end dev salary", ("fe",)),
])
def test_a_question_names_a_job_the_way_candidates_say_its_title(titles, question, jobs):
    assert titles.named(question)[0] == jobs


@pytest.mark.parametrize("question", [
    "junior backend developer salary",  # another level than the title's
    "do developers get equity",  # a word of a title is not the title
    "support engineer hours",  # nor are some of its words
    "what is the salary",
])
def test_a_question_that_does_not_name_a_title_names_no_job(titles, question):
    assert titles.named(question) == ((), frozenset())


def test_the_words_that_named_the_job_are_returned_so_no_passage_must_hold_them(titles):
    jobs, words = titles.named("backend dev salary")
    assert jobs == ("sbe",) and {"backend", "dev", "back", "end", "develop"} <= words and "salari" not in words


def test_a_whole_title_wins_over_a_title_less_its_level():
    named = JobTitles((_job("a", "Senior Data Analyst"), _job("b", "Data Analyst")), lexicon_for(None)).named
    assert named("data analyst pay")[0] == ("b",)
    assert named("senior data analyst pay")[0] == ("a",)
    both = JobTitles((_job("a", "Senior Data Analyst"), _job("c", "Junior Data Analyst")), lexicon_for(None)).named
    assert both("data analyst pay")[0] == ("a", "c")  # no level asked: every level's job
    assert both("jr data analyst pay")[0] == ("c",)


def test_a_title_of_one_word_is_named_as_written_and_never_beside_a_longer_one():
    named = JobTitles((_job("eng", "Engineer"), _job("tse", "Technical Support Engineer")), lexicon_for(None)).named
    assert named("engineer salary")[0] == ("eng",)
    assert named("technical support engineer salary")[0] == ("tse",)
    assert named("do programmers get a bonus") == ((), frozenset())  # not by a synonym of it


def test_titles_and_levels_are_read_as_terms():
    assert title_terms("Frontend Developer (React)") == title_terms("frontend developer")
    assert bracketed("Frontend Developer (React)") == title_terms("react developer") and not bracketed("Data Analyst")
    assert levels(title_terms("Sr. Platform Engineer")) == levels(title_terms("Senior Engineer")) == {"senior"}


@pytest.fixture(scope="module")
def careers() -> Assistant:
    """The careers page over every import fixture and the seed posting."""
    from assistant.ingest import parse

    postings = [parse(path.read_bytes(), name=path.name) for path in sorted(FIXTURES.iterdir())]
    postings.append(parse(SEED.read_bytes(), name=SEED.name))
    return Assistant(postings, lexicon_for(None))


def test_careers_wide_a_job_named_by_a_shorter_title_is_answered_from_its_posting(careers):
    assistant = careers
    reply = assistant.reply("backend developer degree?")
    assert reply.kind == "answer"
    # the job's own passages only (the other postings say nothing of a degree), its degree first
    assert {c.passage.chunk.posting for c in reply.citations} == {"senior-back-end-developer"}
    assert "degree" in reply.citations[0].passage.chunk.text
    assert assistant.reply("frontend dev salary").citations[0].passage.chunk.text.startswith("Salary: £52,000")


def test_once_a_job_is_named_its_title_neither_makes_nor_breaks_an_answer(careers):
    assistant = careers
    # every passage of the job holds its title: that is no reason to answer what the posting never says
    for question in ("data analyst hours?", "technical support engineer visa"):
        assert assistant.reply(question).kind == "no_answer", question
    # nor a reason to doubt a passage that answers without repeating the title
    salary = assistant.reply("platform engineer salary?")
    assert salary.confidence == 1.0 and salary.citations[0].passage.chunk.text.startswith("Salary: €68,000")
    # ... and the title still ranks the passage that speaks of it first
    become = assistant.reply("how would i get to be a senior backend dev, any tips")
    assert become.kind == "answer" and become.citations[0].passage.chunk.text.startswith("To become a Senior Back End")
    # asking for tips asks how: becoming one is what is asked ("tips" was the rarest word, and no passage held it)
    tips = assistant.reply("tips to become a back end developer")
    assert tips.kind == "answer" and tips.citations[0].passage.chunk.text.startswith("To become a Senior Back End")


def _conversation(assistant: Assistant, questions: list[str]) -> list:
    from assistant.dialogue import Turn

    history, replies = [], []
    for question in questions:
        reply = assistant.reply(question, None, history)
        replies.append(reply)
        history += [Turn("user", question), Turn("assistant", reply.answer)]
    return replies


@pytest.mark.parametrize("pick", ["tell me about the frontend one", "the second one", "#2", "the react one?"])
def test_after_the_list_of_open_roles_a_candidate_picks_one_by_a_word_or_its_place(careers, pick):
    listed, picked, salary = _conversation(careers, ["what jobs do you have", pick, "whats the salary"])
    assert listed.answer.splitlines()[2] == "Frontend Developer (React) [2]"
    assert {c.passage.chunk.posting for c in picked.citations} == {"frontend-developer"}  # its overview
    assert salary.citations[0].passage.chunk.text == "Salary: £52,000–£60,000"  # and the follow-up stays with it


def test_a_pick_from_the_list_needs_a_word_of_one_title_only(careers):
    assistant = careers
    # "engineer" is in two listed titles: nothing is picked, the question is asked of every posting
    _, ambiguous = _conversation(assistant, ["what jobs do you have", "the engineer one"])
    assert len({c.passage.chunk.posting for c in ambiguous.citations}) > 1
    # without a list just before, "frontend" is a word like any other, not a pick
    alone = assistant.reply("the frontend one")
    assert alone.citations[0].passage.chunk.posting != "frontend-developer"


def test_a_named_job_declines_with_its_own_posting(careers):
    _, declined = _conversation(careers, ["what jobs do you have", "the support one, is it remote?"])
    assert declined.kind == "no_answer" and declined.answer.startswith(
        "The posting doesn't say — I couldn't find that in the Technical Support Engineer posting.")


def test_the_list_and_a_pick_from_it_are_read_from_the_reply_text():
    from assistant import dialogue

    text = "There are 3 open roles:\nData Analyst [1]\nFrontend Developer (React) [2]\nPlatform Engineer [3]"
    assert dialogue.listed_openings(text) == ["Data Analyst", "Frontend Developer (React)", "Platform Engineer"]
    assert dialogue.listed_openings("There is one open role:\nData Analyst [1]") == ["Data Analyst"]
    assert dialogue.listed_openings("The posting says (Skills): “Git” [1]") == []
    assert [dialogue.picked_from_list(m, 3) for m in ("the second one", "#3", "number 1", "the last one", "the 4th",
                                                      "is it remote", "what about the 2nd?", "first one, remote?",
                                                      "first, what is the salary?", "is the first step a call?")] \
        == [1, 2, 0, 2, None, None, 1, 0, None, None]  # an ordinal picks when it names the role or ends the message
