"""The latency benchmark's smoke test: the generator makes valid, varied postings and the benchmark runs.

No timing is asserted: the machine is shared, and the numbers belong in the
benchmark's report, not in a test.
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from assistant import tokens
from assistant.chunking import chunk_posting
from assistant.engine import Assistant
from assistant.loading import engine_options, lexicon_for
from assistant.model import BLOCK_KINDS, Posting

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def _module(name: str):
    """A benchmark script as a module (benchmarks/ is a folder of scripts, not a package)."""
    if str(BENCHMARKS) not in sys.path:
        sys.path.insert(0, str(BENCHMARKS))
    return importlib.import_module(name)


generator = _module("postings")


@pytest.fixture(scope="module")
def corpus() -> list[Posting]:
    return generator.generate(300, seed=3)


def test_generator_is_deterministic_by_seed():
    assert generator.generate(25, seed=5) == generator.generate(25, seed=5)
    assert generator.generate(25, seed=5) != generator.generate(25, seed=6)


def test_postings_are_valid(corpus):
    jobs = [p for p in corpus if not p.company]
    assert len(jobs) == 300 and len(corpus) == 301 and corpus[-1].company
    assert len({p.id for p in corpus}) == len(corpus)
    for posting in jobs:
        assert posting.title and posting.location and posting.employment_type and posting.contact
        kinds = {block.kind for block in posting.blocks}
        assert kinds <= set(BLOCK_KINDS) and {"paragraph", "bullet", "label", "faq"} <= kinds
        assert 3 <= sum(block.kind == "faq" for block in posting.blocks) <= 6
        assert any(block.kind == "label" and ("per year" in block.text or "per hour" in block.text)
                   for block in posting.blocks)
        assert all("{" not in block.text and "}" not in block.text for block in posting.blocks)
        assert 20 <= len(chunk_posting(posting)) <= 50


def test_postings_are_varied(corpus):
    jobs = [p for p in corpus if not p.company]
    assert len({p.extra["role"] for p in jobs}) >= 15
    assert len({p.title for p in jobs}) >= 100
    assert len({p.extra["company"] for p in jobs}) >= 20
    assert len({p.extra["city"] for p in jobs}) >= 30
    assert len({p.blocks for p in jobs}) == len(jobs)
    # Skills are single names, repeated by design; sentences mostly differ from posting to posting.
    texts = [block.text for p in jobs for block in p.blocks if block.section != "Skills"]
    assert len(set(texts)) > 0.3 * len(texts)

    def vocabulary(postings):
        return {word for p in postings for block in p.blocks for word in tokens.words(block.text)}

    # The vocabulary keeps growing with the corpus: new companies, products, clients.
    assert len(vocabulary(jobs)) > 1.2 * len(vocabulary(jobs[:60]))


def test_questions_rotate_through_kinds_and_scopes(corpus):
    scoped = generator.questions(corpus, 200, scope="posting")
    wide = generator.questions(corpus, 200, scope="careers")
    assert len(scoped) == len(wide) == 200
    ids = {p.id for p in corpus if not p.company}
    assert all(q.posting_id in ids for q in scoped) and len({q.posting_id for q in scoped}) >= 5
    assert all(q.posting_id is None for q in wide)
    for asked in (scoped, wide):
        kinds = {q.kind for q in asked}
        assert {"question", "follow_up", "out_of_scope", "smalltalk"} <= kinds
        assert all(q.history for q in asked if q.kind == "follow_up")
        assert len({q.message for q in asked}) > 60


def test_the_assistant_answers_generated_postings():
    postings = generator.generate(20, seed=9)
    assistant = Assistant(postings, lexicon_for(None), **engine_options({}))
    kinds = [assistant.reply(q.message, q.posting_id, list(q.history)).kind
             for q in generator.questions(postings, 40, scope="posting")]
    assert kinds.count("answer") >= 10


def test_the_benchmark_runs_at_a_tiny_size(tmp_path):
    command = [sys.executable, str(BENCHMARKS / "latency.py"), "--sizes", "1,20", "--queries", "5",
               "--rounds", "1", "--updates", "2", "--startup-runs", "1", "--json"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout)
    assert [r["postings"] for r in report["results"]] == [1, 20]
    for result in report["results"]:
        assert "error" not in result
        assert result["passages"] > 0 and result["peak_rss_mb"] > 0 and result["startup_s"] > 0
        for scope in ("posting", "careers"):
            assert result[scope]["replies_timed"] == 5 and result[scope]["p95_ms"] >= result[scope]["p50_ms"] > 0
        assert result["bm25"]["queries"] == 5 and result["bm25"]["p50_ms"] > 0
        assert result["update"]["count"] == 2 and result["update"]["all_cite_new_text"]
    table = _module("latency").markdown(report)
    assert table.startswith("| postings | passages | start-up s | peak RSS MB | one posting p50/p95 ms |")
    assert "| 20 | " in table and "Updating one posting among 20" in table
