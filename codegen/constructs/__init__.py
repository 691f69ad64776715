"""The registry of supported JSON Schema constructs: one module each, asked by every stage.

``CONSTRUCTS`` lists them from the most specific to the most general; a node is every
construct that ``matches`` it (``["string", "null"]`` with ``enum`` is enum, string
and null), and the first one decides its wire type and its proof values. A keyword
no construct owns is refused at generation with the reason in ``REFUSED`` (or a
generic one): the model could not enforce it exactly. Adding a construct is adding a
module and a line here.
"""

from __future__ import annotations

from codegen.constructs.all_of import ALL_OF
from codegen.constructs.any_of import ANY_OF
from codegen.constructs.array import ARRAY
from codegen.constructs.base import Construct, Node
from codegen.constructs.boolean import BOOLEAN
from codegen.constructs.conditional import CONDITIONAL
from codegen.constructs.decimal import DECIMAL
from codegen.constructs.dependent import DEPENDENT
from codegen.constructs.enum import ENUM
from codegen.constructs.formats import DATE, DATE_TIME, TIME, UUID
from codegen.constructs.free_json import FREE_JSON
from codegen.constructs.integer import INTEGER
from codegen.constructs.map import MAP
from codegen.constructs.not_ import NOT
from codegen.constructs.null import NULL
from codegen.constructs.nullable_ref import NULLABLE_REF
from codegen.constructs.number import NUMBER
from codegen.constructs.object import OBJECT
from codegen.constructs.one_of import ONE_OF
from codegen.constructs.ref import REF
from codegen.constructs.string import STRING
from codegen.constructs.tuple import TUPLE
from codegen.constructs.union import UNION
from codegen.constructs.values import VALUES

__all__ = ["ANNOTATIONS", "CONSTRUCTS", "REFUSED", "SUPPORTED_TYPES", "Construct", "constructs_of", "owned_keywords"]

CONSTRUCTS: tuple[Construct, ...] = (
    # The rule constructs come first: an object with rules draws its proof values from them.
    REF, NULLABLE_REF, UNION, CONDITIONAL, DEPENDENT, NOT, ANY_OF, ONE_OF, ALL_OF,
    VALUES, ENUM, DECIMAL, DATE_TIME, DATE, TIME, UUID, STRING, INTEGER, NUMBER, BOOLEAN,
    ARRAY, TUPLE, MAP, FREE_JSON, OBJECT, NULL,
)  # fmt: skip

# Keywords with no effect on which payloads are valid, accepted on every node.
ANNOTATIONS = frozenset(
    {"$schema", "$id", "$comment", "$defs", "title", "description", "examples", "default", "deprecated"}
)

SUPPORTED_TYPES = frozenset().union(*(construct.types for construct in CONSTRUCTS))
"""The ``type`` names some construct gives an exact model for."""

REFUSED: dict[str, str] = {
    "oneOf": "only on an object (a counted rule) or as a member's union of $refs whose branches never both match",
    "anyOf": "only on an object (a rule), as a member's union of $refs, or as a nullable reference",
    "allOf": "only on an object (an extension of base shapes, or rules)",
    "not": "only on an object, or on a member's own scalar schema",
    "if": "only on an object (a rule of its model)",
    "multipleOf": "only an integer multipleOf on an integer is exact: a fractional step (0.01) is judged "
    "with float division, which validators round differently (0.07 / 0.01 is 7.000000000000001; carry such "
    "values as decimal strings), and on a number an integer step admits only integers: write 'type': 'integer'",
    "items": "only on an array",
    "prefixItems": "only on an array",
    "uniqueItems": "only on an array of one item schema (not a tuple)",
    "contains": "the model validates items against 'items' only; counting matches of a second schema "
    "would need every item judged twice, in Python",
    "minContains": "'contains' is not supported",
    "maxContains": "'contains' is not supported",
    "patternProperties": "keys matched by pattern to different schemas have no pydantic type; "
    "use a map (additionalProperties: <schema>) with propertyNames",
    "propertyNames": "only on a map (additionalProperties: <schema>); a closed object's keys are its properties",
    "dependentRequired": "only on an object (a rule of its model)",
    "dependentSchemas": "only on an object (a rule of its model)",
    "unevaluatedProperties": "only as false, closing an extension (allOf of a base shape)",
    "minProperties": "only on a map (additionalProperties: <schema>); on a record the generator drops it",
    "maxProperties": "only on a map (additionalProperties: <schema>); on a record the generator drops it",
    "$anchor": "a reference by anchor is not generated; point at a $defs entry instead",
    "$dynamicRef": "a dynamic reference has no static model",
    "$dynamicAnchor": "a dynamic reference has no static model",
    "$vocabulary": "only the standard 2020-12 vocabularies are read",
    "then": "only on an object, beside 'if'",
    "else": "only on an object, beside 'if'",
    "unevaluatedItems": "the generator drops it",
    "readOnly": "models have no direction: read-only fields would be accepted in requests; refused, not ignored",
    "writeOnly": "models have no direction: write-only fields would be dumped in responses; refused, not ignored",
    "contentEncoding": "annotation-only in 2020-12: refused so that nobody relies on it being checked",
    "contentMediaType": "annotation-only in 2020-12: refused so that nobody relies on it being checked",
    "contentSchema": "annotation-only in 2020-12: refused so that nobody relies on it being checked",
}


def constructs_of(node: Node) -> list[Construct]:
    """Every construct ``node`` is, the most specific first."""
    return [construct for construct in CONSTRUCTS if construct.matches(node)]


def owned_keywords(constructs: list[Construct]) -> frozenset[str]:
    """The keywords a node made of ``constructs`` may carry: theirs, ``type`` and the annotations."""
    return ANNOTATIONS.union({"type"}, *(construct.keywords for construct in constructs))
