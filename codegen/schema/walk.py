"""Where a schema's subschemas sit: one answer for every walk over a schema document.

A data keyword's value (``enum``, ``const``, ``default``, ``examples``) is JSON, never
a schema, so a ``$ref`` inside it is no reference. A named map (``properties``,
``$defs``, ...) maps *names* to subschemas, so its keys are never keywords: a property
called ``default`` or ``enum`` is a schema like any other, and a walk that read its
name as a data keyword would skip it (no ``$ref`` check, no wire type, a loose model).

Pure standard library on purpose: ``codegen validate`` walks schemas on its start-up path.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

__all__ = ["map_subschemas", "subschema_values"]

_DATA = frozenset({"examples", "default", "enum", "const"})
_NAMED_MAPS = frozenset({"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"})


def _named(key: str, value: Any) -> bool:
    return key in _NAMED_MAPS and isinstance(value, Mapping)


def subschema_values(node: Mapping[str, Any]) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Each value under ``node`` that may hold schemas, with its keys from ``node`` (a named map's entry: two)."""
    for key, value in node.items():
        if key in _DATA:
            continue
        if _named(key, value):
            for name, sub in value.items():
                yield (key, name), sub
        else:
            yield (key,), value


def map_subschemas(node: Mapping[str, Any], function: Callable[[Any], Any]) -> dict[str, Any]:
    """A copy of ``node`` with ``function`` applied to every value that may hold schemas, data copied as it is."""
    copy: dict[str, Any] = {}
    for key, value in node.items():
        if key in _DATA:
            copy[key] = value
        elif _named(key, value):
            copy[key] = {name: function(sub) for name, sub in value.items()}
        else:
            copy[key] = function(value)
    return copy
