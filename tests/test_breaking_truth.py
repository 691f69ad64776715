"""`codegen breaking` against the truth on realistic edits of the family's Order and Origin DTOs.

The truth of each edit is decided on the sets of accepted payloads: payloads drawn
from both versions (the proof's ``Values`` and ``mutants``), and every witness the
tool prints, are judged by both versions' ECMA validators; a payload one accepts and
the other rejects proves a direction. Each edit also carries the directions it has
by reasoning (``expected``); sampling must never find a direction the reasoning
leaves out, and the tool must answer exactly the expected directions. The python
direction is by reasoning on the generated API (a class, field, member or field type
that code could use changes or disappears).
"""

from __future__ import annotations

import contextlib
import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, Phase, Verbosity, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable

from codegen.cli import main
from codegen.proof.payloads import Values, mutants, near_miss_pool
from codegen.schema.ecma import ecma_validator
from codegen.schema.loading import load_folder, registry_of
from codegen.schema.refs import Resolver

FAMILY = Path(__file__).parent.parent / "examples" / "family"
Doc = dict[str, Any]
Edit = Callable[[Doc, Doc], None]  # edits (order, origin) in place
LETTERS = {"B": "backward", "F": "forward", "P": "python", "U": "unknown"}


def _order_id(pattern: str | None = None, **extra: Any) -> Edit:
    def edit(order: Doc, origin: Doc) -> None:
        node = order["properties"]["order_id"]
        if pattern is not None:
            node["pattern"] = pattern
        node.update(extra)

    return edit


def _at(file: str, path: list[str], **update: Any) -> Edit:
    def edit(order: Doc, origin: Doc) -> None:
        node = order if file == "order" else origin
        for key in path:
            node = node[key]
        for key, value in update.items():
            if value is None:
                node.pop(key, None)
            else:
                node[key] = value

    return edit


def _do(function: Callable[[Doc, Doc], Any]) -> Edit:
    def edit(order: Doc, origin: Doc) -> None:
        function(order, origin)

    return edit


def _side_to_defs(order: Doc, origin: Doc) -> None:
    order.setdefault("$defs", {})["Side"] = order["properties"]["side"]
    order["properties"]["side"] = {"$ref": "#/$defs/Side"}


def _kind_renamed(order: Doc, origin: Doc) -> None:
    origin["$defs"]["Kind"] = origin["$defs"].pop("OriginKind")
    origin["properties"]["kind"] = {"$ref": "#/$defs/Kind"}


def _kind_inlined(order: Doc, origin: Doc) -> None:
    origin["properties"]["kind"] = origin["$defs"].pop("OriginKind")
    del origin["$defs"]


def _required(name: str, node: Doc | None = None) -> Edit:
    def edit(order: Doc, origin: Doc) -> None:
        if node is not None:
            order["properties"][name] = node
        order["required"].append(name)

    return edit


QTY = "^(?:0\\.[0-9]*[1-9][0-9]*|[1-9][0-9]*(?:\\.[0-9]+)?)$"
EDITS: list[tuple[str, Edit, str]] = [
    ("order-id-longer-suffix", _order_id("^ORD_[0-9a-z]{10}$"), "BF"),
    ("order-id-class-reordered", _order_id("^ORD_[a-z0-9]{8}$"), ""),
    ("order-id-max-length-implied", _order_id(maxLength=12), ""),
    ("order-id-max-length-too-short", _order_id(maxLength=11), "B"),
    ("order-id-min-length-implied", _order_id(minLength=12), ""),
    ("order-id-end-anchor-dropped", _order_id("^ORD_[0-9a-z]{8}"), "F"),
    ("order-id-repeat-split", _order_id("^ORD_(?:[0-9a-z]{4}){2}$"), ""),
    ("order-id-hex-only", _order_id("^ORD_[0-9a-f]{8}$"), "B"),
    ("order-id-second-prefix", _order_id("^(?:ORD|ODR)_[0-9a-z]{8}$"), "F"),
    ("order-id-capturing-group", _order_id("^ORD_([0-9a-z]{8})$"), ""),
    ("side-value-added", _at("order", ["properties", "side"], enum=["BUY", "SELL", "SHORT"]), "F"),
    ("side-value-removed", _at("order", ["properties", "side"], enum=["BUY"]), "BP"),
    ("side-values-reordered", _at("order", ["properties", "side"], enum=["SELL", "BUY"]), ""),
    ("side-enum-as-pattern", _at("order", ["properties", "side"], enum=None, pattern="^(?:BUY|SELL)$"), "P"),
    ("side-pattern-beside-enum", _at("order", ["properties", "side"], pattern="^[A-Z]+$"), "P"),
    ("side-moved-to-defs", _do(_side_to_defs), ""),
    ("side-description", _at("order", ["properties", "side"], description="Which way."), ""),
    ("quantity-escape-as-class", _at("order", ["properties", "quantity"], pattern=QTY.replace("\\.", "[.]")), ""),
    ("quantity-whole-only", _at("order", ["properties", "quantity"], pattern="^[1-9][0-9]*$"), "B"),
    ("quantity-format-dropped", _at("order", ["properties", "quantity"], format=None), "P"),
    (
        "limit-price-alternatives-reordered",
        _at("order", ["properties", "limit_price"], pattern="^(?:[1-9][0-9]*(?:\\.[0-9]+)?|0\\.[0-9]*[1-9][0-9]*)$"),
        "",
    ),
    ("limit-price-not-null", _at("order", ["properties", "limit_price"], type="string"), "BP"),
    ("reduce-only-default-flipped", _at("order", ["properties", "reduce_only"], default=True), "BF"),
    ("reduce-only-nullable", _at("order", ["properties", "reduce_only"], type=["boolean", "null"]), "FP"),
    ("reduce-only-required", _required("reduce_only"), "BP"),
    (
        "tag-added-optional",
        _at("order", ["properties"], tag={"description": "Tag.", "type": ["string", "null"], "maxLength": 20}),
        "F",
    ),
    (
        "account-added-required",
        _required("account", {"description": "Account.", "type": "string", "minLength": 1}),
        "BFP",
    ),
    ("limit-price-removed", _do(lambda order, origin: order["properties"].pop("limit_price")), "BP"),
    (
        "schema-name-const-added",
        _at("order", ["properties"], schema_name={"description": "Name.", "const": "order", "default": "order"}),
        "F",
    ),
    ("root-title-renamed", _at("order", [], title="TradeOrder"), "P"),
    (
        "examples-changed",
        _at(
            "order",
            [],
            examples=[
                {
                    "order_id": "ORD_99999999",
                    "side": "SELL",
                    "quantity": "1.5",
                    "origin": {"origin_id": "ORG_0a1b2c3d", "kind": "TICK"},
                }
            ],
        ),
        "",
    ),
    ("priority-max-lowered", _at("origin", ["properties", "priority"], maximum=5, default=3), "BF"),
    ("priority-max-lowered-keeping-default", _at("origin", ["properties", "priority"], maximum=5), "B"),
    ("priority-min-as-exclusive", _at("origin", ["properties", "priority"], minimum=None, exclusiveMinimum=-1), ""),
    ("priority-max-as-exclusive", _at("origin", ["properties", "priority"], maximum=None, exclusiveMaximum=10), ""),
    ("priority-default-changed", _at("origin", ["properties", "priority"], default=3), "BF"),
    ("priority-number", _at("origin", ["properties", "priority"], type="number"), "FP"),
    ("note-max-length-halved", _at("origin", ["properties", "note"], maxLength=100), "B"),
    ("note-max-length-dropped", _at("origin", ["properties", "note"], maxLength=None), "F"),
    ("note-min-length-added", _at("origin", ["properties", "note"], minLength=1), "B"),
    ("note-not-null-with-default", _at("origin", ["properties", "note"], type="string", default=""), "BFP"),
    ("kind-value-added", _at("origin", ["$defs", "OriginKind"], enum=["TICK", "NEWS", "SCHEDULE", "MANUAL"]), "F"),
    ("kind-title-added", _at("origin", ["$defs", "OriginKind"], title="Kind"), ""),
    ("kind-defs-key-renamed", _do(_kind_renamed), "P"),
    ("kind-inlined", _do(_kind_inlined), "P"),
    ("kind-max-length-filters-a-value", _at("origin", ["$defs", "OriginKind"], maxLength=4), "BP"),
    (
        "origin-id-open-repeat-with-max-length",
        _at("origin", ["properties", "origin_id"], pattern="^ORG_[0-9a-z]{8,}$", maxLength=16),
        "",
    ),
    ("origin-id-shorter-range", _at("origin", ["properties", "origin_id"], pattern="^ORG_[0-9a-z]{8,10}$"), "B"),
    ("priority-multiple-of-one", _at("origin", ["properties", "priority"], multipleOf=1), ""),
    ("priority-even-only", _at("origin", ["properties", "priority"], multipleOf=2, default=4), "BF"),
]


def _folders(tmp_path: Path, edit: Edit) -> tuple[Path, Path]:
    old, new = tmp_path / "old", tmp_path / "new"
    for folder in (old, new):
        folder.mkdir()
    order = json.loads((FAMILY / "order.schema.json").read_text())
    origin = json.loads((FAMILY / "origin.schema.json").read_text())
    for name, doc in (("order", order), ("origin", origin)):
        (old / f"{name}.schema.json").write_text(json.dumps(doc, indent=2))
    before = {"order": order, "origin": origin}
    order, origin = copy.deepcopy(order), copy.deepcopy(origin)
    edit(order, origin)
    for name, doc in (("order", order), ("origin", origin)):
        # A new major version wherever the file changed, so that versions never fail the run.
        version = "9.0.0" if doc != before[name] else doc["x-version"]
        (new / f"{name}.schema.json").write_text(json.dumps({**doc, "x-version": version}, indent=2))
    return old, new


def _sampled(old: Path, new: Path, witnesses: list[Any]) -> set[str]:
    """The wire directions proven by payloads drawn from both versions, and by the tool's witnesses."""
    folders = [{schema.module: schema for schema in load_folder(folder)} for folder in (old, new)]
    judges = [
        ecma_validator({**f["order"].document, "$id": f["order"].uri}, registry_of(list(f.values()))) for f in folders
    ]
    found: set[str] = set()

    def judge(payload: Any) -> None:
        verdicts = [judge.is_valid(payload) for judge in judges]
        if verdicts == [True, False]:
            found.add("backward")
        elif verdicts == [False, True]:
            found.add("forward")

    for payload in witnesses:
        judge(payload)
    for files in folders:
        for payload in _draw(files):
            judge(payload)
    return found


def _draw(files: dict[str, Any]) -> list[Any]:
    """Payloads drawn from one version's Order, and their mutants (kept per version: the old one is shared)."""
    key = json.dumps({module: schema.text for module, schema in sorted(files.items())})
    if key in _DRAWN:
        return _DRAWN[key]
    schema = files["order"]
    resolver = Resolver([(f.path, f.uri, f.document) for f in files.values()])
    root = Values(resolver, schema.uri)
    pool = near_miss_pool([f.document for f in files.values()])
    drawn: list[Any] = []

    @settings(
        max_examples=12,
        derandomize=True,
        database=None,
        deadline=None,
        verbosity=Verbosity.quiet,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        base = data.draw(root.values(schema.document))
        drawn.append(base)
        for text in data.draw(mutants(base, root, schema.document, pool)):
            with contextlib.suppress(ValueError):  # (not JSON, or a lone surrogate, which I-JSON excludes)
                payload = json.loads(text)
                json.dumps(payload, ensure_ascii=False).encode("utf-8")
                drawn.append(payload)

    with contextlib.suppress(Unsatisfiable):  # this version accepts no payload at all: nothing to draw
        run()
    _DRAWN[key] = drawn
    return drawn


_DRAWN: dict[str, list[Any]] = {}


@pytest.mark.parametrize(("name", "edit", "expected"), EDITS, ids=[name for name, _, _ in EDITS])
def test_edit_is_classified_as_its_accepted_payloads_say(name: str, edit: Edit, expected: str, tmp_path: Path) -> None:
    """The tool's directions are the edit's true ones: sampling finds none beyond them, and the tool answers them."""
    old, new = _folders(tmp_path, edit)
    result = CliRunner().invoke(main, ["breaking", "--schemas", str(new), "--against", str(old), "--output", "json"])
    report = json.loads(result.output)
    witnesses = [json.loads(c["witness"]) for c in report["changes"] if c["witness"] and c["module"] == "order"]
    truth = {LETTERS[letter] for letter in expected}
    assert _sampled(old, new, witnesses) <= truth
    answered = set().union(*(change["directions"] for change in report["changes"])) - {"version"}
    assert answered == truth, result.output


def test_there_are_at_least_forty_edits() -> None:
    """The set is large enough to say how often the tool is right."""
    assert len(EDITS) >= 40
