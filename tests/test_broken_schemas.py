"""Broken schemas: one line naming file and location, exit 2, generated/ untouched byte for byte.

Each ``tests/schema_cases/broken_<kind>.schema.json`` is dropped into a copy of the real
schema folder; ``broken_<kind>.expected`` holds the start of the one-line error.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from codegen.cli import main
from tests.helpers import SCHEMAS, run_codegen, snapshot

CASES = Path(__file__).parent / "schema_cases"
BROKEN = sorted(CASES.glob("broken_*.schema.json"))


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real schemas and the package generated from them, made once for this module."""
    folder = tmp_path_factory.mktemp("baseline")
    shutil.copytree(SCHEMAS, folder / "schemas")
    assert run_codegen("generate", cwd=folder).returncode == 0
    return folder


@pytest.fixture
def project(baseline: Path, tmp_path: Path) -> Path:
    """A scratch copy of the baseline project."""
    shutil.copytree(baseline, tmp_path, dirs_exist_ok=True)
    return tmp_path


def test_every_case_has_an_expectation() -> None:
    """Adding a broken schema means adding its expected error beside it."""
    assert BROKEN
    for case in BROKEN:
        assert case.with_name(case.name.replace(".schema.json", ".expected")).is_file(), case.name


# check shares generate's loading path; two kinds prove it reports the same way.
CASES_BY_COMMAND = [(case, "generate") for case in BROKEN] + [
    (CASES / "broken_not_json.schema.json", "check"),
    (CASES / "broken_unportable_regex.schema.json", "check"),
]


def _refused_in_one_line(project: Path, case: Path, code: int, stderr: str, before: dict[str, bytes]) -> None:
    expected = case.with_name(case.name.replace(".schema.json", ".expected")).read_text().strip()
    assert code == 2
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    assert lines[0].startswith(f"codegen: error: schemas/{expected}"), lines[0]
    assert snapshot(project / "generated") == before


@pytest.mark.parametrize(
    ("case", "command"), CASES_BY_COMMAND, ids=[f"{c.name.split('.')[0]}-{cmd}" for c, cmd in CASES_BY_COMMAND]
)
def test_broken_schema_is_refused_in_one_line(
    project: Path, case: Path, command: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command exits 2 with one line naming file and pointer, and leaves generated/ as it was.

    Run in this process (a fresh interpreter per case made this file a tenth of the
    suite's time); the test below runs a few cases as a user would, in a process of their own.
    """
    before = snapshot(project / "generated")
    shutil.copy(case, project / "schemas" / case.name)
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, [command])
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), result.exception
    _refused_in_one_line(project, case, result.exit_code, result.stderr, before)


@pytest.mark.parametrize("case", BROKEN[:: max(1, len(BROKEN) // 6)], ids=lambda case: case.name.split(".")[0])
def test_broken_schema_is_refused_in_one_line_by_a_process(project: Path, case: Path) -> None:
    """A sample of the cases, in a process of their own: exit 2, one line on stderr, no traceback."""
    before = snapshot(project / "generated")
    shutil.copy(case, project / "schemas" / case.name)
    result = run_codegen("generate", cwd=project)
    _refused_in_one_line(project, case, result.returncode, result.stderr, before)


def test_missing_schema_folder_is_a_usage_error(tmp_path: Path) -> None:
    """A schema folder that does not exist is one line and exit 2."""
    result = run_codegen("generate", "--schemas", "nowhere", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == "codegen: error: nowhere#: schema folder not found"
    assert not (tmp_path / "generated").exists()
