"""``anyOf`` on an object: at least one branch holds ("at least one of these plans": alternatives of ``required``).

The generator turns an ``anyOf`` of inline object branches into a union of partial
models, which is not the rule, and pydantic cannot say "one of these members must be
present". On an object, ``anyOf`` is a rule of the object (``codegen.constructs._rules``),
judged by ``codegen.runtime.rules``. A member's ``anyOf`` of references is a union
(``codegen.constructs.union``); ``anyOf: [{"$ref": ...}, {"type": "null"}]`` stays the
nullable reference.
"""

from __future__ import annotations

from codegen.constructs._rules import ObjectRule
from codegen.constructs.base import Node
from codegen.schema.loading import json_types

__all__ = ["ANY_OF"]


class AnyOf(ObjectRule):
    name = "any-of"
    summary = "anyOf on an object (e.g. alternatives of required): a rule of the model, at least one branch holds"
    keywords = frozenset({"anyOf"})
    enforced = frozenset({"anyOf"})

    def matches(self, node: Node) -> bool:
        return "anyOf" in node and "object" in json_types(node)


ANY_OF = AnyOf()
