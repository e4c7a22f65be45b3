"""The README is the front door: its two commands are what CI runs, and it documents every setting."""

from __future__ import annotations

import re
from pathlib import Path

from assistant.settings import SETTINGS

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def readme_commands() -> list[str]:
    """The shell blocks before the first section: the start command and the test command."""
    head = README.split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", head, flags=re.S)]


def test_readme_starts_with_exactly_two_commands():
    commands = readme_commands()
    assert len(commands) == 2, commands
    start, test = commands
    assert "careers-assistant serve" in start
    assert "pytest" in test


def test_ci_runs_the_readmes_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_command = readme_commands()[1]
    lines = [line.strip() for line in ci.splitlines()]
    assert test_command in lines


def test_readme_documents_every_setting():
    missing = [s.env for s in SETTINGS if f"`{s.env}`" not in README]
    assert not missing, f"README lacks {missing}"


def test_readme_setting_defaults_match_the_code():
    for setting in SETTINGS:
        if setting.default is None:
            continue
        row = next(line for line in README.splitlines() if line.startswith(f"| `{setting.env}` |"))
        assert f"`{setting.default}`" in row, row
