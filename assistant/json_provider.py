"""JSON through orjson: what Flask's own provider writes and reads, several times faster on a chat reply.

Dates, decimals, UUIDs and dataclasses still go through Flask's conversions,
so a response says the same as before; only the bytes are produced faster.
Non-ASCII text is written as UTF-8 rather than as ``\\u`` escapes, which is
the same JSON.
"""

from __future__ import annotations

import orjson
from flask.json.provider import DefaultJSONProvider

_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_NON_STR_KEYS


class OrjsonProvider(DefaultJSONProvider):
    """Flask's JSON provider with orjson doing the work; anything orjson cannot do goes to Flask's."""

    def dumps(self, obj, **kwargs) -> str:
        """Serialize ``obj``; options orjson lacks (indent, sorted keys) fall back to the standard library."""
        if kwargs or self.sort_keys:
            return super().dumps(obj, **kwargs)
        return orjson.dumps(obj, default=self.default, option=_OPTIONS).decode()

    def loads(self, s, **kwargs):
        """Parse JSON text or bytes."""
        if kwargs:
            return super().loads(s, **kwargs)
        return orjson.loads(s)

    def response(self, *args, **kwargs):
        """A JSON response, compact unless the app is in debug mode."""
        if self.sort_keys or self.compact is False or (self.compact is None and self._app.debug):
            return super().response(*args, **kwargs)
        body = orjson.dumps(self._prepare_response_obj(args, kwargs), default=self.default,
                            option=_OPTIONS | orjson.OPT_APPEND_NEWLINE)
        return self._app.response_class(body, mimetype=self.mimetype)
