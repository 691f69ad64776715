"""What a construct is: the one place that knows a JSON Schema construct end to end.

A construct (a decimal string, an integer, a closed object, ...) says which keywords
it owns, whether a node is one of it, what it refuses, which runtime wire type the
generator is told to use, how the docs page words its constraints, and how the proof
(``codegen prove``) draws values the schema accepts. Stages that meet every construct
(support, generation, docs, proof) ask the registry in ``codegen.constructs`` instead
of keeping their own ``if keyword == ...`` chains.

Hypothesis is imported only inside ``values``: generation and validation never load it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

if TYPE_CHECKING:
    from collections.abc import Callable

    from hypothesis.strategies import SearchStrategy

    from codegen.errors import SchemaError

__all__ = ["RUNTIME", "CheckContext", "CompareContext", "Construct", "Node", "ProofContext", "Where"]

RUNTIME = "codegen.runtime"  # the package generated code imports its wire types from

Node = Mapping[str, Any]
Where = list[str | int]  # path of keys and indexes from the file's root


class CheckContext(Protocol):
    """What a construct's ``check`` may ask of the support checker."""

    def fail(self, where: Where, message: str) -> SchemaError: ...

    def check(self, node: Any, where: Where) -> None: ...

    def resolve(self, ref: str) -> Any:
        """The schema a ``$ref`` of the checked file names (a rule reads its members' schemas)."""
        ...


class ProofContext(Protocol):
    """What a construct's ``values`` may ask of the proof: values for a subschema, and where a ``$ref`` leads."""

    def values(self, node: Any) -> SearchStrategy[Any]: ...

    def follow(self, ref: str) -> tuple[ProofContext, Any]: ...


class CompareContext(Protocol):
    """What a construct's ``compare`` may ask of ``codegen breaking``: record a change, compare subschemas."""

    def add(self, rule: str, where: Where, message: str, *directions: str, witness: str | None = None) -> None:
        """Record a change; ``witness`` is the JSON text of a value for the node at ``where`` showing it."""

    def node(self, old: Any, new: Any, where: Where) -> None: ...

    def default(self, old: Any, new: Any, where: Where, *, required: tuple[bool, bool]) -> None:
        """Compare what an omitted field means in each version (``required``: in the old, in the new)."""

    def strings(self) -> list[str]: ...


class Construct:
    """Base of every construct; a subclass overrides what it needs."""

    name = ""
    summary = ""  # one line for the README's keyword table
    keywords: frozenset[str] = frozenset()  # the keywords this construct owns
    types: frozenset[str] = frozenset()  # the JSON Schema type names it gives a model for
    label = ""  # how the docs page names the type it refines ("decimal string"), if it does
    # Keywords the wire type (``python_type``) enforces itself; the generator's view leaves
    # them out, since the generator would type them its own way (a bare Literal for
    # ``const``, ``Field(ge=...)`` that pydantic checks a second time, in Python).
    enforced: frozenset[str] = frozenset()
    rules: ClassVar[Mapping[str, str]] = {}  # the breaking-change rules ``compare`` may report, with their purpose

    def matches(self, node: Node) -> bool:
        """Whether ``node`` is (also) this construct."""
        raise NotImplementedError

    def check(self, node: Node, where: Where, ctx: CheckContext) -> None:
        """Raise ``ctx.fail(...)`` where the model could not enforce ``node`` exactly."""

    def python_type(self, node: Node) -> str | None:
        """The runtime wire type the generator must use for ``node`` (``None``: the generator's own)."""
        return None

    def generator_view(self, node: Node, follow: Callable[[Any], Any]) -> dict[str, Any]:
        """Keys the generator's view adds to ``node`` beside ``x-python-type`` (a base class, a field marker).

        ``follow`` gives the schema a subschema stands for, its ``$ref``s followed (a union reads its branches).
        """
        return {}

    def constraints(self, node: Node) -> list[str]:
        """The docs page's words for ``node``'s constraints, one phrase each (Markdown)."""
        return []

    def values(self, node: Node, ctx: ProofContext) -> SearchStrategy[Any]:
        """Values the schema accepts for ``node`` (the proof also feeds near misses)."""
        raise NotImplementedError

    def compare(self, old: Node, new: Node, where: Where, ctx: CompareContext) -> None:
        """Record what changes between two versions of a node that is this construct in either.

        The default never passes a change silently: an owned keyword that differs is
        ``unclassified`` (direction ``unknown``, which fails every mode) until the
        construct says exactly what its change does to the accepted payloads.
        """
        for key in sorted(self.keywords):
            if old.get(key) != new.get(key):
                ctx.add(
                    "unclassified", [*where, key], f"keyword {key!r} changed; its effect is not classified", "unknown"
                )

    def near_misses(self, node: Node) -> list[Any]:
        """Values just past ``node``'s edges, which the schema may or may not accept."""
        return []
