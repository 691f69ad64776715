"""The example DTO family (examples/family/) generates into one package, and the proof holds for every schema."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.helpers import ROOT, run_codegen

FAMILY = ROOT / "examples" / "family"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scratch project whose schema folder is the family, with its package generated."""
    folder = tmp_path_factory.mktemp("family")
    shutil.copytree(FAMILY, folder / "schemas")
    result = run_codegen("generate", cwd=folder)
    assert result.returncode == 0, result.stderr
    return folder


def test_family_generates_one_package_exporting_every_root(project: Path) -> None:
    """Every family schema becomes a module, and the package re-exports each root class."""
    init = (project / "generated" / "__init__.py").read_text()
    for schema in sorted(FAMILY.glob("*.schema.json")):
        module = schema.name.removesuffix(".schema.json")
        assert (project / "generated" / f"{module}.py").is_file()
        assert f"from .{module} import" in init


def test_proof_holds_for_every_family_schema(project: Path) -> None:
    """`codegen prove` judges at least 1,000 payloads per family schema with no disagreement."""
    result = run_codegen("prove", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    proved = {
        found.group(1): int(found.group(2))
        for line in lines
        if (found := re.match(r"ok (\w+) .*?(\d+) payloads", line))
    }
    assert set(proved) == {schema.name.removesuffix(".schema.json") for schema in FAMILY.glob("*.schema.json")}
    assert min(proved.values()) >= 1000
