"""Latency, start-up and memory of the assistant at growing corpus sizes, against rank-bm25.

For each corpus size (job postings made by benchmarks/postings.py, plus
the company-wide FAQ) a fresh subprocess

1. builds the Assistant from Posting objects (chunk + index + speller):
   start-up, wall and CPU seconds, the median of up to --startup-runs builds;
2. times Assistant.reply over ~200 rotating candidate questions (short,
   sloppy, misspelt, follow-ups, small talk, out of scope) scoped to one
   posting and careers-wide: p50 and p95 per round, the median over
   --rounds rounds (a time budget per scope keeps the largest sizes bounded
   and says when it cut a round short);
3. updates postings one at a time with Assistant.apply([changed], []),
   checks that a reply then cites the new text, and times replies again
   after those updates;
4. reads the peak RSS (getrusage ru_maxrss) before anything else is built;
5. builds rank-bm25's BM25Okapi over the same passages' terms
   (assistant.index.passage_terms) and times get_scores for the same
   questions (tokenized with assistant.tokens.terms): the baseline measured
   in the same run, on the same machine, at the same moment.

The machine is shared, so each child also times a fixed CPU-bound loop at
its start and end and reports the load average; compare sizes and runs
through the rank-bm25 baseline and the CPU-time columns, not wall clock
alone. Run:

    .venv/bin/python benchmarks/latency.py [--sizes 1,100,1000,10000] [--json] [--profile DIR]
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import postings as generator  # noqa: E402  (benchmarks/postings.py)

DEFAULT_SIZES = "1,100,1000,10000"
TARGETS = {"careers_p50_ms": 5.0, "posting_p50_ms": 1.0, "startup_s": 60.0, "peak_rss_mb": 1536.0}
NEW_TEXT = "Yes: a sign-on bonus of {amount} through the {scheme} scheme, paid after three months."
NEW_QUESTION = "Is there a sign-on bonus?"


def log(message: str) -> None:
    print(f"[latency] {message}", file=sys.stderr, flush=True)


def peak_rss_mb() -> float:
    """This process's RSS high-water mark in MiB (Linux reports KiB)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def calibration_ms() -> float:
    """A fixed pure-Python workload: how fast this machine is running right now."""
    started = time.perf_counter()
    total = 0
    for i in range(1_000_000):
        total += i * i % 7
    return (time.perf_counter() - started) * 1000


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile of values (share in [0, 1])."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, min(len(ordered), math.ceil(share * len(ordered))))
    return ordered[rank - 1]


# --- the child: one corpus size ---------------------------------------------

def _time_replies(assistant, asked: list, rounds: int, budget_s: float, min_questions: int) -> dict:
    """p50/p95 wall and CPU ms of reply per round, their medians over rounds, within a time budget."""
    per_round, cpu_round, measured, cut = [], [], 0, False
    kinds: dict[str, int] = {}
    started = time.perf_counter()
    for _ in range(rounds):
        wall, cpu = [], []
        for question in asked:
            w0, c0 = time.perf_counter(), time.thread_time()
            reply = assistant.reply(question.message, question.posting_id, list(question.history))
            cpu.append((time.thread_time() - c0) * 1000)
            wall.append((time.perf_counter() - w0) * 1000)
            kinds[reply.kind] = kinds.get(reply.kind, 0) + 1
            if time.perf_counter() - started > budget_s and measured + len(wall) >= min_questions:
                cut = True
                break
        per_round.append(wall)
        cpu_round.append(cpu)
        measured += len(wall)
        if cut:
            break
    # A round cut short still counts when it is the only one.
    full = [r for r in per_round if len(r) == len(asked)] or per_round
    full_cpu = [r for r in cpu_round if len(r) == len(asked)] or cpu_round
    return {
        "p50_ms": statistics.median(percentile(r, 0.50) for r in full),
        "p95_ms": statistics.median(percentile(r, 0.95) for r in full),
        "cpu_p50_ms": statistics.median(percentile(r, 0.50) for r in full_cpu),
        "cpu_p95_ms": statistics.median(percentile(r, 0.95) for r in full_cpu),
        "max_ms": max(max(r) for r in per_round),
        "rounds": len(full),
        "replies_timed": measured,
        "questions": len(asked),
        "cut_short": cut,
        "reply_kinds": kinds,
    }


def _scheme(number: int) -> str:
    """A made-up word no generated posting holds, different for each update."""
    return "Quorvex" + chr(ord("a") + number % 26) + chr(ord("a") + number // 26 % 26)


def _changed(posting, number: int):
    """The posting with one new FAQ answer whose text no other passage holds."""
    from assistant.model import Block

    section = next((b.section for b in posting.blocks if b.kind == "faq"), "FAQ")
    text = NEW_TEXT.format(amount=f"{1000 + number:,}", scheme=_scheme(number))
    return replace(posting, blocks=posting.blocks + (Block("faq", text, section, question=NEW_QUESTION),)), text


def _cites(reply, text: str) -> bool:
    return any(c.passage.chunk.text == text for c in reply.citations)


def _updates(assistant, postings: list, count: int) -> dict:
    """Apply ``count`` one-posting updates; time each and check replies cite the new text."""
    from assistant.engine import COMPACT_AFTER_SEGMENTS

    jobs = [p for p in postings if not p.company]
    times, cpu, segments, checks = [], [], [], []
    for number in range(count):
        posting = jobs[(len(jobs) // 2 + number * 7919) % len(jobs)]
        changed, text = _changed(posting, number)
        w0, c0 = time.perf_counter(), time.thread_time()
        assistant.apply([changed], [])
        cpu.append(time.thread_time() - c0)
        times.append(time.perf_counter() - w0)
        segments.append(assistant.index.segment_count)
        if number in (0, count - 1):
            scoped = assistant.reply("is there a sign on bonus?", posting.id)
            wide = assistant.reply(f"{_scheme(number).lower()} sign-on bonus", None)
            checks.append({"posting": posting.id, "posting_scope_cites_new_text": _cites(scoped, text),
                           "careers_wide_cites_new_text": _cites(wide, text),
                           "posting_scope_kind": scoped.kind, "careers_wide_kind": wide.kind})
    first_ms = times[0] * 1000 if times else float("nan")
    return {
        "count": count,
        "first_ms": first_ms,
        "p50_ms": statistics.median(times) * 1000 if times else float("nan"),
        "max_ms": max(times) * 1000 if times else float("nan"),
        "cpu_p50_ms": statistics.median(cpu) * 1000 if cpu else float("nan"),
        "compactions": sum(1 for before, after in zip([1] + segments, segments) if after < before),
        "compact_after_segments": COMPACT_AFTER_SEGMENTS,
        "segments_after": segments[-1] if segments else 1,
        "checks": checks,
        "all_cite_new_text": all(c["posting_scope_cites_new_text"] and c["careers_wide_cites_new_text"] for c in checks),
    }


def _bm25(chunk_terms: list[list[str]], asked: list, max_queries: int) -> dict:
    """rank-bm25 over the same passages: build time and get_scores latency for the same questions."""
    from rank_bm25 import BM25Okapi

    from assistant import tokens

    w0 = time.perf_counter()
    bm25 = BM25Okapi(chunk_terms)
    build_s = time.perf_counter() - w0
    queries = [tokens.terms(q.message) for q in asked][:max_queries]
    bm25.get_scores(queries[0])  # warm
    wall, cpu = [], []
    for query in queries:
        w0, c0 = time.perf_counter(), time.thread_time()
        bm25.get_scores(query)
        cpu.append((time.thread_time() - c0) * 1000)
        wall.append((time.perf_counter() - w0) * 1000)
    return {"build_s": build_s, "queries": len(queries), "of_questions": len(asked),
            "p50_ms": statistics.median(wall), "cpu_p50_ms": statistics.median(cpu)}


def _profile(assistant, asked: list, path: Path) -> list[str]:
    """cProfile of one pass of replies; the .prof file and the top lines by cumulative time."""
    import cProfile
    import io
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for question in asked:
        assistant.reply(question.message, question.posting_id, list(question.history))
    profiler.disable()
    profiler.dump_stats(str(path))
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(25)
    (path.with_suffix(".txt")).write_text(out.getvalue(), encoding="utf-8")
    return out.getvalue().splitlines()


def run_size(args: argparse.Namespace) -> dict:
    """Everything measured for one corpus size, in this (fresh) process."""
    from assistant.engine import Assistant
    from assistant.index import passage_terms
    from assistant.loading import engine_options, lexicon_for

    size = args.size
    result: dict = {"postings": size, "seed": args.seed, "pid": os.getpid(),
                    "calibration_start_ms": calibration_ms(), "load_start": os.getloadavg()[0]}
    lexicon = lexicon_for(None)
    options = engine_options({})
    result["rss_after_imports_mb"] = peak_rss_mb()

    w0 = time.perf_counter()
    postings = generator.generate(size, seed=args.seed)
    result["generate_s"] = time.perf_counter() - w0
    result["rss_after_generate_mb"] = peak_rss_mb()
    log(f"{size}: generated {len(postings)} postings in {result['generate_s']:.1f} s")

    startups, startup_cpu = [], []
    w0, c0 = time.perf_counter(), time.process_time()
    assistant = Assistant(postings, lexicon, **options)
    startup_cpu.append(time.process_time() - c0)
    startups.append(time.perf_counter() - w0)
    result["passages"] = assistant.index.n_docs
    result["vocabulary"] = len(assistant.index.vocabulary)
    log(f"{size}: start-up {startups[0]:.2f} s ({result['passages']} passages, {result['vocabulary']} terms)")

    asked_posting = generator.questions(postings, args.queries, seed=args.seed + 1, scope="posting")
    asked_careers = generator.questions(postings, args.queries, seed=args.seed + 2, scope="careers")
    for question in asked_posting[:10] + asked_careers[:10]:  # warm caches (wordfreq, stems) once
        assistant.reply(question.message, question.posting_id, list(question.history))

    result["posting"] = _time_replies(assistant, asked_posting, args.rounds, args.budget, args.min_questions)
    log(f"{size}: one posting p50 {result['posting']['p50_ms']:.2f} ms p95 {result['posting']['p95_ms']:.2f} ms")
    result["careers"] = _time_replies(assistant, asked_careers, args.rounds, args.budget, args.min_questions)
    log(f"{size}: careers-wide p50 {result['careers']['p50_ms']:.2f} ms p95 {result['careers']['p95_ms']:.2f} ms"
        + (f" (cut short after {result['careers']['replies_timed']} replies)" if result["careers"]["cut_short"] else ""))

    if args.profile:
        folder = Path(args.profile)
        folder.mkdir(parents=True, exist_ok=True)
        for scope, asked in (("posting", asked_posting), ("careers", asked_careers)):
            lines = _profile(assistant, asked[: args.profile_questions], folder / f"reply-{scope}-{size}.prof")
            log(f"{size}: profile of {scope} replies in {folder}/reply-{scope}-{size}.txt")
            for line in lines[:40]:
                print(line, file=sys.stderr)

    result["update"] = _updates(assistant, postings, args.updates)
    log(f"{size}: {args.updates} updates, first {result['update']['first_ms']:.1f} ms, "
        f"p50 {result['update']['p50_ms']:.1f} ms, max {result['update']['max_ms']:.1f} ms, "
        f"cites new text: {result['update']['all_cite_new_text']}")
    if args.updates:
        after = _time_replies(assistant, asked_posting, 1, args.budget, args.min_questions)
        result["posting_after_updates"] = {k: after[k] for k in ("p50_ms", "p95_ms", "cpu_p50_ms", "replies_timed")}

    result["peak_rss_mb"] = peak_rss_mb()
    result["calibration_mid_ms"] = calibration_ms()

    # More start-up runs (the first assistant dropped first), while they stay cheap.
    while len(startups) < args.startup_runs and sum(startups) < args.startup_budget:
        del assistant
        gc.collect()
        w0, c0 = time.perf_counter(), time.process_time()
        assistant = Assistant(postings, lexicon, **options)
        startup_cpu.append(time.process_time() - c0)
        startups.append(time.perf_counter() - w0)
    result["startup_s"] = statistics.median(startups)
    result["startup_cpu_s"] = statistics.median(startup_cpu)
    result["startup_runs"] = startups

    chunk_terms = [passage_terms(chunk) for segment, alive in zip(assistant.index.segments, assistant.index.live)
                   for chunk, keep in zip(segment.chunks, alive) if keep]
    del assistant
    gc.collect()
    max_queries = args.bm25_queries if args.bm25_queries > 0 else (args.queries if size <= 1000 else 20)
    log(f"{size}: rank-bm25 over {len(chunk_terms)} passages, {min(max_queries, len(asked_careers))} queries")
    result["bm25"] = _bm25(chunk_terms, asked_careers, max_queries)
    log(f"{size}: rank-bm25 build {result['bm25']['build_s']:.1f} s, get_scores p50 {result['bm25']['p50_ms']:.2f} ms")
    result["calibration_end_ms"] = calibration_ms()
    result["load_end"] = os.getloadavg()[0]
    return result


# --- the parent: one subprocess per size, then the report ------------------------

def _child_command(args: argparse.Namespace, size: int) -> list[str]:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", "--size", str(size),
               "--queries", str(args.queries), "--rounds", str(args.rounds), "--budget", str(args.budget),
               "--min-questions", str(args.min_questions), "--updates", str(args.updates),
               "--startup-runs", str(args.startup_runs), "--startup-budget", str(args.startup_budget),
               "--bm25-queries", str(args.bm25_queries), "--seed", str(args.seed)]
    if args.profile and size == max(args.size_list):
        command += ["--profile", str(args.profile), "--profile-questions", str(args.profile_questions)]
    return command


def _git_state() -> dict:
    """Which code was measured: the commit and whether assistant/ had uncommitted changes."""
    def git(*command: str) -> str:
        try:
            return subprocess.run(["git", *command], cwd=HERE.parent, capture_output=True, text=True,
                                  timeout=10, check=False).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""
    return {"commit": git("rev-parse", "--short", "HEAD"),
            "assistant_changed": bool(git("status", "--porcelain", "--", "assistant"))}


def run_all(args: argparse.Namespace) -> dict:
    results, started = [], time.perf_counter()
    for size in args.size_list:
        log(f"size {size}: starting a fresh process")
        try:
            done = subprocess.run(_child_command(args, size), stdout=subprocess.PIPE, text=True,
                                  timeout=args.timeout, check=False)
        except subprocess.TimeoutExpired:
            log(f"size {size}: gave up after {args.timeout} s")
            results.append({"postings": size, "error": f"timed out after {args.timeout} s"})
            continue
        if done.returncode != 0:
            results.append({"postings": size, "error": f"exit code {done.returncode}"})
            continue
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return {"python": sys.version.split()[0], "cpus": os.cpu_count(), "seed": args.seed, "git": _git_state(),
            "sizes": args.size_list, "total_s": time.perf_counter() - started, "targets": TARGETS, "results": results}


def _ms(value: float) -> str:
    return "—" if value != value else (f"{value:.2f}" if value < 100 else f"{value:.0f}")


def markdown(report: dict) -> str:
    """The README table and the lines under it."""
    lines = [
        "| postings | passages | start-up s | peak RSS MB | one posting p50/p95 ms | careers-wide p50/p95 ms "
        "| rank-bm25 get_scores p50 ms |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    notes = []
    for r in report["results"]:
        if "error" in r:
            lines.append(f"| {r['postings']:,} | — | — | — | — | — | {r['error']} |")
            continue
        bm25 = r["bm25"]
        star = "*" if bm25["queries"] < bm25["of_questions"] else ""
        cut = "†" if r["careers"]["cut_short"] or r["posting"]["cut_short"] else ""
        lines.append(
            f"| {r['postings']:,} | {r['passages']:,} | {r['startup_s']:.2f} | {r['peak_rss_mb']:.0f} "
            f"| {_ms(r['posting']['p50_ms'])} / {_ms(r['posting']['p95_ms'])} "
            f"| {_ms(r['careers']['p50_ms'])} / {_ms(r['careers']['p95_ms'])}{cut} | {_ms(bm25['p50_ms'])}{star} |")
        if star:
            notes.append(f"\\* rank-bm25 at {r['postings']:,} postings: {bm25['queries']} of the {bm25['of_questions']} "
                         f"questions (building BM25Okapi took {bm25['build_s']:.1f} s).")
        for scope in ("posting", "careers"):
            if r[scope]["cut_short"]:
                notes.append(f"† {scope} at {r['postings']:,} postings: time budget reached after "
                             f"{r[scope]['replies_timed']} replies ({r[scope]['questions']} questions a round).")
    out = ["\n".join(lines), *([""] + notes if notes else [])]
    ok = [r for r in report["results"] if "error" not in r]
    if ok:
        out.append("")
        out.append("CPU time (less sensitive to a busy shared machine): "
                   + "; ".join(f"{r['postings']:,}: start-up {r['startup_cpu_s']:.2f} s, one posting "
                               f"p50 {_ms(r['posting']['cpu_p50_ms'])} ms, careers-wide p50 "
                               f"{_ms(r['careers']['cpu_p50_ms'])} ms, rank-bm25 p50 {_ms(r['bm25']['cpu_p50_ms'])} ms"
                               for r in ok) + ".")
        out.append("Baseline in the same run: " + "; ".join(
            f"{r['postings']:,}: rank-bm25 get_scores p50 {_ms(r['bm25']['p50_ms'])} ms, careers-wide reply is "
            f"{r['careers']['p50_ms'] / r['bm25']['p50_ms']:.2f}× that; calibration loop "
            f"{r['calibration_start_ms']:.0f}/{r['calibration_end_ms']:.0f} ms, load {r['load_start']:.1f}/{r['load_end']:.1f}"
            for r in ok) + ".")
        out.append("Memory: " + "; ".join(
            f"{r['postings']:,}: after imports {r['rss_after_imports_mb']:.0f} MB, with postings generated "
            f"{r['rss_after_generate_mb']:.0f} MB, peak {r['peak_rss_mb']:.0f} MB" for r in ok) + ".")
        largest = ok[-1]
        update = largest["update"]
        if update["count"]:
            after = largest.get("posting_after_updates", {})
            cites = "cites the new text" if update["all_cite_new_text"] else "DOES NOT cite the new text"
            out.append(
                f"Updating one posting among {largest['postings']:,}: Assistant.apply([changed], []) "
                f"first {update['first_ms']:.1f} ms, p50 {update['p50_ms']:.1f} ms, max {update['max_ms']:.0f} ms over "
                f"{update['count']} updates ({update['compactions']} compaction(s) after more than "
                f"{update['compact_after_segments']} segments); a reply afterwards {cites} "
                f"(posting scope and careers-wide); one posting p50 after the updates "
                f"{_ms(after.get('p50_ms', float('nan')))} ms (before {_ms(largest['posting']['p50_ms'])} ms).")
        checks = []
        for r in ok:
            if r["postings"] == 10_000:
                checks.append(f"careers-wide p50 {_ms(r['careers']['p50_ms'])} ms (target ≤ {TARGETS['careers_p50_ms']:g})")
                checks.append(f"one posting p50 {_ms(r['posting']['p50_ms'])} ms (target ≤ {TARGETS['posting_p50_ms']:g})")
                checks.append(f"start-up {r['startup_s']:.1f} s (target ≤ {TARGETS['startup_s']:g})")
                checks.append(f"peak RSS {r['peak_rss_mb']:.0f} MB (target ≤ {TARGETS['peak_rss_mb']:g})")
        if checks:
            out.append("Targets at 10,000 postings: " + "; ".join(checks) + ".")
    state = report.get("git", {})
    code = f"commit {state.get('commit') or '?'}" + (" with uncommitted changes in assistant/" if state.get("assistant_changed") else "")
    out.append(f"Whole run {report['total_s']:.0f} s on {report['cpus']} CPUs, Python {report['python']}, seed {report['seed']}, {code}.")
    return "\n".join(out)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=DEFAULT_SIZES, help="comma-separated numbers of job postings")
    parser.add_argument("--queries", type=int, default=200, help="questions in each scope's rotating set")
    parser.add_argument("--rounds", type=int, default=3, help="passes over the questions; medians reported")
    parser.add_argument("--budget", type=float, default=90.0, help="seconds of replies per scope before stopping")
    parser.add_argument("--min-questions", type=int, default=40, help="replies timed per scope, budget or not")
    parser.add_argument("--updates", type=int, default=20, help="one-posting updates to time")
    parser.add_argument("--startup-runs", type=int, default=3, help="builds of the assistant; median reported")
    parser.add_argument("--startup-budget", type=float, default=30.0,
                        help="no more start-up runs once the builds so far took this many seconds")
    parser.add_argument("--bm25-queries", type=int, default=0,
                        help="rank-bm25 queries (0: every question up to 1,000 postings, 20 above)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--timeout", type=float, default=1200.0, help="seconds one size may take")
    parser.add_argument("--profile", metavar="DIR", help="cProfile replies at the largest size into DIR")
    parser.add_argument("--profile-questions", type=int, default=60)
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.size_list = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    if not args.size_list or min(args.size_list) < 1:
        parser.error("--sizes needs positive numbers")
    if args.queries < 1 or args.rounds < 1:
        parser.error("--queries and --rounds must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        print(json.dumps(run_size(args)))
        return 0
    report = run_all(args)
    print(json.dumps(report, indent=2) if args.json else markdown(report))
    return 0 if all("error" not in r for r in report["results"]) else 1


if __name__ == "__main__":
    sys.exit(main())
