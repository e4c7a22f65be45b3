"""scripts/build_thesaurus.py on a small WordNet database in the real file format."""

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "build_thesaurus.py"


def _script():
    spec = importlib.util.spec_from_file_location("build_thesaurus", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


LICENSE_LINE = "  1 This software and database is being provided to you, the LICENSEE, by Princeton University\n"


def _wordnet(folder: Path) -> Path:
    """Index lines: lemma pos synsets pointers [pointer symbols] senses tagged offsets; data lines:
    offset lexfile type word-count(hex) word lex-id ... pointers | gloss."""
    files = {
        "index.noun": ["salary n 1 1 @ 1 1 00000001", "wage n 1 1 @ 1 1 00000001",
                       "part n 3 1 @ 3 3 00000002 00000003 00000004",
                       "review n 2 1 @ 2 2 00000005 00000006", "critique n 1 1 @ 1 0 00000005"],
        "data.noun": ["00000001 04 n 03 salary 0 wage 0 remuneration 0 000 | money paid for work",
                      "00000002 04 n 02 part 0 component 0 000 | something less than the whole",
                      "00000003 04 n 01 part 0 000 | a role", "00000004 04 n 01 part 0 000 | a line in hair",
                      "00000005 04 n 03 review 0 critique 0 follow_up 0 000 | an essay or article",
                      "00000006 04 n 01 review 0 000 | a periodical"],
        "index.verb": ["review v 1 1 @ 1 5 00000007"],
        "data.verb": ["00000007 31 v 02 review 0 look_back 0 000 | look at again"],
        "index.adj": [], "data.adj": [], "index.adv": [], "data.adv": [],
    }
    for name, lines in files.items():
        (folder / name).write_text(LICENSE_LINE + "".join(line + "\n" for line in lines), encoding="latin-1")
    return folder


def test_synonyms_of_the_most_used_sense_for_words_of_few_senses(tmp_path):
    entries = _script().thesaurus(_wordnet(tmp_path), max_senses=2)
    assert entries["salary"] == ["remuneration", "wage"]
    assert "part" not in entries and "review" not in entries  # three senses: the first is no safe bet
    assert entries["critique"] == ["review"]  # phrases ("follow_up") are left out


def test_the_script_writes_the_license_and_one_line_a_word(tmp_path, capsys):
    assert _script().main([str(_wordnet(tmp_path)), "--max-senses", "3"]) == 0
    out = capsys.readouterr().out
    assert "WordNet 3.0 Copyright 2006 by Princeton University" in out
    assert "part: component\n" in out and "salary: remuneration, wage\n" in out
    # "review" is used more as a verb (5 tagged senses against 2): that sense has no one-word synonym
    assert "\nreview:" not in out
    assert _script().main([str(tmp_path / "missing")]) == 2
