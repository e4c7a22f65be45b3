"""Evaluation: replay dialogues through the chat path and score the turns (SPEC "Evaluation file format").

Beside the assistant, the same answerable turns are ranked by rank-bm25
alone and scikit-learn TF-IDF alone over the same passages, so each figure
has its plain baseline next to it.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from rank_bm25 import BM25Okapi
from sklearn.feature_extraction.text import TfidfVectorizer

from assistant.dialogue import Turn
from assistant.engine import Assistant

KINDS = ("answer", "no_answer", "smalltalk", "handoff")


class EvalFileError(ValueError):
    """An evaluation file that does not follow the format."""


@dataclass(frozen=True)
class EvalTurn:
    """One scored turn of a dialogue."""

    dialogue: str
    category: str
    message: str
    posting: str | None
    kind: str
    gold: tuple[str, ...]
    history: tuple[Turn, ...]


@dataclass
class Tally:
    """Running totals for one group of turns."""

    turns: int = 0
    answerable: int = 0
    hit1: int = 0
    hit3: int = 0
    reciprocal: float = 0.0
    wrongly_declined: int = 0
    out_of_scope: int = 0
    rightly_declined: int = 0
    other: int = 0
    other_right: int = 0

    def as_dict(self) -> dict:
        """The figures of this group."""
        share = lambda n, d: round(n / d, 4) if d else None  # noqa: E731
        return {
            "turns": self.turns,
            "answerable": self.answerable,
            "hit@1": share(self.hit1, self.answerable),
            "hit@3": share(self.hit3, self.answerable),
            "mrr": share(self.reciprocal, self.answerable),
            "wrongly_declined": share(self.wrongly_declined, self.answerable),
            "out_of_scope": self.out_of_scope,
            "rightly_declined": share(self.rightly_declined, self.out_of_scope),
            "smalltalk_handoff": self.other,
            "smalltalk_handoff_right": share(self.other_right, self.other),
        }


@dataclass
class Report:
    """Figures overall and per category, for the assistant and the two baselines."""

    assistant: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    bm25: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    tfidf: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    misses: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        """The report as plain JSON-ready data."""
        return {
            name: {group: tally.as_dict() for group, tally in sorted(tallies.items())}
            for name, tallies in (("assistant", self.assistant), ("rank_bm25", self.bm25), ("tfidf", self.tfidf))
        } | {"misses": self.misses}


def read_eval_file(path: Path) -> list[EvalTurn]:
    """Every turn of an evaluation file, each with the dialogue's earlier turns as history."""
    turns: list[EvalTurn] = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            dialogue = json.loads(line)
            history: list[Turn] = []
            for turn in dialogue["turns"]:
                expect = turn["expect"]
                if expect["kind"] not in KINDS:
                    raise EvalFileError(f"{path}:{number}: unknown kind {expect['kind']!r}")
                gold = tuple(expect.get("gold", ()))
                if expect["kind"] == "answer" and not gold:
                    raise EvalFileError(f"{path}:{number}: an answer turn needs gold strings")
                turns.append(EvalTurn(dialogue["id"], dialogue.get("category", "uncategorized"), turn["message"],
                                      turn.get("posting"), expect["kind"], gold, tuple(history)))
                history.append(Turn("user", turn["message"]))
                history.append(Turn("assistant", ""))  # filled by the replay
        except (KeyError, TypeError, json.JSONDecodeError) as exc:
            raise EvalFileError(f"{path}:{number}: not an evaluation dialogue ({exc})") from exc
    return turns


def _rank_of_hit(texts: list[str], gold: tuple[str, ...]) -> int | None:
    """1-based rank of the first text that holds a gold string, case ignored."""
    wanted = [g.lower() for g in gold]
    for rank, text in enumerate(texts, start=1):
        lowered = text.lower()
        if any(g in lowered for g in wanted):
            return rank
    return None


def _count(tally: Tally, turn: EvalTurn, kind: str, texts: list[str]) -> bool:
    """Add one turn to a tally; True when it went right."""
    tally.turns += 1
    if turn.kind == "answer":
        tally.answerable += 1
        if kind != "answer":
            tally.wrongly_declined += 1
            return False
        rank = _rank_of_hit(texts, turn.gold)
        if rank is not None:
            tally.hit1 += rank == 1
            tally.hit3 += rank <= 3
            tally.reciprocal += 1.0 / rank
        return rank == 1
    if turn.kind == "no_answer":
        tally.out_of_scope += 1
        tally.rightly_declined += kind == "no_answer"
        return kind == "no_answer"
    tally.other += 1
    tally.other_right += kind == turn.kind
    return kind == turn.kind


class Baselines:
    """rank-bm25 alone and TF-IDF alone over the assistant's passages, per posting or over all."""

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant
        self._cache: dict[str | None, tuple] = {}

    def rank(self, message: str, posting: str | None) -> tuple[list[str], list[str]]:
        """Passage texts, best first, by BM25 and by TF-IDF."""
        texts, bm25, vectorizer, matrix = self._models(posting)
        bm25_scores = bm25.get_scores(_plain_words(message))
        tfidf_scores = (matrix @ vectorizer.transform([message]).T).toarray().ravel()
        order = lambda s: [texts[i] for i in np.argsort(-s, kind="stable")[:3]]  # noqa: E731
        return order(bm25_scores), order(tfidf_scores)

    def _models(self, posting: str | None):
        if posting not in self._cache:
            ids = [posting] if posting else [p.id for p in self.assistant.postings()]
            chunks = [c for posting_id in ids for c in self.assistant.chunks(posting_id)]
            docs = [" ".join(filter(None, [c.question, c.text])) for c in chunks]
            vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True)
            matrix = vectorizer.fit_transform(docs)
            self._cache[posting] = ([c.text for c in chunks], BM25Okapi([_plain_words(d) for d in docs]),
                                    vectorizer, matrix)
        return self._cache[posting]


def _plain_words(text: str) -> list[str]:
    """Lowercase word tokens, as the plain baseline uses."""
    return re.findall(r"\w+", text.lower()) or [""]


def evaluate(assistant: Assistant, turns: list[EvalTurn], baselines: bool = True) -> Report:
    """Replay the turns (each dialogue's replies become its later turns' history) and score them."""
    from assistant.api import reply_json

    report = Report()
    plain = Baselines(assistant) if baselines else None
    replies: dict[tuple[str, int], str] = {}
    for turn in turns:
        history = [
            Turn(t.role, replies.get((turn.dialogue, i // 2), "") if t.role == "assistant" else t.content)
            for i, t in enumerate(turn.history)
        ]
        reply = assistant.reply(turn.message, turn.posting, history)
        body = reply_json(reply, {}, "c_eval", "m_eval")
        replies[(turn.dialogue, len(turn.history) // 2)] = body["answer"]
        texts = [c["text"] for c in body["citations"]]
        right = True
        for group in ("overall", turn.category):
            right = _count(report.assistant[group], turn, body["kind"], texts) and right
        if not right:
            report.misses.append({"id": turn.dialogue, "message": turn.message, "expected": turn.kind,
                                  "got": body["kind"], "confidence": body["confidence"], "cited": texts[:1]})
        if plain is not None and turn.kind == "answer":
            by_bm25, by_tfidf = plain.rank(turn.message, turn.posting)
            for group in ("overall", turn.category):
                _count(report.bm25[group], turn, "answer", by_bm25)
                _count(report.tfidf[group], turn, "answer", by_tfidf)
    return report


def format_report(report: Report) -> str:
    """A side-by-side table for people: the assistant, rank-bm25 alone, TF-IDF alone."""
    lines = ["category         turns  hit@1  hit@3    MRR  declined-ok  wrongly-declined  other-ok"
             "  | bm25 hit@1 hit@3 | tfidf hit@1 hit@3"]
    fmt = lambda v: "    -" if v is None else f"{v:5.3f}"  # noqa: E731
    groups = ["overall"] + sorted(g for g in report.assistant if g != "overall")
    for group in groups:
        a = report.assistant[group].as_dict()
        b = report.bm25[group].as_dict() if group in report.bm25 else {}
        t = report.tfidf[group].as_dict() if group in report.tfidf else {}
        lines.append(
            f"{group:<16} {a['turns']:>5}  {fmt(a['hit@1'])}  {fmt(a['hit@3'])}  {fmt(a['mrr'])}"
            f"        {fmt(a['rightly_declined'])}             {fmt(a['wrongly_declined'])}     {fmt(a['smalltalk_handoff_right'])}"
            f"  |      {fmt(b.get('hit@1'))} {fmt(b.get('hit@3'))} |       {fmt(t.get('hit@1'))} {fmt(t.get('hit@3'))}"
        )
    return "\n".join(lines)
