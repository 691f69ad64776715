"""``if``/``then``/``else`` on an object: "when ``order_type`` is ``LIMIT``, ``price`` is required".

Pydantic judges each field alone, and datamodel-code-generator drops conditional
subschemas without a word, so a plain model takes a LIMIT order without a price. Here
the three keywords are a rule of the object (``codegen.constructs._rules``): written
into the model class and judged by ``codegen.runtime.rules`` on the object's JSON form,
with presence as the payload had it. ``then``/``else`` without ``if`` mean nothing in
JSON Schema and are refused (a typo is the likely cause). A condition on a member that
may be absent holds when it is absent (``if`` with ``properties`` and no ``required``):
that is JSON Schema's reading, kept exactly, and linted as ``if-absent`` since
authors rarely mean it.
"""

from __future__ import annotations

from codegen.constructs._rules import ObjectRule

__all__ = ["CONDITIONAL"]


class Conditional(ObjectRule):
    name = "conditional"
    summary = "if/then/else on an object: a rule of the model, judged on its JSON members (presence as given)"
    keywords = frozenset({"if", "then", "else"})
    enforced = frozenset({"if", "then", "else"})


CONDITIONAL = Conditional()
