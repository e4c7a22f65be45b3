"""A company-wide FAQ applies to every posting; a posting's own passages win over it."""

from __future__ import annotations

from assistant.engine import Assistant
from assistant.ingest import parse
from assistant.loading import lexicon_for

COMPANY = """---
id: company-faq
title: Working at Acme
company: true
---

# Working at Acme

## Frequently Asked Questions

### What does the hiring process look like?

A phone screen with a recruiter, a technical interview, then a conversation with the team.

### Do you offer relocation support?

Relocation support is decided case by case.
"""

POSTING = """---
id: data-engineer
title: Data Engineer
---

# Data Engineer

## Benefits

- Relocation support of up to 5,000 EUR for moves to Berlin.

## Qualifications

- Three years of experience with Python and SQL.
"""


def build() -> Assistant:
    return Assistant([parse(COMPANY, "markdown"), parse(POSTING, "markdown")], lexicon_for(None))


def test_company_faq_answers_within_a_posting():
    reply = build().reply("what is the hiring process like?", "data-engineer")
    assert reply.kind == "answer"
    assert "phone screen" in reply.citations[0].passage.chunk.text


def test_posting_passage_wins_over_company_faq():
    reply = build().reply("do you offer relocation support?", "data-engineer")
    assert reply.kind == "answer"
    assert "5,000 EUR" in reply.citations[0].passage.chunk.text


def test_company_faq_is_not_a_posting():
    assistant = build()
    assert [p.id for p in assistant.postings()] == ["data-engineer"]
