"""Plain text as a recruiter pastes it: title line, short title-like lines as headings, dash bullets."""

from __future__ import annotations

import re

from assistant.ingest.common import BlockBuilder, IngestError, label_parts, make_posting
from assistant.model import Posting

_BULLET_RE = re.compile(r"^([-•*–·▪‣◦●○■□➢➤✓✔]|\d{1,2}[.)])\s+(\S.*)$")
_RULE_RE = re.compile(r"^[-=_*~#•.]{3,}$")
_TITLE_SUFFIX_RE = re.compile(r"\s*[-–—:|]?\s*\bjob\s+description(?:\s+template)?\s*$", re.IGNORECASE)
_TITLE_MAX_CHARS = 150
_HEADING_MAX_CHARS = 60
_HEADING_MAX_WORDS = 8
_WRAPPED_MIN_CHARS = 60
# Words that make a short line a heading even right after another short line;
# without them "Skills" followed by a bare list of "JavaScript", "Docker" ...
# would make every skill a heading.
_SECTION_WORDS_RE = re.compile(
    r"\b(about|overview|summary|introduction|description|the role|the position|the job|responsibilit|duties|"
    r"tasks|what you|who you|you will|you'll|we offer|requirement|qualification|skills|experience|education|"
    r"benefits|perks|compensation|salary|apply|application|hiring|interview|faq|frequently|questions|"
    r"nice to have|bonus points|preferred|must have|location|schedule|hours|team|company|culture|mission|"
    r"values|why join|why us|tech stack|stack|tools|equal opportunit|diversity|contact|next steps)",
    re.IGNORECASE,
)


def plain_title(line: str) -> str:
    """The posting title from a plain text title line: without a trailing 'Job Description (Template)'."""
    title = _TITLE_SUFFIX_RE.sub("", line).strip()
    return title or line.strip()


def _title_like(line: str) -> bool:
    return (
        len(line) <= _HEADING_MAX_CHARS
        and line[-1] not in ".!?,;"
        and line[0].isupper()
        and len(line.split()) <= _HEADING_MAX_WORDS
        and not _BULLET_RE.match(line)
        and label_parts(line) is None
    )


def heading_lines(lines: list[str]) -> set[int]:
    """Indexes of the lines that are headings, deciding runs of consecutive short lines as a whole."""
    stripped = [line.strip() for line in lines]
    nonblank = [i for i, line in enumerate(stripped) if line]
    next_nonblank = {a: b for a, b in zip(nonblank, nonblank[1:])}
    # The line after a question is its answer, however short ("Yes").
    after_question = {b for a, b in next_nonblank.items() if stripped[a].endswith("?")}
    candidates = [i for i in nonblank if i not in after_question and _title_like(stripped[i])]
    headings: set[int] = set()
    run: list[int] = []
    for i in candidates + [None]:
        previous = run[-1] if run else None
        if i is not None and previous is not None and next_nonblank.get(previous) == i:
            run.append(i)
            continue
        if run:
            chosen = [j for j in run if _SECTION_WORDS_RE.search(stripped[j])] if len(run) > 1 else []
            headings.update(chosen or run[:1])
        run = [i] if i is not None else []
    # A heading needs something under it, or its words would vanish.
    return {i for i in headings if i in next_nonblank}


class _PlainParser:
    """Feeds plain text lines into a BlockBuilder, joining wrapped lines."""

    def __init__(self, builder: BlockBuilder) -> None:
        self.builder = builder
        self._lines: list[str] = []
        self._kind = "paragraph"
        self._marker = "-"

    def flush(self) -> None:
        """Emit the open paragraph or bullet."""
        if self._lines:
            self.builder.add(self._kind, " ".join(self._lines), self._marker)
        self._lines, self._kind = [], "paragraph"

    def feed(self, lines: list[str]) -> None:
        """Parse the lines (the title line already removed)."""
        headings = heading_lines(lines)
        for number, raw in enumerate(lines):
            line = raw.strip()
            if not line or _RULE_RE.match(line):
                self.flush()
                self.builder.end_list()
            elif match := _BULLET_RE.match(line):
                self.flush()
                marker = match.group(1)
                self._lines, self._kind = [match.group(2)], "bullet"
                self._marker = marker if marker[0].isdigit() else "-"
            elif self._continues(raw, line):
                self._lines.append(line)
            elif self.builder.in_faq and line.endswith("?"):
                self.flush()
                self.builder.heading(3, line)
            elif number in headings:
                self.flush()
                self.builder.heading(2, line.rstrip(":").strip())
            else:
                # Pasted text puts one paragraph on a line, so every line
                # that does not continue the previous one stands alone.
                self.flush()
                self._lines = [line]
                self._kind = "label" if label_parts(line) else "paragraph"
                if self._kind == "label":
                    self.flush()
        self.flush()

    def _continues(self, raw: str, line: str) -> bool:
        # Hard-wrapped text (e-mail, PDF copies) breaks a sentence across
        # lines: the previous line is long and unfinished.
        if not self._lines:
            return False
        last = self._lines[-1]
        unfinished = last[-1] not in ".!?:;"
        if self._kind == "bullet" and raw[:1] in (" ", "\t"):
            return True
        return unfinished and (len(last) > _WRAPPED_MIN_CHARS or line[0].islower())


def feed_plain(lines: list[str], builder: BlockBuilder) -> None:
    """Parse plain text body lines into the builder."""
    _PlainParser(builder).feed(lines)


def parse_plaintext(text: str, name: str, default_id: str | None) -> Posting:
    """Parse a plain text posting: the first non-empty line is its title."""
    lines = text.split("\n")
    first = next(i for i, line in enumerate(lines) if line.strip())
    title_line = lines[first].strip()
    if len(title_line) > _TITLE_MAX_CHARS:
        raise IngestError(
            f"{name}: no title: the first line (line {first + 1}, {len(title_line)} characters) "
            "does not look like a job title; put the title on the first line"
        )
    builder = BlockBuilder()
    feed_plain(lines[first + 1 :], builder)
    meta = {"id": default_id, "title": plain_title(title_line)}
    return make_posting(meta, builder.finish(), name)
