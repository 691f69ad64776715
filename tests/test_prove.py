"""`codegen prove`: the generic proof passes on the project's schemas and catches a model that is not faithful."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from codegen.cli import main
from tests.helpers import SCHEMAS, run_codegen, write_checked_project


def test_prove_passes_on_the_project_schemas() -> None:
    """Every schema in schemas/ gets at least 1,000 payloads judged, some accepted, and no disagreement."""
    result = CliRunner().invoke(main, ["prove"])
    assert result.exit_code == 0, result.output
    for line in result.output.splitlines()[:-1]:
        found = re.match(r"ok (\w+) \(\w+\): (\d+) payloads, (\d+) accepted by both, (\d+) dumps checked", line)
        assert found, line
        payloads, accepted, dumps = map(int, found.groups()[1:])
        assert payloads >= 1000
        assert accepted >= 50
        assert dumps == accepted
    assert result.output.splitlines()[-1].endswith(", 0 with a disagreement: ok")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scratch project with the real schemas and the package generated from them."""
    folder = tmp_path_factory.mktemp("prove")
    shutil.copytree(SCHEMAS, folder / "schemas")
    assert run_codegen("generate", cwd=folder).returncode == 0
    return folder


@pytest.mark.parametrize(
    ("faithful", "loose"),
    [
        ("Annotated[JsonInt, AtLeast[1]]", "int"),  # lax int: "5", true and 0 pass
        ("StrictBool", "bool"),  # lax bool: "true" and 1 pass
        ('pattern="^EXP_', 'pattern="EXP_'),  # an unanchored id pattern
    ],
)
def test_prove_finds_a_loosened_model(project: Path, tmp_path: Path, faithful: str, loose: str) -> None:
    """A model loosened in one spot (as an unfaithful generator would write it) is reported with a payload, exit 1."""
    shutil.copytree(project, tmp_path, dirs_exist_ok=True)
    module = tmp_path / "generated" / "execution_plan.py"
    source = module.read_text()
    assert faithful in source
    body = [line if line.startswith("from ") else line.replace(faithful, loose) for line in source.split("\n")]
    module.write_text("\n".join(body))
    result = run_codegen("prove", cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "DISAGREE execution_plan" in result.stdout
    assert "    payload: " in result.stdout


def test_prove_names_an_unknown_schema() -> None:
    """Asking for a schema the folder does not hold is a usage error naming the known ones."""
    result = CliRunner().invoke(main, ["prove", "nope"])
    assert result.exit_code == 2
    assert "no schema 'nope'" in result.output


def test_a_rule_beyond_json_schema_is_marked_not_a_disagreement(tmp_path: Path) -> None:
    """A payload the schema accepts and only an x-check rejects is counted apart; validate says it cannot run it."""
    write_checked_project(tmp_path)
    assert run_codegen("generate", cwd=tmp_path).returncode == 0
    result = run_codegen("prove", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    beyond = re.search(r", (\d+) rejected only by x-check \(beyond the schema\)", result.stdout)
    assert beyond, result.stdout
    assert int(beyond.group(1)) > 0
    (tmp_path / "over.json").write_text('{"filled": 3, "target": 2}')
    validated = run_codegen("validate", "--schemas", "schemas", "--schema", "FillCheck", "over.json", cwd=tmp_path)
    assert validated.returncode == 0  # the schema accepts it: validate judges the schema only
    assert "desk_checks:filled_within_target (x-check) not enforced" in validated.stderr
