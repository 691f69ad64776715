"""The pre-commit hook definition, run as pre-commit would run it in another repository."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
VALID_PLAN = '{"plan_id": "EXP_20251201_143450_pqr901", "action": "EXECUTE_TRADE"}\n'


def _hook() -> dict[str, object]:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    (hook,) = (h for h in hooks if h["id"] == "codegen-validate")
    return dict(hook)


def _run_hook(repo: Path) -> subprocess.CompletedProcess[str]:
    """Select the repository's tracked files by the hook's patterns and run its entry on them, as pre-commit does."""
    hook = _hook()
    tracked = subprocess.run(["git", "ls-files"], cwd=repo, capture_output=True, text=True, check=True).stdout.split()
    files = [
        name
        for name in tracked
        if re.search(str(hook["files"]), name) and not re.search(str(hook.get("exclude", "^$")), name)
    ]
    entry = shlex.split(str(hook["entry"]))
    # `language: python` installs this package into the hook's environment; the test's venv is that environment.
    command = [str(Path(sys.executable).with_name(entry[0])), *entry[1:], *files]
    return subprocess.run(command, cwd=repo, capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository with payload files and unrelated files."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "fixtures").mkdir()
    (tmp_path / "fixtures" / "plan.json").write_text(VALID_PLAN)
    (tmp_path / "fixtures" / "journal.ndjson").write_text(VALID_PLAN * 3)
    (tmp_path / "notes.txt").write_text("not a payload")
    (tmp_path / "my.schema.json").write_text('{"type": "object"}')
    subprocess.run(["git", "add", "."], cwd=tmp_path, check=True)
    return tmp_path


def test_hook_definition_runs_the_validator() -> None:
    """The hook is a python hook whose entry is `codegen validate` and whose files are JSON and NDJSON."""
    hook = _hook()
    assert (hook["entry"], hook["language"]) == ("codegen validate", "python")
    assert all(re.search(str(hook["files"]), name) for name in ("a.json", "b/c.ndjson", "d.jsonl"))
    assert not re.search(str(hook["files"]), "e.yaml")


def test_hook_passes_on_valid_payloads(repo: Path) -> None:
    """In a repository whose payload files are valid, the hook exits 0 and checks only payload files."""
    done = _run_hook(repo)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 file(s), 4 payload(s): 4 valid" in done.stdout


def test_hook_fails_on_an_invalid_payload(repo: Path) -> None:
    """A committed payload with a bad plan_id makes the hook exit 1 and name the file and line."""
    (repo / "fixtures" / "journal.ndjson").write_text(VALID_PLAN + VALID_PLAN.replace("pqr901", "PQR901"))
    subprocess.run(["git", "add", "."], cwd=repo, check=True)
    done = _run_hook(repo)
    assert done.returncode == 1
    assert "fixtures/journal.ndjson:2: /plan_id: [pattern]" in done.stdout
