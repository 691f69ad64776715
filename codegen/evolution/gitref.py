"""Reading the schema folder as it was at a git ref (``git ls-tree`` and ``git show``), or from a path."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from codegen.errors import SchemaError, UsageError
from codegen.schema.loading import SCHEMA_SUFFIX, SchemaFile, load_schema_file

__all__ = ["load_against"]


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-C", str(folder), *args], capture_output=True, check=False)
    except OSError as error:
        raise UsageError(f"cannot run git: {error}") from None


def _from_git(ref: str, schema_dir: Path, scratch: Path) -> list[Path]:
    if not schema_dir.is_dir():
        raise UsageError(f"{schema_dir}: schema folder not found")
    if _git(schema_dir, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").returncode != 0:
        raise UsageError(f"--against {ref!r} is neither an existing path nor a git ref")
    # Run inside the folder: ls-tree lists, and `REF:./name` reads, relative to it.
    listing = _git(schema_dir, "ls-tree", "--name-only", ref)
    if listing.returncode != 0:
        raise UsageError(f"git ls-tree {ref}: {listing.stderr.decode(errors='replace').strip()}")
    paths = []
    for name in sorted(listing.stdout.decode("utf-8", errors="replace").splitlines()):
        if not name.endswith(SCHEMA_SUFFIX) or "/" in name:
            continue
        shown = _git(schema_dir, "show", f"{ref}:./{name}")
        if shown.returncode != 0:
            raise UsageError(f"git show {ref}:{name}: {shown.stderr.decode(errors='replace').strip()}")
        (scratch / name).write_bytes(shown.stdout)
        paths.append(scratch / name)
    return paths


def load_against(ref: str, schema_dir: Path) -> dict[str, SchemaFile]:
    """The old schemas by module: from a schema file or folder if ``ref`` is a path, else from git."""
    target = Path(ref)
    if target.is_dir():
        return {schema.module: schema for schema in map(load_schema_file, sorted(target.glob(f"*{SCHEMA_SUFFIX}")))}
    if target.is_file():
        schema = load_schema_file(target)
        return {schema.module: schema}
    with tempfile.TemporaryDirectory(prefix="codegen-against-") as scratch:
        files = {}
        for path in _from_git(ref, schema_dir, Path(scratch)):
            try:
                schema = load_schema_file(path)
            except SchemaError as error:
                raise SchemaError(f"{ref}:{path.name}", error.pointer, error.message) from None
            files[schema.module] = SchemaFile(
                path=Path(f"{ref}:{path.name}"), text=schema.text, document=schema.document
            )
        return files
