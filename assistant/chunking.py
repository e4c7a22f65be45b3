"""Postings → chunks: the citable passages, each with an id that depends only on its text."""

from __future__ import annotations

import hashlib
import re

from assistant.ingest.common import humane, label_parts
from assistant.model import Chunk, Posting

SPLIT_ABOVE = 600  # a paragraph or answer longer than this is split ...
PIECE_CHARS = 400  # ... into sentence groups of at most this many characters
ID_HASH_CHARS = 10
DETAILS_SECTION = "Details"  # where the front matter's facts about the job are cited from

# A sentence ends at . ! or ? (maybe followed by a closing quote or bracket),
# then whitespace, then what can start a sentence: a capital or a digit.
_SENTENCE_END_RE = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")
# Starts only where a whitespace run starts, so a long run of spaces is linear.
_LINE_BREAK_RE = re.compile(r"(?<!\s)\s*\n\s*")
# Words whose period does not end a sentence ("e.g. Python", "No. 1").
_ABBREVIATIONS = frozenset(
    "e.g eg i.e ie etc dr no nr mr mrs ms vs approx inc ltd jr sr st co corp dept fig incl esp cf al ca prof "
    "resp min max u.s u.k".split()
)
_INITIALS_RE = re.compile(r"^(?:[a-z]\.)*[a-z]$")


def _ends_sentence(text: str, dot: int) -> bool:
    if text[dot] != ".":
        return True
    word_start = max(text.rfind(" ", 0, dot), text.rfind("\n", 0, dot)) + 1
    word = text[word_start:dot].lstrip("([\"'“‘").lower()
    if word in _ABBREVIATIONS or _INITIALS_RE.match(word):
        return False
    # "1. Apply" at the start of a line is list numbering, not a sentence.
    return not (word.isdigit() and (word_start == 0 or text[word_start - 1] == "\n"))


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) spans of the sentences of text; line breaks end a sentence too."""
    cuts = {(m.start(), m.end()) for m in _LINE_BREAK_RE.finditer(text)}
    for match in _SENTENCE_END_RE.finditer(text):
        if _ends_sentence(text, match.start()):
            # The unit keeps its punctuation and closing quote; whitespace goes.
            end = match.start() + len(match.group(0).rstrip())
            cuts.add((end, match.end()))
    spans, start = [], 0
    for end, next_start in sorted(cuts):
        if end > start:
            spans.append((start, end))
        start = max(start, next_start)
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def split_passage(text: str, limit: int = PIECE_CHARS) -> list[str]:
    """Group sentences greedily into pieces of at most limit characters; a longer sentence stays whole."""
    pieces: list[str] = []
    first = last = None
    for start, end in sentences(text.strip()):
        if first is None:
            first, last = start, end
        elif end - first <= limit:
            last = end
        else:
            pieces.append(text.strip()[first:last])
            first, last = start, end
    if first is not None:
        pieces.append(text.strip()[first:last])
    return [piece.strip() for piece in pieces if piece.strip()]


def chunk_id(posting_id: str, text: str) -> str:
    """The stable id of a passage: the posting id and a hash of the text with whitespace collapsed."""
    normalized = " ".join(text.split())
    return f"{posting_id}-{hashlib.sha1(normalized.encode('utf-8')).hexdigest()[:ID_HASH_CHARS]}"


def chunk_posting(posting: Posting) -> list[Chunk]:
    """One chunk per block, long paragraphs and answers split at sentence boundaries."""
    chunks = _detail_chunks(posting)  # the front matter comes first in the file
    seen: dict[str, int] = {}
    for number, block in enumerate(posting.blocks):
        long_text = block.kind in ("paragraph", "faq") and len(block.text) > SPLIT_ABOVE
        for text in split_passage(block.text) if long_text else [block.text.strip()]:
            base = chunk_id(posting.id, text)
            seen[base] = seen.get(base, 0) + 1
            # The same text twice in one posting (a repeated bullet) still
            # needs two ids; the first keeps the plain one.
            identifier = base if seen[base] == 1 else f"{base}-{seen[base]}"
            chunks.append(
                Chunk(
                    id=identifier,
                    posting=posting.id,
                    section=block.section,
                    text=text,
                    position=len(chunks),
                    subsection=block.subsection,
                    question=block.question,
                    block=number,
                )
            )
    return chunks


def _readable(value: str) -> str:
    """An employment type as a candidate reads it: schema.org's "FULL_TIME" as "Full time", the recruiter's
    own wording as written."""
    return humane(value) if re.fullmatch(r"\s*[A-Z_]+(?:\s*,\s*[A-Z_]+)*\s*", value) else value


def _detail_chunks(posting: Posting) -> list[Chunk]:
    """What the front matter says of the job that candidates ask about (where, on what contract, where to
    apply) as label lines to cite, unless the posting states it under the same label itself (as a
    JSON-LD import's Details section does). Each is a block of its own, numbered after the posting's."""
    if posting.company:
        return []
    said = {parts[0].lower() for block in posting.blocks if (parts := label_parts(block.text))}
    labels = (("Location", posting.location), ("Employment type", _readable(posting.employment_type or "")),
              ("How to apply", posting.apply_url))
    lines = [f"{label}: {value.strip()}" for label, value in labels
             if value and value.strip() and label.lower() not in said]
    return [Chunk(id=chunk_id(posting.id, text), posting=posting.id, section=DETAILS_SECTION, text=text,
                  position=position, block=len(posting.blocks) + position)
            for position, text in enumerate(lines)]
