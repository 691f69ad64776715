"""Where a ``$ref`` may point: inside the schema folder, and nowhere else.

Every command reads schemas through ``check_refs`` before any validator sees them,
so a ``$ref`` to ``http://…``, to ``file:`` or to ``../outside.json`` is refused with
its pointer instead of being fetched or opened (jsonschema-rs and referencing would
otherwise try the network or the file system, or fail later with a traceback). A
reference resolves against the file's base URI (its ``$id``, else its file URI, and
any nested ``$id``) to one of the folder's files, then its fragment to a node of it:
a JSON pointer, or a ``$anchor``.

Pure standard library on purpose: ``codegen validate`` calls it on its start-up path.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urldefrag, urljoin

from codegen.errors import SchemaError
from codegen.schema.loading import pointer_of
from codegen.schema.walk import map_subschemas, subschema_values

__all__ = ["Resolver", "Resource", "check_refs", "iter_refs", "rebased", "ref_errors", "schema_nodes"]

Resource = tuple[Path, str, Mapping[str, Any]]  # (file, base URI, document)


def iter_refs(node: Any, base: str, parts: list[str | int]) -> Iterator[tuple[list[str | int], str, str]]:
    """Every ``$ref`` under ``node``: its path, its text and the base URI it resolves against."""
    if isinstance(node, Mapping):
        if isinstance(node.get("$id"), str) and parts:
            base = urljoin(base, node["$id"])
        if isinstance(node.get("$ref"), str):
            yield [*parts, "$ref"], node["$ref"], base
        for keys, value in subschema_values(node):
            yield from iter_refs(value, base, [*parts, *keys])
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from iter_refs(value, base, [*parts, index])


def rebased(node: Any, base: str) -> Any:
    """A copy of ``node`` whose ``$ref``s mean, read from another file, what they mean where ``node`` sits.

    ``base`` is where ``node``'s references resolve (its file's ``$id``, or a reference to
    its file relative to the reader's). Each ``$ref`` is joined onto it, a nested ``$id``
    moves it and is dropped (it has been applied); data keywords are copied as they are.
    """
    if isinstance(node, Mapping):
        if isinstance(node.get("$id"), str):
            base = urljoin(base, node["$id"])
        copy = map_subschemas(
            {key: value for key, value in node.items() if key != "$id"}, lambda sub: rebased(sub, base)
        )
        if isinstance(node.get("$ref"), str):
            copy["$ref"] = urljoin(base, node["$ref"])
        return copy
    if isinstance(node, list):
        return [rebased(value, base) for value in node]
    return node


def _resources(node: Any, base: str, found: dict[str, Any]) -> None:
    """Every node that carries a nested ``$id``, under its absolute URI."""
    if isinstance(node, Mapping):
        if isinstance(node.get("$id"), str):
            base = urljoin(base, node["$id"])
            found.setdefault(urldefrag(base)[0], node)
        for _, value in subschema_values(node):
            _resources(value, base, found)
    elif isinstance(node, list):
        for value in node:
            _resources(value, base, found)


def schema_nodes(node: Any) -> Iterator[Mapping[str, Any]]:
    """Every object under ``node`` that may be a schema: the values of data keywords (``enum``, ...) left out."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, Mapping):
            yield item
            stack.extend(value for _, value in subschema_values(item))
        elif isinstance(item, list):
            stack.extend(item)


def _anchored(node: Any, name: str) -> Any:
    """The node under ``node`` that declares ``$anchor`` (or ``$dynamicAnchor``) ``name``, or None."""
    anchored = (item for item in schema_nodes(node) if name in (item.get("$anchor"), item.get("$dynamicAnchor")))
    return next(anchored, None)


def _node_at(document: Any, fragment: str) -> tuple[bool, Any]:
    """Whether ``fragment`` (a JSON pointer or an anchor name) names a node of ``document``, and that node."""
    if not fragment:
        return True, document
    if not fragment.startswith("/"):
        found = _anchored(document, fragment)
        return found is not None, found
    node = document
    for token in unquote(fragment)[1:].split("/"):
        key = token.replace("~1", "/").replace("~0", "~")
        if isinstance(node, Mapping) and key in node:
            node = node[key]
        elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
            node = node[int(key)]
        else:
            return False, None
    return True, node


class Resolver:
    """Looks ``$ref``s up among the folder's own files (and their nested ``$id``s), never elsewhere."""

    def __init__(self, resources: Sequence[Resource]) -> None:
        self.known: dict[str, Any] = {}
        for path, uri, document in resources:
            self.known[urldefrag(uri)[0]] = document
            self.known[path.resolve().as_uri()] = document
        for _, uri, document in resources:
            _resources(document, uri, self.known)

    def lookup(self, base: str, ref: str) -> tuple[str, Any] | str:
        """``(the target's base URI, the target node)``, or why the reference leads nowhere."""
        target, fragment = urldefrag(urljoin(base, ref))
        if target not in self.known:
            return (
                f"$ref {ref!r} points outside the schema folder: only the folder's own files are read,"
                " nothing is fetched"
            )
        found, node = _node_at(self.known[target], fragment)
        if not found:
            return f"unresolvable $ref {ref!r}: no such place in its target"
        return target, node


def ref_errors(resources: Sequence[Resource]) -> Iterator[SchemaError]:
    """A ``SchemaError`` for each ``$ref`` that does not resolve inside the folder's own files."""
    resolver = Resolver(resources)
    for path, uri, document in resources:
        for parts, ref, base in iter_refs(document, uri, []):
            found = resolver.lookup(base, ref)
            if isinstance(found, str):
                yield SchemaError(path, pointer_of(parts), found)


def check_refs(resources: Sequence[Resource]) -> None:
    """Raise the first of ``ref_errors``, if any."""
    error = next(ref_errors(resources), None)
    if error is not None:
        raise error
