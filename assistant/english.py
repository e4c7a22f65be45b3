"""How common a word is in general English (wordfreq's Zipf scale), for words no posting uses.

A question word that no passage holds is either the topic the posting does
not cover ("visa", "kubernetes") or everyday filler ("touching", "folks").
General-English frequency tells them apart well enough to weigh them, and
says whether an unknown word is a real word or a typo worth correcting.
"""

from __future__ import annotations

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
