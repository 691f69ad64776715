"""A JSON Schema validator whose ``pattern`` follows ECMA-262, as the specification says.

python-jsonschema matches ``pattern`` with Python's ``re``, where ``$`` also matches
before a final newline and ``\\d`` matches any Unicode digit. This validator swaps in
an ECMA-262 engine (regress) for that one keyword; everything else is
python-jsonschema's Draft 2020-12 implementation, with ``format`` asserted by the
project's checkers (``codegen.schema.formats``).

The swap holds across ``$ref``s into other files. python-jsonschema picks the class
that validates a subschema from the ``$schema`` it declares (``evolve`` calls
``validator_for``), so a ``$ref`` to a file's root, which names 2020-12, would go on
with the stock ``Draft202012Validator`` and Python's ``re``. Here a ``$ref`` that lands
on a schema naming this dialect descends into it without that keyword, so the class
stays ``EcmaValidator`` down the whole tree; nothing is registered process-wide.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import jsonschema
import referencing
import referencing.exceptions
from jsonschema.exceptions import ValidationError
from jsonschema.protocols import Validator

from codegen.schema.formats import FORMATS
from codegen.schema.loading import DIALECT
from codegen.schema.patterns import ecma_regex

__all__ = ["FORMAT_CHECKER", "EcmaValidator", "ecma_validator"]


def _ecma_pattern(validator: Validator, pattern: str, instance: Any, schema: Any) -> Iterator[ValidationError]:
    if validator.is_type(instance, "string") and ecma_regex(pattern).find(instance) is None:
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def _ecma_reference(validator: Any, ref: str, instance: Any, schema: Any) -> Iterator[ValidationError]:
    """``$ref`` and ``$dynamicRef`` as python-jsonschema resolves them, staying in this class (module docstring)."""
    try:
        resolved = validator._resolver.lookup(ref)
    except referencing.exceptions.Unresolvable:
        # The stock keyword raises its own error for a ref that resolves nowhere.
        yield from validator._validate_reference(ref=ref, instance=instance)
        return
    target = resolved.contents
    if isinstance(target, dict) and target.get("$schema") == DIALECT:
        target = {key: value for key, value in target.items() if key != "$schema"}
    yield from validator.descend(instance, target, resolver=resolved.resolver)


# (extend is untyped in the stubs)
EcmaValidator = jsonschema.validators.extend(  # type: ignore[no-untyped-call]
    jsonschema.Draft202012Validator,
    validators={"pattern": _ecma_pattern, "$ref": _ecma_reference, "$dynamicRef": _ecma_reference},
)


# Formats are asserted, with the project's own checkers (codegen.schema.formats): the
# model follows them, and jsonschema-rs in `codegen validate` is given the same ones.
FORMAT_CHECKER = jsonschema.FormatChecker(formats=())
for _name, _check in FORMATS.items():
    FORMAT_CHECKER.checks(_name)(_check)


def _base_uri(schema: dict[str, Any], registry: referencing.Registry[Any]) -> str | None:
    """The URI ``registry`` holds ``schema`` itself under (its file URI), so its relative refs resolve."""
    return next((uri for uri in registry if registry[uri].contents is schema), None)


def ecma_validator(schema: dict[str, Any], registry: referencing.Registry[Any] | None = None) -> Validator:
    """An ECMA-262-correct Draft 2020-12 validator for ``schema``, refs resolved in ``registry``.

    A schema without ``$id`` that ``registry`` holds (a folder's file) gets its file URI
    as base, so ``"other.schema.json"`` resolves as it does in every other command.
    """
    if registry is not None and "$id" not in schema and (uri := _base_uri(schema, registry)) is not None:
        schema = {"$id": uri, **schema}
    if registry is None:
        return EcmaValidator(schema, format_checker=FORMAT_CHECKER)  # type: ignore[no-any-return]
    return EcmaValidator(schema, registry=registry, format_checker=FORMAT_CHECKER)  # type: ignore[no-any-return]
