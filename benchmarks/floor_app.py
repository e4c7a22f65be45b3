"""The floor for HTTP throughput: the least a Flask JSON endpoint can do under the same gunicorn settings."""

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.post("/")
def ok():
    """Read the JSON body as the chat does, answer ``{"ok": true}``."""
    request.get_json(silent=True)
    return jsonify({"ok": True})
