"""schema.org JobPosting JSON-LD, as careers sites publish it for search engines."""

from __future__ import annotations

import html as stdlib_html
import json
import re

from assistant.ingest import schema
from assistant.ingest.common import BlockBuilder, IngestError, make_posting
from assistant.ingest.html import feed_html
from assistant.ingest.plaintext import feed_plain
from assistant.model import Posting

DETAILS_SECTION = "Details"
# Text properties that some sites fill instead of (or besides) the description.
_TEXT_PROPERTIES = (
    ("responsibilities", "Responsibilities"),
    ("qualifications", "Qualifications"),
    ("skills", "Skills"),
    ("educationRequirements", "Education"),
    ("experienceRequirements", "Experience"),
    ("jobBenefits", "Benefits"),
)
_TAG_RE = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")


def _load(text: str, name: str) -> object:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise IngestError(f"{name}: not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None


def _pick(data: object, name: str) -> dict:
    found = schema.find_jobpostings(data)
    if not found:
        kinds = sorted({str(node.get("@type")) for node in _nodes(data) if isinstance(node, dict) and "@type" in node})
        seen = f" (found @type {', '.join(kinds)})" if kinds else ""
        raise IngestError(f'{name}: no schema.org JobPosting in this JSON{seen}; expected "@type": "JobPosting"')
    if len(found) > 1:
        raise IngestError(f"{name}: holds {len(found)} JobPostings; put each posting in its own file")
    return found[0]


def _nodes(data: object) -> list:
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        return [data, *(data.get("@graph") or [])] if isinstance(data.get("@graph"), list) else [data]
    return []


def feed_rich_text(text: str, builder: BlockBuilder) -> None:
    """Feed a description that may be HTML, entity-escaped HTML, or plain text with line breaks."""
    if not _TAG_RE.search(text) and _TAG_RE.search(stdlib_html.unescape(text)):
        # Some sites escape the HTML twice ("&lt;p&gt;"); undo the outer layer.
        text = stdlib_html.unescape(text)
    if _TAG_RE.search(text):
        feed_html(text, builder, take_title=False)
    else:
        feed_plain(stdlib_html.unescape(text).split("\n"), builder)


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str)]
    return []


def parse_jsonld(text: str, name: str, default_id: str | None) -> Posting:
    """Parse a JobPosting (a single object, a list, or an @graph) into a posting."""
    jobposting = _pick(_load(text, name), name)
    title = schema.text_of(jobposting.get("title"))
    title = stdlib_html.unescape(title) if title else None  # "Caf&eacute; Manager" is common
    if not title:
        raise IngestError(f'{name}: the JobPosting has no "title"')
    builder = BlockBuilder()
    for description in _strings(jobposting.get("description")):
        feed_rich_text(description, builder)
    sections = {block.section for block in builder.blocks}
    for key, section in _TEXT_PROPERTIES:
        values = _strings(jobposting.get(key))
        # The description usually carries these already; a second copy
        # would only compete with it in retrieval.
        if values and section not in sections:
            builder.heading(2, section)
            for value in values:
                feed_rich_text(value, builder)
    labels = schema.detail_labels(jobposting)
    if labels:
        builder.heading(2, DETAILS_SECTION)
        for label in labels:
            builder.add("label", label)
    meta = {"id": schema.identifier_slug(jobposting) or default_id, "title": title, **schema.metadata(jobposting)}
    return make_posting(meta, builder.finish(), name)
