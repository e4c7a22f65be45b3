"""What every input format shares: the error, slugs, label lines and the block builder."""

from __future__ import annotations

import re
import unicodedata

from assistant.model import Block, Posting

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}$")
FAQ_SECTION_RE = re.compile(r"faq|frequently asked|questions", re.IGNORECASE)
DEFAULT_SECTION = "Overview"

# A label is "Key: value" where the key is a short capitalised phrase, the way
# recruiters write "Salary: $120k" or "Location: Berlin". The key may not hold
# sentence punctuation, so "Note that we pay well: see below" stays a sentence.
_LABEL_RE = re.compile(r"^(?P<key>[A-Z][^\s:.!?;,]*(?: [^\s:.!?;,]+){0,4}):\s+(?P<value>\S.*)$")
_LABEL_MAX_CHARS = 200


class IngestError(ValueError):
    """A posting file was refused; the message tells the recruiter what to fix."""


def slugify(text: str) -> str:
    """Lowercase ASCII slug: accents folded, every run of other characters becomes one '-'."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    return slug[:100].rstrip("-")


def label_parts(text: str) -> tuple[str, str] | None:
    """Split a label line into (key, value), or None when the line is not a label."""
    if len(text) > _LABEL_MAX_CHARS:
        return None
    match = _LABEL_RE.match(text)
    if not match or len(match["key"]) < 2:
        return None
    return match["key"], match["value"]


def humane(value: str) -> str:
    """A schema.org value as a candidate reads it: "FULL_TIME, CONTRACTOR" → "Full time, Contractor"."""
    return ", ".join(part.strip().replace("_", " ").capitalize() for part in value.split(","))


def is_faq_section(title: str) -> bool:
    """True when a section holds questions and answers."""
    return bool(FAQ_SECTION_RE.search(title))


class BlockBuilder:
    """Turns a stream of headings and passages into Blocks, applying the section and FAQ rules."""

    def __init__(self, section: str = DEFAULT_SECTION) -> None:
        self.section = section
        self.subsection: str | None = None
        self.blocks: list[Block] = []
        self._question: str | None = None
        self._answer: list[str] = []
        self._answer_in_list = False

    @property
    def in_faq(self) -> bool:
        """True inside an FAQ section."""
        return is_faq_section(self.section)

    def heading(self, level: int, text: str) -> None:
        """Start a section (level 1-2) or a subsection / FAQ question (level 3+)."""
        text = " ".join(text.split())
        if not text:
            return
        self._close_question()
        if level <= 2:
            self.section, self.subsection = text, None
        elif self.in_faq:
            self._question = text
        else:
            self.subsection = text

    def add(self, kind: str, text: str, marker: str = "-") -> None:
        """Add a paragraph, bullet or label; under an open FAQ question it joins the answer."""
        text = text.strip()
        if not text:
            return
        if self._question is None:
            self.blocks.append(Block(kind, text, self.section, self.subsection))
            return
        if kind == "bullet":
            # A list inside an answer stays a list, one item a line, so the
            # answer reads as the recruiter wrote it.
            line = f"{marker} {text}"
            if self._answer_in_list:
                self._answer[-1] += "\n" + line
            else:
                self._answer.append(line)
            self._answer_in_list = True
        else:
            self._answer.append(text)
            self._answer_in_list = False

    def end_list(self) -> None:
        """The next bullet of an answer starts a new list (a blank line or a new <ul> came between)."""
        self._answer_in_list = False

    def finish(self) -> tuple[Block, ...]:
        """Close any open question and return the blocks."""
        self._close_question()
        return tuple(self.blocks)

    def _close_question(self) -> None:
        # A question without an answer yet is a draft: there is nothing to
        # cite, so it is left out rather than refusing the whole file.
        if self._question is not None and self._answer:
            answer = "\n\n".join(self._answer)
            self.blocks.append(Block("faq", answer, self.section, question=self._question))
        self._question, self._answer, self._answer_in_list = None, [], False


def passage_kind(text: str) -> str:
    """'label' for a label line, else 'paragraph'."""
    return "label" if label_parts(text) else "paragraph"


def make_posting(meta: dict, blocks: tuple[Block, ...], name: str) -> Posting:
    """Build the Posting from parsed fields, refusing a missing id or a posting without text."""
    meta = dict(meta)
    posting_id = meta.pop("id", None) or slugify(meta["title"])
    if not SLUG_RE.match(posting_id):
        raise IngestError(f"{name}: cannot make an id from the title {meta['title']!r}: give the posting an id")
    if not blocks:
        raise IngestError(f"{name}: {meta['title']!r} has a title but no text: no paragraphs, bullets or FAQ answers")
    return Posting(id=posting_id, blocks=blocks, **meta)
