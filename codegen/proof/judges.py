"""The two verdicts the proof compares on one JSON *text*: the schema's and the model's.

The schema judges JSON values, the model judges texts; ``read_ijson`` turns a text
into the value the schema sees, as an I-JSON (RFC 7493) reader does: ``NaN`` and
``Infinity`` are not JSON, a number past the double range (``1e400``) and a lone
UTF-16 surrogate are not I-JSON (pydantic refuses both too), nesting past the
parser's limit is not readable, and a duplicate key keeps the last value, as
pydantic's parser does (so a ``1e400`` that a later duplicate hides is no more read
than the model reads it). The schema's verdict on that value comes
from ``codegen.schema.ecma`` (Draft 2020-12, ECMA-262 ``pattern``).
"""

from __future__ import annotations

import json
import math
from typing import Any

import pydantic

__all__ = ["Judges", "NotJson", "read_ijson"]


class NotJson(ValueError):
    """The text is not an I-JSON text; ``str()`` says why."""


def _refuse_constant(name: str) -> Any:
    raise NotJson(f"{name} is not JSON")


class _BeyondDouble:
    """A number past the double range where it was read; ``read_ijson`` refuses the text if one is left."""

    def __init__(self, text: str) -> None:
        self.text = text


def _finite_float(text: str) -> float | _BeyondDouble:
    # Past the double range (1e400) a number has no I-JSON value; `codegen validate`
    # reports such a text as unreadable, and the models refuse it (inf is not finite).
    # It is marked, not refused at once: a later duplicate key may replace it, and then
    # pydantic's parser never looks at it either.
    value = float(text)
    return _BeyondDouble(text) if math.isinf(value) else value


def _not_ijson(value: Any) -> str | None:
    """Why the parsed ``value`` is not I-JSON (a lone surrogate, a number past the double range), or None."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")  # fails exactly on surrogates, which UTF-8 cannot encode
            except UnicodeEncodeError:
                return "a string holds a lone UTF-16 surrogate (not I-JSON, RFC 7493)"
        elif isinstance(item, _BeyondDouble):
            return f"the number {item.text[:40]} is beyond the double range (not I-JSON, RFC 7493)"
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return None


def read_ijson(text: str | bytes) -> Any:
    """Parse ``text`` as I-JSON, or raise ``NotJson``."""
    try:
        if isinstance(text, bytes):
            text = text.decode("utf-8")
        value = json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float)
    except NotJson:
        raise
    except (RecursionError, ValueError) as error:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        raise NotJson(str(error)) from None
    problem = _not_ijson(value)
    if problem is not None:
        raise NotJson(problem)
    return value


class Judges:
    """The schema's validator and the model class, judging the same texts.

    ``published`` holds validators of the schemas the model publishes
    (``model_json_schema()`` in each mode, the document FastAPI and OpenAPI tools
    serve), by mode: each must judge every text as the hand-written schema does.
    """

    def __init__(
        self, validator: Any, model: type[pydantic.BaseModel], published: dict[str, Any] | None = None
    ) -> None:
        self.validator = validator
        self.model = model
        self.published = published or {}

    def published_disagreement(self, text: str | bytes, verdict: bool) -> str | None:
        """The mode whose published schema judges ``text`` otherwise than ``verdict`` (the hand-written one's)."""
        try:
            value = read_ijson(text)
        except NotJson:
            return None  # no schema, published or not, judges a text that is not JSON
        for mode, validator in self.published.items():
            if bool(validator.is_valid(value)) != verdict:
                said = "accepts" if not verdict else "rejects"
                return f"model_json_schema(mode={mode!r}) {said} it, the hand-written schema does not"
        return None

    def python_mode_disagreement(self, text: str | bytes, read: pydantic.BaseModel | None) -> str | None:
        """Why Python-mode validation of the parsed text (what FastAPI runs on a body) differs from the JSON read."""
        try:
            value = read_ijson(text)
        except NotJson:
            return None  # a service's JSON parser refuses it, or reads NaN, which every wire type refuses
        try:
            python = self.model.model_validate(value)
        except pydantic.ValidationError:
            python = None
        if (python is None) != (read is None):
            return f"model_validate(parsed text) {'rejects' if python is None else 'accepts'} it, JSON mode does not"
        if python is not None and python.model_dump_json() != read.model_dump_json():  # type: ignore[union-attr]
            return f"model_validate(parsed text) holds {python.model_dump_json()[:200]!r}, JSON mode another value"
        return None

    def schema_accepts(self, text: str | bytes) -> bool:
        try:
            value = read_ijson(text)
        except NotJson:
            return False
        return bool(self.validator.is_valid(value))

    def schema_errors(self, text: str | bytes) -> list[str]:
        """The schema's reasons, ``pointer [keyword] message``, for a failure report."""
        try:
            value = read_ijson(text)
        except NotJson as error:
            return [f"(root) [json] {error}"]
        return [
            f"{''.join('/' + str(part) for part in error.absolute_path) or '(root)'} [{error.validator}] "
            f"{error.message[:200]}"
            for error in self.validator.iter_errors(value)
        ]

    def only_checks_reject(self, text: str | bytes) -> bool:
        """Whether the model rejects ``text`` only through ``x-check`` functions (rules beyond JSON Schema)."""
        try:
            self.model.model_validate_json(text)
        except pydantic.ValidationError as error:
            return all(item["type"] == "x_check" for item in error.errors())
        return False

    def model_reads(self, text: str | bytes) -> pydantic.BaseModel | None:
        """The model read from ``text``, or None when the model rejects it (only ``ValidationError`` means no)."""
        try:
            return self.model.model_validate_json(text)
        except pydantic.ValidationError:
            return None
