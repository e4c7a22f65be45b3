"""Postings back to the corpus Markdown format, so any import can be kept as a corpus file."""

from __future__ import annotations

import re

import yaml

from assistant.ingest.common import DEFAULT_SECTION, label_parts
from assistant.ingest.markdown import TEXT_FIELDS, clean_inline, heading_text
from assistant.model import Block, Posting

# Characters the Markdown reader gives a meaning to somewhere in a line.
_SPECIAL = frozenset("\\`*_[]<>&~#|!")
# Characters that give a whole line a meaning when they start it.
_LINE_START = frozenset("-+=>#|*_`~[<")
_ORDERED_START_RE = re.compile(r"^(\d{1,9})([.)])")
_ANSWER_LIST_RE = re.compile(r"^(-|\d{1,9}[.)]) (.*)$")


def inline(text: str) -> str:
    """Markdown for a line of plain text: as written when that reads back the same, escaped otherwise."""
    if clean_inline(text) != text:
        text = "".join("\\" + char if char in _SPECIAL else char for char in text)
    # Comments are removed before anything else is read, escapes included.
    text = text.replace("\\<!--", "&lt;!--").replace("<!--", "&lt;!--")
    if match := _ORDERED_START_RE.match(text):
        return f"{match.group(1)}\\{text[match.end(1):]}"
    if text[:1] in _LINE_START:
        return "\\" + text
    return text


def _heading(level: int, title: str) -> str:
    line = "#" * level + " " + inline(title)
    if heading_text(line) != (level, title) and title.endswith("#"):
        line = line[:-1] + "\\#"  # a trailing ' #' would read as a closing sequence
    return line


def _label(text: str) -> str:
    parts = label_parts(text)
    if parts:
        rendered = f"**{inline(parts[0])}:** {inline(parts[1])}"
        if clean_inline(rendered) == text:
            return rendered
    return inline(text)


def _answer(text: str) -> str:
    rendered = []
    for part in text.split("\n\n"):
        items = [_ANSWER_LIST_RE.match(line) for line in part.split("\n")]
        if all(items):
            rendered.append("\n".join(f"{item.group(1)} {inline(item.group(2))}" for item in items))
        else:
            rendered.append(inline(" ".join(part.split())))
    return "\n\n".join(rendered)


def _front_matter(posting: Posting) -> str:
    fields: dict = {"id": posting.id, "title": posting.title}
    fields.update({key: getattr(posting, key) for key in TEXT_FIELDS if getattr(posting, key)})
    if posting.company:
        fields["company"] = True
    # extra keys never shadow the format's own fields ("company" is the company-FAQ flag)
    reserved = {"id", "title", "company", *TEXT_FIELDS}
    fields.update({key: value for key, value in posting.extra.items() if key not in reserved})
    dumped = yaml.safe_dump(fields, sort_keys=False, allow_unicode=True, width=10_000)
    return f"---\n{dumped}---"


def _block(block: Block) -> str:
    if block.kind == "bullet":
        return f"- {inline(block.text)}"
    if block.kind == "label":
        return _label(block.text)
    if block.kind == "faq":
        return f"{_heading(3, block.question or '')}\n\n{_answer(block.text)}"
    return inline(" ".join(block.text.split()))


def to_markdown(posting: Posting) -> str:
    """Serialize a posting as corpus Markdown: front matter, '# title', '##' sections, '###' headings."""
    parts = [_front_matter(posting), _heading(1, posting.title)]
    section: str | None = None
    subsection: str | None = None
    previous_kind = None
    for position, block in enumerate(posting.blocks):
        if block.section != section:
            # The text before the first '##' reads back as the Overview.
            if position > 0 or block.section != DEFAULT_SECTION:
                parts.append(_heading(2, block.section))
            section, subsection, previous_kind = block.section, None, None
        if block.subsection and block.subsection != subsection:
            parts.append(_heading(3, block.subsection))
            subsection, previous_kind = block.subsection, None
        rendered = _block(block)
        if block.kind == previous_kind == "bullet":
            parts[-1] += "\n" + rendered  # one list, one item a line
        else:
            parts.append(rendered)
        previous_kind = block.kind
    return "\n\n".join(parts) + "\n"
