"""``oneOf`` on an object: exactly one branch holds ("exactly one of these plans"), counted by the model's rules.

Pydantic's unions pick a match; they never reject a payload that matches two
branches, which ``oneOf`` does. On an object, ``oneOf`` is a rule
(``codegen.constructs._rules``): ``codegen.runtime.rules`` judges every branch and
counts, so "exactly one" holds by construction. A member's ``oneOf`` of references is a
union (``codegen.constructs.union``), supported only where the branches provably never
both match.
"""

from __future__ import annotations

from codegen.constructs._rules import ObjectRule
from codegen.constructs.base import Node
from codegen.schema.loading import json_types

__all__ = ["ONE_OF"]


class OneOf(ObjectRule):
    name = "one-of"
    summary = "oneOf on an object: a rule of the model that counts the branches that hold (exactly one)"
    keywords = frozenset({"oneOf"})
    enforced = frozenset({"oneOf"})

    def matches(self, node: Node) -> bool:
        return "oneOf" in node and "object" in json_types(node)


ONE_OF = OneOf()
