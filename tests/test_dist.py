"""The models wheel (``make dist``): versioned from the schemas, and working where only pydantic is installed.

The wheel is built once per module into a temporary folder, then installed into fresh
virtual environments (uv, with its cache) that hold it and one pydantic: the lowest
release of the supported range and the newest. There the toolkit's dependencies must
not be importable, and every case of ``tests/cases`` must get the same verdict and the
same dumps as the repository's own models.
"""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

from codegen.dist import PYDANTIC_RANGE, RUNTIME_PACKAGE, build_wheel, package_version, stage_package
from codegen.errors import SchemaError, UsageError
from tests.dist_fidelity import judge
from tests.helpers import ROOT, SCHEMAS

CASES = ROOT / "tests" / "cases"
UV = Path(sys.executable).parent / "uv"
LOWEST = re.fullmatch(r">=(\d+\.\d+),<\d+", PYDANTIC_RANGE)
TOOLKIT_ONLY = ["codegen", "datamodel_code_generator", "click", "jsonschema", "orjson", "jsonschema_rs"]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The models wheel of this repository's schemas and package."""
    scratch = tmp_path_factory.mktemp("dist")
    return build_wheel(SCHEMAS, ROOT / "generated", scratch / "dist", build_root=scratch / "build")


def _venv_with(folder: Path, wheel: Path, pydantic: str) -> Path:
    """A fresh virtual environment holding ``wheel`` and ``pydantic`` (a requirement) and nothing else."""
    subprocess.run([str(UV), "venv", "--quiet", "--python", sys.executable, str(folder)], check=True)
    python = folder / "bin" / "python"
    subprocess.run(
        [str(UV), "pip", "install", "--quiet", "--python", str(python), str(wheel), pydantic],
        check=True,
        capture_output=True,
    )
    return python


def _schema_folder(folder: Path, versions: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.schema.json"):
        old.unlink()
    for index, version in enumerate(versions):
        document = {"type": "object", "x-version": version}
        (folder / f"s{index}.schema.json").write_text(json.dumps(document), encoding="utf-8")
    return folder


def test_wheel_holds_the_package_and_its_runtime_and_needs_pydantic_alone(wheel: Path) -> None:
    """The wheel has one top-level package (``generated``, runtime vendored inside) and requires pydantic only."""
    assert wheel.name == f"generated_models-{package_version(SCHEMAS)}-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        metadata_name = next(name for name in names if name.endswith(".dist-info/METADATA"))
        metadata = Parser().parsestr(archive.read(metadata_name).decode())
        sources = {name: archive.read(name).decode() for name in names if name.endswith(".py")}
    assert {name.split("/")[0] for name in names if not name.split("/")[0].endswith(".dist-info")} == {"generated"}
    assert f"generated/{RUNTIME_PACKAGE}/wire.py" in names
    assert "generated/py.typed" in names
    assert metadata.get_all("Requires-Dist") == ["pydantic<3,>=2.12"]
    assert metadata["Requires-Python"] == ">=3.11"
    for name, source in sources.items():
        assert "from codegen" not in source, name
        assert "import codegen" not in source, name
    # Apart from the import line, each module is the repository's, byte for byte.
    for module in (ROOT / "generated").glob("*.py"):
        shipped = sources[f"generated/{module.name}"]
        assert shipped == module.read_text().replace("from codegen.runtime import", f"from .{RUNTIME_PACKAGE} import")


@pytest.mark.parametrize("end", ["lowest", "newest"])
def test_models_pass_the_fidelity_cases_with_pydantic_alone(wheel: Path, tmp_path: Path, end: str) -> None:
    """Installed with only pydantic (both ends of the range), the wheel judges and dumps every case as the repo does."""
    assert LOWEST is not None, PYDANTIC_RANGE
    requirement = f"pydantic=={LOWEST[1]}.0" if end == "lowest" else f"pydantic{PYDANTIC_RANGE}"
    python = _venv_with(tmp_path / "venv", wheel, requirement)
    # Run outside the checkout, so that nothing of the repository is on the import path.
    ran = subprocess.run(
        [str(python), str(ROOT / "tests" / "dist_fidelity.py"), str(CASES)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr
    report = json.loads(ran.stdout)
    if end == "lowest":
        assert report["pydantic"] == f"{LOWEST[1]}.0"
    else:
        major, minor = (int(part) for part in report["pydantic"].split(".")[:2])
        assert (major, minor) >= tuple(int(part) for part in LOWEST[1].split("."))
    assert report["importable"] == [], "the toolkit's dependencies leaked into the models' environment"
    assert report["module"] == "generated.execution_plan"
    cases = report["cases"]
    assert len(cases) == len(list(CASES.glob("*/*.json")))
    for name, verdict in cases.items():
        assert verdict["accepted"] == name.startswith("valid/"), name
    assert cases == judge(CASES)  # the same verdicts and the same dumps as the repository's models
    service = subprocess.run(
        [str(python), "-c", _readme_service_example()], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert service.returncode == 0, service.stderr


def _readme_service_example() -> str:
    """The README's consumer example: the first Python block of "Using the models in a service"."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Using the models in a service", 1)[1]
    return section.split("```python\n", 1)[1].split("```", 1)[0]


def test_package_version_combines_the_schemas_versions(tmp_path: Path) -> None:
    """MAJOR moves with any schema's major, MINOR with a minor or a new schema, PATCH with a patch."""
    folder = tmp_path / "schemas"
    assert package_version(_schema_folder(folder, ["1.0.0"])) == "1.0.0"
    assert package_version(_schema_folder(folder, ["1.0.0", "1.0.0"])) == "1.1.0"
    assert package_version(_schema_folder(folder, ["2.0.0", "1.0.0"])) == "2.1.0"
    assert package_version(_schema_folder(folder, ["2.3.1", "1.2.4"])) == "2.6.5"
    assert package_version(_schema_folder(folder, ["3.0.0", "1.2.4"])) == "3.3.4"


def test_package_version_rises_with_every_schema_bump(tmp_path: Path) -> None:
    """Over random histories of semver bumps and added schemas, the package version always rises, by the right part."""
    rng = random.Random(13)
    folder = tmp_path / "schemas"
    for _ in range(50):
        versions = [[1, 0, 0]]
        before = tuple(int(part) for part in package_version(_schema_folder(folder, ["1.0.0"])).split("."))
        for _ in range(12):
            step = rng.choice(["major", "minor", "patch", "add"])
            if step == "add":
                versions.append([1, rng.randrange(3), rng.randrange(3)])
            else:
                bumped = rng.choice(versions)
                part = ["major", "minor", "patch"].index(step)
                bumped[part] += 1
                bumped[part + 1 :] = [0] * (2 - part)
            texts = [".".join(map(str, version)) for version in versions]
            after = tuple(int(part) for part in package_version(_schema_folder(folder, texts)).split("."))
            assert after > before, (step, texts)
            assert (after[0] > before[0]) == (step == "major"), (step, texts)
            before = after


@pytest.mark.parametrize("version", [None, "1.0", "0.9.0", "v1.0.0"])
def test_package_version_refuses_what_is_not_a_shipped_semver(tmp_path: Path, version: str | None) -> None:
    """A schema without MAJOR.MINOR.PATCH (or at 0.x) gives no models version: refused with the file and pointer."""
    folder = tmp_path / "schemas"
    folder.mkdir()
    document: dict[str, object] = {"type": "object"} | ({"x-version": version} if version else {})
    (folder / "a.schema.json").write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(SchemaError, match=r"a\.schema\.json#/x-version"):
        package_version(folder)


def test_staging_refuses_a_module_that_imports_the_toolkit(tmp_path: Path) -> None:
    """A generated module importing anything of ``codegen`` but the runtime would break the wheel: refused."""
    package = tmp_path / "generated"
    package.mkdir()
    (package / "__init__.py").write_text("from codegen.runtime import WireModel\n", encoding="utf-8")
    (package / "x.py").write_text("def f() -> None:\n    from codegen.cli import main\n", encoding="utf-8")
    with pytest.raises(UsageError, match=r"x\.py:2: imports codegen\.cli"):
        stage_package(package, tmp_path / "out" / "generated")


def test_staging_rewrites_nested_and_multiline_runtime_imports(tmp_path: Path) -> None:
    """Runtime imports inside functions and over several lines become relative, and the copy imports."""
    package = tmp_path / "src" / "generated"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(
        "from codegen.runtime import (\n    WireModel,\n)\n\n"
        "def ids() -> str:\n    from codegen.runtime.ids import generate_id\n    return generate_id('X_')\n",
        encoding="utf-8",
    )
    stage_package(package, tmp_path / "out" / "generated")
    source = (tmp_path / "out" / "generated" / "__init__.py").read_text()
    assert "from ._runtime import (" in source
    assert "    from ._runtime.ids import generate_id" in source
    ran = subprocess.run(
        [sys.executable, "-c", "import generated; print(generated.ids()[:2], generated.WireModel.__module__)"],
        cwd=tmp_path / "out",
        capture_output=True,
        text=True,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.split() == ["X_", "generated._runtime.wire"]
