"""The application factory: settings, the assistant in ``app.extensions``, blueprints, error shape."""

from __future__ import annotations

import time

from flask import Flask, jsonify

from assistant import api, console, errors, operations, pages, questions, recruiter, security, storage
from assistant.json_provider import OrjsonProvider
from assistant.paths import INSTANCE_DIR
from assistant.settings import DEFAULTS, coerce


def create_app(test_config: dict | None = None) -> Flask:
    """A working assistant: defaults, then ``ASSISTANT_*`` environment variables, then ``test_config``."""
    app = Flask(__name__, instance_path=str(INSTANCE_DIR), instance_relative_config=True,
                static_folder=None)  # pages serve web/static
    app.config.from_mapping(DEFAULTS)
    app.config.from_prefixed_env("ASSISTANT", loads=str)
    if test_config:
        app.config.from_mapping(test_config)
    for key in DEFAULTS:
        app.config[key] = coerce(key, app.config.get(key))
    app.json = OrjsonProvider(app)
    app.json.sort_keys = False
    app.config["MAX_CONTENT_LENGTH"] = int(app.config["MAX_CONTENT_LENGTH"])

    errors.init_app(app)
    started = time.perf_counter()
    storage.init_app(app)  # the database and the assistant over its postings
    app.extensions["started_in"] = time.perf_counter() - started
    app.register_blueprint(api.bp)
    recruiter.init_app(app)
    questions.init_app(app)
    console.init_app(app)
    operations.init_app(app)
    security.init_app(app)
    app.register_blueprint(pages.bp)

    @app.get("/healthz")
    def healthz():
        """The process is up."""
        return jsonify({"status": "ok"})

    return app
