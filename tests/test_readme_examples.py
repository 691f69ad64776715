"""Every ``codegen`` command the README shows runs as written, with the exit code it is shown with.

Shell blocks (``sh``, ``console`` or unlabelled) are read for commands: in a block that
uses ``$ `` prompts, the prompted lines; otherwise the lines that start with
``codegen `` or ``.venv/bin/codegen ``, or pipe into one. A trailing ``# exit N``
comment gives the expected exit code (default 0). Each command runs with bash in a
scratch copy of the repository, so a command that writes (``generate``, ``docs``)
cannot touch the checkout, with ``codegen`` on ``PATH`` running this interpreter.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT

FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.MULTILINE | re.DOTALL)
SHELL_BLOCKS = {"", "sh", "shell", "bash", "console"}
COMMAND = re.compile(r"^(?:\.venv/bin/)?codegen (?!:)|\|\s*(?:\.venv/bin/)?codegen ")
EXIT = re.compile(r"#\s*exit (\d+)")
SKIPPED = {".venv", ".git", "build", "dist", ".mypy_cache", ".ruff_cache", ".pytest_cache", ".hypothesis"}


def readme_commands() -> list[tuple[str, int]]:
    """The README's ``codegen`` commands, each with the exit code it is shown with."""
    commands = []
    for language, body in FENCE.findall((ROOT / "README.md").read_text(encoding="utf-8")):
        if language not in SHELL_BLOCKS:
            continue
        lines = body.splitlines()
        prompted = [line[2:] for line in lines if line.startswith("$ ")]
        for line in prompted or [line for line in lines if COMMAND.search(line)]:
            found = EXIT.search(line)
            commands.append((line, int(found[1]) if found else 0))
    return commands


COMMANDS = readme_commands()


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repository (no virtual environment, no git) with a ``codegen`` shim on a bin folder."""
    copy = tmp_path_factory.mktemp("readme") / "repo"
    shutil.copytree(ROOT, copy, ignore=lambda folder, names: [name for name in names if name in SKIPPED])
    shim = copy.parent / "bin" / "codegen"
    shim.parent.mkdir()
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m codegen "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    return copy


def test_the_readme_shows_the_validate_examples() -> None:
    """The extraction finds the README's commands: every validate example, a failing one, and the proof."""
    texts = [command for command, _ in COMMANDS]
    assert sum("codegen validate" in text for text in texts) >= 8
    assert any(code == 1 for _, code in COMMANDS)
    assert any(text.startswith(".venv/bin/codegen prove") for text in texts)


@pytest.mark.parametrize(("command", "code"), COMMANDS, ids=[command.split("#")[0].strip() for command, _ in COMMANDS])
def test_readme_command_runs_as_written(scratch: Path, command: str, code: int) -> None:
    """The command exits with the code the README shows, from the repository's root."""
    line = re.sub(r"(^|\|\s*)\.venv/bin/codegen ", r"\1codegen ", command)
    env = {**os.environ, "PATH": f"{scratch.parent / 'bin'}{os.pathsep}{os.environ['PATH']}"}
    ran = subprocess.run(
        ["bash", "-c", line], cwd=scratch, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert ran.returncode == code, f"{command}\n{ran.stdout[-2000:]}\n{ran.stderr[-2000:]}"
