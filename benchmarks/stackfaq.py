"""StackFAQ through the chat path: each thread one FAQ entry, each paraphrase a question.

The data is public and written by others (../shared/benchmarks/stackfaq/); it
is for checking the method, never for tuning it. Run:

    .venv/bin/python benchmarks/stackfaq.py [--json] [--data PATH] [--threshold 0]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from assistant.chunking import chunk_posting
from assistant.evaluation import EvalTurn, evaluate, format_report
from assistant.loading import engine_options, lexicon_for
from assistant.engine import Assistant
from assistant.model import Block, Posting

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "benchmarks" / "stackfaq" / "stackExchange-FAQ.json"
POSTING_ID = "stackfaq"


def load_threads(path: Path) -> list[dict]:
    """The FAQ threads: question, answers, paraphrases (placeholders dropped)."""
    threads = json.loads(path.read_text(encoding="utf-8"))["root"]["qapair"]
    for thread in threads:
        thread["rephr"] = [q for q in thread["rephr"] if q and q.strip() and q.strip() != "*"]
    return threads


def faq_posting(threads: list[dict]) -> Posting:
    """One posting whose FAQ section holds every thread as a question and its answers."""
    blocks = tuple(
        Block("faq", "\n\n".join(a.strip() for a in thread["answer"] if a.strip()), "FAQ",
              question=thread["question"].strip())
        for thread in threads
    )
    return Posting(POSTING_ID, "StackExchange FAQ", blocks)


def turns_for(threads: list[dict], posting: Posting) -> list[EvalTurn]:
    """One turn per paraphrase; its gold is every passage of its own thread."""
    chunks = chunk_posting(posting)
    by_question: dict[str, list[str]] = {}
    for chunk in chunks:
        by_question.setdefault(chunk.question, []).append(chunk.text)
    return [
        EvalTurn(f"sf{n}", "paraphrase", query, POSTING_ID, "answer", tuple(by_question[thread["question"].strip()]), ())
        for n, thread in enumerate(threads)
        for query in thread["rephr"]
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--threshold", type=float, default=None,
                        help="confidence below which a question is declined (default: the assistant's); 0 never declines")
    args = parser.parse_args(argv)
    if not args.data.is_file():
        print(f"no StackFAQ data at {args.data}", file=sys.stderr)
        return 2
    threads = load_threads(args.data)
    posting = faq_posting(threads)
    started = time.perf_counter()
    settings = {} if args.threshold is None else {"THRESHOLD": args.threshold}
    assistant = Assistant([posting], lexicon_for(None), **engine_options(settings))
    turns = turns_for(threads, posting)
    report = evaluate(assistant, turns)
    elapsed = time.perf_counter() - started
    if args.json:
        print(json.dumps({k: v for k, v in report.as_dict().items() if k != "misses"}, indent=2))
    else:
        print(f"StackFAQ: {len(threads)} threads, {len(turns)} questions, {elapsed:.1f} s")
        print(format_report(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
