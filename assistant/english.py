"""How common a word is in general English (wordfreq's Zipf scale), for words no posting uses,
and which of two spellings of a word is the common one.

A question word that no passage holds is either the topic the posting does
not cover ("visa", "kubernetes") or everyday filler ("touching", "folks").
General-English frequency tells them apart well enough to weigh them, and
says whether an unknown word is a real word or a typo worth correcting.
"""

from __future__ import annotations

import re
from functools import lru_cache

from wordfreq import zipf_frequency

COMMON_ZIPF = 7.0  # "the", "to": carries nothing
RARE_ZIPF = 3.0  # "kubernetes", "sdlc": carries the question
MIN_INFORMATIVENESS = 0.25
TYPO_BELOW_ZIPF = 2.5  # rarer than this in English and unknown to the corpus: likely a typo


@lru_cache(maxsize=100_000)
def zipf(word: str) -> float:
    """Zipf frequency of a word in English: 0 for unseen, about 7 for the commonest."""
    return zipf_frequency(word, "en")


def informativeness(word: str) -> float:
    """How much an unknown word says about the topic, in [0.25, 1]: rare words most."""
    share = (COMMON_ZIPF - zipf(word)) / (COMMON_ZIPF - RARE_ZIPF)
    return max(MIN_INFORMATIVENESS, min(1.0, share))


def looks_misspelt(word: str) -> bool:
    """Whether a word is too rare in English to be meant as written."""
    return zipf(word) < TYPO_BELOW_ZIPF


# British spellings a rule can turn American ("behavioural", "organisation", "centre", "licence",
# "travelled", "programme"): the rule proposes, and the variant is kept only when it is the commoner
# spelling in English, so "four", "advise", "expertise" and "filled" stay as they are.
_BRITISH_RULES = (
    (r"^([a-z]{3,})our(s|ed|ing|ite|ites|able|ably|al|ally|ful|fully|less|er|ers|ism)?$", r"\1or\2"),
    (r"^([a-z]{2,})is(e|es|ed|ing|ation|ations|er|ers)$", r"\1iz\2"),
    (r"^([a-z]{2,})ys(e|es|ed|ing)$", r"\1yz\2"),
    (r"^([a-z]{2,}[bt])re(s)?$", r"\1er\2"),
    (r"^([a-z]{2,}e)ll(ed|ing|er|ers)$", r"\1l\2"),
    (r"^([a-z]{2,})ence(s)?$", r"\1ense\2"),
    (r"^([a-z]{3,})mme(s)?$", r"\1m\2"),
    (r"^([a-z]{3,})ogue(s)?$", r"\1og\2"),
    (r"^([a-z]{2,}dg)ement(s)?$", r"\1ment\2"),
    (r"^([a-z]{2,}[aeiou]l)ment(s)?$", r"\1lment\2"),
)
_BRITISH = tuple((re.compile(pattern), replacement) for pattern, replacement in _BRITISH_RULES)
_ANY_BRITISH = re.compile("|".join(f"(?:{pattern})" for pattern, _ in _BRITISH_RULES))  # most words: one test
MIN_BRITISH_LENGTH = 5


@lru_cache(maxsize=100_000)
def american(word: str) -> str:
    """A folded word in its American spelling when it is a British one ("colour" → "color"), else itself.

    Postings and candidates spell both ways; the index and the questions meet on one spelling.
    """
    if len(word) < MIN_BRITISH_LENGTH or not _ANY_BRITISH.match(word):
        return word
    for pattern, replacement in _BRITISH:
        variant, changed = pattern.subn(replacement, word)
        if changed and zipf(variant) > zipf(word):
            return variant
    return word
