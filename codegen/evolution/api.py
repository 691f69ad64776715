"""The python direction, read from the generated API itself: both versions generated in memory, then diffed.

What breaks code that imports the models is what the generator emits, not which
keyword moved: a ``$defs`` title does not name its class (the ``$defs`` key does), a
nested object moved into ``$defs`` under the same class name is the same class, and a
definition moved into another file is still importable from the old module (that
module imports it) and from the package. So both folders are generated in memory
with ``codegen.generation.package.plan_package``, as ``codegen generate`` would write
them, and compared as Python: modules, the names each module offers (its classes and
aliases, and what it imports from the package), the package's re-exports, each
class's kind, its fields with their types (``Annotated`` metadata such as
``Field(pattern=...)`` dropped: constraints are the wire directions' business) and
whether a constructor must pass them, and each enum's members with their values.
As with ``buf breaking``, these generated-code checks stay apart from the wire ones.
"""

from __future__ import annotations

import ast
import functools
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from codegen.errors import SchemaError
from codegen.schema.loading import SCHEMA_SUFFIX, SchemaFile, pointer_of

if TYPE_CHECKING:
    from codegen.evolution.breaking import Change

__all__ = ["API_RULES", "PACKAGE", "python_changes"]

PACKAGE = "generated"
API_RULES: dict[str, str] = {
    "module-removed": "a generated module disappears (its schema file removed or renamed)",
    "export-removed": "a name is no longer re-exported from the generated package",
    "class-removed": "a class (or alias) is no longer importable from its module",
    "class-renamed": "a class is importable only under a new name (the same fields or members)",
    "field-removed": "a model loses a field",
    "field-required": "a constructor must now pass a field (a new field with no default, or a default removed)",
    "type-changed": "a field's Python type, or a class's kind, changes",
    "member-removed": "an enum member disappears or changes value",
    "python-unknown": "the old schemas generate and the new ones do not: the python direction is not decided",
}


@dataclass(frozen=True)
class _Definition:
    kind: str  # "enum", "model", "alias" or "class"
    fields: tuple[tuple[str, str, bool], ...] = ()  # name, type, required
    members: tuple[tuple[str, str], ...] = ()  # name, value

    def body(self) -> tuple[object, ...]:
        return (self.kind, self.fields, self.members)


@dataclass
class _Module:
    defined: dict[str, _Definition] = field(default_factory=dict)
    imported: dict[str, tuple[str, str]] = field(default_factory=dict)  # name -> (module, name)


@dataclass
class _Api:
    modules: dict[str, _Module]
    exports: set[str]

    def definition(self, module: str, name: str, depth: int = 0) -> _Definition | None:
        found = self.modules.get(module)
        if found is None or depth > 16:
            return None
        if name in found.defined:
            return found.defined[name]
        if name in found.imported:
            return self.definition(*found.imported[name], depth + 1)
        return None

    def names(self, module: str) -> set[str]:
        found = self.modules[module]
        return set(found.defined) | set(found.imported)


class _StripAnnotated(ast.NodeTransformer):
    """``Annotated[T, ...]`` becomes ``T``: metadata (bounds, patterns) is not the type callers see."""

    def visit_Subscript(self, node: ast.Subscript) -> ast.AST:
        node = self.generic_visit(node)  # type: ignore[assignment]
        if ast.unparse(node.value) in {"Annotated", "typing.Annotated", "typing_extensions.Annotated"}:
            items = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
            return items[0]
        return node


def _type_text(annotation: ast.expr) -> str:
    return ast.unparse(_StripAnnotated().visit(ast.parse(ast.unparse(annotation), mode="eval")).body)


def _required(value: ast.expr | None) -> bool:
    if value is None:
        return True
    if isinstance(value, ast.Call) and ast.unparse(value.func) in {"Field", "pydantic.Field"}:
        return not value.args and not any(k.arg in {"default", "default_factory"} for k in value.keywords)
    return False


def _class(node: ast.ClassDef) -> _Definition:
    bases = [ast.unparse(base) for base in node.bases]
    if any(base.endswith("Enum") for base in bases):
        members = tuple(
            (target.id, ast.unparse(item.value))
            for item in node.body
            if isinstance(item, ast.Assign)
            for target in item.targets
            if isinstance(target, ast.Name)
        )
        return _Definition("enum", members=members)
    fields = tuple(
        (item.target.id, _type_text(item.annotation), _required(item.value))
        for item in node.body
        if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name)
    )
    root = [base for base in bases if "RootModel" in base]
    kind = "root:" + _type_text(node.bases[bases.index(root[0])]) if root else "model"
    return _Definition(kind, fields=fields)


def _module(source: str) -> _Module:
    module = _Module()
    for node in ast.parse(source).body:
        if isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
            module.defined[node.name] = _class(node)
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(f"{PACKAGE}."):
            for alias in node.names:
                module.imported[alias.asname or alias.name] = (node.module.removeprefix(f"{PACKAGE}."), alias.name)
        elif (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and isinstance(node.value, ast.Call)
            and ast.unparse(node.value.func).endswith("TypeAliasType")
        ):
            value = node.value.args[1] if len(node.value.args) > 1 else node.value
            module.defined[node.targets[0].id] = _Definition("alias", fields=(("", _type_text(value), True),))
    return module


def _exports(source: str) -> set[str]:
    names: set[str] = set()
    for node in ast.parse(source).body:
        if isinstance(node, ast.ImportFrom):
            names |= {alias.asname or alias.name for alias in node.names}
    return names


def _generate(texts: tuple[tuple[str, str], ...], scratch: Path) -> _Api:
    from codegen.generation.package import plan_package  # noqa: PLC0415 (loads the generator)

    folder = scratch / "schemas"
    folder.mkdir()
    for module, text in texts:
        (folder / f"{module}{SCHEMA_SUFFIX}").write_text(text, encoding="utf-8")
    planned = plan_package(folder, scratch / PACKAGE)
    modules = {name[: -len(".py")]: _module(text) for name, text in planned.items() if name != "__init__.py"}
    return _Api(modules, _exports(planned.get("__init__.py", "")))


def _api(files: dict[str, SchemaFile]) -> _Api | str:
    """The generated API of a folder, or why it does not generate."""
    return _api_of(tuple(sorted((module, schema.text) for module, schema in files.items())))


@functools.lru_cache(maxsize=8)
def _api_of(texts: tuple[tuple[str, str], ...]) -> _Api | str:
    """The generated API of the folder holding ``texts`` (a module and its schema text each), kept per process."""
    with tempfile.TemporaryDirectory(prefix="codegen-breaking-") as scratch:
        try:
            return _generate(texts, Path(scratch))
        except SchemaError as error:
            return f"{error.path.name}#{error.pointer}: {error.message}"


class _Diff:
    def __init__(self, old: _Api, new: _Api) -> None:
        self.old = old
        self.new = new
        self.changes: list[tuple[str, str, list[str | int], str]] = []  # rule, module, where, message

    def add(self, rule: str, module: str, where: list[str | int], message: str) -> None:
        self.changes.append((rule, module, where, message))

    def run(self) -> None:
        for name in sorted(self.old.exports - self.new.exports):
            module = next(
                (m for m, api in self.old.modules.items() if name in api.defined), next(iter(self.old.modules), "")
            )
            self.add("export-removed", module, [name], f"{PACKAGE}.{name} is no longer re-exported from {PACKAGE}")
        for module in sorted(self.old.modules):
            if module not in self.new.modules:
                self.add("module-removed", module, [], f"module {PACKAGE}.{module} no longer exists")
                continue
            self.module(module)

    def module(self, module: str) -> None:
        fresh = sorted(self.new.names(module) - self.old.names(module))
        for name in sorted(self.old.names(module)):
            old = self.old.definition(module, name)
            new = self.new.definition(module, name)
            where: list[str | int] = [name]
            if old is None:
                continue
            if new is None:
                same = [
                    other for other in fresh if (d := self.new.definition(module, other)) and d.body() == old.body()
                ]
                if same:
                    message = f"{PACKAGE}.{module}.{name} is renamed to {same[0]}"
                    self.add("class-renamed", module, where, message)
                else:
                    self.add("class-removed", module, where, f"{PACKAGE}.{module}.{name} can no longer be imported")
                continue
            self.definition(module, name, old, new)

    def definition(self, module: str, name: str, old: _Definition, new: _Definition) -> None:
        qualified = f"{PACKAGE}.{module}.{name}"
        if old.kind != new.kind:
            self.add("type-changed", module, [name], f"{qualified} changes from {old.kind} to {new.kind}")
            return
        new_members = dict(new.members)
        for member, value in old.members:
            if new_members.get(member) != value:
                gone = member not in new_members
                what = "is removed" if gone else f"changes value from {value} to {new_members[member]}"
                self.add("member-removed", module, [name, member], f"{qualified}.{member} {what}")
        new_fields = {item[0]: item[1:] for item in new.fields}
        old_fields = {item[0]: item[1:] for item in old.fields}
        for field_name, (old_type, old_required) in old_fields.items():
            label = f"{qualified}.{field_name}" if field_name else qualified
            if field_name not in new_fields:
                self.add("field-removed", module, [name, field_name], f"field {label} is removed")
                continue
            new_type, new_required = new_fields[field_name]
            if new_type != old_type:
                self.add("type-changed", module, [name, field_name], f"{label}: {old_type} becomes {new_type}")
            if new_required and not old_required:
                self.add("field-required", module, [name, field_name], f"{label} loses its default")
        for field_name, (_, new_required) in new_fields.items():
            if field_name not in old_fields and new_required:
                message = f"{qualified}.{field_name} is a new field with no default"
                self.add("field-required", module, [name, field_name], message)


def python_changes(old: dict[str, SchemaFile], new: dict[str, SchemaFile]) -> list[Change]:
    """The python-direction changes between the APIs generated from ``old`` and from ``new``."""
    from codegen.evolution.breaking import Change  # noqa: PLC0415 (breaking imports this module)

    before = _api(old)
    if isinstance(before, str):
        return []  # the old schemas never generated: no code imports their models
    after = _api(new)
    if isinstance(after, str):
        module = next(iter(sorted(new)), "")
        message = f"the new schemas do not generate ({after}): the python direction is not decided"
        return [Change("python-unknown", module, "", message, frozenset({"python"}))]
    diff = _Diff(before, after)
    diff.run()
    return [
        Change(rule, module, pointer_of(where), message, frozenset({"python"}))
        for rule, module, where, message in diff.changes
    ]
