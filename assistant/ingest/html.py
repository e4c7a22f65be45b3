"""HTML careers pages (and HTML fragments such as a JobPosting description), text only."""

from __future__ import annotations

import json
import re

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

from assistant.ingest import schema
from assistant.ingest.common import BlockBuilder, IngestError, label_parts, make_posting
from assistant.model import Posting

# Page chrome and things that are not posting text.
_DROP_TAGS = frozenset(
    "script style nav noscript template svg button form iframe select textarea input "
    "img picture video audio canvas object embed head title meta link dialog".split()
)
_DROP_ROLES = frozenset({"navigation", "banner", "contentinfo", "search", "dialog", "alertdialog"})
_BLOCK_TAGS = frozenset(
    "address article aside blockquote body caption center dd details div dl dt fieldset figcaption figure "
    "h1 h2 h3 h4 h5 h6 hr html li main ol p pre section summary table tbody td tfoot th thead tr ul".split()
)
_NOT_TEXT = (Comment, Declaration, Doctype, ProcessingInstruction)
_HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_LINE_BULLET_RE = re.compile(r"^[-•*·▪]\s+(\S.*)$")
# Buttons dressed as links: a chunk saying "Apply now" answers nothing.
_CALL_TO_ACTION_RE = re.compile(
    r"^(?:apply(?: now| here| today)?|apply for this (?:job|role|position)|submit (?:your )?application|"
    r"back to (?:all )?jobs|(?:view|see) all jobs|share(?: this job)?|save(?: this)? job)$",
    re.IGNORECASE,
)
_BREAK = "\x00"  # stands for <br>; NUL never survives into accepted text
_PSEUDO_HEADING_MAX = 60


def _skipped(tag: Tag) -> bool:
    if tag.name in ("header", "footer"):
        # The site's header and footer are chrome; an article's own header
        # holds the job's title and facts.
        return tag.find_parent(("article", "main")) is None
    return (
        tag.name in _DROP_TAGS
        or (tag.name == "a" and bool(_CALL_TO_ACTION_RE.match(" ".join((tag.string or "").split()))))
        or tag.get("role") in _DROP_ROLES
        or tag.has_attr("hidden")
        or tag.get("aria-hidden") == "true"
        or bool(_HIDDEN_STYLE_RE.search(tag.get("style") or ""))
    )


def _descendants(node: Tag, names: tuple[str, ...], stop: tuple[str, ...]) -> list[Tag]:
    """Visible descendants named in names, not looking inside them nor inside stop tags.

    Walking only as deep as needed keeps nested lists and tables linear, where
    find_all plus find_parent would be quadratic on a hostile page.
    """
    found: list[Tag] = []
    for child in node.children:
        if not isinstance(child, Tag) or _skipped(child):
            continue
        if child.name in names:
            found.append(child)
        elif child.name not in stop:
            found.extend(_descendants(child, names, stop))
    return found


def inline_text(node: Tag, skip: frozenset[str] = frozenset()) -> str:
    """The visible text under node, whitespace collapsed, leaving out skipped tags."""
    parts: list[str] = []
    for child in node.children:
        if isinstance(child, NavigableString):
            if not isinstance(child, _NOT_TEXT):
                parts.append(str(child))
        elif isinstance(child, Tag) and not _skipped(child) and child.name not in skip:
            # Block children are separate words even without whitespace between them.
            sep = " " if child.name in _BLOCK_TAGS or child.name == "br" else ""
            parts.append(sep + inline_text(child, skip) + sep)
    return " ".join("".join(parts).replace(_BREAK, " ").split())


class HtmlWalker:
    """Walks a document in order, feeding headings and passages to a BlockBuilder."""

    def __init__(self, builder: BlockBuilder, take_title: bool = True) -> None:
        self.builder = builder
        self.title: str | None = None
        self.take_title = take_title
        self._seen_section = False
        self._buffer: list[str] = []

    def walk(self, node: Tag) -> None:
        """Visit the children of node."""
        for child in node.children:
            if isinstance(child, NavigableString):
                if not isinstance(child, _NOT_TEXT):
                    self._buffer.append(str(child).replace(_BREAK, ""))
            elif isinstance(child, Tag) and not _skipped(child):
                self._element(child)

    def flush(self) -> None:
        """Emit the loose text gathered so far (text outside <p>, lines split by <br>)."""
        lines = [" ".join(line.split()) for line in "".join(self._buffer).split(_BREAK)]
        self._buffer = []
        paragraph: list[str] = []
        for line in lines + [""]:
            bullet = _LINE_BULLET_RE.match(line)
            if line and not bullet and not label_parts(line):
                paragraph.append(line)
                continue
            if paragraph:
                self.builder.add("paragraph", " ".join(paragraph))
                paragraph = []
            if bullet:
                self.builder.add("bullet", bullet.group(1))
            elif line:
                self.builder.add("label", line)

    def _element(self, tag: Tag) -> None:
        if tag.name == "br":
            self._buffer.append(_BREAK)
            return
        if tag.name not in _BLOCK_TAGS:
            self.walk(tag)  # inline markup is transparent: keep the words
            return
        self.flush()
        handler = {
            "ul": self._list, "ol": self._list, "dl": self._definitions,
            "table": self._table, "details": self._details, "p": self._paragraph, "div": self._paragraph,
        }.get(tag.name)
        if tag.name in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self._heading(int(tag.name[1]), inline_text(tag))
        elif handler:
            handler(tag)
        else:
            self.walk(tag)
        self.flush()

    def _heading(self, level: int, text: str) -> None:
        if level == 1 and self.take_title and self.title is None:
            self.title = text or None
        else:
            self._seen_section = self._seen_section or level == 2
            self.builder.heading(level, text)

    def _paragraph(self, tag: Tag) -> None:
        # Job descriptions often fake headings with <p><strong>Benefits</strong></p>.
        heading = _pseudo_heading(tag)
        if heading and heading.endswith("?") and self.builder.in_faq:
            self.builder.heading(3, heading)
        elif heading and heading[-1] not in ".!?,;":
            # Under a real <h2> a fake heading is a subsection; before any, a section.
            self.builder.heading(3 if self._seen_section else 2, heading.rstrip(":").strip())
        else:
            self.walk(tag)

    def _list(self, tag: Tag, nested: bool = False) -> None:
        if not nested:
            self.builder.end_list()
        ordered = tag.name == "ol"
        try:
            number = int(tag.get("start") or 1)
        except ValueError:
            number = 1
        for item in tag.find_all("li", recursive=False):
            if _skipped(item):
                continue
            marker = f"{number}." if ordered else "-"
            self.builder.add("bullet", inline_text(item, skip=frozenset({"ul", "ol"})), marker)
            number += 1
            for sublist in _descendants(item, ("ul", "ol"), stop=("li",)):
                self._list(sublist, nested=True)

    def _definitions(self, tag: Tag) -> None:
        pairs: list[tuple[str, list[str]]] = []
        for term in _descendants(tag, ("dt", "dd"), stop=("dl",)):
            text = inline_text(term)
            if term.name == "dt" or not pairs:
                pairs.append((text, []) if term.name == "dt" else ("", [text]))
            else:
                pairs[-1][1].append(text)
        for term, values in pairs:
            values = [value for value in values if value]
            if self.builder.in_faq and term and values:
                self.builder.heading(3, term)
                for value in values:
                    self.builder.add("paragraph", value)
            elif term and values:
                self.builder.add("label", f"{term.rstrip(':').strip()}: {'; '.join(values)}")
            else:
                self.builder.add("paragraph", term or " ".join(values))

    def _table(self, tag: Tag) -> None:
        rows = [_descendants(row, ("th", "td"), stop=()) for row in _descendants(tag, ("tr",), stop=("table",))]
        cells = [[inline_text(cell) for cell in row] for row in rows]
        header = None
        if len(rows) > 1 and all(cell.name == "th" for cell in rows[0]):
            header, cells = cells[0], cells[1:]
        for row in cells:
            if header and len(header) == len(row):
                pairs = [f"{key}: {value}" for key, value in zip(header, row) if key and value]
                self.builder.add("paragraph", "; ".join(pairs))
            elif len(row) == 2 and row[0] and row[1]:
                self.builder.add("label", f"{row[0].rstrip(':').strip()}: {row[1]}")
            else:
                self.builder.add("paragraph", " | ".join(cell for cell in row if cell))

    def _details(self, tag: Tag) -> None:
        # <details><summary>: a question in an FAQ section, a subsection elsewhere.
        summary = tag.find("summary", recursive=False)
        if summary is not None:
            self.builder.heading(3, inline_text(summary))
            summary.extract()
        self.walk(tag)


def _pseudo_heading(tag: Tag) -> str | None:
    content = [child for child in tag.children if not (isinstance(child, NavigableString) and not child.strip())]
    if len(content) != 1 or not isinstance(content[0], Tag) or content[0].name not in ("strong", "b"):
        return None
    text = inline_text(content[0])
    if not text or len(text) > _PSEUDO_HEADING_MAX or label_parts(text):
        return None
    return text


def feed_html(markup: str | Tag, builder: BlockBuilder, take_title: bool = True) -> str | None:
    """Parse HTML into the builder; with take_title, the first <h1> is returned as the title, not a section."""
    root = BeautifulSoup(markup, "html.parser") if isinstance(markup, str) else markup
    walker = HtmlWalker(builder, take_title=take_title)
    walker.walk(root)
    walker.flush()
    return walker.title


def embedded_jobposting(soup: BeautifulSoup) -> dict:
    """The first JobPosting in the page's <script type="application/ld+json">, or {}."""
    for script in soup.find_all("script", attrs={"type": re.compile(r"^\s*application/ld\+json\s*$", re.I)}):
        try:
            found = schema.find_jobpostings(json.loads(script.string or ""))
        except ValueError:
            continue  # a broken script on a page is the page's problem, not the posting's
        if found:
            return found[0]
    return {}


def parse_html(text: str, name: str, default_id: str | None) -> Posting:
    """Parse a careers page: h1 title, h2 sections, h3 subsections or FAQ questions."""
    soup = BeautifulSoup(text, "html.parser")
    jobposting = embedded_jobposting(soup)
    root = soup.find("main") or soup.find("article") or soup.body or soup
    builder = BlockBuilder()
    h1 = feed_html(root, builder)
    any_h1 = soup.find("h1")
    title = (
        h1
        or schema.text_of(jobposting.get("title"))
        or (inline_text(any_h1) if any_h1 else None)
        or (" ".join(soup.title.get_text().split()) if soup.title else None)
    )
    if not title:
        raise IngestError(f"{name}: no title: the page has no <h1>, <title> or JobPosting title")
    meta = {"id": default_id or schema.identifier_slug(jobposting), "title": title}
    meta.update(schema.metadata(jobposting) if jobposting else {})
    return make_posting(meta, builder.finish(), name)
