"""assistant.jobposting: the page outline of a posting and its schema.org JobPosting."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from assistant.jobposting import description_html, employment_type, outline, script_json, to_jobposting
from assistant.model import Block, Chunk, Posting

BLOCKS = (
    Block("paragraph", "You will build the services behind our products.", "Senior Engineer"),
    Block("bullet", "Design and run APIs.", "Responsibilities"),
    Block("bullet", "Review code.", "Responsibilities"),
    Block("bullet", "Python", "Skills"),
    Block("bullet", "Go", "Skills"),
    Block("faq", "It is above the market median.", "FAQ", question="What does it pay?"),
)


def posting(**overrides) -> Posting:
    fields = {"id": "senior-engineer", "title": "Senior Engineer", "blocks": BLOCKS}
    return Posting(**(fields | overrides))


CHUNKS = [
    Chunk("c1", "senior-engineer", "Senior Engineer", "You will build the services behind our products.", 0),
    Chunk("c2", "senior-engineer", "Responsibilities", "Design and run APIs.", 1),
    Chunk("c3", "senior-engineer", "Responsibilities", "Review code.", 2),
    Chunk("c4", "senior-engineer", "Skills", "- Python\n- Go", 3),
    Chunk("c5", "senior-engineer", "FAQ", "What does it pay?\nIt is above the market median.", 4,
          subsection="What does it pay?", question="What does it pay?"),
]


def test_outline_groups_passages_by_section_in_order():
    sections = outline(posting(), list(reversed(CHUNKS)))
    assert [s.title for s in sections] == ["Senior Engineer", "Responsibilities", "Skills", "FAQ"]
    layouts = [[[p.layout for p in run] for group in s.groups for run in group.runs] for s in sections]
    assert layouts == [[["paragraph"]], [["bullet", "bullet"]], [["bullets"]], [["faq"]]]


def test_outline_keeps_chunk_ids_and_strips_markers_and_repeated_questions():
    sections = {s.title: s for s in outline(posting(), CHUNKS)}
    skills = sections["Skills"].groups[0].runs[0][0]
    assert (skills.id, skills.lines) == ("c4", ("Python", "Go"))
    faq_group = sections["FAQ"].groups[0]
    assert faq_group.subsection is None  # the question is the passage's heading, not a second one
    faq = faq_group.runs[0][0]
    assert (faq.question, faq.lines) == ("What does it pay?", ("It is above the market median.",))


def test_description_is_escaped_html_made_from_the_chunks():
    hostile = Chunk("c9", "senior-engineer", "Benefits", "<img src=x onerror=alert(1)> & more", 5)
    html = description_html(outline(posting(), [*CHUNKS, hostile]), "Senior Engineer")
    assert "<ul><li>Design and run APIs.</li><li>Review code.</li></ul>" in html
    assert "<h2>Responsibilities</h2>" in html
    assert "<h2>Senior Engineer</h2>" not in html  # the title is not repeated as a section
    assert "<h3>What does it pay?</h3><p>It is above the market median.</p>" in html
    assert "&lt;img src=x onerror=alert(1)&gt; &amp; more" in html
    assert "<img" not in html


def test_jobposting_from_a_bare_posting_omits_what_it_does_not_say():
    document = to_jobposting(posting(), CHUNKS, url="https://jobs.example/jobs/senior-engineer")
    assert document["@context"] == "https://schema.org"
    assert document["@type"] == "JobPosting"
    assert document["title"] == "Senior Engineer"
    assert document["datePosted"] == dt.date.today().isoformat()
    assert document["url"] == "https://jobs.example/jobs/senior-engineer"
    assert document["identifier"]["value"] == "senior-engineer"
    for missing in ("hiringOrganization", "jobLocation", "jobLocationType", "employmentType", "directApply"):
        assert missing not in document


def test_jobposting_uses_what_the_posting_states():
    document = to_jobposting(posting(location="Berlin, Germany", employment_type="Full-time", updated="2025-03-04",
                                     extra={"company": "Acme GmbH", "valid_through": "2025-06-30",
                                            "direct_apply": True}), CHUNKS)
    assert document["datePosted"] == "2025-03-04"
    assert document["employmentType"] == "FULL_TIME"
    assert document["hiringOrganization"] == {"@type": "Organization", "name": "Acme GmbH"}
    assert document["jobLocation"]["address"]["addressLocality"] == "Berlin, Germany"
    assert document["validThrough"] == "2025-06-30"
    assert document["directApply"] is True
    assert "url" not in document


def test_jobposting_remote_work_is_telecommute_not_a_made_up_place():
    document = to_jobposting(posting(location="Remote"), CHUNKS)
    assert document["jobLocationType"] == "TELECOMMUTE"
    assert "jobLocation" not in document


def test_jobposting_takes_an_imported_organization_object():
    organization = {"@type": "Organization", "name": "Acme", "sameAs": "https://acme.example", "logo": 7}
    document = to_jobposting(posting(extra={"hiringOrganization": organization}), CHUNKS)
    assert document["hiringOrganization"] == {"@type": "Organization", "name": "Acme", "sameAs": "https://acme.example"}


@pytest.mark.parametrize(("text", "expected"), [
    ("Full-time", "FULL_TIME"), ("full time", "FULL_TIME"), ("Part-Time", "PART_TIME"),
    ("Contract", "CONTRACTOR"), ("Internship", "INTERN"), ("Per diem", "PER_DIEM"),
    ("Four days a week", "Four days a week"), ("", None), (None, None),
])
def test_employment_type(text, expected):
    assert employment_type(text) == expected


@pytest.mark.parametrize("updated", ["2024-13-01", "soon"])
def test_unreadable_updated_date_falls_back_to_today(updated):
    assert to_jobposting(posting(updated=updated), CHUNKS)["datePosted"] == dt.date.today().isoformat()


def test_script_json_cannot_close_the_script_element():
    document = {"title": "</script><script>alert(1)</script>", "description": "<!-- & \u2028"}
    text = script_json(document)
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == document
