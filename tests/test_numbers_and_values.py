"""Numbers, const and value enums, integer multipleOf, nullable and recursive references: every edge decided once.

A small schema (``SCHEMA``) is generated into a scratch package; each edge in
``EDGES`` is a raw JSON text for one property with the verdict decided for it. The
schema's side (``codegen.proof.judges``: ``json.loads`` and the ECMA validator),
``codegen validate``'s engine (orjson and jsonschema-rs) and the generated model
must all give that verdict, and what the model dumps must be accepted again and read
back equal. Beside the table, tests show what plain pydantic would get wrong.
"""

from __future__ import annotations

import json
import re
import shutil
import time
from pathlib import Path
from typing import Annotated, Any, Literal

import pydantic
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from codegen.proof.judges import Judges, read_ijson
from codegen.proof.payloads import Values, _declared
from codegen.proof.runner import _import_package, root_model
from codegen.runtime import (
    JSON_EQUAL,
    AtLeast,
    ExclusiveMaximum,
    ExclusiveMinimum,
    JsonInt,
    JsonNumber,
    Maximum,
    Minimum,
)
from codegen.schema.ecma import ecma_validator
from codegen.schema.loading import load_folder, registry_of
from codegen.schema.refs import Resolver
from codegen.validation.engine import Engine, load_schema
from tests.helpers import ROOT, run_codegen

PACKAGE = "numbers_and_values_models"
SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Edges",
    "type": "object",
    "additionalProperties": False,
    "required": ["n", "severity", "wide", "step", "one", "a", "mixed", "level", "flag"],
    "properties": {
        "n": {"type": "number"},
        "severity": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 10},
        "wide": {"type": "number", "minimum": -9007199254740991, "maximum": 9007199254740991},
        "half": {"type": ["number", "null"], "minimum": 0.5, "exclusiveMaximum": 2.5},
        "step": {"type": "integer", "multipleOf": 5},
        "one": {"const": 1},
        "a": {"type": "string", "const": "a"},
        "mixed": {"enum": [1, "a", None]},
        "level": {"type": "integer", "enum": [1, 2, 3]},
        "flag": {"enum": [True]},
        "big": {"enum": [9007199254740993, 2.0], "default": 2},
        "head": {"anyOf": [{"$ref": "#/$defs/Link"}, {"type": "null"}]},
    },
    "$defs": {
        "Link": {
            "type": "object",
            "additionalProperties": False,
            "required": ["value"],
            "properties": {
                "value": {"type": "number", "minimum": 0},
                "next": {"anyOf": [{"$ref": "#/$defs/Link"}, {"type": "null"}]},
            },
        }
    },
    "x-version": "1.0.0",
}
BASE: dict[str, Any] = {
    "n": 1.5, "severity": 5, "wide": 0, "step": 10, "one": 1, "a": "a", "mixed": 1, "level": 2, "flag": True,
}  # fmt: skip
HUGE = "1" + "0" * 400

EDGES: list[tuple[str, str, bool]] = [
    # number: integers are numbers, of any size; a fraction or exponent is read as the nearest double.
    ("n", "1", True),
    ("n", "1.0", True),
    ("n", "-0", True),
    ("n", "-0.0", True),
    ("n", "1E2", True),
    ("n", HUGE, True),
    ("n", "-" + HUGE, True),
    ("n", "9007199254740993", True),
    ("n", "0.1000000000000000000001", True),
    ("n", "1e-400", True),  # underflows to 0.0 on every side
    ("n", "1e400", False),  # beyond the double range: not I-JSON
    ("n", "-1e400", False),
    ("n", HUGE + ".0", False),
    ("n", "NaN", False),
    ("n", "Infinity", False),
    ("n", "true", False),
    ("n", "false", False),
    ("n", '"1.5"', False),
    ("n", "null", False),
    # exclusive bounds, compared on doubles
    ("severity", "0", False),
    ("severity", "-0.0", False),
    ("severity", "5e-324", True),
    ("severity", "1e-400", False),
    ("severity", "9.999999999999998", True),
    ("severity", "9.9999999999999999", False),  # its nearest double is 10.0
    ("severity", "10", False),
    ("severity", "10.0", False),
    ("severity", "true", False),
    # the widest bounds allowed (below 2**53): integers just past them are rejected exactly
    ("wide", "9007199254740991", True),
    ("wide", "9007199254740992", False),
    ("wide", "9007199254740993", False),
    ("wide", "9007199254740992.0", False),
    ("wide", "-9007199254740992", False),
    ("wide", "-9007199254740991.0", True),
    # fractional bounds: an integer is judged against them exactly
    ("half", "0", False),
    ("half", "1", True),
    ("half", "2", True),
    ("half", "0.5", True),
    ("half", "2.5", False),
    ("half", "2.4999999999999996", True),
    ("half", "null", True),
    # an integer multipleOf on an integer: exact at any size
    ("step", "15", True),
    ("step", "15.0", True),
    ("step", "16", False),
    ("step", "1e20", True),
    ("step", "5" + "0" * 40, True),
    ("step", "5" + "0" * 39 + "1", False),
    ("step", "-5", True),
    ("step", "0", True),
    ("step", "7.5", False),
    ("step", "true", False),
    # const 1: JSON equality, so 1.0 is 1 and true is not
    ("one", "1", True),
    ("one", "1.0", True),
    ("one", "1e0", True),
    ("one", "10e-1", True),
    ("one", "true", False),
    ("one", '"1"', False),
    ("one", "1.0000000000000002", False),
    ("one", "1.00000000000000001", True),  # its nearest double is 1.0
    ("a", '"a"', True),
    ("a", '"A"', False),
    ("a", '"a "', False),
    ("a", "1", False),
    # an enum of mixed values
    ("mixed", "1", True),
    ("mixed", "1.0", True),
    ("mixed", '"a"', True),
    ("mixed", "null", True),
    ("mixed", "true", False),
    ("mixed", '"1"', False),
    ("mixed", "2", False),
    ("level", "3", True),
    ("level", "3.0", True),
    ("level", "4", False),
    ("level", "true", False),
    ("level", '"2"', False),
    ("flag", "true", True),
    ("flag", "1", False),
    ("flag", "1.0", False),
    ("flag", "false", False),
    # large integers compare exactly; 2.0 in the schema is the integer 2
    ("big", "9007199254740993", True),
    ("big", "9007199254740992", False),
    ("big", "9007199254740993.0", False),  # its nearest double is 9007199254740992
    ("big", "2", True),
    ("big", "2.0", True),
    # a nullable reference, and a chain of them (an object breaks the cycle)
    ("head", "null", True),
    ("head", '{"value": 1}', True),
    ("head", '{"value": 1, "next": null}', True),
    ("head", '{"value": 1, "next": {"value": 2, "next": {"value": 3}}}', True),
    ("head", '{"value": 1, "next": {"value": -2}}', False),
    ("head", '{"value": 1, "next": {"value": 2, "extra": 1}}', False),
    ("head", '{"value": 1, "next": 5}', False),
    ("head", "{}", False),
    ("head", '"x"', False),
]


def _text(field: str, raw: str) -> str:
    marker = "\x01"
    return json.dumps({**BASE, field: marker}).replace(json.dumps(marker), raw)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scratch project with the edges schema, generated into its own package."""
    root = tmp_path_factory.mktemp("numbers")
    (root / "schemas").mkdir()
    (root / "schemas" / "edges.schema.json").write_text(json.dumps(SCHEMA, indent=2))
    result = run_codegen("generate", "--out", PACKAGE, cwd=root)
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture(scope="module")
def judges(folder: Path) -> Judges:
    """The schema's verdict and the generated model, side by side."""
    files = load_folder(folder / "schemas")
    package = _import_package(folder / PACKAGE)
    return Judges(ecma_validator(files[0].document, registry_of(files)), root_model(files[0], package))


@pytest.fixture(scope="module")
def engine(folder: Path) -> Engine:
    """`codegen validate`'s engine for the same schema."""
    return Engine(load_schema("Edges", folder / "schemas"))


def test_the_generated_annotations_name_the_wire_types(folder: Path) -> None:
    """Bounds are markers after JsonNumber and values a JSON_EQUAL Literal; no Field(ge=...) is left to pydantic."""
    source = (folder / PACKAGE / "edges.py").read_text()
    assert "Annotated[JsonNumber, ExclusiveMinimum[0], ExclusiveMaximum[10]]" in source
    assert "Annotated[Literal[1, 'a', None], JSON_EQUAL]" in source or 'Literal[1, "a", None]' in source
    assert "Annotated[Literal[1], JSON_EQUAL]" in source
    assert "Link | None" in source
    assert not re.search(r"\b(gt|ge|lt|le)=", source)


@pytest.mark.parametrize(("field", "raw", "accepted"), EDGES, ids=[f"{f}={r[:24]}" for f, r, _ in EDGES])
def test_schema_and_model_decide_each_edge(judges: Judges, field: str, raw: str, accepted: bool) -> None:
    """The schema side and the model give the decided verdict; an accepted value dumps to text both accept again."""
    text = _text(field, raw)
    assert judges.schema_accepts(text) is accepted
    model = judges.model_reads(text)
    assert (model is not None) is accepted
    if model is not None:
        dumped = model.model_dump_json()
        assert judges.schema_accepts(dumped), dumped
        assert judges.model_reads(dumped) == model
        assert judges.schema_accepts(json.dumps(model.model_dump(mode="json")))


@pytest.mark.parametrize(("field", "raw", "accepted"), EDGES, ids=[f"{f}={r[:24]}" for f, r, _ in EDGES])
def test_validate_decides_each_edge_the_same(engine: Engine, field: str, raw: str, accepted: bool) -> None:
    """`codegen validate` (orjson, jsonschema-rs) reaches the same verdict on every edge."""
    assert (engine.check(_text(field, raw).encode()) == ()) is accepted


def test_json_integers_stay_exact_ints(judges: Judges) -> None:
    """A JSON integer in a number field is held as an exact int and written back digit for digit."""
    model = judges.model_reads(_text("n", HUGE))
    assert model is not None
    assert type(model.n) is int  # type: ignore[attr-defined]
    assert f'"n":{HUGE}' in model.model_dump_json()
    exact = judges.model_reads(_text("n", "9007199254740993"))
    assert exact is not None
    assert exact.n == 9007199254740993  # type: ignore[attr-defined]
    assert pydantic.TypeAdapter(float).validate_json("9007199254740993") == 9007199254740992.0  # what float does


def test_a_value_is_held_as_the_schema_spells_it(judges: Judges) -> None:
    """``1.0`` for const 1 is read as ``1``; an enum value 2.0 is the integer 2."""
    model = judges.model_reads(_text("one", "1.0"))
    assert model is not None
    assert type(model.one) is int  # type: ignore[attr-defined]
    big = judges.model_reads(_text("big", "2.0"))
    assert big is not None
    assert type(big.big) is int  # type: ignore[attr-defined]
    assert big.big == 2  # type: ignore[attr-defined]


def test_python_construction_rejects_booleans_and_strings(judges: Judges) -> None:
    """Python callers get the JSON rules too: True is no number and no 1, "5" no number."""
    model = judges.model
    good = model.model_validate(BASE)
    for field, value in [("n", True), ("n", "1.5"), ("severity", True), ("one", True), ("mixed", True),
                         ("level", 1.5), ("flag", 1), ("n", float("nan")), ("n", float("inf"))]:  # fmt: skip
        with pytest.raises(pydantic.ValidationError):
            model.model_validate({**BASE, field: value})
    assert good.model_validate({**BASE, "one": 1.0}).one == 1  # type: ignore[attr-defined]


def test_plain_pydantic_types_would_disagree() -> None:
    """Why the wire types exist: Literal takes true for 1, lax float takes "1.5", Field(ge) bounds run in Python."""
    assert pydantic.TypeAdapter(Literal[1]).validate_json("true") == 1
    assert pydantic.TypeAdapter(Literal[True]).validate_json("1") is True
    assert pydantic.TypeAdapter(float).validate_json('"1.5"') == 1.5
    exact = pydantic.TypeAdapter(Annotated[Literal[1], JSON_EQUAL])
    with pytest.raises(pydantic.ValidationError):
        exact.validate_json("true")
    number = pydantic.TypeAdapter(JsonNumber)
    with pytest.raises(pydantic.ValidationError):
        number.validate_json('"1.5"')


def test_bounds_live_in_the_core_schema() -> None:
    """Each bound marker writes an exact integer bound and a double bound into the union's two branches."""
    adapter = pydantic.TypeAdapter(
        Annotated[JsonNumber, ExclusiveMinimum[0.5], Maximum[2.5], Minimum[0], ExclusiveMaximum[3]]
    )
    schema = adapter.core_schema
    assert schema["type"] == "union"
    integers, doubles = schema["choices"]
    assert (integers["ge"], integers["le"], integers["lt"]) == (1, 2, 3)  # type: ignore[index]
    assert (doubles["gt"], doubles["le"], doubles["ge"], doubles["lt"]) == (0.5, 2.5, 0, 3)  # type: ignore[index]
    # An integer bound no double holds: the float branch gets the nearest double on the right side.
    far = pydantic.TypeAdapter(Annotated[JsonNumber, Maximum[2**60 + 1]]).core_schema
    assert far["choices"][1]["le"] == float(2**60)  # type: ignore[index]


def test_read_ijson_reads_numbers_as_the_schema_side_does() -> None:
    """The proof's reader keeps integers exact and doubles nearest, and refuses a number past the double range."""
    assert read_ijson(HUGE) == int(HUGE)
    assert read_ijson("0.1000000000000000000001") == 0.1
    with pytest.raises(ValueError, match="double"):
        read_ijson("1e400")


def test_a_number_a_duplicate_key_hides_is_not_read(judges: Judges) -> None:
    """``1e400`` replaced by a later duplicate is read by neither side; the last one is refused by both."""
    good = json.dumps(BASE)[:-1]
    hidden = good.replace('"n": 1.5', '"n": 1e400, "n": 1.5') + "}"
    last = good + ', "n": 1e400}'
    assert judges.schema_accepts(hidden)
    assert judges.model_reads(hidden) is not None
    assert not judges.schema_accepts(last)
    assert judges.model_reads(last) is None


def _proof_context(folder: Path) -> tuple[Values, dict[str, Any]]:
    files = load_folder(folder / "schemas")
    resolver = Resolver([(file.path, file.uri, file.document) for file in files])
    return Values(resolver, files[0].uri), files[0].document


def test_recursive_values_stay_finite_and_valid(folder: Path, judges: Judges) -> None:
    """The proof's values for a self-referencing chain are drawn quickly, nest, and are all accepted."""
    ctx, document = _proof_context(folder)
    depths: list[int] = []

    def depth(value: Any) -> int:
        return 0 if not isinstance(value, dict) else 1 + depth(value.get("next"))

    @settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    @given(st.data())
    def draw(data: st.DataObject) -> None:
        payload = data.draw(ctx.values(document))
        depths.append(depth(payload.get("head")))
        assert judges.schema_accepts(json.dumps(payload))

    started = time.perf_counter()
    draw()
    assert time.perf_counter() - started < 60
    assert max(depths) >= 2  # the chain really nests


def test_mutants_reach_fields_behind_nullable_references(folder: Path) -> None:
    """``_declared`` follows a nullable reference, so the proof mutates the fields of the nested objects too."""
    ctx, document = _proof_context(folder)
    payload = {**BASE, "head": {"value": 1, "next": {"value": 2}}}
    paths = {path: set(declared) for path, declared in _declared(ctx, document, payload, ())}
    assert paths[("head",)] == {"value", "next"}
    assert paths[("head", "next")] == {"value", "next"}


def test_family_dtos_use_these_constructs() -> None:
    """The family's RiskEvent and StrategyDirective carry numbers, const, value enums and nullable references."""
    family = ROOT / "examples" / "family"
    risk = json.loads((family / "risk_event.schema.json").read_text())
    directive = json.loads((family / "strategy_directive.schema.json").read_text())
    assert risk["properties"]["severity"]["type"] == "number"
    assert "const" in risk["properties"]["schema_version"]
    assert risk["properties"]["level"]["enum"] == [1, 2, 3]
    assert risk["properties"]["limits"]["type"] == "object"
    assert directive["properties"]["parent"]["anyOf"][0] == {"$ref": "#"}
    assert directive["properties"]["order"]["anyOf"][0] == {"$ref": "order.schema.json"}


def test_recursive_family_directive_round_trips(tmp_path: Path) -> None:
    """A directive chain of three reads, dumps and reads back equal; a parent with an unknown field is rejected."""
    shutil.copytree(ROOT / "examples" / "family", tmp_path / "schemas")
    assert run_codegen("generate", "--out", "family_models_recursion", cwd=tmp_path).returncode == 0
    package = _import_package(tmp_path / "family_models_recursion")
    files = {file.module: file for file in load_folder(tmp_path / "schemas")}
    model = root_model(files["strategy_directive"], package)
    top = {"directive_id": "DIR_00000000", "action": "OPEN", "weight": 1}
    chain = {"directive_id": "DIR_00000002", "action": "HEDGE", "weight": 0.5,
             "parent": {"directive_id": "DIR_00000001", "action": "CLOSE", "weight": 0, "parent": top}}  # fmt: skip
    read = model.model_validate_json(json.dumps(chain))
    assert read.parent.parent.weight == 1  # type: ignore[attr-defined]
    assert model.model_validate_json(read.model_dump_json()) == read
    with pytest.raises(pydantic.ValidationError):
        model.model_validate_json(json.dumps({**chain, "parent": {**top, "extra": 1}}))


NESTED: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Nest",
    "type": "object",
    "additionalProperties": False,
    "required": ["a", "b"],
    "properties": {
        "a": {
            "type": "object",
            "additionalProperties": False,
            "required": ["limits"],
            "properties": {"limits": {**{"type": "object", "additionalProperties": False}, "required": ["x"],
                                      "properties": {"x": {"type": "integer"}}}},
        },
        "b": {
            "type": "object",
            "additionalProperties": False,
            "required": ["limits"],
            "properties": {"limits": {"type": "object", "additionalProperties": False, "required": ["y"],
                                      "properties": {"y": {"type": "string"}}}},
        },
        "limits": {"type": ["object", "null"], "additionalProperties": False,
                   "properties": {"z": {"type": "boolean", "default": False}}},
    },
    "x-version": "1.0.0",
}  # fmt: skip


def test_inline_objects_become_classes_and_prove(tmp_path: Path) -> None:
    """Inline objects (three named 'limits', one nullable) each get their own class, and the proof holds."""
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "nest.schema.json").write_text(json.dumps(NESTED))
    assert run_codegen("generate", cwd=tmp_path).returncode == 0
    source = (tmp_path / "generated" / "nest.py").read_text()
    assert len(re.findall(r"^class Limits\w*\(WireModel\)", source, flags=re.MULTILINE)) == 3
    proof = run_codegen("prove", cwd=tmp_path)
    assert proof.returncode == 0, proof.stdout + proof.stderr
    assert re.search(r"ok nest \(Nest\): \d{4,} payloads", proof.stdout)


@pytest.mark.parametrize(
    ("raw", "held", "kind"),
    [
        ("7", 7, None),
        ("7.0", 7, None),
        ("1e3", 1000, None),
        ("1e300", int(1e300), None),  # past 64 bits: the one branch that calls Python
        ("12345678901234567890123", 12345678901234567890123, None),
        ("-5", None, "greater_than_equal"),
        ("-5.0", None, "greater_than_equal"),
        ("3.5", None, "int_from_float"),
        ('"3"', None, "int_type"),
        ("true", None, "int_type"),
        ("null", None, "int_type"),
        ("[1]", None, "int_type"),
    ],
)
def test_a_json_integer_is_read_with_one_clear_error(raw: str, held: int | None, kind: str | None) -> None:
    """JsonInt holds an exact int for every JSON number with no fraction, and reports one error, of the right kind."""
    adapter = pydantic.TypeAdapter(Annotated[JsonInt, AtLeast[1]])
    if kind is None:
        value = adapter.validate_json(raw)
        assert type(value) is int
        assert value == held
        return
    with pytest.raises(pydantic.ValidationError) as caught:
        adapter.validate_json(raw)
    assert [error["type"] for error in caught.value.errors()] == [kind]
