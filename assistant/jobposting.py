"""A posting as the page shows it (sections of passages) and as schema.org ``JobPosting`` JSON-LD.

Plain Python over the model: the pages blueprint and the API both use it, neither is imported here.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from html import escape

from assistant.model import Chunk, Posting

_BULLET_MARK = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")

# Google's employmentType values; a recruiter writes "Full-time", "full time", "Contract" ...
_EMPLOYMENT_TYPES = {
    "fulltime": "FULL_TIME",
    "parttime": "PART_TIME",
    "contract": "CONTRACTOR",
    "contractor": "CONTRACTOR",
    "freelance": "CONTRACTOR",
    "temporary": "TEMPORARY",
    "temp": "TEMPORARY",
    "intern": "INTERN",
    "internship": "INTERN",
    "volunteer": "VOLUNTEER",
    "perdiem": "PER_DIEM",
    "other": "OTHER",
}


@dataclass(frozen=True)
class PassageView:
    """One chunk as the page shows it: its id (the citation anchor), its lines, and how to lay it out."""

    id: str
    layout: str  # "paragraph" | "bullet" | "bullets" | "faq"
    lines: tuple[str, ...]
    question: str | None = None


@dataclass
class Group:
    """Consecutive passages under one heading path; bullets next to each other form one list."""

    subsection: str | None
    runs: list[list[PassageView]] = field(default_factory=list)


@dataclass
class Section:
    """A ``##`` section of a posting with its passages in order."""

    title: str
    groups: list[Group] = field(default_factory=list)


def _strip_bullet(line: str) -> str:
    return _BULLET_MARK.sub("", line, count=1).strip()


def _passage(chunk: Chunk, bullets: frozenset[str]) -> PassageView:
    """Decide how one chunk reads on the page: a FAQ entry, one bullet, several bullets, or prose."""
    lines = tuple(line.strip() for line in chunk.text.splitlines() if line.strip())
    if chunk.question:
        if lines and lines[0].casefold() == chunk.question.strip().casefold():
            lines = lines[1:]  # the answer alone; the question is the heading
        return PassageView(chunk.id, "faq", lines, chunk.question)
    is_bullet = [line in bullets or _strip_bullet(line) in bullets or bool(_BULLET_MARK.match(line))
                 for line in lines]
    if lines and all(is_bullet):
        items = tuple(_strip_bullet(line) or line for line in lines)
        return PassageView(chunk.id, "bullet" if len(items) == 1 else "bullets", items)
    return PassageView(chunk.id, "paragraph", lines)


def outline(posting: Posting, chunks: list[Chunk]) -> list[Section]:
    """The posting's sections with their passages, in chunk order, for the page and the description."""
    bullets = frozenset(block.text.strip() for block in posting.blocks if block.kind == "bullet")
    sections: list[Section] = []
    for chunk in sorted(chunks, key=lambda c: c.position):
        passage = _passage(chunk, bullets)
        if not sections or sections[-1].title != chunk.section:
            sections.append(Section(chunk.section))
        groups = sections[-1].groups
        subsection = None if chunk.question else chunk.subsection
        if not groups or groups[-1].subsection != subsection:
            groups.append(Group(subsection))
        runs = groups[-1].runs
        if runs and passage.layout == "bullet" and runs[-1][-1].layout == "bullet":
            runs[-1].append(passage)
        else:
            runs.append([passage])
    return sections


def description_html(sections: list[Section], title: str = "") -> str:
    """The posting's text as simple, escaped HTML (paragraphs, lists, headings), as JobPosting wants it."""
    parts: list[str] = []
    for section in sections:
        if section.title and section.title.casefold() != title.casefold():
            parts.append(f"<h2>{escape(section.title, quote=False)}</h2>")
        for group in section.groups:
            if group.subsection:
                parts.append(f"<h3>{escape(group.subsection, quote=False)}</h3>")
            for run in group.runs:
                parts.append(_run_html(run))
    return "\n".join(parts)


def _run_html(run: list[PassageView]) -> str:
    first = run[0]
    if first.layout in ("bullet", "bullets"):
        items = [line for passage in run for line in passage.lines]
        return "<ul>" + "".join(f"<li>{escape(item, quote=False)}</li>" for item in items) + "</ul>"
    body = "<br>".join(escape(line, quote=False) for line in first.lines)
    if first.layout == "faq":
        return f"<h3>{escape(first.question or '', quote=False)}</h3><p>{body}</p>"
    return f"<p>{body}</p>"


def _date_posted(updated: str | None) -> str:
    """An ISO date from the front matter's ``updated`` (a date or a date-time); today when it is missing."""
    if updated:
        try:
            return dt.date.fromisoformat(str(updated).strip()[:10]).isoformat()
        except ValueError:
            pass
    return dt.date.today().isoformat()


def employment_type(text: str | None) -> str | None:
    """Google's employmentType for a recruiter's wording (``Full-time`` → ``FULL_TIME``), else the text."""
    if not text or not text.strip():
        return None
    key = re.sub(r"[^a-z]", "", text.casefold())
    return _EMPLOYMENT_TYPES.get(key, text.strip())


def _organization(extra: dict) -> dict | None:
    """hiringOrganization from what an import kept in ``posting.extra``; None when nobody said who hires."""
    value = next((extra[key] for key in ("hiringOrganization", "hiring_organization", "organization",
                                         "company") if extra.get(key)), None)
    if isinstance(value, str) and value.strip():
        return {"@type": "Organization", "name": value.strip()}
    if isinstance(value, dict) and isinstance(value.get("name"), str) and value["name"].strip():
        organization = {"@type": "Organization", "name": value["name"].strip()}
        for key in ("sameAs", "url", "logo"):
            if isinstance(value.get(key), str):
                organization[key] = value[key]
        return organization
    return None


def _location(location: str | None, extra: dict) -> dict:
    """jobLocation (a Place) or, for remote work, jobLocationType TELECOMMUTE; nothing when unknown."""
    structured = extra.get("jobLocation") or extra.get("job_location")
    if isinstance(structured, (dict, list)):
        return {"jobLocation": structured}
    if not location or not location.strip():
        return {}
    if re.search(r"\bremote\b", location, re.IGNORECASE):
        return {"jobLocationType": "TELECOMMUTE"}
    return {"jobLocation": {"@type": "Place",
                            "address": {"@type": "PostalAddress", "addressLocality": location.strip()}}}


def to_jobposting(posting: Posting, chunks: list[Chunk], url: str | None = None) -> dict:
    """The posting as a schema.org JobPosting; fields the posting does not state are left out, not made up."""
    extra = posting.extra or {}
    document: dict = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": posting.title,
        "description": description_html(outline(posting, chunks), posting.title),
        "datePosted": _date_posted(posting.updated),
        "identifier": {"@type": "PropertyValue", "name": "posting", "value": posting.id},
    }
    if kind := employment_type(posting.employment_type):
        document["employmentType"] = kind
    if organization := _organization(extra):
        document["hiringOrganization"] = organization
        document["identifier"]["name"] = organization["name"]
    document.update(_location(posting.location, extra))
    for key, source in (("validThrough", ("validThrough", "valid_through")),
                        ("baseSalary", ("baseSalary", "base_salary"))):
        value = next((extra[name] for name in source if extra.get(name)), None)
        if value is not None:
            document[key] = value
    direct = extra.get("directApply", extra.get("direct_apply"))
    if isinstance(direct, bool):
        document["directApply"] = direct
    if url:
        document["url"] = url
    return document


def script_json(document: dict) -> str:
    """JSON safe inside ``<script type="application/ld+json">``: no ``</script>`` or ``<!--`` can form."""
    text = json.dumps(document, ensure_ascii=False, indent=1)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
