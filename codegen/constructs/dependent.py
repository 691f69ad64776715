"""``dependentRequired`` and ``dependentSchemas`` on an object: "when ``stop_price`` is present, ...".

Both are dropped by the generator, and pydantic has no notion of one member's
presence asking for another. They are rules of the object (``codegen.constructs._rules``),
judged by ``codegen.runtime.rules`` with presence as the payload had it: a member the
payload left out is absent even where the model fills in its default, and a model
writes such a member back only when it was given, so a dump is judged as its payload.
Every name they list must be a declared member (a closed object never has another).
"""

from __future__ import annotations

from codegen.constructs._rules import ObjectRule

__all__ = ["DEPENDENT"]


class Dependent(ObjectRule):
    name = "dependent"
    summary = "dependentRequired and dependentSchemas on an object: rules of the model, presence as given"
    keywords = frozenset({"dependentRequired", "dependentSchemas"})
    enforced = frozenset({"dependentRequired", "dependentSchemas"})


DEPENDENT = Dependent()
