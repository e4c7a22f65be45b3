"""Naming a job by its title: which open jobs a careers-wide question is about.

Candidates name a job the way they say it, not as its posting spells it:
"platform engineer salary?" for "Platform Engineer", "backend developer" for
"Senior Back End Developer", "frontend dev" for "Frontend Developer (React)".
A question names the jobs whose title's words it holds, tried in turn until
one way finds a job:

1. the whole title as written (what it says in brackets left out);
   (where one title holds another, the longer one: "senior data analyst"
   names the Senior Data Analyst, not the Data Analyst);
2. the title without its level ("Senior", "II"), where two words or more
   remain, or what it says in brackets with its noun ("react developer"),
   unless the question asks for another level ("junior backend developer"
   does not name the senior job);
3. both again with the question's words read through the lexicon ("dev" for
   "developer", "backend" for "back end", "sr" for "senior").

Postings share titles ("Senior Backend Engineer" in many cities), so each
distinct title is checked once.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant import dialogue, tokens
from assistant.lexicon import Lexicon
from assistant.model import Posting

# A title's level, as one name for its spellings; None: a word that only says a level is meant ("level").
_LEVELS = {"senior": "senior", "sr": "senior", "snr": "senior", "junior": "junior", "jr": "junior",
           "lead": "lead", "staff": "staff", "principal": "principal", "mid": "mid", "entry": "entry",
           "ii": "ii", "iii": "iii", "iv": "iv", "level": None}
LEVELS = {tokens.stem(word): level for word, level in _LEVELS.items()}
REMEMBERED_QUESTIONS = 4096  # questions whose naming is kept per corpus snapshot


@lru_cache(maxsize=65_536)
def title_terms(title: str) -> frozenset[str]:
    """The terms that name a job: its title's content words, stemmed, what it says in brackets left out
    ("Frontend Developer (React)" is named by "frontend developer")."""
    return tokens.content_terms(re.sub(r"\([^)]*\)", " ", title))


def bracketed(title: str) -> frozenset[str]:
    """What a title says in brackets with the noun it qualifies ("Frontend Developer (React)": react,
    developer), or nothing."""
    inside = " ".join(re.findall(r"\(([^)]*)\)", title))
    head = tokens.content_words(re.sub(r"\([^)]*\)", " ", title))
    terms = tokens.content_terms(inside) - frozenset(LEVELS)
    return terms | {tokens.stem(head[-1])} if terms and head else frozenset()


def levels(terms: frozenset[str]) -> frozenset[str]:
    """The levels some terms name ("sr" and "senior" are one)."""
    return frozenset(level for term in terms if (level := LEVELS.get(term, None)) is not None)


class JobTitles:
    """The open jobs by the words of their titles, built once per corpus snapshot."""

    def __init__(self, jobs: tuple[Posting, ...], lexicon: Lexicon | None = None) -> None:
        self.lexicon = lexicon
        self._remembered: dict[str, tuple[tuple[str, ...], frozenset[str]]] = {}
        whole: dict[frozenset[str], list[str]] = {}
        titled: dict[str, list[str]] = {}
        for job in jobs:
            whole.setdefault(title_terms(job.title), []).append(job.id)
            titled.setdefault(job.title, []).append(job.id)
        self._titled = {title: tuple(ids) for title, ids in titled.items()}  # a title as written → its jobs
        whole.pop(frozenset(), None)
        core: dict[frozenset[str], list[tuple[str, frozenset[str]]]] = {}
        for terms, ids in whole.items():
            rest = frozenset(term for term in terms if term not in LEVELS)
            if rest != terms and len(rest) >= 2:
                core.setdefault(rest, []).extend((job, levels(terms)) for job in ids)
        for title, ids in titled.items():  # "react developer" for "Frontend Developer (React)"
            if (variant := bracketed(title)) and variant not in whole:
                core.setdefault(variant, []).extend((job, levels(title_terms(title))) for job in ids)
        self._whole = {terms: tuple(ids) for terms, ids in whole.items()}
        self._core = {terms: tuple(jobs) for terms, jobs in core.items()}
        self._by_term: dict[str, list[frozenset[str]]] = {}
        for terms in [*self._whole, *self._core]:
            for term in terms:
                self._by_term.setdefault(term, []).append(terms)

    def picked(self, text: str, listed: list[str]) -> tuple[tuple[str, ...], frozenset[str]]:
        """After a list of open roles (their titles, in order), the jobs a question picks from it: by its
        place ("the second one", "#3") or by the words of one title and of no other listed ("the
        frontend one", "platform?"); and the question's words that picked them."""
        place = dialogue.picked_from_list(text, len(listed))
        if place is not None:
            chosen, words = listed[place], frozenset(tokens.stem(word) for word in dialogue.ordinal_words(text))
        else:
            asked = tokens.content_terms(text)
            overlaps = {title: tokens.content_terms(title) & asked for title in set(listed)}  # brackets too: "the react one"
            best = max((len(words) for words in overlaps.values()), default=0)
            leaders = [title for title, words in overlaps.items() if best and len(words) == best]
            if len(leaders) != 1:
                return (), frozenset()
            chosen, words = leaders[0], overlaps[leaders[0]]
        return self._titled.get(chosen, ()), words

    def named(self, text: str) -> tuple[tuple[str, ...], frozenset[str]]:
        """The jobs a question names, by id, and the question's terms that named them (once the scope is
        those jobs, they are not words a passage must hold); no jobs, no terms."""
        try:  # candidates ask the same questions again and again, and a follow-up's earlier ones each turn
            return self._remembered[text]
        except KeyError:
            pass
        if len(self._remembered) >= REMEMBERED_QUESTIONS:
            self._remembered.clear()
        found = self._remembered[text] = self._named(text)
        return found

    def _named(self, text: str) -> tuple[tuple[str, ...], frozenset[str]]:
        asked = tokens.content_terms(text)
        found = self._matching(asked, asked)
        if found[0] or self.lexicon is None:
            return found
        words = tokens.words(text)
        readings = [(frozenset(tokens.stem(word) for word in words[match.start:match.end]),
                     frozenset(tokens.stem(word) for alternative in match.alternatives for word in alternative))
                    for match in self.lexicon.find(words)]
        if not readings:
            return found
        # a title of one word ("Engineer") is not named by a synonym of it ("developers")
        jobs, terms = self._matching(asked.union(*(read for _, read in readings)), asked, least=2)
        # the question's own words that named the job, directly or through the lexicon
        return jobs, terms.union(*(own for own, read in readings if read & terms)) if jobs else terms

    def _matching(self, asked: frozenset[str], own: frozenset[str],
                  least: int = 1) -> tuple[tuple[str, ...], frozenset[str]]:
        """The jobs whose whole title (of ``least`` words or more), else whose title less its level,
        ``asked`` holds; ``own`` (the question's words as written) says which level it asks for."""
        candidates = {terms for term in asked for terms in self._by_term.get(term, ())
                      if len(terms) >= least and terms <= asked}
        whole = _most_specific([terms for terms in candidates if terms in self._whole])
        if whole:
            return tuple(sorted(job for terms in whole for job in self._whole[terms])), frozenset().union(*whole)
        wanted = levels(own)
        cores = _most_specific([terms for terms in candidates if terms in self._core])
        jobs = sorted(job for terms in cores for job, level in self._core[terms] if wanted <= level)
        return (tuple(jobs), frozenset().union(*cores) | (own & frozenset(LEVELS))) if jobs else ((), frozenset())


def _most_specific(namings: list[frozenset[str]]) -> list[frozenset[str]]:
    """The namings no other one holds: "technical support engineer" names the Technical Support
    Engineer, not the Engineer as well."""
    return [terms for terms in namings if not any(terms < other for other in namings)]
