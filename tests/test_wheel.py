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


def test_installed_wheel_answers_outside_the_checkout(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    subprocess.run([str(venv / "bin" / "pip"), "install", "-q", str(wheel)], check=True, timeout=900,
                   capture_output=True)
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
