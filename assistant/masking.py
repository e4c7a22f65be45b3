"""Masking e-mail addresses and phone numbers in what candidates write, before it is stored.

Phone numbers are told from the other numbers of a job conversation (years
of experience, salaries, dates, year ranges) by their digit count and
grouping: seven to fifteen digits, written the ways people write phones.
"""

from __future__ import annotations

import re

EMAIL = "[email]"
PHONE = "[phone]"

_EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b")
# A run of digits, spaces, dots, dashes and brackets that starts and ends
# with a digit (or an opening bracket / plus); commas never appear in one.
_PHONE_CANDIDATE_RE = re.compile(r"(?<![\w$€£.,/:-])(?:\+|00)?\(?\d[\d\s().\-–/]{4,}\d(?![\w,%])")
_DATE_RE = re.compile(r"^(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{4})$")
_YEAR_RANGE_RE = re.compile(r"^(?:19|20)\d\d\s*[-–/]\s*(?:(?:19|20)\d\d|\d\d)$")
_RANGE_RE = re.compile(r"^\d{4,}\s*[-–]\s*\d{4,}$")  # "120000-150000": a salary range
_AREA_CODE_RE = re.compile(r"^\(\d{2,5}\)\s*\d")  # "(555) 123-4567", "(020) 7946 0958"
MIN_DIGITS, MAX_DIGITS = 7, 15


def mask_contacts(text: str) -> str:
    """The text with every e-mail address as ``[email]`` and every phone number as ``[phone]``."""
    if "@" in text:  # most questions hold no address: skip the search
        text = _EMAIL_RE.sub(EMAIL, text)
    return _PHONE_CANDIDATE_RE.sub(_phone_or_number, text)


def is_phone(candidate: str) -> bool:
    """True when a run of digits and separators reads as a phone number rather than another number."""
    candidate = candidate.strip()
    digits = sum(char.isdigit() for char in candidate)
    if not MIN_DIGITS <= digits <= MAX_DIGITS:
        return False
    if candidate.startswith(("+", "00")) or _AREA_CODE_RE.match(candidate):
        return True
    candidate = candidate.lstrip("(")  # "(2019-2023)" is an aside, not an area code
    if _DATE_RE.match(candidate) or _YEAR_RANGE_RE.match(candidate) or _RANGE_RE.match(candidate):
        return False
    if candidate.isdigit():
        # An unbroken run is a phone when long enough to be one with its area code.
        return digits >= 10 or candidate.startswith("0")
    groups = re.findall(r"\d+", candidate)
    # "3 5 7 9 11 13 15" is a list, not a phone: phones have few short groups.
    return len(groups) <= 5 and max(len(group) for group in groups) >= 3


def _phone_or_number(match: re.Match) -> str:
    found = match.group(0)
    stripped = found.rstrip(" .-–/")
    if is_phone(stripped):
        return PHONE + found[len(stripped):]
    return found
