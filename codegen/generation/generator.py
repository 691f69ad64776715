"""Turning one schema file into Python source: the only module that imports the code generator.

Every datamodel-code-generator option lives in ``_options()``; why each is set is said
beside it. The generator is pinned to one exact version in ``pyproject.toml``, since
its output is part of the contract and ``codegen check`` compares bytes.

Python reads every identifier in NFKC form (``ﬁeld`` is ``field``), so a property or
enum value whose name NFKC would change gets an ASCII Python name here, and the
schema's exact text stays the alias or the value. The output is then checked: it must
parse, name nothing that NFKC changes, bind each name once per class, and type no
field ``Any`` (a model that accepts every value, whatever the schema says).
"""

from __future__ import annotations

import ast
import io
import json
import tempfile
import tokenize
import unicodedata
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from codegen.constructs import constructs_of
from codegen.constructs.base import RUNTIME
from codegen.errors import SchemaError
from codegen.schema.loading import SchemaFile, json_types

__all__ = ["check_generated", "generate_source", "generator_version"]

def _options() -> dict[str, Any]:
    # Imported here, not at the top: only `generate` and `check` may load the generator.
    from datamodel_code_generator.enums import DataModelType, InputFileType, StrictTypes  # noqa: PLC0415
    from datamodel_code_generator.format import Formatter, PythonVersion  # noqa: PLC0415

    return {
        "input_file_type": InputFileType.JsonSchema,
        "output_model_type": DataModelType.PydanticV2BaseModel,
        "target_python_version": PythonVersion.PY_311,
        # Frozen, closed, validate_default and the Rust regex engine come from the base.
        "base_class": f"{RUNTIME}.WireModel",
        # Constraints as Field(...) inside Annotated: pydantic applies `pattern` to the
        # wire text of a DecimalString this way (con* types would drop it).
        "use_annotated": True,
        "field_constraints": True,
        # A default does not make a field nullable: only "null" in the type does.
        "strict_nullable": True,
        # JSON Schema rejects "abc" for true and 5 for a string; lax pydantic does not.
        "strict_types": [StrictTypes.str, StrictTypes.bool],
        # Enum members are StrEnum members: plan.action == "CANCEL_GROUP" holds.
        "use_subclass_enum": True,
        # The schema's id prefix reaches WireModel, which fills ids for Python callers.
        "field_extra_keys": {"x-id-prefix"},
        "use_schema_description": True,
        "use_double_quotes": True,
        "keep_model_order": True,
        "disable_timestamp": True,
        # The builtin formatter needs no black/isort, whose versions would change bytes.
        "formatters": [Formatter.BUILTIN],
        "strict_refs": True,
        "allow_remote_refs": False,
        "custom_file_header": "",
    }


def generator_version() -> str:
    from importlib.metadata import version  # noqa: PLC0415

    return version("datamodel-code-generator")


def _nfkc_stable(text: str) -> bool:
    return unicodedata.normalize("NFKC", text) == text


def _ascii_name(text: str) -> str:
    """A Python name for text that NFKC would change: other characters spelled ``_uXXXX_``, as the generator does."""
    name = "".join(
        char if char.isascii() and (char.isalnum() or char == "_") else f"_u{ord(char):04x}_" for char in text
    )
    # A leading underscore would make pydantic treat the field as private.
    if name.startswith("_"):
        return f"field{name}"
    return f"field_{name}" if not name[:1].isalpha() else name


def _property_names(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        properties = node.get("properties")
        if isinstance(properties, dict):
            yield from properties
        for key, value in node.items():
            if key not in ("examples", "default", "enum", "const"):
                yield from _property_names(value)
    elif isinstance(node, list):
        for item in node:
            yield from _property_names(item)


def _aliases(files: list[SchemaFile]) -> dict[str, str]:
    """Python names for the property names Python would read differently; the schema's key becomes the alias."""
    return {
        name: _ascii_name(name)
        for schema in files
        for name in _property_names(schema.document)
        if not _nfkc_stable(name)
    }


def _python_type(schema: dict[str, Any]) -> str | None:
    """The runtime wire type a subschema needs (its first construct's), written as the generator should write it."""
    base = next(filter(None, (construct.python_type(schema) for construct in constructs_of(schema))), None)
    if base is None:
        return None
    return f"{base} | None" if "null" in json_types(schema) else base


def _with_wire_types(node: Any) -> Any:
    """The generator's view of a schema: each node whose construct has a wire type names it.

    The schema file itself stays free of Python: ``x-python-type`` exists only in
    this copy, which the generator reads.
    """
    if isinstance(node, dict):
        view = {
            key: value if key in ("examples", "default", "enum", "const") else _with_wire_types(value)
            for key, value in node.items()
        }
        python_type = _python_type(node)
        if python_type is not None:
            view["x-python-type"] = python_type
        values = node.get("enum")
        if isinstance(values, list) and not all(_nfkc_stable(str(value)) for value in values):
            # None leaves a member to the generator's own naming, as without this key.
            view["x-enum-varnames"] = [
                None if _nfkc_stable(str(value)) else _ascii_name(str(value)) for value in values
            ]
        return view
    if isinstance(node, list):
        return [_with_wire_types(item) for item in node]
    return node


def _root_alias(schema: SchemaFile) -> str | None:
    """The ``$defs`` key under which other files' views name this file's root model: its title."""
    title = schema.document.get("title")
    if isinstance(title, str) and title not in schema.document.get("$defs", {}):
        return title
    return None


def _refs_to_roots(node: Any, aliases: dict[str, str]) -> Any:
    """Point each ``$ref`` to another file's root (``other.schema.json``) at that file's root alias.

    The generator imports a class from another file only for a ``$ref`` whose
    fragment names a schema of that file; ``#/$defs/<title>`` is added to the other
    file's view (and only there) as ``{"$ref": "#"}``, so the import names its root model.
    """
    if isinstance(node, dict):
        view = {key: _refs_to_roots(value, aliases) for key, value in node.items()}
        url, _, fragment = str(node.get("$ref", "")).partition("#")
        name = url.removeprefix("./")
        if name in aliases and fragment in ("", "/"):
            view["$ref"] = f"{name}#/$defs/{aliases[name]}"
        return view
    if isinstance(node, list):
        return [_refs_to_roots(item, aliases) for item in node]
    return node


def generate_source(schema: SchemaFile, folder_files: list[SchemaFile], package: str) -> str:
    """Python source for ``schema``; refs into the folder's other files become imports from ``package``."""
    from datamodel_code_generator import Error, generate  # noqa: PLC0415

    others = [other for other in folder_files if other is not schema]
    aliases = {other.path.name: alias for other in others if (alias := _root_alias(other)) is not None}
    with tempfile.TemporaryDirectory(prefix="codegen-") as scratch:
        target = Path(scratch) / schema.path.name
        target.write_text(json.dumps(_with_wire_types(_refs_to_roots(schema.document, aliases))), encoding="utf-8")
        mapping = {}
        for other in others:
            view = _with_wire_types(other.document)
            if other.path.name in aliases:
                view["$defs"] = {**view.get("$defs", {}), aliases[other.path.name]: {"$ref": "#"}}
            view_path = Path(scratch) / other.path.name
            view_path.write_text(json.dumps(view), encoding="utf-8")
            mapping[str(view_path)] = f"{package}.{other.module}"
        with warnings.catch_warnings():
            # Dropped constraints would be warnings; support.check_supported has
            # already refused every schema where that could happen.
            warnings.simplefilter("ignore")
            try:
                output = generate(
                    target,
                    external_ref_mapping=mapping or None,
                    aliases=_aliases(folder_files) or None,
                    **_options(),
                )
            except Error as error:
                raise SchemaError(schema.path, "", f"generator failed: {str(error).splitlines()[0]}") from None
    if not isinstance(output, str):
        raise SchemaError(schema.path, "", "generator produced more than one module")
    check_generated(schema, output)
    return output


def _typing_any_names(tree: ast.Module) -> tuple[set[str], set[str]]:
    """The local names of ``typing.Any``, and of the ``typing`` module (a class may be called ``Any`` too)."""
    names: set[str] = set()
    modules: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module in ("typing", "typing_extensions"):
            names |= {alias.asname or alias.name for alias in node.names if alias.name == "Any"}
        elif isinstance(node, ast.Import):
            modules |= {
                alias.asname or alias.name for alias in node.names if alias.name in ("typing", "typing_extensions")
            }
    return names, modules


def _names_any(annotation: ast.expr, any_names: tuple[set[str], set[str]]) -> bool:
    names, modules = any_names
    return any(
        (isinstance(node, ast.Name) and node.id in names)
        or (
            isinstance(node, ast.Attribute)
            and node.attr == "Any"
            and isinstance(node.value, ast.Name)
            and node.value.id in modules
        )
        for node in ast.walk(annotation)
    )


def check_generated(schema: SchemaFile, source: str) -> None:
    """Refuse generated source that would not be the schema's exact model, whatever gap let it through.

    support.check_supported refuses what it knows of; this catches a construct it
    missed (a field typed ``Any``) or a name Python would read as another, so a
    future gap is refused rather than generated loosely.
    """

    def refuse(message: str) -> SchemaError:
        return SchemaError(schema.path, "", f"generator produced {message}; the model would not match the schema")

    try:
        tree = ast.parse(source)
    except SyntaxError as error:
        raise refuse(f"invalid Python (line {error.lineno})") from None
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.NAME and not _nfkc_stable(token.string):
            raise refuse(
                f"the name {token.string!a}, which Python reads as {unicodedata.normalize('NFKC', token.string)!a}"
            )
    classes = [node.name for node in tree.body if isinstance(node, ast.ClassDef)]
    for name in classes:
        if classes.count(name) > 1:
            raise refuse(f"the class {name} twice")
    any_names = _typing_any_names(tree)
    for node in ast.walk(tree):
        if not isinstance(node, ast.ClassDef):
            continue
        if any(_names_any(base, any_names) for base in node.bases):
            raise refuse(f"class {node.name} over Any")
        bound: set[str] = set()
        for statement in node.body:
            targets: list[ast.expr] = []
            if isinstance(statement, ast.AnnAssign):
                if _names_any(statement.annotation, any_names):
                    raise refuse(f"field {node.name}.{ast.unparse(statement.target)} typed Any")
                targets = [statement.target]
            elif isinstance(statement, ast.Assign):
                targets = statement.targets
            for target in targets:
                if isinstance(target, ast.Name):
                    if target.id in bound:
                        raise refuse(f"the name {node.name}.{target.id} twice")
                    bound.add(target.id)
