"""Carrying each object's rules into its generated class: ``__rules__`` (and ``__checks__``) class attributes.

datamodel-code-generator drops ``if``/``then``/``else``, ``dependentRequired``,
``dependentSchemas``, ``not`` and the rule forms of ``anyOf``/``oneOf``/``allOf``
without a word, and it has no option to carry them to a model. So after it has
written a module, this stage adds to every class whose schema has rules (the class's
place comes from the generator's model metadata) a line the generator could not write::

    __rules__ = '[["#", {"if": ..., "then": ..., "else": ...}]]'

a JSON text of ``[pointer, schema]`` pairs that ``codegen.runtime.RulesModel`` (the
class's base, see ``codegen.constructs.object``) compiles once and judges on every
payload. Dunder names are no pydantic fields. A schema's checks beyond JSON Schema,
``"x-check": "module:function"`` (or a list), become ``__checks__``, which the same
base calls; see the README. The line is a pure function of the schema, so the module
stays byte-stable.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Mapping
from typing import Any

from codegen.constructs._rules import object_rules
from codegen.errors import SchemaError
from codegen.schema.loading import SchemaFile

__all__ = ["CHECK_KEY", "checks_of", "with_rules"]

CHECK_KEY = "x-check"
"""The schema key naming a team's Python check (``module:function``) beyond JSON Schema."""


def _node_at(document: Any, pointer: str) -> Any:
    node = document
    for part in pointer.split("/")[1:] if pointer else []:
        key = part.replace("~1", "/").replace("~0", "~")
        if isinstance(node, Mapping) and key in node:
            node = node[key]
        elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
            node = node[int(key)]
        else:
            return None
    return node


def checks_of(node: Any) -> list[str]:
    """The ``module:function`` names an object's ``x-check`` lists."""
    value = node.get(CHECK_KEY) if isinstance(node, Mapping) else None
    names = [value] if isinstance(value, str) else list(value) if isinstance(value, list) else []
    return [str(name) for name in names]


def _lines(node: Any, pointer: str) -> list[str]:
    lines = []
    rules = object_rules(node) if isinstance(node, Mapping) else {}
    if rules:
        lines.append(f"__rules__ = {json.dumps([['#' + pointer, rules]], ensure_ascii=True)!r}")
    checks = checks_of(node)
    if checks:
        lines.append(f"__checks__ = {tuple(checks)!r}")
    return lines


def with_rules(schema: SchemaFile, source: str, classes: dict[str, str]) -> str:
    """``source`` with ``__rules__``/``__checks__`` in each class (name -> schema pointer) whose schema has them."""
    tree = ast.parse(source)
    inserts: list[tuple[int, str]] = []  # (0-based line to insert before, text)
    for item in tree.body:
        if not isinstance(item, ast.ClassDef) or item.name not in classes:
            continue
        lines = _lines(_node_at(schema.document, classes[item.name]), classes[item.name])
        if not lines:
            continue
        body = item.body
        first = body[0]
        docstring = isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
        if docstring and len(body) > 1:
            anchor = body[1]
        elif docstring:
            raise SchemaError(schema.path, classes[item.name], "a class with rules has no fields to hold them")
        else:
            anchor = first
        indent = " " * anchor.col_offset
        inserts.append((anchor.lineno - 1, "".join(f"{indent}{line}\n" for line in lines)))
    if not inserts:
        return source
    text = source.split("\n")
    for index, block in sorted(inserts, reverse=True):
        text.insert(index, block.rstrip("\n"))
    return "\n".join(text)
