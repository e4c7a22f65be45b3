"""The one tokenizer: the same words and terms for indexing passages and for reading questions.

``words`` folds case, accents and apostrophes and keeps technical names whole
(``node.js``, ``c++``, ``c#``, ``.net``, ``ci/cd``); a hyphenated compound
gives its joined form and its parts, so ``back-end`` meets both ``backend``
and ``back end``. ``terms`` stems the words (Snowball English), leaving
technical names as they are. Stop words are dropped from questions only, so
passage scores stay those of plain BM25 over every word.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

from assistant import english

_APOSTROPHES = re.compile(r"['’‘`´]")
# A word: letters/digits with inner dots, pluses or hashes kept (node.js,
# c++, c#, 3.5), an optional leading dot (.net), short slash pairs (ci/cd).
_WORD = re.compile(
    r"\.?[a-z0-9]+(?:\.[a-z0-9]+)*(?:\+\+|#)?"
    r"(?:-[a-z0-9]+(?:\.[a-z0-9]+)*)*"
    r"(?:/[a-z0-9]{1,3}\b)?"
)
_SLASH_PAIR = re.compile(r"^[a-z0-9]{1,3}/[a-z0-9]{1,3}$")

_STEMMER = snowballstemmer.stemmer("english")

# Function words and chat filler: they carry no topic in a question.
STOP_WORDS = frozenset(
    """
    a about above after again against all am an and any are aren arent as at be because been before
    being below between both but by can cant could couldnt did didnt do does doesnt doing dont down
    during each few for from further had hadnt has hasnt have havent having he her here hers herself him
    himself his how i id ill im ive if in into is isnt it its itself lets me more most my myself no nor
    not of off on once only or other ought our ours ourselves out over own same shall she should shouldnt
    so some such than that thats the their theirs them themselves then there theres these they theyre
    this those through to too under until up very was wasnt we were werent what whats when where which
    while who whom whos why with wont would wouldnt you youd youll youre youve your yours yourself
    yourselves us u ur r pls please plz hi hello hey thanks thank ok okay also just really any anything
    something tell know want wanna gonna like get got need needed needs require required requires
    must mandatory necessary expected essential enough sufficient will may might much many often lot lots kind sort
    job role position posting opening vacancy opportunity company here there one ones thing things
    yes yeah yep nope else still even ever e.g i.e etc vs via per
    use using used make making made go going goes get getting give take come see look looking find
    involve involves involved involving entail entails
    think mean say ask let try put keep guys folks stuff type exactly main mainly actually
    basically generally usually typically kinda sorta big deal bit quite pretty whether able
    minimum min maximum max least wat wut wot whatre hw gonna wanna gotta ya yall hows wheres whens whys heres
    shud shld wud wld cud cld coz cuz abt dunno lemme gimme tho thru b4 smth sth
    without within upon onto toward towards among amongst across throughout although though whereas
    someone somebody anyone anybody everyone everybody nobody whoever whatever
    honestly frankly literally seriously truly totally definitely probably maybe perhaps anyway anyways
    expect expects expecting expectation
    tip tips advice pointers
    """.split()
)
# Words that stand for something said earlier in the conversation.
ANAPHORA = frozenset("it its them they those these that this one ones there such".split())


def fold(text: str) -> str:
    """Lowercase, strip accents and drop apostrophes: ``Bachelor’s Café`` → ``bachelors cafe``."""
    if text.isascii():  # nothing to decompose: the common case, and the hot one
        return _APOSTROPHES.sub("", text.lower())
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _APOSTROPHES.sub("", stripped.lower())


def words(text: str) -> list[str]:
    """Folded surface words of a text, technical names kept whole, hyphen compounds split too."""
    out: list[str] = []
    for token in _WORD.findall(fold(text)):
        if "/" in token and not _SLASH_PAIR.match(token):
            out.extend(_plain_word(part) for part in token.split("/") if part)
        elif "-" in token:
            parts = [part for part in token.split("-") if part]
            out.append("".join(parts))
            out.extend(parts)
        elif "." in token:
            out.append(_plain_word(token))
        else:
            out.append(token)
    for position in range(len(out) - 1):
        if out[position] in _FUNCTION_PHRASES and out[position + 1] in _FUNCTION_PHRASES[out[position]]:
            out[position] = out[position + 1]  # a function word in its place: passage lengths stay as they are
    return [word for word in out if word]


# Phrases that work as a preposition though their first word reads as a topic: "varies based on location"
# says nothing of where a job is based, so "based" there must not answer "where are you based?".
_FUNCTION_PHRASES = {"based": ("on", "upon"), "according": ("to",), "regardless": ("of",)}


def _plain_word(token: str) -> str:
    """A trailing sentence dot is punctuation, not part of the word."""
    return token.rstrip(".") if token.count(".") == 1 and token.endswith(".") else token


# Words the stemmer would merge with another meaning: "yearly budget" is not "years of experience".
KEEP_UNSTEMMED = frozenset("yearly monthly weekly daily hourly quarterly annually".split())


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The index term of one folded word: stemmed when it is plain letters of length > 3, a British
    spelling first made American ("behavioural" and "behavioral" are one term)."""
    if len(word) <= 3 or not word.isalpha() or word in KEEP_UNSTEMMED:
        return word
    return _STEMMER.stemWord(english.american(word))


def terms(text: str) -> list[str]:
    """Index terms of a text: what BM25 and TF-IDF count."""
    return [stem(word) for word in words(text)]


def is_stop_word(word: str) -> bool:
    """Whether a question word carries no topic: a function word, chat filler or a lone letter."""
    return word in STOP_WORDS or (len(word) == 1 and word.isalpha())


def content_words(text: str) -> list[str]:
    """The words of a question that carry its topic (stop words dropped)."""
    return [word for word in words(text) if not is_stop_word(word)]


def content_terms(text: str) -> frozenset[str]:
    """The index terms of a text's content words, each once: what it is about, whatever the word order."""
    return frozenset(stem(word) for word in content_words(text))


# A figure written out counts as one ("five steps", "three to five weeks"); "one" is left out, as it is
# as often a pronoun ("one of the team") as a count.
_FIGURE = re.compile(r"\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|"
                     r"fifty|sixty|ninety|hundred|thousand|million|dozen|twice|half|quarter)\b", re.IGNORECASE)


# What says where a job is, short of a place's name: the way of working and the words for a site.
_PLACE_WORDS = re.compile(r"\b(?:remote(?:ly)?|on-?site|on site|hybrid|offices?|headquarter(?:s|ed)?|hq|relocat\w*|cit(?:y|ies)|"
                          r"countr(?:y|ies)|anywhere|time ?zones?|located|based in|campus|downtown|worldwide|abroad)\b", re.IGNORECASE)
_PLACE_HEADING = re.compile(r"\b(?:location|locations|where|offices?|workplace)\b", re.IGNORECASE)
# A capitalised word inside a sentence (not its first word): a proper name, perhaps a place's.
_NAME = re.compile(r"(?<=[\s(,;:–—-])(?<![.!?]\s)([A-Z][\w'’.-]*)")


@lru_cache(maxsize=65_536)
def names_place(text: str, heading: str = "") -> bool:
    """Whether a passage can say where a job is: it names a place or a way of working, or stands under a
    heading about the location. Without a gazetteer a place is any proper name the passage's heading does
    not hold ("the average salary for a Senior Back End Developer varies based on location" names none)."""
    if _PLACE_WORDS.search(text) or _PLACE_HEADING.search(heading):
        return True
    known = {word.lower() for word in re.findall(r"[\w'’.-]+", heading)}
    return any(name.lower() not in known for name in _NAME.findall(text))


@lru_cache(maxsize=65_536)
def has_figure(text: str) -> bool:
    """Whether a text states a figure, in digits or in words: what "how many ...?" asks for
    (asked of the corpus's passages, the same ones again and again, so each is read once)."""
    return _FIGURE.search(text) is not None
