"""Reading the schema folder as it was at a git ref (``git ls-tree`` and ``git show``), or from a path."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from codegen.errors import SchemaError, UsageError
from codegen.schema.loading import SCHEMA_SUFFIX, SchemaFile, check_folder_refs, load_folder, load_schema_file

__all__ = ["load_against", "load_pair"]


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


def _checked(files: dict[str, SchemaFile]) -> dict[str, SchemaFile]:
    """The old schemas go through the same ``$ref`` refusal as the new ones: nothing is fetched."""
    check_folder_refs(list(files.values()))
    return files


def load_against(ref: str, schema_dir: Path) -> dict[str, SchemaFile]:
    """The old schemas by module: from a schema file or folder if ``ref`` is a path, else from git."""
    target = Path(ref)
    if target.is_dir():
        paths = sorted(target.glob(f"*{SCHEMA_SUFFIX}"))
        if not paths:
            raise UsageError(f"--against {ref}: no *{SCHEMA_SUFFIX} files in that folder, nothing to compare with")
        return _checked({schema.module: schema for schema in map(load_schema_file, paths)})
    if target.is_file():
        if not target.name.endswith(SCHEMA_SUFFIX) or target.name == SCHEMA_SUFFIX:
            raise UsageError(
                f"--against {ref}: a lone file is compared with the schema it replaces, so it must be named"
                f" <module>{SCHEMA_SUFFIX}"
            )
        schema = load_schema_file(target)
        return _checked({schema.module: schema})
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
        return _checked(files)


def load_pair(ref: str, schema_dir: Path) -> tuple[dict[str, SchemaFile], dict[str, SchemaFile]]:
    """The old and the new schemas to compare, by module.

    Against a lone file only the schema it replaces is compared (the folder's other
    schemas are not "added"); a lone file with no counterpart is a usage error.
    """
    old = load_against(ref, schema_dir)
    new = {schema.module: schema for schema in load_folder(schema_dir)}
    if Path(ref).is_file():
        (module,) = old
        if module not in new:
            raise UsageError(f"--against {ref}: {schema_dir} has no {module}{SCHEMA_SUFFIX} to compare it with")
        new = {module: new[module]}
    return old, new
