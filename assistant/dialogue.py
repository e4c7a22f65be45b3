"""The conversation around retrieval: small talk, asking for a person, and follow-up questions."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant import tokens

NO_ANSWER_OPENING = "The posting doesn't say"
NO_ANSWER_CAREERS = "Our postings don't say"
HANDOFF_OPENING = "I'll hand you over to a person"
ONE_OPENING = "There is one open role:"
OPENINGS = "There are {} open roles:"

_SMALLTALK = {
    "greeting": r"(hi+|hey+|hello+|hiya|heya|hallo|yo|howdy|greetings|hola|(good )?(morning|afternoon|evening)|good day|gm|"
                r"hi there|hello there|hey there|hey hey|whats up|wassup|sup|(?:are |r )?(?:you|u) there|"
                r"(?:is )?(?:anyone|anybody|someone|somebody) there|help|help me|i need help|need help|can (?:you|u) help(?: me)?)",
    "thanks": r"(thanks?( you)?( (so|very) much| a lot| a ton| a bunch| again| heaps)?|thank u( so much)?|thx|thnx|thanx|"
              r"ty|tysm|cheers|many thanks|much appreciated|appreciate (it|that|the help)|"
              r"(that|this) (was|is) (helpful|useful|great)|(very )?helpful|that helps|that helped)",
    "goodbye": r"(bye+|goodbye|good bye|bye bye|see (you|ya|u)( later| soon)?|cya|later|ttyl|talk (to you )?later|take care|"
               r"have a (good|nice|great) (day|one|evening|weekend)|good night|gn|"
               r"(thats|that is) (all|it)( for now)?|nothing else|no more questions|im done|all good)",
    "identity": r"(who are (you|u)|what are (you|u)|who made (you|u)|what can (you|u) do|what can i ask( you)?|"
                r"how does this work|are (you|u) (a |an )?(bot|robot|human|real|person|ai|machine|chatbot)|"
                r"is this (a |an )?(bot|ai|chatbot|human|real person|automated)|"
                r"am i (talking|chatting|speaking) (to|with) (a |an )?(bot|human|person|machine|ai|real person))",
    "wellbeing": r"(how are (you|u)( doing)?( today)?|how r u|hows it going|how is it going|how are things|how do you do)",
    "ack": r"(ok+|okay|okey|cool|nice|great|got it|gotcha|i see|alright|all right|perfect|awesome|sounds good|fine|"
           r"understood|noted|makes sense|fair enough|good to know|k|kk|lol|haha+|wow|sure|yes|yeah|yep|no|nope|"
           r"no thanks|no thank you)",
}
_SMALLTALK_PREFIX = {
    kind: re.compile(rf"^(?:{pattern})(?: (?:there|again|mate|bot|friend|all|everyone|please|pls))*(?=$| )")
    for kind, pattern in _SMALLTALK.items()
}

_PERSON = r"(human|person|people|someone|somebody|recruiter|recruiters|recruiting|hr|agent|representative|rep|operator|hiring manager|manager|staff|team member|real one|anyone)"
_HANDOFF = [
    re.compile(rf"\b(talk|speak|chat|connect|put|get|transfer|reach)\b.*\b(to|with|me|in touch)\b.*\b{_PERSON}\b"),
    re.compile(r"\b(real|actual|live) (human|person|people|agent)\b"),
    re.compile(r"\b(human|person|someone|somebody|recruiter)\b.*\b(instead of|rather than|not) (a |the |this )?(bot|machine|robot|ai)\b"),
    re.compile(rf"\b(pass|hand|forward|refer|transfer|send) me (on |over )?(to|with)\b.*\b{_PERSON}\b"),
    re.compile(rf"^(an? )?({_PERSON})( please| pls| now)?$"),
    re.compile(r"\b(who|how) (can|do|should|could) i (contact|reach|email|call|ask|talk to|speak to|talk with|speak with)\b"),
    re.compile(r"\bcontact (details|info|information|person|someone|a recruiter|the recruiter|hr)\b"),
    re.compile(r"^(contact|escalate|operator|agent|help me)( please| pls)?$"),
    re.compile(rf"\b{_PERSON}\b.*\b(i can|can i|could i|to) (email|call|contact|reach|talk to|speak to|message)\b"),
    re.compile(r"\b(someone|somebody|a recruiter|a person|anyone)\b.*\b(call|email|contact|ring|text|get back to) me\b"),
]
_ASKS_FOR_PERSON = re.compile("|".join(f"(?:{pattern.pattern})" for pattern in _HANDOFF))  # one pass, not ten
# Every pattern above needs one of these words (a person, or a way to reach one): a message with none of
# them is not read by the patterns at all, which most questions are spared. Add a pattern's word here.
_HANDOFF_WORDS = frozenset(re.findall(r"[a-z]+", _PERSON)) | frozenset(
    "contact reach email call ask talk speak escalate help bot machine robot ai".split())
_FOLLOW_UP_OPENING = re.compile(r"^(and|also|or|but|what about|how about|what of|same for|and for|and what about|and how about|then)\b")

_SWAP_OPENING = re.compile(r"^(and )?(what|how) about\b|^(and|what of|same for|and for)\b")

SMALLTALK_REPLIES = {
    "greeting": "Hello! Ask me anything about this job: what you would do, what it asks for, the FAQ.",
    "thanks": "You're welcome! Anything else about the job?",
    "goodbye": "Goodbye, and good luck with your application!",
    "identity": "I'm an automated assistant. I answer from the job posting and quote the passage each answer comes from.",
    "wellbeing": "I'm doing well, thanks! What would you like to know about the job?",
    "ack": "Glad that helped. Anything else about the job?",
}


@dataclass(frozen=True)
class Turn:
    """One earlier message of the conversation."""

    role: str
    content: str


_WORD = re.compile(r"[a-z0-9]+")


def _normal(message: str) -> str:
    """A message folded to plain words, for matching conversational phrases."""
    return " ".join(_WORD.findall(tokens.fold(message)))


def smalltalk_kind(message: str) -> str | None:
    """Which kind of small talk a message is (greeting, thanks, ...), if it is nothing more.

    A message may string several together ("goodbye, have a nice day"); the
    first one names the kind.
    """
    return _smalltalk_of(_normal(message))


def _smalltalk_of(text: str) -> str | None:
    kinds: list[str] = []
    while text:
        for kind, pattern in _SMALLTALK_PREFIX.items():
            found = pattern.match(text)
            if found:
                kinds.append(kind)
                text = text[found.end():].strip()
                break
        else:
            return None
    return kinds[0] if kinds else None


def asks_for_person(message: str) -> bool:
    """Whether the candidate asks to be put in touch with a person."""
    return _asks_for_person(_normal(message))


def _asks_for_person(text: str) -> bool:
    return not _HANDOFF_WORDS.isdisjoint(text.split()) and _ASKS_FOR_PERSON.search(text) is not None


def conversational(message: str) -> tuple[bool, str | None]:
    """Whether a message asks for a person, and which small talk it is: one reading for both."""
    text = _normal(message)
    return _asks_for_person(text), _smalltalk_of(text)


_GREETING = re.compile(r"^\s*(hi+|hey+|hello+|good (morning|afternoon|evening)|thanks?( you)?|ok(ay)?|cool)\b[\s,.!:;-]*",
                       re.IGNORECASE)


def strip_greeting(message: str) -> str:
    """A question without the greeting or thanks in front of it ("hi, do I need a degree?")."""
    stripped = _GREETING.sub("", message)
    return stripped if stripped.strip() else message


# Where a message breaks into clauses: sentence ends, commas, dashes, and "so"/"but"/"and" before a new subject.
_CLAUSE_BREAK = re.compile(r"(?<=[.!?;:])\s+|\s*[,\n]\s*|\s+[-–—]+\s+|\s+(?:so|but|and|because|though)\s+(?=(?:i|i'm|i've|i'd|"
                           r"im|ive|id|do|does|is|are|can|could|would|will|what|how|who|where|when|which|why|you|your)\b)",
                           re.IGNORECASE)
# A clause about the candidate: it opens with the candidate as its subject ("I've been ...", "my partner ...").
_ABOUT_ME = re.compile(r"^(?:(?:so|well|also|and|but|ok|okay|basically|currently|right now|at the moment|as)\s+)*"
                       r"(?:i|im|ive|id|ill|my|me|we|were|weve|our|(?:currently|previously|formerly|as|ex) an?)\b")
# ... unless it asks all the same ("I'm wondering whether ...", "I'd like to know ...", "I need a degree?").
_ASKS_ANYWAY = re.compile(r"\b(?:wonder|wondering|wondered|curious|know|ask|asking|question|tell me|clarify|check|confirm|"
                          r"find out|understand|interested to|see if|see whether)\b")


# Applying as the purpose of a question, not its subject: "do I need a degree to apply?",
# "can I apply without a degree?", "would I qualify with 4 years of Python?", "how many years before
# applying?". The subject is the rest.
_THE_OPENING = r"(?:\s+(?:for|to)\s+(?:this|the|that|your|a|an)\s+(?:job|role|position|posting|opening|vacancy|post))?"
_PURPOSE_AFTER = re.compile(r"\s+(?:(?:in order|so as)\s+)?(?:to|before|when|for|(?:before|when|if|so|so that|once)\s+i"
                            r"(?:\s+(?:can|could|may|want to|wanna|would like to|decide to))?)\s+(?:apply|applying)"
                            + _THE_OPENING + r"\s*[?.!]*\s*$", re.IGNORECASE)
_PURPOSE_BEFORE = re.compile(r"^\s*(?:can|could|may|should|would|will|do)\s+(?:i|we)\s+(?:still\s+|even\s+)?"
                             r"(?:apply|qualify|be\s+(?:eligible|qualified|considered))"
                             + _THE_OPENING + r"\s+(?=(?:if|without|with|even|though|although|as|while|having|given)\b)",
                             re.IGNORECASE)

# ... and after a condition about the candidate: "if I have 6 years of Node.js, can I apply?"
_PURPOSE_AFTER_CONDITION = re.compile(r"^\s*(?:if|with|without|having|given)\b.*?[\s,;]+((?:then\s+)?(?:can|could|may|should|"
                                      r"would|will|do)\s+(?:i|we)\s+(?:still\s+|even\s+)?(?:apply|qualify|be\s+(?:eligible|"
                                      r"qualified|considered))" + _THE_OPENING + r"\s*[?.!]*\s*)$", re.IGNORECASE)


_PURPOSE_WORDS = ("appl", "qualif", "eligib", "consider")


def split_purpose(message: str) -> tuple[str, str]:
    """A question and the words saying it is asked in order to apply:
    ``"do I need a degree to apply?"`` → ``("do I need a degree", "to apply?")``; ``("...", "")`` when there are none.
    """
    lowered = message.lower()
    if not any(word in lowered for word in _PURPOSE_WORDS):  # the common case: nothing said of applying
        return message, ""
    after = _PURPOSE_AFTER.search(message)
    if after and after.start() > 0:
        return message[: after.start()], message[after.start():].strip()
    condition = _PURPOSE_AFTER_CONDITION.match(message)
    if condition:
        return message[: condition.start(1)].rstrip(" ,;"), condition.group(1).strip()
    before = _PURPOSE_BEFORE.match(message)
    if before and len(message[before.end():].strip(" ?.!").split()) >= 2:  # "if ..." says something
        return message[before.end():], message[: before.end()].strip()
    return message, ""


def split_context(message: str) -> tuple[str, str]:
    """A message's question and what the candidate says about themselves around it:
    ``"I've done PHP for six years, is a degree required?"`` → ``("is a degree required?", "I've done PHP for six years")``.

    Clauses whose subject is the candidate and that ask nothing are context, and so are the
    words saying the question is asked in order to apply (:func:`split_purpose`); the rest is
    the question. When nothing or everything is context, the whole message is the question.
    """
    clauses = [clause for clause in _CLAUSE_BREAK.split(message) if clause and clause.strip(" .!?;:")]
    about_me = [_is_about_me(clause) for clause in clauses] if len(clauses) > 1 else []
    if all(about_me) or not any(about_me):
        asked, context = message, ""
    else:
        asked = " ".join(clause for clause, mine in zip(clauses, about_me) if not mine)
        context = " ".join(clause for clause, mine in zip(clauses, about_me) if mine)
    asked, purpose = split_purpose(asked)
    return asked, " ".join(part for part in (context, purpose) if part)


# A pronoun that may stand for what the candidate just said ("..., is that enough?"), not "this role".
_POINTS_BACK = re.compile(r"\b(?:it|its|that|this|those|these|them|such)\b"
                          r"(?! (?:role|job|position|posting|opening|vacancy|opportunity|company|team|place))")


# A question that is a condition about the candidate: what split_purpose leaves of "would I qualify
# with 4 years of Python?", or "if I only know Java, can I apply?".
_CANDIDATE_CONDITION = re.compile(r"^\s*(?:(?:even\s+)?if\s+(?:i|i'm|im|i've|ive|i'd|id|my)\b"
                                  r"|with(?!\s+(?:what|which|who|whom|how)\b)|without|having|given)\b", re.IGNORECASE)


def states_own_background(question: str) -> bool:
    """Whether the question opens with what the candidate has or lacks ("with 4 yrs of python?",
    "if I only know Java ..."): a technology named there is theirs, not one asked about."""
    return bool(_CANDIDATE_CONDITION.match(question))


def leans_on_context(question: str) -> bool:
    """Whether the question part of a message points back at what the candidate said about themselves."""
    return bool(_POINTS_BACK.search(_normal(question)))


def _is_about_me(clause: str) -> bool:
    if clause.rstrip().endswith("?"):
        return False
    text = _normal(clause)
    return bool(_ABOUT_ME.match(text)) and not _ASKS_ANYWAY.search(text)


def is_follow_up(message: str, content_word_count: int) -> bool:
    """Whether a question leans on earlier turns: a pronoun, "what about ...", or too few words alone."""
    return points_back(message) or content_word_count <= 1


def points_back(message: str) -> bool:
    """Whether a question's own words lean on earlier turns: a pronoun or "what about ..."; a short
    question without them ("how many years?") may also be asked on its own."""
    text = _normal(message)
    return bool(_FOLLOW_UP_OPENING.match(text)) or any(word in tokens.ANAPHORA for word in text.split())


def refers_back(message: str) -> bool:
    """Whether a question uses a pronoun for something said before ("is it required?"); the "there" of
    "is there equity?" points at nothing."""
    words = _normal(message).split()
    return any(word in tokens.ANAPHORA and not _existential(words, at) for at, word in enumerate(words))


_BE = frozenset("is are was were be been isnt arent s".split())


def _existential(words: list[str], at: int) -> bool:
    """Whether the word at ``at`` is the "there" of "is there ...?" / "there are ...", not a place."""
    return words[at] == "there" and ((at > 0 and words[at - 1] in _BE) or (at + 1 < len(words) and words[at + 1] in _BE))


def swaps_subject(message: str) -> bool:
    """Whether a question keeps the earlier frame for a new subject ("what about Rails?")."""
    return bool(_SWAP_OPENING.match(_normal(message))) and not refers_back(message)


def earlier_questions(history: list[Turn]) -> list[str]:
    """The candidate's earlier questions, most recent first, small talk left out."""
    return [
        turn.content
        for turn in reversed(history)
        if turn.role == "user" and conversational(turn.content) == (False, None)
    ]


def recent_misses(history: list[Turn]) -> int:
    """How many of the assistant's latest replies in a row said the posting does not answer."""
    misses = 0
    for turn in reversed(history):
        if turn.role != "assistant":
            continue
        if not turn.content.startswith((NO_ANSWER_OPENING, NO_ANSWER_CAREERS)):
            break
        misses += 1
    return misses


_THE_JOB = re.compile(r"\b(job|role|position|posting|opening|vacancy|opportunity|work)\b")


def asks_about_the_job(message: str) -> bool:
    """Whether a question with no topic of its own asks about the job as a whole ("what's the job about?")."""
    return bool(_THE_JOB.search(_normal(message)))


# "what jobs do you have?", "any openings?", "are you hiring?": the question is which postings there are
_OPENINGS = re.compile(
    r"\b(?:jobs|roles|positions|openings|vacancies|opportunities|open|hiring|available|currently|right now|now|"
    r"at the moment|these days|do|does|you|u|yall|have|got|are|is|there|any|what|which|whats|list|all|the|of|your|"
    r"for|me|us|we|can|i|apply|new|current|other|else|more|job|role|position|opening|vacancy)\b")
_OPENINGS_NOUN = re.compile(r"\b(?:jobs|roles|positions|openings|vacancies|opportunities|hiring)\b")


def asks_for_openings(message: str) -> bool:
    """Whether a message asks which jobs are open, and nothing more ("any remote jobs?" asks about remote)."""
    text = _normal(strip_greeting(message))  # "hi, what jobs do you have?"
    return bool(_OPENINGS_NOUN.search(text)) and not _OPENINGS.sub("", text).strip()


# The list of open roles a reply gave (see answer.compose_openings): its first line, then "Title [n]" lines.
_OPENINGS_LIST = re.compile("^(?:" + re.escape(ONE_OPENING) + "|" + re.escape(OPENINGS).replace(r"\{\}", r"\d+") + ")$")
_LISTED_ROLE = re.compile(r"^(.+) \[(\d+)\]$")
_ORDINAL_WORDS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
                  "fifth": 5, "5th": 5, "sixth": 6, "6th": 6, "seventh": 7, "7th": 7, "eighth": 8, "8th": 8,
                  "ninth": 9, "9th": 9, "tenth": 10, "10th": 10, "last": -1}
# an ordinal picks when it names the role ("the second one", "2nd job") or ends the message ("and the
# last?"), not as a word of the question ("first, what is the salary?"); a number after "#" always picks
_ORDINAL = re.compile(r"\b(" + "|".join(_ORDINAL_WORDS) + r")\b(?= (?:one|job|role|position|posting|opening)s?\b|\W*$)"
                      r"|(?:#|\bnumber |\bno\.? ?|\bnum )(\d{1,2})\b")


def listed_openings(reply: str) -> list[str]:
    """The titles of the open roles a reply listed, in its order; [] for any other reply."""
    lines = reply.splitlines()
    if not lines or not _OPENINGS_LIST.match(lines[0]):
        return []
    return [found.group(1) for line in lines[1:] if (found := _LISTED_ROLE.match(line))]


def picked_from_list(message: str, size: int) -> int | None:
    """The 0-based place in a list of ``size`` that a message picks by its order ("the second one",
    "#3", "the last"), or None."""
    found = _ORDINAL.search(message.lower())
    if found is None:
        return None
    place = _ORDINAL_WORDS[found.group(1)] if found.group(1) else int(found.group(2))
    place = size + place if place < 0 else place - 1
    return place if 0 <= place < size else None


def ordinal_words(message: str) -> frozenset[str]:
    """The words of a message that pick by order ("second", "last")."""
    return frozenset(found.group(1) or found.group(2) for found in _ORDINAL.finditer(message.lower()))
