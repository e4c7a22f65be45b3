"""The importer: every format, every refusal, folders, and the Markdown round trip."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.chunking import chunk_posting
from assistant.ingest import FORMATS_BY_CONTENT_TYPE, IngestError, detect_format, load_folder, parse, to_markdown
from assistant.ingest.markdown import clean_inline
from assistant.ingest.plaintext import plain_title
from assistant.model import Block, Posting

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"
SEED_TEXT = Path("/work/shared/seed/senior-back-end-developer.txt")
SEED_MARKDOWN = ROOT / "corpus" / "postings" / "senior-back-end-developer.md"
FIXTURE_FILES = sorted(FIXTURES.iterdir())


def load(file_name: str) -> Posting:
    return parse((FIXTURES / file_name).read_bytes(), name=file_name)


def texts(posting: Posting, section: str | None = None) -> list[str]:
    return [block.text for block in posting.blocks if section is None or block.section == section]


def chunk_view(posting: Posting) -> list[tuple]:
    return [(c.id, c.section, c.subsection, c.text, c.position) for c in chunk_posting(posting)]


# --- the seed -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_from_text() -> Posting:
    if not SEED_TEXT.exists():
        pytest.skip("the shared seed file is not available")
    return parse(SEED_TEXT.read_bytes(), fmt="text", name="senior-back-end-developer.txt")


@pytest.fixture(scope="module")
def seed_from_markdown() -> Posting:
    return parse(SEED_MARKDOWN.read_text(encoding="utf-8"), name=SEED_MARKDOWN.name)


def test_seed_text_and_markdown_give_the_same_chunks(seed_from_text, seed_from_markdown):
    from_text = [(c.id, c.section, c.text, c.position) for c in chunk_posting(seed_from_text)]
    from_markdown = [(c.id, c.section, c.text, c.position) for c in chunk_posting(seed_from_markdown)]
    assert from_text == from_markdown
    assert seed_from_text.id == seed_from_markdown.id == "senior-back-end-developer"
    assert seed_from_text.title == seed_from_markdown.title == "Senior Back End Developer"


def test_seed_sections_and_faq(seed_from_text, seed_from_markdown):
    expected = ["Overview", "Responsibilities", "Qualifications", "Skills", "Frequently Asked Questions"]
    assert seed_from_text.sections == seed_from_markdown.sections == expected
    faq_text = [b for b in seed_from_text.blocks if b.section == "Frequently Asked Questions"]
    faq_markdown = [b for b in seed_from_markdown.blocks if b.section == "Frequently Asked Questions"]
    assert [b.kind for b in faq_text] == ["paragraph"] * 5
    assert [b.kind for b in faq_markdown] == ["faq"] * 5
    assert faq_markdown[2].question == "What is the average salary for a Senior Back End Developer?"
    assert faq_markdown[2].text.startswith("The average salary for a Senior Back End Developer varies")
    assert texts(seed_from_text, "Skills")[:3] == ["JavaScript", "Node.js", "Django"]


# --- Markdown -----------------------------------------------------------------------------


def test_markdown_front_matter():
    posting = load("platform-engineer.md")
    assert posting.id == "platform-engineer"
    assert posting.title == "Platform Engineer"  # front matter wins over the H1 "— Northwind Logistics"
    assert posting.location == "Rotterdam, NL (hybrid)"
    assert posting.employment_type == "Full-time"
    assert posting.apply_url == "https://careers.northwind.example/jobs/platform-engineer/apply"
    assert posting.contact.startswith("Priya Raman")
    assert posting.updated == "2024-05-14"
    assert posting.extra == {"team": "Infrastructure"}
    assert posting.company is False


def test_markdown_blocks():
    posting = load("platform-engineer.md")
    overview = [b for b in posting.blocks if b.section == "Overview"]
    assert [b.kind for b in overview] == ["paragraph", "label", "label", "label"]
    assert overview[0].text.startswith("Northwind moves 40,000 parcels a day across the Benelux, and every one of them passes")
    assert overview[1].text == "Salary: €68,000–€82,000 a year, depending on experience"
    assert texts(posting, "What you'll do")[0] == (
        "Own the deploy pipeline: keep our GitHub Actions and Argo CD setup fast and boring, "
        "so teams ship several times a day."
    )
    on_call = [b for b in posting.blocks if b.subsection == "On-call"]
    assert [b.text for b in on_call] == [
        "You join a rotation of six engineers, one week in six. "
        "Pages outside office hours are paid at the rate in the on-call policy."
    ]
    assert texts(posting, "What you bring")[1] == "Comfort with Terraform and one of Go or Python"
    assert texts(posting, "What we offer")[1] == "A €1,500 yearly learning budget"
    assert posting.sections == ["Overview", "What you'll do", "What you bring", "What we offer", "FAQ"]
    assert not any("TODO" in b.text or "---" in b.text or "***" in b.text for b in posting.blocks)


def test_markdown_faq_answers():
    faq = {b.question: b for b in load("platform-engineer.md").blocks if b.section == "FAQ"}
    assert list(faq) == ["Can I work fully remotely?", "What does the interview process look like?", "Do you sponsor visas?"]
    assert all(b.kind == "faq" for b in faq.values())
    assert faq["Can I work fully remotely?"].text == (
        "Not for this role. The team meets in Rotterdam on Tuesdays and Thursdays.\n\n"
        "The other three days you can work from anywhere in the Netherlands."
    )
    assert faq["What does the interview process look like?"].text.splitlines()[:3] == [
        "There are four steps:", "", "1. A 30-minute call with Priya"
    ]


def test_markdown_without_front_matter_takes_id_from_name_and_title_from_h1():
    source = "# Warehouse Lead — Northwind Logistics\n\nYou run the night shift.\n\n## Pay\n\n**Salary**: €3,100 a month\n"
    posting = parse(source, name="Warehouse Lead (Nights).md")
    assert posting.id == "warehouse-lead-nights"
    assert posting.title == "Warehouse Lead — Northwind Logistics"
    assert [(b.kind, b.section, b.text) for b in posting.blocks] == [
        ("paragraph", "Overview", "You run the night shift."),
        ("label", "Pay", "Salary: €3,100 a month"),
    ]


def test_company_faq_file():
    posting = load("company-faq.md")
    assert posting.company is True
    assert posting.id == "northwind-faq"
    assert [b.kind for b in posting.blocks] == ["faq", "faq"]


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("**Bold** and __strong__ words", "Bold and strong words"),
        ("*emphasis* and _this_ but snake_case_name stays", "emphasis and this but snake_case_name stays"),
        ("Use `Node.js` or `**kwargs`", "Use Node.js or **kwargs"),
        ("See [our handbook](https://example.com/handbook \"Handbook\") first", "See our handbook first"),
        ("Mail <jobs@example.com> or visit <https://example.com>", "Mail jobs@example.com or visit https://example.com"),
        ("A ![logo](logo.png) picture", "A  picture"),
        ("Tom &amp; Jerry &copy; 2024", "Tom & Jerry © 2024"),
        (r"Literal \*stars\* and \_underscores\_", "Literal *stars* and _underscores_"),
        ("Line<br>break and <span class=\"x\">span</span>", "Line break and span"),
        ("~~old~~ new", "old new"),
        ("***both***", "both"),
        ("5 * 3 * 2 = 30", "5 * 3 * 2 = 30"),
    ],
)
def test_markdown_inline_text(markdown, expected):
    assert clean_inline(markdown) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("- one\n* two\n+ three\n1. four\n2) five", [("bullet", "one"), ("bullet", "two"), ("bullet", "three"),
                                                  ("bullet", "four"), ("bullet", "five")]),
        ("- a bullet that\n  continues here\n- next", [("bullet", "a bullet that continues here"), ("bullet", "next")]),
        ("first line\nsecond line\n\nnew paragraph", [("paragraph", "first line second line"),
                                                      ("paragraph", "new paragraph")]),
        ("**Salary:** $120k–$150k\nLocation: Berlin\nWe are hiring.", [("label", "Salary: $120k–$150k"),
                                                                        ("label", "Location: Berlin"),
                                                                        ("paragraph", "We are hiring.")]),
        ("Text\n\n---\n\n***\n\n___\n\nMore", [("paragraph", "Text"), ("paragraph", "More")]),
        ("<!-- hidden\nnote -->\nVisible", [("paragraph", "Visible")]),
        ("> Quoted words", [("paragraph", "Quoted words")]),
        ("| Holiday | 28 days |\n|---|---|\n| Budget | €1,500 |", [("paragraph", "Holiday | 28 days"),
                                                                  ("paragraph", "Budget | €1,500")]),
        ("Note that the start date is flexible: talk to us.", [("paragraph", "Note that the start date is flexible: talk to us.")]),
        ("```\n# not a heading\n- nor a bullet\n```\nAfter", [("paragraph", "# not a heading - nor a bullet"),
                                                             ("paragraph", "After")]),
    ],
)
def test_markdown_body_blocks(body, expected):
    posting = parse(f"# Job\n\n{body}\n", fmt="markdown", name="job.md")
    assert [(b.kind, b.text) for b in posting.blocks] == expected


def test_markdown_headings():
    source = (
        "# Job\n\nIntro.\n\n## Benefits\n\n### Health\n\nFull cover.\n\nSection two\n-----------\n\nText.\n\n"
        "Section three\n=============\n\nMore.\n\n"
        "## Questions\n\nBefore any question.\n\n### Is it remote?\n\n- Partly\n- Two days a week\n\n### Empty question?\n"
    )
    posting = parse(source, name="job.md")
    assert [(b.kind, b.section, b.subsection, b.question, b.text) for b in posting.blocks] == [
        ("paragraph", "Overview", None, None, "Intro."),
        ("paragraph", "Benefits", "Health", None, "Full cover."),
        ("paragraph", "Section two", None, None, "Text."),
        ("paragraph", "Section three", None, None, "More."),
        ("paragraph", "Questions", None, None, "Before any question."),
        ("faq", "Questions", None, "Is it remote?", "- Partly\n- Two days a week"),
    ]


# --- plain text ---------------------------------------------------------------------------


def test_plain_text_fixture():
    posting = load("data-analyst.txt")
    assert posting.id == "data-analyst"
    assert posting.title == "Data Analyst"
    assert posting.sections == ["Overview", "Responsibilities", "Requirements", "Frequently asked questions"]
    assert [b.kind for b in posting.blocks if b.section == "Overview"] == ["label", "label", "paragraph"]
    assert texts(posting, "Responsibilities")[2] == (
        "Present findings to managers who are not data specialists, in plain language and with clear recommendations."
    )
    faq = [b for b in posting.blocks if b.section == "Frequently asked questions"]
    assert [(b.kind, b.question) for b in faq] == [("faq", "Is this role remote?"), ("faq", "Is there a bonus?")]


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("Senior Back End Developer Job Description Template", "Senior Back End Developer"),
        ("Data Analyst Job Description", "Data Analyst"),
        ("Nurse – Job Description", "Nurse"),
        ("Job Description", "Job Description"),
        ("Warehouse Operative", "Warehouse Operative"),
    ],
)
def test_plain_text_title(line, title):
    assert plain_title(line) == title


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Benefits\n- Gym", [("Benefits", "bullet", "Gym")]),
        ("What we offer:\n• Gym", [("What we offer", "bullet", "Gym")]),
        # A bare list under a heading: the skills are passages, not headings.
        ("Skills\nJavaScript\nDocker\nAbout the team\nWe are six.", [
            ("Skills", "paragraph", "JavaScript"), ("Skills", "paragraph", "Docker"),
            ("About the team", "paragraph", "We are six."),
        ]),
        ("We pay well.\nWe train you.", [("Overview", "paragraph", "We pay well."),
                                         ("Overview", "paragraph", "We train you.")]),
        ("This long sentence was wrapped by an e-mail client at about seventy\ncharacters, so the lines join.",
         [("Overview", "paragraph", "This long sentence was wrapped by an e-mail client at about seventy "
                                    "characters, so the lines join.")]),
        ("Salary: £30,000\nApply today", [("Overview", "label", "Salary: £30,000"), ("Overview", "paragraph", "Apply today")]),
        ("Text.\n\n-----\n\nMore text.", [("Overview", "paragraph", "Text."), ("Overview", "paragraph", "More text.")]),
        ("FAQ\nIs it remote?\nNo\nCan I relocate?\nYes, we help.\nPerks\n- Gym", [
            ("FAQ", "faq", "No"), ("FAQ", "faq", "Yes, we help."), ("Perks", "bullet", "Gym"),
        ]),
    ],
)
def test_plain_text_body(body, expected):
    posting = parse(f"Job Title\n{body}\n", fmt="text", name="job.txt")
    assert [(b.section, b.kind, b.text) for b in posting.blocks] == expected


# --- HTML ---------------------------------------------------------------------------------


def test_html_careers_page():
    posting = load("frontend-developer.html")
    assert posting.id == "frontend-developer"
    assert posting.title == "Frontend Developer (React)"
    assert (posting.location, posting.employment_type, posting.updated) == ("Manchester, GB", "FULL_TIME", "2024-04-02")
    assert posting.apply_url == "https://jobs.larkspur.example/fe-0417"
    assert posting.sections == [
        "Overview", "About the team", "What you will do", "What we are looking for", "Benefits",
        "Frequently asked questions",
    ]
    assert texts(posting, "Overview") == [
        "Help 300,000 patients book, move and prepare for their appointments with an app that is fast, "
        "accessible and calm to use.",
        "Location: Manchester, hybrid (two office days a week)",
        "Salary: £52,000–£60,000",
        "Contract: Permanent, full-time",
    ]
    assert texts(posting, "What we are looking for") == [
        "Commercial experience with React, including:", "hooks and context", "testing with Testing Library",
        "Good written English", "Experience with React Native or with healthcare software.",
    ]
    assert [b.subsection for b in posting.blocks if b.section == "What we are looking for"][-1] == "Nice to have"
    assert texts(posting, "Benefits") == ["Holiday: 27 days plus bank holidays", "Pension: 8% employer contribution"]
    faq = [b for b in posting.blocks if b.section == "Frequently asked questions"]
    assert [(b.kind, b.question, b.text) for b in faq] == [
        ("faq", "Is a degree required?", "No. We care about what you have built, not where you studied."),
        ("faq", "How many interview stages are there?", "Two: a pairing session and a conversation with the team lead."),
    ]


def test_html_drops_chrome_and_markup():
    every_text = " ".join(texts(load("frontend-developer.html")))
    for chrome in ("All jobs", "cookies", "Accept", "dataLayer", "color:", "rights reserved", "FE-0417-B", "Apply now"):
        assert chrome not in every_text
    assert "<" not in every_text and ">" not in every_text


@pytest.mark.parametrize(
    ("page", "title"),
    [
        ("<html><head><title>Chef | Bistro</title></head><body><p>Cook.</p></body></html>", "Chef | Bistro"),
        ('<script type="application/ld+json">{"@type": "JobPosting", "title": "Baker"}</script><p>Bake.</p>', "Baker"),
        ("<header><h1>Waiter</h1></header><main><p>Serve.</p></main>", "Waiter"),
    ],
)
def test_html_title_fallbacks(page, title):
    assert parse(page, fmt="html", name="job.html").title == title


def test_html_keeps_an_articles_own_header():
    page = (
        "<body><header><a href='/'>Bistro</a></header><article><header><h1>Sous Chef</h1>"
        "<p>Lyon · Full-time</p></header><p>Run the pass.</p><footer>Posted in May.</footer></article>"
        "<footer>Legal notice</footer></body>"
    )
    posting = parse(page, fmt="html", name="chef.html")
    assert (posting.title, texts(posting)) == ("Sous Chef", ["Lyon · Full-time", "Run the pass.", "Posted in May."])


def test_html_fragment_structure():
    page = (
        "<h1>Driver</h1><div>Loose text<br>Shift: nights<br>- Van provided</div>"
        "<p><strong>Requirements</strong></p><ol><li>Licence</li><li>Good <a href='#'>record</a></li></ol>"
        "<h2>FAQ</h2><dl><dt>Is there a bonus?</dt><dd>Yes, quarterly.</dd></dl>"
        "<p><b>Can I choose my route?</b></p><p>Within your depot.</p>"
    )
    posting = parse(page, fmt="html", name="driver.html")
    assert [(b.kind, b.section, b.question, b.text) for b in posting.blocks] == [
        ("paragraph", "Overview", None, "Loose text"),
        ("label", "Overview", None, "Shift: nights"),
        ("bullet", "Overview", None, "Van provided"),
        ("bullet", "Requirements", None, "Licence"),
        ("bullet", "Requirements", None, "Good record"),
        ("faq", "FAQ", "Is there a bonus?", "Yes, quarterly."),
        ("faq", "FAQ", "Can I choose my route?", "Within your depot."),
    ]


# --- JSON-LD ------------------------------------------------------------------------------


def test_jsonld_fixture():
    posting = load("support-engineer.jsonld")
    assert posting.id == "tse-2291"
    assert posting.title == "Technical Support Engineer"
    assert (posting.location, posting.employment_type, posting.updated) == ("Berlin, DE", "FULL_TIME", "2024-06-03")
    assert posting.apply_url == "https://www.quillpay.example/careers/tse-2291"
    assert posting.extra["hiring_organization"] == "Quillpay"
    assert posting.sections == ["Overview", "Your tasks", "What you need", "Benefits", "Details"]
    assert texts(posting, "What you need")[-1] == "Working hours: Monday to Friday, 8:00–17:00, no weekend shifts."
    assert texts(posting, "Details") == [
        "Company: Quillpay", "Location: Berlin, DE", "Employment type: Full time", "Salary: 55000–65000 EUR per YEAR",
    ]
    assert all(b.kind == "label" for b in posting.blocks if b.section == "Details")


def jobposting(**fields) -> dict:
    return {"@context": "https://schema.org", "@type": "JobPosting", "title": "Cook", "description": "Cook well.", **fields}


@pytest.mark.parametrize(
    "document",
    [jobposting(), [{"@type": "Organization", "name": "X"}, jobposting()], {"@graph": [jobposting()]},
     jobposting(**{"@type": ["JobPosting", "Thing"]})],
)
def test_jsonld_finds_the_jobposting(document):
    posting = parse(json.dumps(document), fmt="jsonld", name="cook.json")
    assert (posting.id, posting.title, texts(posting)) == ("cook", "Cook", ["Cook well."])


@pytest.mark.parametrize(
    ("salary", "label"),
    [
        ({"@type": "MonetaryAmount", "currency": "USD",
          "value": {"minValue": 120000, "maxValue": 150000, "unitText": "YEAR"}}, "Salary: 120000–150000 USD per YEAR"),
        ({"currency": "GBP", "value": {"value": 14.5, "unitText": "HOUR"}}, "Salary: 14.5 GBP per HOUR"),
        ({"currency": "EUR", "value": 50000.0}, "Salary: 50000 EUR"),
        ({"currency": "EUR", "value": {"minValue": 40000}}, "Salary: from 40000 EUR"),
        ("Competitive", "Salary: Competitive"),
    ],
)
def test_jsonld_salary(salary, label):
    posting = parse(json.dumps(jobposting(baseSalary=salary)), fmt="jsonld")
    assert texts(posting, "Details") == [label]


@pytest.mark.parametrize(
    ("fields", "location"),
    [
        ({"jobLocation": {"address": {"addressLocality": "Austin", "addressRegion": "TX", "addressCountry": "US"}}},
         "Austin, TX, US"),
        ({"jobLocation": [{"address": {"addressLocality": "Berlin", "addressCountry": {"name": "DE"}}},
                          {"address": "Vienna, Austria"}]}, "Berlin, DE; Vienna, Austria"),
        ({"jobLocationType": "TELECOMMUTE"}, "Remote"),
    ],
)
def test_jsonld_location(fields, location):
    assert parse(json.dumps(jobposting(**fields)), fmt="jsonld").location == location


@pytest.mark.parametrize(
    ("identifier", "name", "expected_id"),
    [("TSE-2291", None, "tse-2291"), (4711, None, "4711"), ("REQ 12/3", "cook.json", "cook"),
     ({"@type": "PropertyValue", "name": "Acme", "value": "ab-12"}, None, "ab-12"), (None, None, "cook")],
)
def test_jsonld_identifier(identifier, name, expected_id):
    fields = {"identifier": identifier} if identifier is not None else {}
    assert parse(json.dumps(jobposting(**fields)), fmt="jsonld", name=name).id == expected_id


@pytest.mark.parametrize(
    ("description", "expected"),
    [
        ("&lt;p&gt;Escaped &amp;amp; twice&lt;/p&gt;", [("Overview", "Escaped & twice")]),
        ("Plain words.\n\nResponsibilities\n- Chop onions", [("Overview", "Plain words."), ("Responsibilities", "Chop onions")]),
        ("<h1>Kitchen</h1><p>Big.</p>", [("Kitchen", "Big.")]),
    ],
)
def test_jsonld_description_forms(description, expected):
    posting = parse(json.dumps(jobposting(description=description)), fmt="jsonld")
    assert [(b.section, b.text) for b in posting.blocks] == expected


# --- refusals -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "fmt", "message"),
    [
        (b"", None, "is empty"),
        ("  \n\t\n", "markdown", "only whitespace"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", None, "binary file"),
        (b"Caf\xe9 manager\nWe cook.", "text", r"not UTF-8 text \(byte 0xe9 at offset 3\)"),
        pytest.param("x" * 600_000, "text", r"600,000 bytes is over the 512,000-byte limit", id="too-big"),
        ("---\ntitle: Chef\nlocation: [Berlin\n---\n\nText.", "markdown", "broken front matter at line 3"),
        ("---\ntitle: Chef\n\nText.", "markdown", "never closed"),
        ("---\n- a\n- b\n---\n# T\n\nText.", "markdown", "must be 'key: value' lines"),
        ("---\nid: Chef_2024\ntitle: Chef\n---\n\nText.", "markdown", r"id 'Chef_2024' \(line 2\) must be a slug"),
        ("---\nid: chef\ntitle: Chef\nlocation: [Berlin, Paris]\n---\n\nText.", "markdown", r"'location' \(line 4\) must be text"),
        ("---\nid: chef\ncompany: maybe\n---\n# Chef\n\nText.", "markdown", "'company' .* must be true or false"),
        ("Just some words.\n\nNo heading.", "markdown", "no title"),
        ("---\nid: chef\ntitle: Chef\n---\n\n<!-- nothing yet -->\n", "markdown", "'Chef' has a title but no text"),
        ("# Chef\n\n## Questions\n\n### Is it remote?\n", "markdown", "has a title but no text"),
        ("Chef\n\n", "text", "has a title but no text"),
        pytest.param("A very long first line that reads like a paragraph. " * 4 + "\nMore.", "text",
                     "does not look like a job title", id="paragraph-as-title"),
        ("<html><body><nav>Jobs</nav></body></html>", "html", "no title"),
        ("<h1>Chef</h1><footer>Contact us</footer>", "html", "has a title but no text"),
        ('{"@type": "JobPosting", "title": "Chef",}', "jsonld", r"not valid JSON at line 1, column 41"),
        ('{"@type": "Organization", "name": "Bistro"}', "jsonld", "no schema.org JobPosting .*found @type Organization"),
        ('[1, 2, 3]', "jsonld", "no schema.org JobPosting"),
        pytest.param("[" * 5000, "jsonld", "nested too deeply", id="deep-json"),
        pytest.param("<h1>Chef</h1>" + "<div>" * 3000 + "Cook.", "html", "nested too deeply", id="deep-html"),
        ('{"@type": "JobPosting", "description": "Cook."}', "jsonld", 'no "title"'),
        ('{"@type": "JobPosting", "title": "Chef"}', "jsonld", "has a title but no text"),
        (json.dumps([jobposting(), jobposting()]), "jsonld", "holds 2 JobPostings"),
        ("# Chef\n\nText.", "pdf", "unknown format 'pdf'"),
    ],
)
def test_refusals(source, fmt, message):
    with pytest.raises(IngestError, match=message):
        parse(source, fmt=fmt, name="upload")


def test_refusal_names_the_file():
    with pytest.raises(IngestError, match=r"^chef\.md: no title"):
        parse("no heading here", name="chef.md")


def test_size_limit_is_a_parameter():
    with pytest.raises(IngestError, match="over the 10-byte limit"):
        parse("# Chef\n\nCook.", max_bytes=10)


def test_utf16_with_bom_is_read():
    posting = parse("Chef\nCook well.".encode("utf-16"), fmt="text", name="chef.txt")
    assert (posting.title, texts(posting)) == ("Chef", ["Cook well."])


# --- formats ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "fmt"),
    [
        ("a.md", "Chef", "markdown"), ("a.MARKDOWN", "Chef", "markdown"), ("a.txt", "# Chef", "text"),
        ("a.htm", "Chef", "html"), ("a.html", "Chef", "html"), ("a.json", "Chef", "jsonld"), ("a.jsonld", "x", "jsonld"),
        (None, '  {"@type": "JobPosting"}', "jsonld"), (None, "<!DOCTYPE html><html></html>", "html"),
        (None, "<h1>Chef</h1>", "html"), (None, "---\nid: a\n---\n", "markdown"), (None, "# Chef\n\nCook", "markdown"),
        ("upload.bin", "Chef\n**Salary:** 1", "markdown"), (None, "Chef\nResponsibilities\n- Cook", "text"),
    ],
)
def test_detect_format(name, text, fmt):
    assert detect_format(text, name) == fmt


def test_formats_by_content_type():
    assert FORMATS_BY_CONTENT_TYPE["text/markdown"] == "markdown"
    assert FORMATS_BY_CONTENT_TYPE["text/plain"] == "text"
    assert FORMATS_BY_CONTENT_TYPE["text/html"] == "html"
    assert FORMATS_BY_CONTENT_TYPE["application/ld+json"] == "jsonld"
    assert FORMATS_BY_CONTENT_TYPE["application/json"] == "jsonld"


def test_explicit_format_wins_over_extension():
    posting = parse("Chef Job Description\nCook.", fmt="text", name="chef.md")
    assert posting.title == "Chef"


# --- folders ------------------------------------------------------------------------------


def test_load_folder_imports_the_good_and_reports_the_bad(tmp_path):
    for fixture in FIXTURE_FILES:
        (tmp_path / "postings" / fixture.name).parent.mkdir(exist_ok=True)
        (tmp_path / "postings" / fixture.name).write_bytes(fixture.read_bytes())
    (tmp_path / "postings" / "broken.md").write_text("---\ntitle: [oops\n---\n", encoding="utf-8")
    (tmp_path / "postings" / "photo.txt").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF")
    (tmp_path / "nested").mkdir()
    (tmp_path / "nested" / "platform-engineer.html").write_text(
        "<h1>Copy</h1><p>Same id as the Markdown one.</p>", encoding="utf-8"
    )
    (tmp_path / "synonyms.txt").write_text("pay, salary\n", encoding="utf-8")
    (tmp_path / "lexicon").mkdir()
    (tmp_path / "lexicon" / "abbreviations.md").write_text("# Not a posting\n\nJS means JavaScript.", encoding="utf-8")
    (tmp_path / "postings" / "notes.docx").write_bytes(b"PK\x03\x04")

    postings, refused = load_folder(tmp_path)

    assert [p.id for p in postings] == ["data-analyst", "frontend-developer", "northwind-faq", "platform-engineer", "tse-2291"]
    refused = dict(refused)
    assert set(refused) == {
        str(tmp_path / "postings" / "broken.md"), str(tmp_path / "postings" / "photo.txt"),
        str(tmp_path / "postings" / "platform-engineer.md"),
    }
    assert "broken front matter at line 2" in refused[str(tmp_path / "postings" / "broken.md")]
    assert "binary" in refused[str(tmp_path / "postings" / "photo.txt")]
    duplicate = refused[str(tmp_path / "postings" / "platform-engineer.md")]
    assert "platform-engineer" in duplicate and "nested/platform-engineer.html" in duplicate
    assert "postings/platform-engineer.md" in duplicate


def test_load_folder_of_the_bundled_corpus():
    postings, refused = load_folder(ROOT / "corpus")
    assert refused == []
    assert "senior-back-end-developer" in [p.id for p in postings]


def test_load_folder_refuses_a_missing_folder(tmp_path):
    with pytest.raises(IngestError, match="no such file or folder"):
        load_folder(tmp_path / "absent")


# --- back to Markdown ---------------------------------------------------------------------


ROUND_TRIP_SOURCES = [pytest.param(fixture, id=fixture.name) for fixture in FIXTURE_FILES] + [
    pytest.param(SEED_MARKDOWN, id="seed.md"),
    pytest.param(SEED_TEXT, id="seed.txt", marks=pytest.mark.skipif(not SEED_TEXT.exists(), reason="no seed")),
]


@pytest.mark.parametrize("source", ROUND_TRIP_SOURCES)
def test_round_trip_through_markdown(source):
    posting = parse(source.read_bytes(), name=source.name)
    markdown = to_markdown(posting)
    again = parse(markdown, fmt="markdown")
    assert chunk_view(again) == chunk_view(posting)
    assert [c.question for c in chunk_posting(again)] == [c.question for c in chunk_posting(posting)]
    metadata = ("id", "title", "location", "employment_type", "apply_url", "contact", "updated", "company")
    assert [getattr(again, key) for key in metadata] == [getattr(posting, key) for key in metadata]
    assert to_markdown(again) == markdown


TRICKY_TEXTS = [
    "- starts like a bullet", "1. starts like a numbered item", "# starts like a heading", "> like a quote",
    "---", "***", "| like a table |", "snake_case and 5 * 3", "**not bold** in the original", "a `code` span",
    "[a link](https://example.com)", "R&amp;D", "<b>literal tag</b>", "<!-- literal comment -->",
    r"back\slash \* escapes", "ends with a hash #", "~~struck~~", "Salary: $120k", "C# and F#",
]


@pytest.mark.parametrize("text", TRICKY_TEXTS)
def test_round_trip_keeps_tricky_text(text):
    blocks = (
        Block("paragraph", text, "Overview"),
        Block("bullet", text, "Notes"),
        Block("label", f"Note: {text}", "Notes"),
        Block("paragraph", "under a subsection", "Notes", subsection=text),
        Block("faq", f"{text}\n\n- {text}\n- second", "FAQ", question=f"{text}?"),
    )
    posting = Posting(id="tricky", title=text, blocks=blocks)
    again = parse(to_markdown(posting))
    assert again.title == text
    assert [(b.text, b.section, b.subsection, b.question) for b in again.blocks] == [
        (b.text, b.section, b.subsection, b.question) for b in blocks
    ]


def test_markdown_export_reads_like_the_corpus(seed_from_text):
    markdown = to_markdown(seed_from_text)
    assert markdown.startswith("---\nid: senior-back-end-developer\ntitle: Senior Back End Developer\n---\n\n# ")
    assert "\n## Responsibilities\n\n- Design, develop, and maintain server-side applications.\n- Integrate" in markdown
    assert "## Overview" not in markdown


def test_extra_fields_never_shadow_the_formats_own():
    from assistant.model import Block, Posting

    posting = Posting("p", "P", (Block("bullet", "Python", "Skills"),), extra={"company": "Acme", "team": "Data"})
    again = parse(to_markdown(posting), "markdown")
    assert again.company is False and again.extra == {"team": "Data"}
