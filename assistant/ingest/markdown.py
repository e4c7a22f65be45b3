"""Markdown postings: YAML front matter, ## sections, ### subsections or FAQ questions."""

from __future__ import annotations

import datetime as dt
import html
import re

import yaml

from assistant.ingest.common import SLUG_RE, BlockBuilder, IngestError, make_posting, passage_kind
from assistant.model import Posting

TEXT_FIELDS = ("location", "employment_type", "apply_url", "contact", "updated")

_HEADING_RE = re.compile(r"^(#{1,6})(?:[ \t]+|$)")
_BULLET_RE = re.compile(r"^([-*+]|\d{1,9}[.)])[ \t]+(\S.*)$")
_RULE_RE = re.compile(r"^(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_SETEXT_RE = re.compile(r"^(=+|-+)[ \t]*$")
_FENCE_RE = re.compile(r"^(`{3,}|~{3,})")
_TABLE_SEPARATOR_RE = re.compile(r"^\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_REFERENCE_RE = re.compile(r"^\[[^\]]+\]:[ \t]+\S+")
_TAGS_ONLY_RE = re.compile(r"^(?:</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>[ \t]*)+$")
# Lines with no words of the posting: rules, link definitions, bare tags, table separators.
_IGNORED_LINE_RES = (_RULE_RE, _REFERENCE_RE, _TAGS_ONLY_RE, _TABLE_SEPARATOR_RE)

# Inline rules, applied in this order. Backslash escapes and code spans are
# matched by one alternation so that whichever comes first wins, as in
# CommonMark; their content is stashed so the emphasis rules cannot touch it.
# Every span is bounded ({0,500}) and may not contain its own delimiter, so a
# hostile line of 500,000 '[', '`' or ' *a' costs linear time, not quadratic.
_PROTECTED_RE = re.compile(r"\\([!-/:-@\[-`{-~])|(?<!`)(`{1,10})(?!`)(.{1,500}?)(?<!`)\2(?!`)")
_URL = r"\((?:[^()\s]{0,2000})(?:\s+\"[^\"]{0,500}\")?\)"
_INLINE_RULES = (
    (re.compile(r"!\[[^\[\]]{0,500}\]" + _URL), ""),
    (re.compile(r"\[([^\[\]]{0,500})\]" + _URL), r"\1"),
    (re.compile(r"\[([^\[\]]{1,500})\]\[[^\[\]]{0,500}\]"), r"\1"),
    (re.compile(r"<((?:https?|mailto):[^<>\s]{1,2000}|[^<>\s@]{1,200}@[^<>\s@]{1,200}\.[^<>\s@]{1,50})>"), r"\1"),
    (re.compile(r"<br\s{0,5}/?>", re.IGNORECASE), " "),
    (re.compile(r"</?[A-Za-z][A-Za-z0-9-]{0,30}(?:\s[^<>]{0,500})?/?>"), ""),
    (re.compile(r"\*\*(?=\S)((?:[^*]|\*(?!\*)){1,500}?)(?<=\S)\*\*"), r"\1"),
    (re.compile(r"__(?=\S)((?:[^_]|_(?!_)){1,500}?)(?<=\S)__"), r"\1"),
    (re.compile(r"~~(?=\S)((?:[^~]|~(?!~)){1,500}?)(?<=\S)~~"), r"\1"),
    (re.compile(r"(?<![\w*])\*(?=[^\s*])([^*]{1,500}?)(?<=[^\s*])\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<![\w_])_(?=[^\s_])([^_]{1,500}?)(?<=[^\s_])_(?![\w_])"), r"\1"),
)
# libyaml's safe loader when PyYAML was built with it (the wheels are): the same documents, parsed in C
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_EMPHASIS_PASSES = 3  # ***x*** needs two; more nesting than that is not prose
_ENTITY_RE = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_STASHED_RE = re.compile("\x00(\\d+)\x00")


_MARKUP = frozenset("\\`[<*_~&")  # a character some rule above starts from


def clean_inline(text: str) -> str:
    """Markdown inline text → the words a citation shows: no emphasis, links keep their text."""
    if _MARKUP.isdisjoint(text):  # plain prose, most lines: nothing to undo
        return text.strip()
    stash: list[str] = []

    def protect(match: re.Match) -> str:
        """Swap an escaped character or a code span for a placeholder."""
        if match.group(1) is not None:
            stash.append(match.group(1))
        else:
            code = match.group(3)
            stash.append(code[1:-1] if len(code) > 2 and code[0] == code[-1] == " " else code)
        # NUL cannot occur in accepted input, so it is a safe placeholder.
        return f"\x00{len(stash) - 1}\x00"

    text = _PROTECTED_RE.sub(protect, text)
    for pattern, replacement in _INLINE_RULES:
        for _ in range(_EMPHASIS_PASSES):
            text, count = pattern.subn(replacement, text)
            if not count:
                break
    text = _ENTITY_RE.sub(lambda m: html.unescape(m.group(0)), text)
    text = _STASHED_RE.sub(lambda m: stash[int(m.group(1))], text)
    return text.strip()


def heading_text(raw_line: str) -> tuple[int, str] | None:
    """(level, clean text) when the line is an ATX heading, else None."""
    match = _HEADING_RE.match(raw_line)
    if not match:
        return None
    text = raw_line[match.end() :].strip()
    # A closing run of '#' goes, but only after a space: "C#" keeps its hash.
    unclosed = text.rstrip("#")
    if not unclosed or unclosed[-1] in " \t":
        text = unclosed.rstrip()
    return len(match.group(1)), clean_inline(text)


def strip_comments(text: str) -> str:
    """Drop <!-- HTML comments --> (recruiters' notes), keeping an unclosed one as text."""
    parts, position = [], 0
    while (start := text.find("<!--", position)) != -1:
        end = text.find("-->", start + 4)
        if end == -1:
            break
        parts.append(text[position:start])
        position = end + 3
    parts.append(text[position:])
    return "".join(parts)


def split_front_matter(text: str, name: str) -> tuple[dict, list[str]]:
    """Separate YAML front matter from the body: (fields, body lines)."""
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return {}, lines
    for end in range(1, len(lines)):
        if lines[end].rstrip() in ("---", "..."):
            break
    else:
        raise IngestError(f"{name}: the front matter opened on line 1 is never closed with a '---' line")
    front = "\n".join(lines[1:end])
    try:
        try:
            fields = yaml.load(front, Loader=_YAML_LOADER)
        except yaml.YAMLError:  # read again by the Python loader, whose message points at the line to fix
            fields = yaml.safe_load(front)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise IngestError(f"{name}: broken front matter{where}: {problem}") from None
    if fields is None:
        fields = {}
    if not isinstance(fields, dict):
        raise IngestError(f"{name}: the front matter must be 'key: value' lines, got a {type(fields).__name__}")
    return fields, lines[end + 1 :]


def _field_text(fields: dict, key: str, name: str, lines: list[str]) -> str | None:
    value = fields.get(key)
    if value is None:
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise IngestError(f"{name}: front matter field '{key}' (line {_key_line(lines, key)}) must be text")
    return str(value).strip() or None


def _key_line(lines: list[str], key: str) -> int:
    for number, line in enumerate(lines, start=1):
        if line.startswith(f"{key}:"):
            return number
    return 1


def posting_metadata(fields: dict, name: str, lines: list[str]) -> dict:
    """Validate front matter fields into Posting keyword arguments (id and title may be None)."""
    meta = {key: _field_text(fields, key, name, lines) for key in ("id", "title", *TEXT_FIELDS)}
    if meta["id"] is not None and not SLUG_RE.match(meta["id"]):
        raise IngestError(
            f"{name}: id {meta['id']!r} (line {_key_line(lines, 'id')}) must be a slug: "
            "lowercase letters, digits and '-', starting with a letter or digit, at most 100 characters"
        )
    company = fields.get("company", False)
    if not isinstance(company, bool):
        line = _key_line(lines, "company")
        raise IngestError(f"{name}: front matter field 'company' (line {line}) must be true or false")
    meta["company"] = company
    known = {"id", "title", "company", *TEXT_FIELDS}
    meta["extra"] = {key: value for key, value in fields.items() if key not in known}
    return meta


class _BodyParser:
    """Reads Markdown body lines into a BlockBuilder; the first H1 becomes the title."""

    def __init__(self) -> None:
        self.builder = BlockBuilder()
        self.h1: str | None = None
        self._lines: list[str] = []  # raw lines of the open paragraph or bullet
        self._kind = "paragraph"
        self._marker = "-"

    def flush(self) -> None:
        """Emit the open paragraph or bullet."""
        if self._lines:
            text = clean_inline(" ".join(self._lines))
            kind = self._kind if self._kind == "bullet" else passage_kind(text)
            self.builder.add(kind, text, self._marker)
        self._lines, self._kind = [], "paragraph"

    def feed(self, lines: list[str]) -> None:
        """Parse all body lines."""
        fence: str | None = None
        for line in (raw.strip() for raw in lines):
            if fence is not None:
                if line.startswith(fence):
                    fence = None
                    self.flush()
                elif line:
                    self._lines.append(line)
                continue
            if match := _FENCE_RE.match(line):
                self.flush()
                fence = match.group(1)
                continue
            self._line(line)
        self.flush()

    def _line(self, line: str) -> None:
        while line.startswith(">"):  # a quote reads as ordinary text
            line = line[1:].strip()
        if not line:
            self.flush()
            self.builder.end_list()
        elif (heading := heading_text(line)) is not None:
            self.flush()
            self._heading(*heading)
        elif self._underlines_title(line):
            title, self._lines = self._lines[0], []
            self._heading(1 if line[0] == "=" else 2, clean_inline(title))
        elif any(pattern.match(line) for pattern in _IGNORED_LINE_RES):
            self.flush()
        elif match := _BULLET_RE.match(line):
            self.flush()
            marker = match.group(1)
            self._lines, self._kind = [match.group(2)], "bullet"
            self._marker = marker if marker[0].isdigit() else "-"
        elif line.startswith("|"):
            self.flush()
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            self._lines = [" | ".join(cell for cell in cells if cell)]
            self.flush()
        elif passage_kind(clean_inline(line)) == "label":
            # Label lines stand alone even without blank lines around them:
            # recruiters stack "Salary: ..." and "Location: ..." line by line.
            self.flush()
            self._lines = [line]
            self.flush()
        else:
            # A bullet's continuation lines join it, like a paragraph's.
            self._lines.append(line)

    def _underlines_title(self, line: str) -> bool:
        # "Benefits\n--------" is a heading; a rule under a long paragraph is just a rule.
        single_short_line = len(self._lines) == 1 and len(self._lines[0]) <= 80
        return bool(_SETEXT_RE.match(line)) and self._kind == "paragraph" and single_short_line

    def _heading(self, level: int, text: str) -> None:
        if not text:
            return
        if level == 1 and self.h1 is None:
            self.h1 = text
        else:
            self.builder.heading(level, text)


def parse_markdown(text: str, name: str, default_id: str | None) -> Posting:
    """Parse a Markdown posting (front matter optional)."""
    fields, body = split_front_matter(text, name)
    lines = text.split("\n")
    meta = posting_metadata(fields, name, lines)
    parser = _BodyParser()
    parser.feed(strip_comments("\n".join(body)).split("\n"))
    meta["title"] = meta["title"] or parser.h1
    if not meta["title"]:
        raise IngestError(f"{name}: no title: add 'title:' to the front matter or a '# Title' heading")
    meta["id"] = meta["id"] or default_id
    return make_posting(meta, parser.builder.finish(), name)

