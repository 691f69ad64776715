"""What generated models import at run time: the base model, the wire types and id generation.

Only the standard library and pydantic are imported here: services import this
package with their models, and it must stay cheap to import.
"""

from __future__ import annotations

from codegen.runtime.arrays import UniqueItemsModel
from codegen.runtime.decimals import MaxLength, MinLength, Pattern
from codegen.runtime.formats import DateString, DateTimeString, TimeString, UuidString
from codegen.runtime.integers import AtLeast, AtMost, MultipleOf
from codegen.runtime.json_value import JsonObject
from codegen.runtime.number import ExclusiveMaximum, ExclusiveMinimum, JsonNumber, Maximum, Minimum
from codegen.runtime.rules import RulesModel
from codegen.runtime.values import JSON_EQUAL
from codegen.runtime.wire import DecimalString, JsonInt, WireModel

__all__ = [
    "JSON_EQUAL",
    "AtLeast",
    "AtMost",
    "DateString",
    "DateTimeString",
    "DecimalString",
    "ExclusiveMaximum",
    "ExclusiveMinimum",
    "JsonInt",
    "JsonNumber",
    "JsonObject",
    "MaxLength",
    "Maximum",
    "MinLength",
    "Minimum",
    "MultipleOf",
    "Pattern",
    "RulesModel",
    "TimeString",
    "UniqueItemsModel",
    "UuidString",
    "WireModel",
]
