"""The importer: posting files in Markdown, plain text, HTML or JSON-LD become Postings.

    parse(source, fmt=None, name=None)   one posting, or IngestError
    load_folder(path)                    every posting file under a folder, and the refused ones
    to_markdown(posting)                 back to the corpus format
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from assistant.ingest.common import IngestError, slugify
from assistant.ingest.export import to_markdown
from assistant.ingest.html import parse_html
from assistant.ingest.jsonld import parse_jsonld
from assistant.ingest.markdown import parse_markdown
from assistant.ingest.plaintext import parse_plaintext
from assistant.model import Posting

__all__ = [
    "FORMATS", "FORMATS_BY_CONTENT_TYPE", "FORMATS_BY_EXTENSION", "MAX_BYTES", "IngestError",
    "detect_format", "load_folder", "parse", "to_markdown",
]

MAX_BYTES = 512_000
FORMATS = ("markdown", "text", "html", "jsonld")
FORMATS_BY_CONTENT_TYPE = {
    "text/markdown": "markdown",
    "text/x-markdown": "markdown",
    "text/plain": "text",
    "text/html": "html",
    "application/ld+json": "jsonld",
    "application/json": "jsonld",
}
FORMATS_BY_EXTENSION = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
    ".json": "jsonld",
    ".jsonld": "jsonld",
}
_PARSERS = {"markdown": parse_markdown, "text": parse_plaintext, "html": parse_html, "jsonld": parse_jsonld}
_HTML_START_RE = re.compile(r"<(?:!doctype|html|head|body|main|article|section|div|p|h[1-6]|ul|ol|table|meta)\b", re.I)
_FRONT_MATTER_RE = re.compile(r"---[ \t]*\n(?:[A-Za-z_][\w-]*:.*\n)+---[ \t]*(?:\n|$)")
_MARKDOWN_HINT_RE = re.compile(r"^(?:#{1,6}[ \t]+\S|---[ \t]*$)|\*\*[^*\n]+\*\*|\[[^\]\n]+\]\([^)\n]+\)", re.M)


def _too_big(label: str, size: int, max_bytes: int) -> IngestError:
    return IngestError(f"{label}: {size:,} bytes is over the {max_bytes:,}-byte limit for one posting")


def _decode(source: str | bytes, label: str, max_bytes: int) -> str:
    """Bytes or text → normalised text, refusing what is too big, binary, not UTF-8 or empty."""
    size = len(source.encode("utf-8", "surrogatepass")) if isinstance(source, str) else len(source)
    if size > max_bytes:
        raise _too_big(label, size, max_bytes)
    if isinstance(source, str):
        text = source
    elif source.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Word's "Unicode text" is UTF-16 with a byte order mark: readable, so read it.
        try:
            text = source.decode("utf-16")
        except UnicodeDecodeError:
            raise IngestError(f"{label}: broken UTF-16 text; save the posting as UTF-8") from None
    elif b"\x00" in source:
        raise IngestError(f"{label}: this is a binary file (it contains NUL bytes), not text; "
                          "save the posting as Markdown, plain text, HTML or JSON")
    else:
        try:
            text = source.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise IngestError(f"{label}: not UTF-8 text (byte 0x{source[exc.start]:02x} at offset {exc.start}); "
                              "save the posting as UTF-8") from None
    if "\x00" in text:
        raise IngestError(f"{label}: this is binary data (it contains NUL characters), not text")
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        problem = "is empty" if not text else "holds only whitespace"
        raise IngestError(f"{label}: the posting {problem}")
    return text


def detect_format(text: str, name: str | None = None) -> str:
    """The format of a posting: from the file name's extension, else by looking at the content."""
    head = text.lstrip()
    if name and (fmt := FORMATS_BY_EXTENSION.get(Path(name).suffix.lower())):
        # Markdown saved as .txt still starts with its front matter.
        return "markdown" if fmt == "text" and _FRONT_MATTER_RE.match(text) else fmt
    if head.startswith("{") or head.startswith("[{") or head.startswith("[\n"):
        return "jsonld"
    if _HTML_START_RE.match(head) or re.search(r"<(?:html|body)\b", head[:2000], re.I):
        return "html"
    if _MARKDOWN_HINT_RE.search(text):
        return "markdown"
    return "text"


def parse(source: str | bytes, fmt: str | None = None, name: str | None = None, max_bytes: int = MAX_BYTES) -> Posting:
    """Parse one posting in any supported format; bad input raises IngestError and nothing else happens."""
    label = name or "posting"
    if fmt is not None and fmt not in _PARSERS:
        raise IngestError(f"{label}: unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    text = _decode(source, label, max_bytes)
    fmt = fmt or detect_format(text, name)
    default_id = (slugify(Path(name).stem) or None) if name else None
    try:
        return _PARSERS[fmt](text, label, default_id)
    except RecursionError:
        # Thousands of nested tags or brackets: no posting looks like that.
        raise IngestError(f"{label}: the {fmt} is nested too deeply to read") from None


LEXICON_STEMS = ("synonyms", "technologies", "thesaurus")


def _is_posting_file(relative: Path) -> bool:
    if relative.suffix.lower() not in FORMATS_BY_EXTENSION:
        return False
    # Lexicon files (synonyms*, technologies*, thesaurus*) live beside postings; READMEs
    # and dotfiles (editor backups, .DS_Store) are not postings either.
    stem = relative.stem.lower()
    if stem.startswith(LEXICON_STEMS) or stem == "readme" or "lexicon" in relative.parts[:-1]:
        return False
    return not any(part.startswith(".") for part in relative.parts)


def load_folder(path: str | Path, max_bytes: int = MAX_BYTES) -> tuple[list[Posting], list[tuple[str, str]]]:
    """Import every posting file under path: (postings sorted by id, refused files as (path, message))."""
    root = Path(path)
    if root.is_file():
        files = [root]
        root = root.parent
    elif root.is_dir():
        files = sorted(file for file in root.rglob("*") if file.is_file() and _is_posting_file(file.relative_to(root)))
    else:
        raise IngestError(f"{path}: no such file or folder")
    postings: dict[str, tuple[Posting, Path]] = {}
    refused: list[tuple[str, str]] = []
    for file in files:
        label = file.relative_to(root).as_posix()
        try:
            # Checked before reading, so a huge file is never loaded into memory.
            if (size := file.stat().st_size) > max_bytes:
                raise _too_big(label, size, max_bytes)
            posting = parse(file.read_bytes(), name=label, max_bytes=max_bytes)
        except IngestError as exc:
            refused.append((str(file), str(exc)))
            continue
        except OSError as exc:
            refused.append((str(file), f"{label}: cannot be read: {exc.strerror or exc}"))
            continue
        if posting.id in postings:
            first = postings[posting.id][1].relative_to(root).as_posix()
            refused.append((str(file), f"{label}: posting id {posting.id!r} is already used by {first}; "
                                       "give one of them another id"))
            continue
        postings[posting.id] = (posting, file)
    return [posting for _, (posting, _) in sorted(postings.items())], refused
