"""A wheel built from the repo carries corpus/ and web/ and answers outside the checkout."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(ROOT)],
                   check=True, capture_output=True, timeout=600)
    return next(out.glob("careers_assistant-*.whl"))


def test_wheel_carries_corpus_and_web(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "assistant/corpus/postings/senior-back-end-developer.md" in names
    assert "assistant/corpus/synonyms.txt" in names
    assert "assistant/web/widget.js" in names
    assert any(name.startswith("assistant/migrations/") for name in names)


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> Path:
    """A fresh environment with the wheel installed."""
    venv = tmp_path_factory.mktemp("installed") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    subprocess.run([str(venv / "bin" / "pip"), "install", "-q", str(wheel)], check=True, timeout=900,
                   capture_output=True)
    return venv


def test_installed_wheel_answers_outside_the_checkout(venv, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    env["ASSISTANT_DATABASE_URL"] = f"sqlite:///{tmp_path / 'wheel.db'}"
    result = subprocess.run(
        [str(venv / "bin" / "careers-assistant"), "ask", "how many years of experience do i need", "--json",
         "--posting", "senior-back-end-developer"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    body = json.loads(result.stdout)
    assert body["kind"] == "answer"
    assert "Minimum of 5 years" in body["citations"][0]["text"]


def test_the_server_and_the_command_line_keep_one_database_whichever_copy_of_the_package_they_import(venv, tmp_path):
    """Started in a checkout, gunicorn imports the checkout's package while the console script imports the
    installed one: both must find the same instance folder, or a token made on the command line is
    unknown to the server."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_") and k != "PYTHONPATH"}
    code = ("import sys; sys.path[:0] = sys.argv[1:]; import assistant; print(assistant.__file__); "
            "print(assistant.create_app().instance_path)")
    python = str(venv / "bin" / "python")
    installed = subprocess.run([python, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True,
                               timeout=120, check=True).stdout.split()
    checkout = subprocess.run([python, "-c", code, str(ROOT)], cwd=ROOT, env=env, capture_output=True,
                              text=True, timeout=120, check=True).stdout.split()
    assert installed[0].startswith(str(venv)) and checkout[0].startswith(str(ROOT))  # two copies ...
    assert installed[1] == checkout[1] == str(venv / "var" / "assistant-instance")  # ... one instance folder
