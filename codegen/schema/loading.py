"""Loading schema files: read, parse, check against their draft's metaschema, upgrade to 2020-12, resolve refs.

A schema folder is the unit of work: every ``*.schema.json`` in it becomes one
module, and a ``$ref`` may point into another file of the same folder. What can be
refused from the file alone is refused here: a name that gives no importable module,
and a lone UTF-16 surrogate, which no UTF-8 source file (and no I-JSON text) can hold.

Draft-07 and 2019-09 files are read too: checked against their own draft's
metaschema, then upgraded in memory (``codegen.schema.drafts``), so every later stage
sees 2020-12 only. ``SchemaFile.text`` and its sha256 stay the file's own bytes.
"""

from __future__ import annotations

import hashlib
import json
import keyword
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from codegen.errors import SchemaError
from codegen.schema.drafts import DRAFT7, DRAFT201909, dialect_name, dialect_of_document, dialect_problem, upgrade

if TYPE_CHECKING:
    import referencing

# jsonschema and referencing are imported where they are used: `codegen validate`
# imports this module for its constants and helpers, and must start fast.

__all__ = [
    "DIALECT",
    "LIBRARY_KEYS",
    "SCHEMA_SUFFIX",
    "SchemaFile",
    "check_folder_refs",
    "is_library",
    "json_types",
    "load_folder",
    "load_schema_file",
    "module_name_problem",
    "pointer_of",
    "registry_of",
    "reject_duplicate_keys",
]

SCHEMA_SUFFIX = ".schema.json"
DIALECT = "https://json-schema.org/draft/2020-12/schema"

# json.loads joins a valid surrogate pair into one code point, so any surrogate left is lone.
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True, eq=False)
class SchemaFile:
    """One parsed schema file and what identifies it."""

    path: Path
    text: str
    document: dict[str, Any]  # as 2020-12: upgraded in memory when the file declares an older draft
    dialect: str = DIALECT  # the dialect the file declares

    @property
    def module(self) -> str:
        """The Python module the schema becomes: ``execution_plan.schema.json`` -> ``execution_plan``."""
        return self.path.name[: -len(SCHEMA_SUFFIX)]

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def uri(self) -> str:
        """The base URI refs inside the file resolve against: its ``$id``, else its file URI."""
        return str(self.document.get("$id") or self.path.resolve().as_uri())

    @property
    def is_library(self) -> bool:
        """Whether the file only holds ``$defs`` for other files (``is_library``): no root model."""
        return is_library(self.document)


# What the root of a library file may hold besides its $defs: identity, prose and its version.
LIBRARY_KEYS = frozenset({"$schema", "$id", "$comment", "$defs", "title", "description", "x-version"})


def is_library(document: Mapping[str, Any]) -> bool:
    """Whether a file's root is only a home for ``$defs`` (a DTO family's shared shapes), with no model of its own.

    Such a root asserts nothing, so as a schema it accepts any JSON: it is not generated,
    proven or validated against; its ``$defs`` entries are, and other files name them.
    Any other root keyword (``type``, ``properties``, ``allOf``, ...) makes the root a
    schema, judged as every root is.
    """
    defs = document.get("$defs")
    return isinstance(defs, dict) and bool(defs) and set(document) <= LIBRARY_KEYS


def json_types(schema: Mapping[str, Any]) -> list[str]:
    """The JSON types a subschema names in ``type``, as a list (empty when it names none)."""
    declared = schema.get("type", [])
    return [declared] if isinstance(declared, str) else [str(name) for name in declared]


def pointer_of(parts: Iterator[str | int] | list[str | int]) -> str:
    """JSON pointer for a path of keys and indexes."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in parts)


def reject_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """``object_pairs_hook`` for ``json.loads``: a key twice in one object is an error, not last-wins."""
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key {key!r} in one object (parsers disagree on which value wins)")
        result[key] = value
    return result


def _lone_surrogate(node: Any, parts: list[str | int]) -> tuple[list[str | int], str] | None:
    """Where the first lone surrogate is (in a key or a string value), and what to call it."""
    if isinstance(node, str):
        found = _SURROGATE.search(node)
        return None if found is None else (parts, f"string with U+{ord(found.group()):04X} at index {found.start()}")
    if isinstance(node, dict):
        for key, value in node.items():
            if _SURROGATE.search(key):
                # The pointer stops at the object: the key itself cannot be printed.
                return parts, f"key {key!a}"
            inner = _lone_surrogate(value, [*parts, key])
            if inner is not None:
                return inner
    if isinstance(node, list):
        for index, value in enumerate(node):
            inner = _lone_surrogate(value, [*parts, index])
            if inner is not None:
                return inner
    return None


def load_schema_file(path: Path) -> SchemaFile:
    """Read and parse one schema file and check it against the 2020-12 metaschema."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise SchemaError(path, "", f"cannot read schema: {error.strerror or error}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise SchemaError(path, "", f"not UTF-8 text (byte {error.start})") from None
    if not text.strip():
        raise SchemaError(path, "", "empty file, expected a JSON Schema object")
    try:
        document = json.loads(text, object_pairs_hook=reject_duplicate_keys)
    except json.JSONDecodeError as error:
        raise SchemaError(path, "", f"not JSON: {error.msg} at line {error.lineno} column {error.colno}") from None
    except ValueError as error:
        raise SchemaError(path, "", f"not JSON: {error}") from None
    if not isinstance(document, dict):
        raise SchemaError(path, "", "a schema file must hold a JSON object")
    surrogate = _lone_surrogate(document, [])
    if surrogate is not None:
        parts, what = surrogate
        raise SchemaError(
            path, pointer_of(parts), f"{what}: a lone UTF-16 surrogate is not I-JSON and cannot be written as UTF-8"
        )
    problem = dialect_problem(document)
    if problem is not None:
        raise SchemaError(path, "/$schema", problem)
    dialect = dialect_of_document(document) or DIALECT
    import jsonschema  # noqa: PLC0415 (see the imports above)

    # The file's own draft judges it: a draft-07 "$id": "#name" is valid there and not in 2020-12.
    validator_class = {
        DRAFT7: jsonschema.Draft7Validator,
        DRAFT201909: jsonschema.Draft201909Validator,
    }.get(dialect, jsonschema.Draft202012Validator)
    metaschema = validator_class(validator_class.META_SCHEMA)
    violation = jsonschema.exceptions.best_match(metaschema.iter_errors(document))
    if violation is not None:
        where = pointer_of(list(violation.absolute_path))
        which = "the metaschema" if dialect == DIALECT else f"the {dialect_name(dialect)} metaschema"
        raise SchemaError(path, where, f"violates {which}: {violation.message}")
    upgraded = upgrade(document, path, lambda url: _sibling_dialect(path, url))
    return SchemaFile(path=path, text=text, document=upgraded, dialect=dialect)


_DIALECT_CACHE: dict[tuple[Path, int, int], str | None] = {}


def _sibling_dialect(path: Path, url: str) -> str | None:
    """The readable dialect of the folder file a ``$ref``'s URL names (by its last segment), or None.

    A ``$ref`` into an upgraded file must follow that file's renames; refs.py later
    refuses one that names no file of the folder, so an unknown target is left as written.
    """
    name = url.rsplit("/", 1)[-1]
    target = path.with_name(name)
    try:
        status = target.stat()
    except (OSError, ValueError):
        return None
    key = (target.resolve(), status.st_mtime_ns, status.st_size)
    if key not in _DIALECT_CACHE:
        try:
            _DIALECT_CACHE[key] = dialect_of_document(json.loads(target.read_bytes()))
        except (OSError, ValueError, RecursionError):
            _DIALECT_CACHE[key] = None
    return _DIALECT_CACHE[key]


def registry_of(files: list[SchemaFile]) -> referencing.Registry[Any]:
    """A registry holding every file under its ``$id`` and its file URI."""
    import referencing  # noqa: PLC0415 (see the imports above)
    from referencing.jsonschema import DRAFT202012  # noqa: PLC0415

    resources = []
    for schema in files:
        resource = DRAFT202012.create_resource(schema.document)
        resources.append((schema.uri, resource))
        resources.append((schema.path.resolve().as_uri(), resource))
    return referencing.Registry().with_resources(resources)


def check_folder_refs(files: list[SchemaFile]) -> None:
    """Refuse a ``$ref`` that leaves the folder or names nothing (see ``codegen.schema.refs``)."""
    from codegen.schema.refs import check_refs  # noqa: PLC0415 (refs imports this module's helpers)

    check_refs([(schema.path, schema.uri, schema.document) for schema in files])


def module_name_problem(module: str) -> str | None:
    """Why a file's module name cannot be imported as ``generated.<module>``, or None when it can.

    Soft keywords (``match``, ``case``, ``type``, ``_``) are fine: ``from .match import X``
    parses. Python reads identifiers in NFKC form, so ``ﬁle`` would be imported as
    ``file``, which is not the file on disk.
    """
    if not module.isidentifier():
        return f"file name must give a Python module name, not {module!r}"
    if keyword.iskeyword(module):
        return f"file name gives the Python keyword {module!r} as module name; rename the file"
    if module.startswith("__") and module.endswith("__"):
        return f"file name gives the dunder name {module!r} as module name (reserved by Python); rename the file"
    normal = unicodedata.normalize("NFKC", module)
    if normal != module:
        return f"file name gives module {module!r}, which Python imports as {normal!r} (NFKC); rename the file"
    return None


def _check_module_names(files: list[SchemaFile]) -> None:
    seen: dict[str, SchemaFile] = {}
    for schema in files:
        problem = module_name_problem(schema.module)
        if problem is not None:
            raise SchemaError(schema.path, "", problem)
        # generated/Plan.py and generated/plan.py are one file on macOS and Windows.
        other = seen.setdefault(schema.module.casefold(), schema)
        if other is not schema:
            raise SchemaError(
                schema.path,
                "",
                f"module {schema.module!r} differs from {other.module!r} ({other.path.name}) only in case: "
                "they clash on case-insensitive file systems",
            )


def load_folder(folder: Path) -> list[SchemaFile]:
    """Load every ``*.schema.json`` in ``folder`` (sorted by name) and resolve their refs."""
    if not folder.is_dir():
        raise SchemaError(folder, "", "schema folder not found")
    paths = sorted(folder.glob(f"*{SCHEMA_SUFFIX}"))
    if not paths:
        raise SchemaError(folder, "", f"no *{SCHEMA_SUFFIX} files in the schema folder")
    files = [load_schema_file(path) for path in paths]
    _check_module_names(files)
    check_folder_refs(files)
    return files
