"""Chunking: one citable passage per block, long ones split at sentences, ids that depend on the text only."""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from pathlib import Path

import pytest

from assistant.chunking import PIECE_CHARS, SPLIT_ABOVE, chunk_id, chunk_posting, sentences, split_passage
from assistant.ingest import parse
from assistant.model import Block, Posting

SENTENCE = "Our platform team keeps forty services running for the warehouses across the Benelux region. "


def posting_of(*blocks: Block, posting_id: str = "job") -> Posting:
    return Posting(id=posting_id, title="Job", blocks=blocks)


def sentence_texts(text: str) -> list[str]:
    return [text[start:end] for start, end in sentences(text)]


def test_one_chunk_per_block_with_its_place():
    blocks = (
        Block("paragraph", "We ship parcels.", "Overview"),
        Block("label", "Salary: €60,000", "Overview"),
        Block("bullet", "Run Kubernetes", "What you'll do", subsection="Platform"),
        Block("faq", "Yes, two days a week.", "FAQ", question="Is it remote?"),
    )
    chunks = chunk_posting(posting_of(*blocks))
    assert [(c.posting, c.section, c.subsection, c.question, c.text, c.position) for c in chunks] == [
        ("job", "Overview", None, None, "We ship parcels.", 0),
        ("job", "Overview", None, None, "Salary: €60,000", 1),
        ("job", "What you'll do", "Platform", None, "Run Kubernetes", 2),
        ("job", "FAQ", None, "Is it remote?", "Yes, two days a week.", 3),
    ]
    assert chunks[2].heading == "What you'll do › Platform"


def test_empty_posting_has_no_chunks():
    assert chunk_posting(posting_of()) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two! Three? 4 is a number.", ["One.", "Two!", "Three?", "4 is a number."]),
        ("Use e.g. Python. Or i.e. Go. Frameworks, etc. Then more.", ["Use e.g. Python.", "Or i.e. Go.",
                                                                       "Frameworks, etc. Then more."]),
        ("Ask Dr. Smith. See No. 5 on the list.", ["Ask Dr. Smith.", "See No. 5 on the list."]),
        ("We use Node.js. It runs 2.5 times faster.", ["We use Node.js.", "It runs 2.5 times faster."]),
        ("Lowercase after a dot. does not split. Capital does.", ["Lowercase after a dot. does not split.",
                                                                  "Capital does."]),
        ('He said "Apply." Then left.', ['He said "Apply."', "Then left."]),
        ("J. R. Smith leads the team.", ["J. R. Smith leads the team."]),
        ("Steps:\n1. Call us\n2. Visit", ["Steps:", "1. Call us", "2. Visit"]),
        ("First paragraph.\n\nSecond paragraph.", ["First paragraph.", "Second paragraph."]),
    ],
)
def test_sentences(text, expected):
    assert sentence_texts(text) == expected


def test_long_paragraph_is_split_into_sentence_groups():
    text = (SENTENCE * 12).strip()
    pieces = split_passage(text)
    assert len(pieces) > 1
    assert all(len(piece) <= PIECE_CHARS for piece in pieces)
    assert " ".join(pieces) == text
    assert all(piece.endswith(".") for piece in pieces)


def test_a_sentence_longer_than_a_piece_stays_whole():
    long_sentence = "This sentence " + "goes on and on " * 40 + "until it ends."
    pieces = split_passage(f"Short one. {long_sentence} Short two.")
    assert pieces == ["Short one.", long_sentence, "Short two."]


@pytest.mark.parametrize(
    ("kind", "length", "splits"),
    [("paragraph", SPLIT_ABOVE, False), ("paragraph", SPLIT_ABOVE + 1, True), ("faq", SPLIT_ABOVE + 1, True),
     ("bullet", 2 * SPLIT_ABOVE, False), ("label", 2 * SPLIT_ABOVE, False)],
)
def test_which_blocks_are_split(kind, length, splits):
    text = (SENTENCE * 20)[: length - 1] + "!"
    assert len(text) == length
    question = "Why?" if kind == "faq" else None
    chunks = chunk_posting(posting_of(Block(kind, text, "Overview", question=question)))
    assert (len(chunks) > 1) is splits
    assert " ".join(c.text for c in chunks).split() == text.split()


def test_pieces_of_an_answer_keep_their_question():
    answer = (SENTENCE * 10).strip()
    chunks = chunk_posting(posting_of(Block("faq", answer, "FAQ", question="Which services?")))
    assert len(chunks) > 1
    assert {c.question for c in chunks} == {"Which services?"}
    assert [c.position for c in chunks] == list(range(len(chunks)))


def test_chunk_id_is_posting_id_and_hash_of_the_collapsed_text():
    expected = "job-" + hashlib.sha1(b"Run Kubernetes well").hexdigest()[:10]
    assert chunk_id("job", "Run  Kubernetes\n well ") == expected
    [chunk] = chunk_posting(posting_of(Block("bullet", "Run Kubernetes well", "Overview")))
    assert chunk.id == expected
    assert re.fullmatch(r"job-[0-9a-f]{10}", chunk.id)


def test_same_text_twice_gets_a_suffix():
    blocks = [Block("bullet", "Git", "Skills"), Block("bullet", "Docker", "Skills"),
              Block("bullet", "Git", "Tools"), Block("paragraph", "Git", "Tools")]
    ids = [c.id for c in chunk_posting(posting_of(*blocks))]
    assert ids[2] == ids[0] + "-2"
    assert ids[3] == ids[0] + "-3"
    assert len(set(ids)) == 4


def test_ids_are_stable_across_reimports_and_local_to_an_edit():
    source = "# Job\n\nWe ship parcels.\n\n## Skills\n\n- Go\n- Python\n- Terraform\n"
    before = [c.id for c in chunk_posting(parse(source, name="job.md"))]
    assert [c.id for c in chunk_posting(parse(source, name="job.md"))] == before
    edited = [c.id for c in chunk_posting(parse(source.replace("- Python", "- Python 3"), name="job.md"))]
    assert edited[0] == before[0] and edited[1] == before[1] and edited[3] == before[3]
    assert edited[2] != before[2]


def test_ids_do_not_depend_on_position_or_section():
    a = chunk_posting(posting_of(Block("bullet", "Go", "Skills"), Block("bullet", "Rust", "Skills")))
    b = chunk_posting(posting_of(Block("paragraph", "Intro.", "Overview"), Block("bullet", "Rust", "Tools")))
    assert a[1].id == b[1].id


def test_ids_differ_between_postings():
    block = Block("bullet", "Go", "Skills")
    assert chunk_posting(posting_of(block))[0].id != chunk_posting(replace(posting_of(block), id="other"))[0].id



_PLATFORM = Path(__file__).resolve().parent / "fixtures" / "ingest" / "platform-engineer.md"


def test_what_the_front_matter_says_of_the_job_is_cited_from_a_details_section():
    """A candidate asks about the contract and how to apply; the recruiter wrote both in the front matter.
    The location the posting states under its own label ("Location: Rotterdam office ...") is not repeated."""
    posting = parse(_PLATFORM.read_bytes(), name=_PLATFORM.name)
    chunks = chunk_posting(posting)
    assert [(c.section, c.text, c.position) for c in chunks[:2]] == [
        ("Details", "Employment type: Full-time", 0),
        ("Details", "How to apply: https://careers.northwind.example/jobs/platform-engineer/apply", 1)]
    texts = [c.text for c in chunks]
    assert "Location: Rotterdam office, two days a week" in texts and "Location: Rotterdam, NL (hybrid)" not in texts
    assert chunks[2].position == 2 and len({c.block for c in chunks}) == len({(c.block, c.section) for c in chunks})
    unlabelled = replace(posting, blocks=tuple(b for b in posting.blocks if not b.text.startswith("Location:")))
    assert chunk_posting(unlabelled)[0].text == "Location: Rotterdam, NL (hybrid)"
    assert all(c.section != "Details" for c in chunk_posting(replace(posting, company=True)))


def test_a_schema_org_employment_type_reads_as_words_in_the_details():
    """The HTML posting's JSON-LD says FULL_TIME; the candidate reads "Full time"."""
    source = Path(__file__).resolve().parent / "fixtures" / "ingest" / "frontend-developer.html"
    posting = parse(source.read_bytes(), name=source.name)
    assert posting.employment_type == "FULL_TIME"  # kept as written, for the export and the JSON-LD
    texts = [c.text for c in chunk_posting(posting) if c.section == "Details"]
    assert "Employment type: Full time" in texts
    both = replace(posting, employment_type="FULL_TIME, CONTRACTOR")
    assert "Employment type: Full time, Contractor" in [c.text for c in chunk_posting(both)]
    kept = replace(posting, employment_type="Permanent, 4 days a week")
    assert "Employment type: Permanent, 4 days a week" in [c.text for c in chunk_posting(kept)]
