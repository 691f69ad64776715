"""``uniqueItems`` at run time: a model base that rejects an array holding two JSON-equal items.

Pydantic has no uniqueness check for a list, and its sets judge by Python equality,
where ``1 == 1.0 == True`` (``{1, True}`` has one member) and order is lost. JSON
Schema's equality is different: ``1`` and ``1.0`` are equal, ``1`` and ``true`` are
not, objects are equal when their members are, arrays when their elements are.
``json_key`` turns a JSON value into a hashable key with exactly that equality, so
the check is one pass over the array.

Only a model that holds a unique array pays: the generator is told to derive it from
``UniqueItemsModel`` (``customBasePath``) and marks each such field with
``x-unique-items`` in its ``json_schema_extra``; every other model keeps ``WireModel``
and its validation stays in pydantic-core. The check runs after pydantic-core has
validated the fields, on the array's JSON form (``to_jsonable_python``), so a nested
model item compares by its members as the schema sees them.

This module imports only the standard library and pydantic.
"""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import model_validator
from pydantic_core import PydanticCustomError, to_jsonable_python

from codegen.runtime.wire import WireModel

__all__ = ["UNIQUE_ITEMS", "UniqueItemsModel", "first_duplicate", "json_key"]

UNIQUE_ITEMS = "x-unique-items"
"""The ``json_schema_extra`` key that marks a field whose array must hold no two JSON-equal items."""


def json_key(value: Any) -> Any:
    """A hashable key for a JSON value: two values have equal keys iff JSON Schema calls them equal.

    A tag keeps kinds apart (``True`` is not the number 1); numbers keep Python's exact
    comparison across int and float, which is JSON Schema's (``1 == 1.0``, and
    ``2**53 + 1`` differs from ``2.0**53``).
    """
    if value is None:
        return ("null",)
    if isinstance(value, bool):
        return ("boolean", value)
    if isinstance(value, int | float):
        return ("number", value)
    if isinstance(value, str):
        return ("string", value)
    if isinstance(value, list | tuple):
        return ("array", tuple(json_key(item) for item in value))
    if isinstance(value, dict):
        return ("object", frozenset((key, json_key(item)) for key, item in value.items()))
    raise TypeError(f"not a JSON value: {type(value).__name__}")


def first_duplicate(items: list[Any] | tuple[Any, ...]) -> tuple[int, int] | None:
    """The indexes of the first item that is JSON-equal to an earlier one, or None."""
    seen: dict[Any, int] = {}
    for index, item in enumerate(items):
        key = json_key(item)
        if key in seen:
            return seen[key], index
        seen[key] = index
    return None


class UniqueItemsModel(WireModel):
    """A ``WireModel`` whose fields marked ``x-unique-items`` must hold arrays of distinct JSON values."""

    _unique_fields: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def __pydantic_on_complete__(cls) -> None:
        # Not __pydantic_init_subclass__: a field typed by an alias defined further down the
        # module is complete (with its json_schema_extra) only when pydantic rebuilds the model.
        super().__pydantic_on_complete__()
        cls._unique_fields = tuple(
            name
            for name, info in cls.model_fields.items()
            if isinstance(extra := info.json_schema_extra, dict) and extra.get(UNIQUE_ITEMS) is True
        )

    @model_validator(mode="after")
    def _items_unique(self) -> UniqueItemsModel:
        for name in self._unique_fields:
            value = self.__dict__[name]
            if value is None:  # a nullable array's null
                continue
            duplicate = first_duplicate(to_jsonable_python(value, by_alias=True))
            if duplicate is not None:
                raise PydanticCustomError(
                    "unique_items",
                    "{field}: items {first} and {second} are equal JSON values; the array's items must be unique",
                    {"field": name, "first": duplicate[0], "second": duplicate[1]},
                )
        return self
