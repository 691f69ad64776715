"""A JSON Schema validator whose ``pattern`` follows ECMA-262, as the specification says.

python-jsonschema matches ``pattern`` with Python's ``re``, where ``$`` also matches
before a final newline and ``\\d`` matches any Unicode digit. This validator swaps in
an ECMA-262 engine (regress) for that one keyword; everything else is
python-jsonschema's Draft 2020-12 implementation, with ``format`` asserted by the
project's checkers (``codegen.schema.formats``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import jsonschema
import referencing
from jsonschema.exceptions import ValidationError
from jsonschema.protocols import Validator

from codegen.schema.formats import FORMATS
from codegen.schema.patterns import ecma_regex

__all__ = ["FORMAT_CHECKER", "EcmaValidator", "ecma_validator"]


def _ecma_pattern(validator: Validator, pattern: str, instance: Any, schema: Any) -> Iterator[ValidationError]:
    if validator.is_type(instance, "string") and ecma_regex(pattern).find(instance) is None:
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


# (extend is untyped in the stubs)
EcmaValidator = jsonschema.validators.extend(  # type: ignore[no-untyped-call]
    jsonschema.Draft202012Validator, validators={"pattern": _ecma_pattern}
)


# Formats are asserted, with the project's own checkers (codegen.schema.formats): the
# model follows them, and jsonschema-rs in `codegen validate` is given the same ones.
FORMAT_CHECKER = jsonschema.FormatChecker(formats=())
for _name, _check in FORMATS.items():
    FORMAT_CHECKER.checks(_name)(_check)


def ecma_validator(schema: dict[str, Any], registry: referencing.Registry[Any] | None = None) -> Validator:
    """An ECMA-262-correct Draft 2020-12 validator for ``schema``, refs resolved in ``registry``."""
    if registry is None:
        return EcmaValidator(schema, format_checker=FORMAT_CHECKER)  # type: ignore[no-any-return]
    return EcmaValidator(schema, registry=registry, format_checker=FORMAT_CHECKER)  # type: ignore[no-any-return]
