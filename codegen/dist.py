"""Building the models' own distribution: a wheel of ``generated/`` that needs pydantic alone.

A service that imports the models must not install the toolkit: the code generator,
click, jsonschema, orjson and jsonschema-rs belong to the build, not to production.
The generated modules import their runtime as ``codegen.runtime`` (stdlib and pydantic
only). ``build_wheel`` vendors it: the wheel holds the package (``generated``) with
the runtime copied in as ``generated/_runtime`` and every ``codegen.runtime`` import
rewritten to a relative one, so the wheel has one top-level package and shares no
file with the toolkit. Why not ship ``codegen/runtime`` itself beside ``generated``:
a developer's environment holds the toolkit too, and two distributions writing
``codegen/__init__.py`` and ``codegen/runtime/*`` means whichever was installed last
wins and uninstalling either breaks the other; vendored, the models always run with
the runtime they were generated against. The price: the wheel's modules differ from
``generated/`` by their runtime import line, so ``codegen check`` covers the
repository's copy and the wheel test (the fidelity cases run against the installed
wheel, in a virtual environment holding only pydantic) covers the shipped one.

The version comes from the folder alone (``package_version``): each schema's
``x-version`` is MAJOR.MINOR.PATCH, and the package's is

- MAJOR = 1 + the sum over schemas of (major - 1): it moves when any schema's major
  moves, and a new schema (at 1.x) does not move it;
- MINOR = the sum of the minors + the number of schemas - 1: a schema's new minor or
  a new schema moves it;
- PATCH = the sum of the patches.

Versions compare part by part from the left, so whenever a schema's version rises the
package's rises, and by the part that rose first (a schema's major bump resets its
minor, which the larger MAJOR outranks). One change the folder cannot show: a removed
schema (``codegen breaking`` reports it as ``schema-removed``); see the README.

The build stages a generated ``pyproject.toml`` (setuptools) in a temporary folder
under ``build/`` and runs ``uv build --wheel`` into ``dist/``.
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from codegen.errors import SchemaError, UsageError

__all__ = [
    "DIST_NAME",
    "PYDANTIC_RANGE",
    "RUNTIME_PACKAGE",
    "build_wheel",
    "package_version",
    "stage_package",
]

DIST_NAME = "generated-models"
# The pydantic versions the models (and their runtime) are tested with at both ends:
# 2.12.0 is the lowest release the runtime works with, found by trying (2.11 has no
# `extra=` on model_validate_json, 2.7 puts no pattern on a Decimal, 2.5 refuses a
# field_serializer("*") on a model with no field); tests/test_dist.py installs 2.12.0 and the newest 2.x.
PYDANTIC_RANGE = ">=2.12,<3"
RUNTIME_PACKAGE = "_runtime"  # the runtime's name inside the models package
_SEMVER = re.compile(r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)")
_RUNTIME_IMPORT = re.compile(r"^(?P<indent>[ \t]*)from codegen\.runtime(?P<sub>(?:\.\w+)*) import ", re.MULTILINE)
_ROOT = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Staged:
    """A build folder ready for a build backend: its ``pyproject.toml`` and the package beside it."""

    folder: Path
    version: str


def package_version(schema_dir: Path) -> str:
    """The models' version from the ``x-version`` of every schema in ``schema_dir`` (the rule above)."""
    versions: list[tuple[int, int, int]] = []
    for path in sorted(schema_dir.glob("*.schema.json")):
        try:
            declared = json.loads(path.read_text(encoding="utf-8")).get("x-version")
        except (OSError, ValueError, AttributeError) as error:
            raise SchemaError(path, "", f"cannot read the schema's x-version: {error}") from None
        match = _SEMVER.fullmatch(declared) if isinstance(declared, str) else None
        if match is None:
            raise SchemaError(path, "/x-version", f"the models' version needs 'MAJOR.MINOR.PATCH', not {declared!r}")
        major, minor, patch = (int(part) for part in match.groups())
        if major == 0:
            raise SchemaError(path, "/x-version", "a shipped schema is at major 1 or later (0.x makes no promise)")
        versions.append((major, minor, patch))
    if not versions:
        raise SchemaError(schema_dir, "", "no *.schema.json file: nothing to version")
    major = 1 + sum(version[0] - 1 for version in versions)
    minor = sum(version[1] for version in versions) + len(versions) - 1
    patch = sum(version[2] for version in versions)
    return f"{major}.{minor}.{patch}"


def _vendored(source: str, prefix: str, where: Path) -> str:
    """``source`` with every ``from codegen.runtime[.x] import`` made relative (``prefix`` dots up to the package)."""

    def relative(match: re.Match[str]) -> str:
        sub = match["sub"]
        return f"{match['indent']}from {prefix}{sub.lstrip('.') if prefix.endswith('.') else sub} import "

    rewritten = _RUNTIME_IMPORT.sub(relative, source)
    # Anything else naming the toolkit would fail where only pydantic is installed: refuse it here.
    for node in ast.walk(ast.parse(rewritten)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names = [node.module or ""]
        else:
            continue
        for name in names:
            if name == "codegen" or name.startswith("codegen."):
                raise UsageError(f"{where}:{node.lineno}: imports {name}, which the models wheel does not ship")
    return rewritten


def stage_package(package_dir: Path, dest: Path) -> None:
    """Copy the package at ``package_dir`` to ``dest`` with the runtime vendored as ``dest/_runtime``."""
    if not (package_dir / "__init__.py").is_file():
        raise UsageError(f"{package_dir}: not a generated package (no __init__.py); run `make generate`")
    if (package_dir / f"{RUNTIME_PACKAGE}.py").exists() or (package_dir / RUNTIME_PACKAGE).exists():
        raise UsageError(f"{package_dir}: a module named {RUNTIME_PACKAGE} would hide the vendored runtime")
    dest.mkdir(parents=True)
    for module in sorted(package_dir.glob("*.py")):
        text = module.read_text(encoding="utf-8")
        (dest / module.name).write_text(_vendored(text, f".{RUNTIME_PACKAGE}", module), encoding="utf-8")
    runtime = _ROOT / "runtime"
    for module in sorted(runtime.rglob("*.py")):
        relative = module.relative_to(runtime)
        # A module n folders below the runtime's root reaches it with n + 1 dots.
        prefix = "." * len(relative.parts)
        target = dest / RUNTIME_PACKAGE / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_vendored(module.read_text(encoding="utf-8"), prefix, module), encoding="utf-8")
    (dest / "py.typed").write_text("", encoding="utf-8")  # PEP 561: services type-check against the models


def _pyproject(name: str, version: str, package: str) -> str:
    packages = sorted(
        {package, f"{package}.{RUNTIME_PACKAGE}"}
        | {f"{package}.{RUNTIME_PACKAGE}.{sub.name}" for sub in (_ROOT / "runtime").iterdir() if sub.is_dir()}
        - {f"{package}.{RUNTIME_PACKAGE}.__pycache__"}
    )
    return "\n".join(
        [
            "# Written by codegen.dist for one build: DO NOT EDIT.",
            "[build-system]",
            'requires = ["setuptools>=68"]',
            'build-backend = "setuptools.build_meta"',
            "",
            "[project]",
            f"name = {json.dumps(name)}",
            f"version = {json.dumps(version)}",
            'description = "Pydantic v2 models generated from JSON Schemas by codegen; they need pydantic alone."',
            'requires-python = ">=3.11"',
            f"dependencies = [{json.dumps('pydantic' + PYDANTIC_RANGE)}]",
            "",
            "[tool.setuptools]",
            f"packages = {json.dumps(packages)}",
            "",
            "[tool.setuptools.package-data]",
            f'{package} = ["py.typed"]',
            "",
        ]
    )


def _uv() -> str:
    beside = Path(sys.executable).parent / "uv"
    found = str(beside) if beside.is_file() else shutil.which("uv")
    if found is None:
        raise UsageError("uv not found (beside this interpreter or on PATH); `make` installs it into .venv")
    return found


def build_wheel(
    schema_dir: Path, package_dir: Path, out_dir: Path, *, name: str = DIST_NAME, build_root: Path | None = None
) -> Path:
    """Build the models wheel into ``out_dir`` and return its path."""
    version = package_version(schema_dir)
    build_root = build_root or Path("build")
    build_root.mkdir(parents=True, exist_ok=True)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="models-", dir=build_root) as scratch:
        folder = Path(scratch)
        stage_package(package_dir, folder / package_dir.name)
        (folder / "pyproject.toml").write_text(_pyproject(name, version, package_dir.name), encoding="utf-8")
        built = subprocess.run(
            [_uv(), "build", "--wheel", "--quiet", "--out-dir", str(out_dir.resolve()), str(folder)],
            capture_output=True,
            text=True,
            check=False,
        )
        if built.returncode != 0:
            raise UsageError(f"uv build failed: {built.stderr.strip() or built.stdout.strip()}")
    wheel = out_dir / f"{name.replace('-', '_')}-{version}-py3-none-any.whl"
    if not wheel.is_file():
        raise UsageError(f"uv build wrote no {wheel.name} into {out_dir}")
    return wheel


def main(argv: list[str] | None = None) -> int:
    """``python -m codegen.dist``: build the wheel (``build``) or print the version (``version``)."""
    parser = argparse.ArgumentParser(prog="python -m codegen.dist", description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["build", "version"])
    parser.add_argument("--schemas", type=Path, default=Path("schemas"))
    parser.add_argument("--package", type=Path, default=Path("generated"))
    parser.add_argument("--out", type=Path, default=Path("dist"))
    parser.add_argument("--name", default=DIST_NAME)
    args = parser.parse_args(argv)
    try:
        if args.command == "version":
            print(package_version(args.schemas))
        else:
            wheel = build_wheel(args.schemas, args.package, args.out, name=args.name)
            print(f"codegen: built {wheel}")
    except (SchemaError, UsageError) as error:
        print(f"codegen: error: {error}", file=sys.stderr)
        return error.exit_code
    return 0


if __name__ == "__main__":
    sys.exit(main())
