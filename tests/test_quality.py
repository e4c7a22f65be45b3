"""Answer quality on the evaluation sets: the issue's targets, and floors at what is measured now.

The dev sets (tests/eval/*.jsonl, tests/eval/dev2/, tests/eval/faq/dev.jsonl)
are what the method was tuned on; tests/eval/heldout/, tests/eval/heldout2/
(short candidate questions written after the method, on 2026-12-06) and
tests/eval/faq/heldout.jsonl were never looked at while tuning, and
StackFAQ (../shared/benchmarks/stackfaq/) is public data written by others.
A target not yet met is a strict xfail carrying the measured figure, so CI
says the truth either way; the floors make CI fail when quality drops.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from assistant.evaluation import evaluate, read_eval_file
from assistant.loading import load_assistant

EVAL = Path(__file__).parent / "eval"
DEV = EVAL / "senior-back-end-developer.jsonl"
DEV2 = EVAL / "dev2" / "senior-back-end-developer.jsonl"
HELDOUT = EVAL / "heldout" / "senior-back-end-developer.jsonl"
HELDOUT2 = EVAL / "heldout2" / "senior-back-end-developer.jsonl"
FAQ = EVAL / "faq"  # a careers FAQ of 126 entries: dev.jsonl to tune on, heldout.jsonl never tuned on
STACKFAQ_SCRIPT = Path(__file__).parents[1] / "benchmarks" / "stackfaq.py"


def overall(path: Path, corpus: Path | None = None) -> dict:
    report = evaluate(load_assistant(corpus), read_eval_file(path), baselines=False)
    return report.as_dict()["assistant"]["overall"]


@pytest.fixture(scope="module")
def dev():
    return overall(DEV)


# --- the targets on the dev set ------------------------------------------
def test_hit_at_1_target(dev):
    assert dev["hit@1"] >= 0.92


def test_out_of_scope_declined_target(dev):
    assert dev["rightly_declined"] >= 0.95


def test_wrongly_declined_target(dev):
    assert dev["wrongly_declined"] <= 0.05


def test_smalltalk_and_handoff_target(dev):
    assert dev["smalltalk_handoff_right"] == 1.0


# --- floors: what is measured now must not drop -------------------------------------
@pytest.mark.parametrize(
    ("path", "corpus", "hit1", "hit3", "declined", "wrongly", "other"),
    [
        (DEV, None, 0.95, 0.97, 0.99, 0.02, 1.0),
        (DEV2, None, 0.70, 0.75, 0.92, 0.21, 1.0),
        (HELDOUT, None, 0.89, 0.89, 0.99, 0.11, 0.91),
        (HELDOUT2, None, 0.96, 0.98, 0.99, 0.01, 1.0),
        # wrongly declined 0.175 before an FAQ entry gained by how much of its question the candidate restates:
        # 0.181 since (3 of 504 turns), while hit@1 rose 0.494 -> 0.510 and out of scope declined 0.533 -> 0.578
        # 0.161 since a plain word also finds its thesaurus synonyms at half credit (hit@3 0.599 -> 0.603).
        # Out of scope declined 0.578 -> 0.556 (1 of 45) since SQL is found in a passage naming a SQL database:
        # "does the data analyst role need a sql certification" cites the tech stack entry naming PostgreSQL,
        # while on the seed posting "do i need to know sql?" is answered (dev2 hit@1 0.660 -> 0.670)
        # 0.165 since a hyphen compound weighs as its words do ("hands-on" as "hands", not as "handson", a word
        # English has never seen and so the rarest): two questions answered from the wrong entry are now
        # declined ("take-home alternative"), hit@1 unchanged, while dev hit@1 rose 0.949 -> 0.961; 0.121 since
        # a lexicon phrase saying a word twice ("day to day") must stand word for word: one more question
        # answered from the wrong entry is declined ("how lng to get a response after applying??")
        (FAQ / "dev.jsonl", FAQ / "corpus", 0.58, 0.66, 0.55, 0.122, None),
        # wrongly declined 0.206 before FAQ questions came to weigh more than section names in the heading
        # field, 0.2103 after (2 of 504 turns) while hit@1 and hit@3 rose here and on every dev set; 0.2183
        # since the restated FAQ question counts (4 more), while hit@1 rose 0.496 -> 0.516; 0.206 with the thesaurus
        # out of scope declined 0.644 -> 0.622 (1 of 45) since the lexicon took in the words the dev set's
        # candidates use for mental health, wellness, holidays, on call, pets and criminal records (dev hit@1
        # 0.540 -> 0.566; here hit@1 0.538 -> 0.542, wrongly declined 0.194 -> 0.191)
        (FAQ / "heldout.jsonl", FAQ / "corpus", 0.53, 0.61, 0.62, 0.195, None),
    ],
    ids=["dev", "dev2", "heldout", "heldout2", "faq-dev", "faq-heldout"],
)
def test_quality_does_not_drop(path, corpus, hit1, hit3, declined, wrongly, other):
    figures = overall(path, corpus)
    assert figures["hit@1"] >= hit1
    assert figures["hit@3"] >= hit3
    assert figures["rightly_declined"] >= declined
    assert figures["wrongly_declined"] <= wrongly
    if other is not None:
        assert figures["smalltalk_handoff_right"] >= other


# --- StackFAQ through the chat path -------------------------------------------------
@pytest.fixture(scope="module")
def stackfaq():
    spec = importlib.util.spec_from_file_location("stackfaq_benchmark", STACKFAQ_SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    if not module.DEFAULT_DATA.is_file():
        pytest.fail(f"StackFAQ data missing at {module.DEFAULT_DATA}")
    threads = module.load_threads(module.DEFAULT_DATA)
    posting = module.faq_posting(threads)
    from assistant.engine import Assistant
    from assistant.loading import engine_options, lexicon_for

    assistant = Assistant([posting], lexicon_for(None), **engine_options({}))
    report = evaluate(assistant, module.turns_for(threads, posting))
    return report.as_dict()


@pytest.mark.slow
def test_stackfaq_beats_plain_bm25(stackfaq):
    ours, bm25 = stackfaq["assistant"]["overall"], stackfaq["rank_bm25"]["overall"]
    # 0.722 before questions were read apart from what candidates say of themselves: that costs StackFAQ
    # (technical threads, where the asker's setup is the topic) 0.004 and gains the careers FAQ's held-out set 0.03
    # 0.723 before a lexicon phrase came to weigh as more than its most topical word and prepositions such as
    # "without" joined the stop words: 0.720 now, while every dev set and the careers FAQ's held-out set gained
    # (hit@3 +0.006 to +0.013, wrongly declined down); 0.722 since FAQ questions weigh more than section names,
    # 0.727 since an FAQ entry gains by how much of its question the candidate restates, 0.732 with the thesaurus,
    # 0.731 since the focus is among the concepts asked at full weight; 0.728 since indefinite pronouns
    # ("someone", "anyone") and filler adverbs ("honestly") joined the stop words, while dev2 hit@1 rose
    # 0.681 -> 0.702 and the careers FAQ dev set's 0.518 -> 0.520
    assert ours["hit@1"] >= 0.727
    assert ours["hit@1"] >= bm25["hit@1"] + 0.05


@pytest.mark.slow
@pytest.mark.xfail(strict=True, reason="measured hit@1 0.728 and hit@3 0.822, targets 0.78 and 0.90")
def test_stackfaq_targets(stackfaq):
    ours = stackfaq["assistant"]["overall"]
    assert ours["hit@1"] >= 0.78 and ours["hit@3"] >= 0.90
