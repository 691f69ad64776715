"""Explaining a failure with jsonschema-rs's own errors: the pointer, the keyword and a short message.

The fast path already decides every payload with jsonschema-rs; where that verdict is
exact (every pattern is in the portable subset, which Rust ``regex`` reads as ECMA-262
does, and every number fits in 64 bits) its error iterator names the same places and
keywords as the ECMA validator (``codegen.schema.ecma``, python-jsonschema), at a
fraction of the cost: python-jsonschema takes about 48 times as long to explain a
failure as the fast path takes to pass a payload, and a journal export with many bad
records is where users need the validator most. ``tests/test_validate_explain.py``
holds the two to the same (pointer, keyword) over the whole case corpus and over
mutated payloads of the example family.

Messages are built here from each error's structured fields (the kind's limit,
pattern, expected values), not from jsonschema-rs's text: every value is quoted with
``codegen.textsafe.shorten_repr`` (Python ``repr``, at most 200 characters, then how
many were left out), so a 50 MB string makes a short line, and the wording reads as
the ECMA validator's does where it was already clear. A kind not listed here returns
``None``: the caller then asks the ECMA validator, so a keyword this module has not
been taught is still explained, only slower.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from codegen.textsafe import shorten_repr

__all__ = ["SCHEMA_ONLY", "Explained", "around", "rust_explanations"]

# (instance path, keyword, message, source): the source is the error's schema path and
# its kind (for a ``SCHEMA_ONLY`` kind, ``around`` gives its message for another value).
Explained = tuple[list[str | int], str, str, tuple[list[str | int], Any] | None]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _names(unexpected: list[str]) -> str:
    """The unexpected keys, five at most, as python-jsonschema lists them ("'a', 'b' were unexpected")."""
    shown = ", ".join(shorten_repr(name) for name in unexpected[:5])
    more = f" and {len(unexpected) - 5} more" if len(unexpected) > 5 else ""
    return f"{shown}{more} {'was' if len(unexpected) == 1 else 'were'} unexpected"


@functools.lru_cache(maxsize=1024)
def _schema_text(value: str) -> str:
    """A schema's own text in a message (a pattern): the same few, quoted once each."""
    return shorten_repr(value)


def _types(kind: Any) -> str:
    return ", ".join(repr(name) for name in kind.types)


# The kinds whose fields all come from the schema (a limit, a pattern, the allowed values),
# none from the value: each message is the text around the quoted value, so the same
# keyword failing another value reads ``before + shorten_repr(value) + after``
# (``codegen.validation.recall`` writes the messages of remembered shapes this way).
_AROUND: dict[str, Callable[[Any], tuple[str, str]]] = {
    "Type": lambda kind: ("", f" is not of type {_types(kind)}"),
    "Enum": lambda kind: ("", f" is not one of {shorten_repr(kind.options)}"),
    "Constant": lambda kind: (f"{shorten_repr(kind.expected_value)} was expected, not ", ""),
    "Pattern": lambda kind: ("", f" does not match {_schema_text(kind.pattern)}"),
    "Format": lambda kind: ("", f" is not a valid {kind.format!r}"),
    "MinLength": lambda kind: ("", f" is shorter than {_plural(kind.limit, 'character')}"),
    "MaxLength": lambda kind: ("", f" is longer than {_plural(kind.limit, 'character')}"),
    "Minimum": lambda kind: ("", f" is less than the minimum of {kind.limit}"),
    "Maximum": lambda kind: ("", f" is greater than the maximum of {kind.limit}"),
    "ExclusiveMinimum": lambda kind: ("", f" is less than or equal to the minimum of {kind.limit}"),
    "ExclusiveMaximum": lambda kind: ("", f" is greater than or equal to the maximum of {kind.limit}"),
    "MultipleOf": lambda kind: ("", f" is not a multiple of {kind.multiple_of}"),
}
SCHEMA_ONLY = frozenset(_AROUND)

_MESSAGES: dict[str, Callable[[Any, Any], str]] = {
    "MinItems": lambda kind, value: f"{_plural(len(value), 'item')}, fewer than the minimum of {kind.limit}",
    "MaxItems": lambda kind, value: f"{_plural(len(value), 'item')}, more than the maximum of {kind.limit}",
    "UniqueItems": lambda kind, value: f"{shorten_repr(value)} has non-unique elements",
    "MinProperties": lambda kind, value: f"{_plural(len(value), 'property')}, fewer than the minimum of {kind.limit}",
    "MaxProperties": lambda kind, value: f"{_plural(len(value), 'property')}, more than the maximum of {kind.limit}",
    "Required": lambda kind, value: f"{shorten_repr(kind.property)} is a required property",
    "AdditionalProperties": lambda kind, value: f"Additional properties are not allowed ({_names(kind.unexpected)})",
    "UnevaluatedProperties": lambda kind, value: f"Unevaluated properties are not allowed ({_names(kind.unexpected)})",
    "AnyOf": lambda kind, value: f"{shorten_repr(value)} is not valid under any of the given schemas",
    "OneOfNotValid": lambda kind, value: f"{shorten_repr(value)} is not valid under any of the given schemas",
    "OneOfMultipleValid": lambda kind, value: (
        f"{shorten_repr(value)} is valid under more than one of the given schemas"
    ),
    "Not": lambda kind, value: f"{shorten_repr(value)} should not be valid under {shorten_repr(kind.schema)}",
}


def around(kind: Any) -> tuple[str, str]:
    """The text before and after the quoted value in the message of an error of ``kind`` (a ``SCHEMA_ONLY`` one)."""
    return _AROUND[type(kind).__name__](kind)


def _message(kind: Any, error: Any) -> str | None:
    name = type(kind).__name__
    if name == "PropertyNames":  # the key's own error, reported at the object (as python-jsonschema does)
        return _message(kind.error.kind, kind.error)
    if name in _AROUND:
        before, after = _AROUND[name](kind)
        return f"{before}{shorten_repr(error.instance)}{after}"
    build = _MESSAGES.get(name)
    return None if build is None else build(kind, error.instance)


def _extra_items(path: list[str | int], errors: list[Any]) -> Explained:
    """One problem for the items past a tuple's ``prefixItems``, at the array (python-jsonschema's place)."""
    held = min(int(error.instance_path[-1]) for error in errors)
    extras = [error.instance for error in errors]
    message = f"expected at most {_plural(held, 'item')} but found {len(extras)} extra: {shorten_repr(extras)}"
    return path, "items", message, None


def rust_explanations(errors: Any) -> list[Explained] | None:
    """Each error of jsonschema-rs's ``iter_errors`` as an ``Explained``; ``None`` if one is unknown here."""
    found: list[Explained] = []
    extra: dict[tuple[str | int, ...], list[Any]] = {}  # tuple arrays with items past prefixItems
    for error in errors:
        # Each attribute read once: jsonschema-rs builds the Python object on every read.
        schema_path, kind = error.schema_path, error.kind
        keyword = schema_path[-1] if schema_path else ""
        path = list(error.instance_path)
        if type(kind).__name__ == "FalseSchema":
            # `items: false` after prefixItems fails once per extra item, at that item.
            if keyword != "items" or not path or not isinstance(path[-1], int):
                return None
            extra.setdefault(tuple(path[:-1]), []).append(error)
            continue
        message = _message(kind, error)
        if message is None or not isinstance(keyword, str):
            return None
        found.append((path, keyword, message, (schema_path, kind)))
    found.extend(_extra_items(list(parent), errors) for parent, errors in extra.items())
    return found
