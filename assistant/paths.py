"""Where the bundled corpus and web files are, in a checkout and in an installed wheel, and where the
service keeps its data."""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _first_existing(name: str) -> Path:
    """The installed copy inside the package, else the checkout's top-level folder."""
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    return _PACKAGE.parent / name


CORPUS_DIR = _first_existing("corpus")
WEB_DIR = _first_existing("web")

# The instance folder (the default SQLite database): one per Python environment, whichever copy of the
# package is imported. Flask's own default depends on that: the installed copy's is under the
# environment, a checkout's beside it; gunicorn, started from a checkout, imports the checkout's
# while the console script imports the installed one, so a token made by "careers-assistant token
# create" went into another database than the server's.
INSTANCE_DIR = Path(sys.prefix) / "var" / "assistant-instance"
