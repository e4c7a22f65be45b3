"""schema.org JobPosting objects: finding them in JSON-LD and reading their metadata."""

from __future__ import annotations

import re

from assistant.ingest.common import SLUG_RE, humane

_JOBPOSTING_RE = re.compile(r"^(?:(?:https?://)?schema\.org/|schema:)?JobPosting$")


def _is_jobposting(node: object) -> bool:
    if not isinstance(node, dict):
        return False
    types = node.get("@type")
    types = types if isinstance(types, list) else [types]
    return any(isinstance(kind, str) and _JOBPOSTING_RE.match(kind) for kind in types)


def find_jobpostings(data: object) -> list[dict]:
    """Every JobPosting in a JSON-LD document: a single object, a list, or an @graph."""
    found: list[dict] = []
    stack = [data]
    while stack:
        node = stack.pop(0)
        if isinstance(node, list):
            stack[:0] = node
        elif _is_jobposting(node):
            found.append(node)
        elif isinstance(node, dict) and isinstance(node.get("@graph"), list):
            stack[:0] = node["@graph"]
    return found


def text_of(value: object) -> str | None:
    """A schema.org value as text: strings and numbers as is, objects by their name/value."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return _number(value)
    if isinstance(value, str):
        return " ".join(value.split()) or None
    if isinstance(value, dict):
        for key in ("name", "value", "@value", "@id"):
            if (text := text_of(value.get(key))) is not None:
                return text
        return None
    if isinstance(value, list):
        texts = [text for item in value if (text := text_of(item))]
        return ", ".join(texts) or None
    return None


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _place(place: object) -> str | None:
    if not isinstance(place, dict):
        return text_of(place)
    address = place.get("address")
    if not isinstance(address, dict):
        return text_of(address) or text_of(place.get("name"))
    parts = [text_of(address.get(key)) for key in ("addressLocality", "addressRegion", "addressCountry")]
    return ", ".join(part for part in parts if part) or text_of(address.get("name"))


def location(posting: dict) -> str | None:
    """'Berlin, DE' from jobLocation (several places joined with '; '), plus 'Remote' for telecommuting."""
    places = posting.get("jobLocation")
    places = places if isinstance(places, list) else [places]
    names = [name for place in places if place is not None and (name := _place(place))]
    if "TELECOMMUTE" in str(posting.get("jobLocationType", "")).upper():
        names.append("Remote")
    return "; ".join(dict.fromkeys(names)) or None


def salary(posting: dict) -> str | None:
    """'120000–150000 USD per YEAR' from a MonetaryAmount baseSalary."""
    amount = posting.get("baseSalary")
    if isinstance(amount, list):
        amount = amount[0] if amount else None
    if not isinstance(amount, dict):
        return text_of(amount)
    value = amount.get("value")
    unit = None
    if isinstance(value, dict):
        unit = text_of(value.get("unitText"))
        low, high = text_of(value.get("minValue")), text_of(value.get("maxValue"))
        single = text_of(value.get("value"))
        if low and high:
            figure = low if low == high else f"{low}–{high}"
        elif single or low or high:
            figure = single or (f"from {low}" if low else f"up to {high}")
        else:
            return None
    else:
        figure = text_of(value)
        if figure is None:
            return None
    currency = text_of(amount.get("currency"))
    return " ".join(filter(None, [figure, currency, f"per {unit}" if unit else None]))


def _contact(posting: dict) -> str | None:
    point = posting.get("applicationContact")
    if isinstance(point, dict):
        for key in ("email", "url", "telephone", "name"):
            if text := text_of(point.get(key)):
                return text
    return text_of(point)


def identifier_slug(posting: dict) -> str | None:
    """The JobPosting identifier when it already is (case aside) a slug, else None."""
    identifier = posting.get("identifier")
    if isinstance(identifier, list):
        identifier = identifier[0] if identifier else None
    # A PropertyValue's "name" is whose identifier it is; "value" is the identifier.
    if isinstance(identifier, dict):
        identifier = identifier.get("value", identifier.get("@value"))
    value = text_of(identifier)
    if value and SLUG_RE.match(value.lower()):
        return value.lower()
    return None


def metadata(posting: dict) -> dict:
    """Posting keyword arguments from a JobPosting's metadata (location, employment type, apply URL ...)."""
    organization = text_of(posting.get("hiringOrganization"))
    extra = {"hiring_organization": organization, "valid_through": text_of(posting.get("validThrough"))}
    return {
        "location": location(posting),
        "employment_type": text_of(posting.get("employmentType")),
        "apply_url": text_of(posting.get("url")),
        "contact": _contact(posting),
        "updated": text_of(posting.get("datePosted")),
        "extra": {key: value for key, value in extra.items() if value},
    }


def detail_labels(posting: dict) -> list[str]:
    """Label lines for the 'Details' section, so candidates can ask about pay, place and contract."""
    meta = metadata(posting)
    labels = [
        ("Company", meta["extra"].get("hiring_organization")),
        ("Location", meta["location"]),
        ("Employment type", humane(meta["employment_type"]) if meta["employment_type"] else None),
        ("Salary", salary(posting)),
    ]
    return [f"{key}: {value}" for key, value in labels if value]
