"""Running the real ``codegen`` CLI (in this process or a fresh one) and Python in fresh subprocesses."""

from __future__ import annotations

import contextlib
import importlib
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "schemas"


# Commands that read and write files only: run in this process, where a fresh interpreter
# per call (importing the generator each time) was most of the suite's time. The others
# (prove imports the generated package, validate reads stdin) get a process of their own.
_IN_PROCESS = frozenset({"generate", "docs", "check"})


def run_codegen(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``python -m codegen ARGS`` in ``cwd`` and capture its output (generate, docs, check: in this process)."""
    if args and args[0] in _IN_PROCESS:
        from click.testing import CliRunner  # noqa: PLC0415

        from codegen.cli import main  # noqa: PLC0415

        with contextlib.chdir(cwd):
            result = CliRunner().invoke(main, list(args))
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception  # a traceback a user would see: the test fails with it
        return subprocess.CompletedProcess(["codegen", *args], result.exit_code, result.stdout, result.stderr)
    return subprocess.run(
        [sys.executable, "-m", "codegen", *args], cwd=cwd, capture_output=True, text=True, check=False
    )


@contextlib.contextmanager
def generated_class(folder: Path, schemas: dict[str, Any], package: str, dotted: str) -> Iterator[Any]:
    """The class ``dotted`` (``module.Class``) generated from ``schemas`` (file name: document) into ``folder``.

    The package is importable while the block runs, and forgotten after it.
    """
    (folder / "schemas").mkdir()
    for name, document in schemas.items():
        (folder / "schemas" / name).write_text(json.dumps(document), encoding="utf-8")
    result = run_codegen("generate", "--out", package, cwd=folder)
    assert result.returncode == 0, result.stderr
    module, _, name = dotted.rpartition(".")
    sys.path.insert(0, str(folder))
    try:
        yield getattr(importlib.import_module(".".join(filter(None, (package, module)))), name)
    finally:
        sys.path.remove(str(folder))
        for loaded in [key for key in sys.modules if key == package or key.startswith(f"{package}.")]:
            del sys.modules[loaded]


def run_python(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter whose first import path is ``cwd``."""
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, check=False)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` with its bytes, to prove nothing changed."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


def run_validate(*args: str, stdin: bytes = b"", cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """Run ``python -m codegen validate ARGS`` as a user would, with ``stdin`` as its input."""
    done = subprocess.run(
        [sys.executable, "-m", "codegen", "validate", *args],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        timeout=120,
        check=False,
    )
    return subprocess.CompletedProcess(done.args, done.returncode, done.stdout.decode(), done.stderr.decode())


def validate_report(*args: str, stdin: bytes = b"") -> tuple[int, dict[str, object]]:
    """Exit code and the JSON report of one ``codegen validate --output json`` run (never a traceback)."""
    done = run_validate("--output", "json", *args, stdin=stdin)
    assert "Traceback" not in done.stderr
    return done.returncode, json.loads(done.stdout)


# A schema that relies on a team's check beyond JSON Schema (x-check), with the check's module.
CHECKED_SCHEMA: dict[str, object] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "FillCheck",
    "type": "object",
    "additionalProperties": False,
    "required": ["filled", "target"],
    "properties": {
        "filled": {"type": "integer", "minimum": 0, "description": "Filled."},
        "target": {"type": "integer", "minimum": 0, "description": "Target."},
    },
    "x-check": "desk_checks:filled_within_target",
    "x-version": "1.0.0",
}


def write_checked_project(folder: Path) -> None:
    """``folder/schemas/fill_check.schema.json`` (``CHECKED_SCHEMA``) and the ``desk_checks`` module it names."""
    (folder / "schemas").mkdir()
    (folder / "schemas" / "fill_check.schema.json").write_text(json.dumps(CHECKED_SCHEMA))
    (folder / "desk_checks.py").write_text(
        "def filled_within_target(model):\n    return 'filled above target' if model.filled > model.target else None\n"
    )
