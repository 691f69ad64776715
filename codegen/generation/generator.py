"""Turning schema files into Python source: the only module that imports the code generator.

Every datamodel-code-generator option lives in ``_options()``; why each is set is said
beside it. The generator is pinned to one exact version in ``pyproject.toml``, since
its output is part of the contract and ``codegen check`` compares bytes.

Python reads every identifier in NFKC form (``ﬁeld`` is ``field``), so a property or
enum value whose name NFKC would change gets an ASCII Python name here, and the
schema's exact text stays the alias or the value. The output is then checked: it must
parse, name nothing that NFKC changes, bind each name once per class, and type no
field ``Any`` (a model that accepts every value, whatever the schema says).

Class names: the generator names a root class by its ``title``, a ``$defs`` entry by
its key and an inline schema by its property's name; ``generate_modules`` records
where each class comes from (the generator's model metadata), and ``rename_classes``
applies the package's rule (``codegen.generation.package``: a name that another module
also generates is prefixed with the module's root class name, ``OrderOrderType``) to
a module's classes and to its imports from the package's other modules.

One run writes each file's view once, into a scratch folder per schema that holds
only the files its refs reach, so generating a folder costs linear time.
"""

from __future__ import annotations

import ast
import io
import json
import tempfile
import tokenize
import unicodedata
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urldefrag, urljoin

from codegen.constructs import constructs_of
from codegen.constructs._rules import following
from codegen.constructs.base import RUNTIME
from codegen.constructs.union import DISCRIMINATOR
from codegen.errors import SchemaError
from codegen.schema.loading import SchemaFile, json_types, pointer_of, registry_of
from codegen.schema.refs import iter_refs
from codegen.schema.walk import map_subschemas, subschema_values

if TYPE_CHECKING:
    import referencing

__all__ = [
    "GeneratedModule",
    "check_generated",
    "generate_modules",
    "generator_version",
    "ref_closures",
    "rename_classes",
]


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
        # The schema's id prefix and now-default reach WireModel, which fills them for Python callers;
        # x-unique-items marks an array field that codegen.runtime.UniqueItemsModel checks.
        "field_extra_keys": {"x-id-prefix", "x-default-now", "x-unique-items"},
        # A tagged union's tag (codegen.constructs.union) becomes Field(discriminator=...):
        # the generator's own `discriminator` keyword would rewrite the branches' tag fields.
        "field_extra_keys_without_x_prefix": {DISCRIMINATOR},
        # A constrained item or map value (a pattern on each string of an array) becomes an
        # Annotated alias, not a RootModel class: the list holds plain strings, judged strictly.
        "use_type_alias": True,
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
        for _, value in subschema_values(node):
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


def _follower(schema: SchemaFile, registry: referencing.Registry[Any]) -> Callable[[Any], Any]:
    """The schema a subschema of ``schema`` stands for, its ``$ref``s followed (None where one names nothing)."""
    from referencing.exceptions import Unresolvable  # noqa: PLC0415 (only generation follows refs)

    resolver = registry.resolver(base_uri=schema.uri)

    def resolve(ref: str) -> Any:
        try:
            return resolver.lookup(ref).contents
        except Unresolvable:
            return None

    return following(resolve)


def _with_wire_types(node: Any, follow: Callable[[Any], Any]) -> Any:
    """The generator's view of a schema: each node whose construct has a wire type names it.

    The schema file itself stays free of Python: ``x-python-type`` exists only in
    this copy, which the generator reads.
    """
    if isinstance(node, dict):
        view = map_subschemas(node, lambda sub: _with_wire_types(sub, follow))
        for construct in constructs_of(node):
            for key in construct.enforced:
                # The wire type or the model's rules (codegen.runtime.rules) check it; the
                # generator would type it its own way, or drop it.
                view.pop(key, None)
        python_type = _python_type(node)
        if python_type is not None:
            view["x-python-type"] = python_type
            if "type" not in view:
                # The generator reads x-python-type only beside one 'type' ('const' and mixed
                # enums have none); any name does, since x-python-type replaces the type.
                view["type"] = "null"
        for construct in constructs_of(node):
            view.update(construct.generator_view(node, follow))  # what else the construct tells the generator
        values = node.get("enum")
        if isinstance(values, list) and not all(_nfkc_stable(str(value)) for value in values):
            # None leaves a member to the generator's own naming, as without this key.
            view["x-enum-varnames"] = [
                None if _nfkc_stable(str(value)) else _ascii_name(str(value)) for value in values
            ]
        return view
    if isinstance(node, list):
        return [_with_wire_types(item, follow) for item in node]
    return node


def _root_alias(schema: SchemaFile) -> str | None:
    """The ``$defs`` key under which other files' views name this file's root model: its title."""
    title = schema.document.get("title")
    if schema.is_library:  # no root model to name (no $ref may name a library's root)
        return None
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


@dataclass(frozen=True)
class GeneratedModule:
    """One schema's module as the generator wrote it, and the schema place each of its classes comes from."""

    source: str
    classes: dict[str, str]  # class name -> JSON pointer of its subschema ("" for the root)

    @property
    def root(self) -> str | None:
        """The class of the schema's root, the module's qualifier in the naming rule."""
        return next((name for name, pointer in self.classes.items() if pointer == ""), None)


def _ref_targets(schema: SchemaFile, by_name: dict[str, SchemaFile], by_uri: dict[str, SchemaFile]) -> set[SchemaFile]:
    """The other files a ``$ref`` of ``schema`` may lead into, by resolved URI or by file name.

    A superset is harmless (the generator reads only what a ref names); a file
    missed would make the ref unresolvable, so the file name alone also counts.
    """
    found = set()
    for _, ref, base in iter_refs(schema.document, schema.uri, []):
        url = urldefrag(ref)[0]
        if not url:
            continue
        target = by_uri.get(urldefrag(urljoin(base, url))[0]) or by_name.get(url.rsplit("/", 1)[-1])
        if target is not None and target is not schema:
            found.add(target)
    return found


def _reachable(schema: SchemaFile, edges: dict[SchemaFile, set[SchemaFile]]) -> list[SchemaFile]:
    """The files the generator may read for ``schema``: those its refs reach, transitively, in folder order."""
    seen: set[SchemaFile] = set()
    stack = [schema]
    while stack:
        for target in edges[stack.pop()]:
            if target not in seen and target is not schema:
                seen.add(target)
                stack.append(target)
    return [other for other in edges if other in seen]


def ref_closures(files: list[SchemaFile]) -> dict[SchemaFile, list[SchemaFile]]:
    """For each file, the other files its ``$ref``s reach (directly or through those files)."""
    by_name = {schema.path.name: schema for schema in files}
    by_uri = {uri: schema for schema in files for uri in (schema.uri, schema.path.resolve().as_uri())}
    edges = {schema: _ref_targets(schema, by_name, by_uri) for schema in files}
    return {schema: _reachable(schema, edges) for schema in files}


def _aliases_of(source: str) -> list[str]:
    """The type aliases ``source`` defines at its top level (``X = TypeAliasType("X", ...)``)."""
    return [
        node.targets[0].id
        for node in ast.parse(source).body
        if isinstance(node, ast.Assign)
        and isinstance(node.value, ast.Call)
        and isinstance(node.value.func, ast.Name)
        and node.value.func.id == "TypeAliasType"
        and isinstance(node.targets[0], ast.Name)
    ]


def _classes(schema: SchemaFile, metadata: Path, source: str) -> dict[str, str]:
    """Each class of ``source`` and the pointer of its subschema, from the generator's model metadata."""
    models = json.loads(metadata.read_text(encoding="utf-8"))["models"]
    classes = {str(model["class_name"]): pointer_of(model["source_path"] or []) for model in models}
    # An alias (`X = TypeAliasType("X", ...)`, see use_type_alias) is named by the same rule as a class.
    defined = [node.name for node in ast.parse(source).body if isinstance(node, ast.ClassDef)] + _aliases_of(source)
    if sorted(defined) != sorted(classes):
        # The naming rule needs every class's origin; a class the metadata does not place cannot be named by it.
        raise SchemaError(schema.path, "", "generator produced classes its model metadata does not list")
    return classes


def _without_root(source: str, root: str) -> str:
    """``source`` without its top-level binding of ``root``, and without ``Any`` if nothing else names it.

    For a library file (``codegen.schema.loading.is_library``): the generator writes its
    root, which asserts nothing, as ``Root = TypeAliasType("Root", Annotated[Any, ...])``,
    a type that takes every value. A library has no model of its own, so that alias is
    not part of the module; its ``$defs`` are.
    """
    lines = source.split("\n")
    tree = ast.parse(source)
    spans = [(node.lineno - 1, node.end_lineno or node.lineno) for node in tree.body if root in _bindings(node)]
    for start, stop in reversed(spans):
        end = stop
        while end < len(lines) and not lines[end].strip():
            end += 1  # the blank lines that set it apart go with it
        del lines[start:end]
    source = "\n".join(lines)
    tree = ast.parse(source)
    if any(isinstance(node, ast.Name) and node.id == "Any" for node in ast.walk(tree)):
        return source
    lines = source.split("\n")
    for node in reversed(tree.body):
        if isinstance(node, ast.ImportFrom) and node.module in ("typing", "typing_extensions"):
            kept = [alias for alias in node.names if alias.name != "Any" or alias.asname]
            if len(kept) < len(node.names):
                statement = [ast.unparse(ast.ImportFrom(node.module, kept, node.level))] if kept else []
                lines[node.lineno - 1 : node.end_lineno] = statement
    return "\n".join(lines)


def _bindings(node: ast.stmt) -> set[str]:
    """The names a top-level statement binds."""
    if isinstance(node, ast.ClassDef | ast.FunctionDef):
        return {node.name}
    if isinstance(node, ast.Assign | ast.AnnAssign):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        return {target.id for target in targets if isinstance(target, ast.Name)}
    if isinstance(node, ast.ImportFrom | ast.Import):
        return {(alias.asname or alias.name).split(".")[0] for alias in node.names}
    return set()


def generate_modules(files: list[SchemaFile], package: str) -> dict[SchemaFile, GeneratedModule]:
    """Each file's module as the generator writes it; refs into other files become imports from ``package``.

    One scratch folder per run: each file's view is computed once, and a schema's
    generation sees only the files its refs reach, so a folder of unrelated schemas
    costs linear time (every file written for every schema made 200 schemas take 20 s).
    """
    from datamodel_code_generator import Error, generate  # noqa: PLC0415

    aliases = {schema.path.name: alias for schema in files if (alias := _root_alias(schema)) is not None}
    field_aliases = _aliases(files) or None
    closures = ref_closures(files)
    registry = registry_of(files)
    other_views: dict[SchemaFile, str] = {}

    def other_view(other: SchemaFile) -> str:
        if other not in other_views:
            view = _with_wire_types(other.document, _follower(other, registry))
            if other.path.name in aliases:
                view["$defs"] = {**view.get("$defs", {}), aliases[other.path.name]: {"$ref": "#"}}
            other_views[other] = json.dumps(view)
        return other_views[other]

    modules = {}
    with tempfile.TemporaryDirectory(prefix="codegen-") as scratch, warnings.catch_warnings():
        # Dropped constraints would be warnings; support.check_supported has
        # already refused every schema where that could happen.
        warnings.simplefilter("ignore")
        for index, schema in enumerate(files):
            # A folder of its own per schema: the generator keeps parsed files by path
            # within a process, and a file's view as a target differs from its view as a ref.
            folder = Path(scratch) / str(index)
            folder.mkdir()
            target = folder / schema.path.name
            # Wire types first, on the schema as written (a union follows its refs to read its tags).
            view = _refs_to_roots(_with_wire_types(schema.document, _follower(schema, registry)), aliases)
            target.write_text(json.dumps(view), encoding="utf-8")
            mapping = {}
            for other in closures[schema]:
                view_path = folder / other.path.name
                view_path.write_text(other_view(other), encoding="utf-8")
                mapping[str(view_path)] = f"{package}.{other.module}"
            metadata = folder / "models.json"
            try:
                output = generate(
                    target,
                    external_ref_mapping=mapping or None,
                    aliases=field_aliases,
                    emit_model_metadata=metadata,
                    **_options(),
                )
            except Error as error:
                raise SchemaError(schema.path, "", f"generator failed: {str(error).splitlines()[0]}") from None
            if not isinstance(output, str):
                raise SchemaError(schema.path, "", "generator produced more than one module")
            classes = _classes(schema, metadata, output)
            if schema.is_library:
                root = next((name for name, pointer in classes.items() if pointer == ""), None)
                if root is not None:
                    output = _without_root(output, root)
                    del classes[root]
            check_generated(schema, output)
            modules[schema] = GeneratedModule(source=output, classes=classes)
    return modules


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


def _module_bindings(tree: ast.Module) -> set[str]:
    """Every name the module binds at its top level (imports, classes, assignments)."""
    return {name for node in tree.body for name in _bindings(node)}


def rename_classes(
    schema: SchemaFile, source: str, own: dict[str, str], imported: dict[str, dict[str, str]], package: str
) -> str:
    """``source`` with its classes renamed by ``own`` and its imports from ``package.<module>`` by ``imported[module]``.

    Only names that mean the class are renamed: the ``class`` statement, the imported
    name, and loads of the name (annotations, defaults, bases); a field or an enum
    member spelled like a class is another binding and keeps its name.
    """
    tree = ast.parse(source)
    local = {old: new for old, new in own.items() if old != new}
    spots: list[tuple[int, int, str, str]] = []  # (line, byte column, old, new)
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(f"{package}."):
            renames = imported.get(node.module.removeprefix(f"{package}."), {})
            for alias in node.names:
                new = renames.get(alias.name, alias.name)
                if new != alias.name:
                    spots.append((alias.lineno, alias.col_offset, alias.name, new))
                    if alias.asname is None:
                        local[alias.name] = new
    if not local and not spots:
        return source
    bound = _module_bindings(tree)
    for old, new in local.items():
        if new in bound and new not in local:
            raise SchemaError(schema.path, "", f"class {old} would be renamed {new}, a name the module already binds")
    lines = source.split("\n")
    aliases = set(_aliases_of(source))  # an alias's own assignment is renamed with it
    for item in ast.walk(tree):
        if isinstance(item, ast.Name) and item.id in local and (isinstance(item.ctx, ast.Load) or item.id in aliases):
            spots.append((item.lineno, item.col_offset, item.id, local[item.id]))
        elif isinstance(item, ast.ClassDef) and item.name in local:
            line = lines[item.lineno - 1].encode("utf-8")
            column = line.index(f"class {item.name}".encode(), item.col_offset) + len("class ")
            spots.append((item.lineno, column, item.name, local[item.name]))
    for lineno, column, old, new in sorted(spots, reverse=True):
        line = lines[lineno - 1].encode("utf-8")
        if line[column : column + len(old.encode())] != old.encode():
            raise SchemaError(schema.path, "", f"cannot rename class {old}: the generated source is not as expected")
        lines[lineno - 1] = (line[:column] + new.encode() + line[column + len(old.encode()) :]).decode("utf-8")
    renamed = "\n".join(lines)
    check_generated(schema, renamed)
    return renamed
