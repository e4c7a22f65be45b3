"""Recruiter tokens: created by the CLI, stored as SHA-256 hashes, checked in constant time.

The token itself is shown once, when it is made; the database keeps only its
hash, so a copy of the database lets no one in.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from functools import wraps

from flask import current_app, g, request
from sqlalchemy import select
from sqlalchemy.engine import Engine

from assistant import database as db
from assistant.errors import ApiError

TOKEN_PREFIX = "ca_"
NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$")


@dataclass(frozen=True)
class TokenInfo:
    """A token as ``token list`` shows it: never the token itself."""

    name: str
    created_at: object
    revoked_at: object | None


def token_hash(token: str) -> str:
    """The SHA-256 hex digest stored for a token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(engine: Engine, name: str) -> str:
    """A new token for ``name``; the caller shows it once, it cannot be read back."""
    if not NAME_RE.match(name):
        raise ValueError(f"token name must be 1-100 letters, digits, '.', '_', '@' or '-', got {name!r}")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with engine.begin() as connection:
        if connection.execute(select(db.tokens.c.id).where(db.tokens.c.name == name)).first() is not None:
            raise ValueError(f"a token named {name!r} already exists; revoke it or pick another name")
        connection.execute(db.tokens.insert().values(name=name, token_hash=token_hash(token), created_at=db.now()))
    return token


def list_tokens(engine: Engine) -> list[TokenInfo]:
    """Every token's name and dates, oldest first."""
    query = select(db.tokens.c.name, db.tokens.c.created_at, db.tokens.c.revoked_at).order_by(db.tokens.c.id)
    with engine.connect() as connection:
        return [TokenInfo(*row) for row in connection.execute(query)]


def revoke_token(engine: Engine, name: str) -> None:
    """Revoke a token by name; it is refused from then on."""
    with engine.begin() as connection:
        row = connection.execute(select(db.tokens.c.revoked_at).where(db.tokens.c.name == name)).first()
        if row is None:
            raise KeyError(f"no token named {name!r}")
        if row.revoked_at is None:
            connection.execute(db.tokens.update().where(db.tokens.c.name == name).values(revoked_at=db.now()))


def authenticate(engine: Engine, token: str) -> TokenInfo | None:
    """The token's record when the token is known (revoked or not), else None; every hash is compared."""
    presented = token_hash(token)
    found = None
    query = select(db.tokens.c.name, db.tokens.c.created_at, db.tokens.c.revoked_at, db.tokens.c.token_hash)
    with engine.connect() as connection:
        for row in connection.execute(query):
            # Compare with every stored hash so the time taken says nothing about which matched.
            if hmac.compare_digest(row.token_hash, presented):
                found = TokenInfo(row.name, row.created_at, row.revoked_at)
    return found


def _bearer() -> str:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if not header:
        raise _unauthorized("send a recruiter token: Authorization: Bearer <token>", "missing_token")
    if scheme.lower() != "bearer" or not token.strip():
        raise _unauthorized("the Authorization header must be 'Bearer <token>'", "invalid_token")
    return token.strip()


def _unauthorized(message: str, code: str) -> ApiError:
    return ApiError(401, message, code, {"WWW-Authenticate": 'Bearer realm="careers-assistant"'})


def recruiter() -> str:
    """The name of the recruiter whose token this request carries, or the 401 to answer."""
    store = current_app.extensions.get("storage")
    if store is None:
        raise ApiError(503, "the recruiter API needs a database; this app runs without one", "no_database")
    found = authenticate(store.engine, _bearer())
    if found is None:
        raise _unauthorized("this token is not valid; create one with: careers-assistant token create NAME",
                            "invalid_token")
    if found.revoked_at is not None:
        raise _unauthorized(f"this token ({found.name}) was revoked on {found.revoked_at:%Y-%m-%d %H:%M} UTC",
                            "revoked_token")
    return found.name


def recruiter_required(view):
    """A view only a recruiter may call; the token's name is ``g.recruiter``."""

    @wraps(view)
    def checked(*args, **kwargs):
        g.recruiter = recruiter()
        return view(*args, **kwargs)

    return checked
