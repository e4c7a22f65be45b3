"""gunicorn picks this file up when run from the repository root; the settings live in the package."""

from assistant.gunicorn_conf import *  # noqa: F401,F403
from assistant.gunicorn_conf import child_exit, on_exit, on_starting, when_ready  # noqa: F401  (hooks, named for clarity)
