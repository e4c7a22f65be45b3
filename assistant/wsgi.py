"""The WSGI entry point gunicorn loads: ``assistant.wsgi:app``."""

from assistant import create_app

app = create_app()
