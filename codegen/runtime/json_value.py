"""Free JSON: an object whose members may be any JSON value, where a schema opts in (``x-free-json``).

Pydantic's ``JsonValue`` reads ``1e400`` as ``inf`` and takes ``float("nan")`` from
Python callers, and writes both back as ``null``: a dump that no longer reads back as
the value the model held. ``JsonObject`` has the same shape as a recursive type
alias that pydantic-core validates as one union of strict members (a string, an exact
int of any size, a finite double, a boolean, null, a list, an object with string
keys), so ``"1"`` stays a string, ``true`` a boolean, ``1`` an int and ``1.0``
a float, and no Python callback runs on the valid path. Python callers may pass only
these types (a tuple, bytes or a ``Decimal`` is not JSON and is rejected).

This module imports only the standard library and pydantic.
"""

from __future__ import annotations

from typing import Annotated, Union

from pydantic import AllowInfNan, Strict, StrictBool, StrictInt, StrictStr
from typing_extensions import TypeAliasType

__all__ = ["JsonObject"]

_FiniteFloat = Annotated[float, Strict(), AllowInfNan(False)]

# A recursive alias: pydantic-core validates it as one union, member by member.
_Value = TypeAliasType(
    "_Value",
    "Union[StrictStr, StrictBool, StrictInt, _FiniteFloat, None, "
    "Annotated[list[_Value], Strict()], Annotated[dict[StrictStr, _Value], Strict()]]",
)

JsonObject = Annotated[dict[StrictStr, _Value], Strict()]
"""An object of free JSON members: any JSON value, finite numbers only, integers exact."""
