"""Arrays, tuples, maps and free JSON: each edge judged by the schema and by a generated model, and the dumps.

One small schema holds every construct; it is generated into a scratch project as
the package ``collections_pkg`` and imported here. Each case is a JSON text with the
verdict both judges must give (the schema's through the proof's reader and the ECMA
validator, the model's through ``model_validate_json``); an accepted text's dumps
must be schema-valid and read back equal.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pydantic
import pytest

from codegen.proof.judges import Judges
from codegen.runtime.arrays import first_duplicate, json_key
from codegen.schema.ecma import ecma_validator
from tests.helpers import generated_class, run_codegen, run_python

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Holder",
    "type": "object",
    "additionalProperties": False,
    "required": ["counts"],
    "properties": {
        "counts": {"type": "array", "items": {"type": "integer"}, "minItems": 1, "maxItems": 3},
        "ids": {
            "type": "array",
            "items": {"type": "string", "pattern": "^E[0-9]$"},
            "uniqueItems": True,
            "default": [],
        },
        "steps": {"type": "array", "items": {"type": "integer"}, "uniqueItems": True, "default": []},
        "flags": {"type": ["array", "null"], "items": {"type": "boolean"}, "uniqueItems": True, "default": None},
        "pair": {
            "type": ["array", "null"],
            "prefixItems": [{"type": "string", "pattern": "^P[0-9]$"}, {"type": "integer"}],
            "items": False,
            "minItems": 2,
            "maxItems": 2,
            "default": None,
        },
        "tags": {
            "type": "object",
            "propertyNames": {"pattern": "^[a-z]+$", "maxLength": 5},
            "additionalProperties": {"type": "string", "minLength": 1},
            "maxProperties": 2,
            "default": {},
        },
        "extra": {"type": ["object", "null"], "additionalProperties": True, "x-free-json": True, "default": None},
    },
    "x-version": "1.0.0",
}

# (name, JSON text of the payload, whether the schema accepts it)
CASES: list[tuple[str, str, bool]] = [
    ("one item", '{"counts": [1]}', True),
    ("no item, one too few", '{"counts": []}', False),
    ("three items", '{"counts": [1, 2, 3]}', True),
    ("four items, one too many", '{"counts": [1, 2, 3, 4]}', False),
    ("an integral float is an integer item", '{"counts": [1.0]}', True),
    ("a string item", '{"counts": ["1"]}', False),
    ("a boolean item", '{"counts": [true]}', False),
    ("an array is not an object", '{"counts": {"0": 1}}', False),
    ("a pattern per item", '{"counts": [1], "ids": ["E1", "E2"]}', True),
    ("an item failing the pattern", '{"counts": [1], "ids": ["E1", "X2"]}', False),
    ("a duplicate string", '{"counts": [1], "ids": ["E1", "E1"]}', False),
    ("1 and 1.0 are one JSON value", '{"counts": [1], "steps": [1, 1.0]}', False),
    ("1 and 2.0 differ", '{"counts": [1], "steps": [1, 2.0]}', True),
    ("2**53 + 1 and 2**53 differ", '{"counts": [1], "steps": [9007199254740993, 9007199254740992.0]}', True),
    ("a big integer twice", '{"counts": [1], "steps": [123456789012345678901, 123456789012345678901]}', False),
    ("true and false differ", '{"counts": [1], "flags": [true, false]}', True),
    ("true twice", '{"counts": [1], "flags": [true, true]}', False),
    ("1 is no boolean", '{"counts": [1], "flags": [true, 1]}', False),
    ("a nullable unique array's null", '{"counts": [1], "flags": null}', True),
    ("a pair", '{"counts": [1], "pair": ["P1", 2]}', True),
    ("a pair with an integral float", '{"counts": [1], "pair": ["P1", 2.0]}', True),
    ("half a pair", '{"counts": [1], "pair": ["P1"]}', False),
    ("a pair and one more", '{"counts": [1], "pair": ["P1", 2, 3]}', False),
    ("a pair in the wrong order", '{"counts": [1], "pair": [2, "P1"]}', False),
    ("a pair failing its pattern", '{"counts": [1], "pair": ["Q1", 2]}', False),
    ("two tags", '{"counts": [1], "tags": {"desk": "rates", "eu": "x"}}', True),
    ("three tags, one too many", '{"counts": [1], "tags": {"a": "x", "b": "x", "c": "x"}}', False),
    ("a key failing propertyNames' pattern", '{"counts": [1], "tags": {"Desk": "rates"}}', False),
    ("a key past propertyNames' maxLength", '{"counts": [1], "tags": {"abcdef": "x"}}', False),
    ("the empty key", '{"counts": [1], "tags": {"": "x"}}', False),
    ("a value failing its minLength", '{"counts": [1], "tags": {"desk": ""}}', False),
    ("a value of the wrong kind", '{"counts": [1], "tags": {"desk": 1}}', False),
    ("a key twice, the last value bad", '{"counts": [1], "tags": {"desk": "x", "desk": 1}}', False),
    ("a key twice, the first value bad", '{"counts": [1], "tags": {"desk": 1, "desk": "x"}}', True),
    ("a key twice is one entry", '{"counts": [1], "tags": {"a": "x", "b": "x", "a": "y"}}', True),
    ("free JSON, nested", '{"counts": [1], "extra": {"a": [1, 1.5, "s", null, true, {"b": []}]}}', True),
    ("free JSON keeps a big integer", '{"counts": [1], "extra": {"seq": 123456789012345678901234567890}}', True),
    ("free JSON: past the double range is not I-JSON", '{"counts": [1], "extra": {"x": 1e400}}', False),
    ("free JSON: NaN is not JSON", '{"counts": [1], "extra": {"x": NaN}}', False),
    ("free JSON is an object", '{"counts": [1], "extra": [1]}', False),
]


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> Iterator[type[pydantic.BaseModel]]:
    """The generated Holder model, imported from a scratch project."""
    folder = tmp_path_factory.mktemp("collections")
    with generated_class(folder, {"holder.schema.json": SCHEMA}, "collections_pkg", "holder.Holder") as holder:
        yield holder


@pytest.fixture(scope="module")
def judges(model: type[pydantic.BaseModel]) -> Judges:
    """The schema's validator and the model, as the proof pairs them."""
    return Judges(ecma_validator(SCHEMA), model)


@pytest.mark.parametrize(("name", "text", "accepted"), CASES, ids=[case[0] for case in CASES])
def test_schema_and_model_agree_on_each_edge(judges: Judges, name: str, text: str, accepted: bool) -> None:
    """Both judges give the expected verdict, and an accepted payload's dumps are valid and read back equal."""
    assert judges.schema_accepts(text) is accepted
    read = judges.model_reads(text)
    assert (read is not None) is accepted
    if read is not None:
        for dumped in (read.model_dump_json(), json.dumps(read.model_dump(mode="json"))):
            assert judges.schema_accepts(dumped), dumped
            assert judges.model_reads(dumped) == read


def test_python_equality_is_not_json_equality() -> None:
    """Python's set merges 1, 1.0 and True, so a set-typed field (the generator's uniqueItems option) would be wrong."""
    merged = {1, 1.0, True}  # noqa: B033 (the point: Python keeps one of them)
    assert len(merged) == 1
    assert json_key(1) == json_key(1.0)
    assert json_key(1) != json_key(True)
    assert json_key({"a": [1, {"b": None}]}) == json_key({"a": [1.0, {"b": None}]})
    assert json_key([1, 2]) != json_key([2, 1])
    assert first_duplicate([1, True, 1.0]) == (0, 2)
    assert first_duplicate([0, False, "0"]) is None


def test_generator_is_told_to_keep_a_list_not_a_set(tmp_path: Path) -> None:
    """uniqueItems becomes a marked list field on a UniqueItemsModel, never set[...] (order and JSON equality)."""
    shutil.copytree(Path(__file__).parent.parent / "examples" / "family", tmp_path / "schemas")
    assert run_codegen("generate", cwd=tmp_path).returncode == 0
    source = (tmp_path / "generated" / "causality_chain.py").read_text()
    assert "class CausalityChain(UniqueItemsModel):" in source
    assert '"x-unique-items": True' in source
    assert "set[" not in source
    assert "list[JsonInt]" in source  # the item keeps its wire type
    assert "max_length=50" in source
    assert "min_length=1" in source


def test_python_callers_pass_any_sequence_and_get_lists(model: type[pydantic.BaseModel]) -> None:
    """A tuple is accepted for an array (held as a list), a str is not; a model holding a list is not hashable."""
    held = model(counts=(1, 2), pair=["P1", 2], tags={"a": "x"})
    assert held.counts == [1, 2]  # type: ignore[attr-defined]
    assert held.pair == ("P1", 2)  # type: ignore[attr-defined]
    with pytest.raises(pydantic.ValidationError):
        model(counts="12")
    with pytest.raises(pydantic.ValidationError):
        model(counts=[1], ids=["E1", "E1"])
    with pytest.raises(TypeError):
        hash(held)


def test_free_json_refuses_what_is_not_json_from_python(model: type[pydantic.BaseModel]) -> None:
    """NaN, a tuple, bytes and non-string keys are not JSON values, so Python callers cannot put them in free JSON."""
    for extra in ({"x": float("nan")}, {"x": (1, 2)}, {"x": b"1"}, {1: "x"}, {"x": float("inf")}):
        with pytest.raises(pydantic.ValidationError):
            model(counts=[1], extra=extra)
    kept = model(counts=[1], extra={"x": [1, 1.0, "1", True]})
    assert json.loads(kept.model_dump_json())["extra"] == {"x": [1, 1.0, "1", True]}
    assert '"extra":{"x":[1,1.0,"1",true]}' in kept.model_dump_json()


# A map in a $defs alias (pydantic keeps it in its table of definitions), in an array's
# items, and inside a record that is itself a map's value.
SHELF: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Shelf",
    "type": "object",
    "additionalProperties": False,
    "required": ["books"],
    "properties": {
        "books": {"type": "array", "items": {"$ref": "#/$defs/Counts"}, "maxItems": 3},
        "main": {"$ref": "#/$defs/Counts", "default": {}},
        "rooms": {
            "type": "object",
            "propertyNames": {"pattern": "^[a-z]+$"},
            "additionalProperties": {"$ref": "#/$defs/Room"},
            "default": {},
        },
    },
    "$defs": {
        "Counts": {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0}, "maxProperties": 2},
        "Room": {
            "type": "object",
            "additionalProperties": False,
            "required": ["seats"],
            "properties": {"seats": {"$ref": "#/$defs/Counts"}},
        },
    },
    "x-version": "1.0.0",
}

# (name, JSON text, the map values the schema reads, or None where it rejects the text)
REPEATED: list[tuple[str, str, Any]] = [
    ("the first value bad, the last good", '{"books": [{"a": -1, "a": 1}]}', {"books": [{"a": 1}]}),
    ("the first value good, the last bad", '{"books": [{"a": 1, "a": -1}]}', None),
    ("a key given twice counts once", '{"books": [{"a": 1, "b": 2, "a": 3}]}', {"books": [{"a": 3, "b": 2}]}),
    ("a bad type hidden in an alias's map", '{"books": [], "main": {"a": "x", "a": 2}}', {"main": {"a": 2}}),
    (
        "a record hidden by its map key, then a map inside it",
        '{"books": [], "rooms": {"r": {"seats": {"a": -5}}, "r": {"seats": {"b": 1, "b": 2}}}}',
        {"rooms": {"r": {"seats": {"b": 2}}}},
    ),
    ("the last record's map bad", '{"books": [], "rooms": {"r": {"seats": {"a": 5, "a": -5}}}}', None),
    ("a bad key given twice", '{"books": [], "rooms": {"R": {"seats": {}}, "R": {"seats": {}}}}', None),
]


@pytest.fixture(scope="module")
def shelf(tmp_path_factory: pytest.TempPathFactory) -> Iterator[type[pydantic.BaseModel]]:
    """The generated Shelf model, imported from a scratch project."""
    with generated_class(
        tmp_path_factory.mktemp("shelf"), {"shelf.schema.json": SHELF}, "shelf_pkg", "shelf.Shelf"
    ) as shelf:
        yield shelf


@pytest.mark.parametrize(("name", "text", "read"), REPEATED, ids=[case[0] for case in REPEATED])
def test_a_repeated_map_key_keeps_its_last_value_as_the_schema_reads_it(
    shelf: type[pydantic.BaseModel], name: str, text: str, read: Any
) -> None:
    """Only the last of a key's values is judged and held, wherever the map is (codegen.runtime.maps)."""
    judges = Judges(ecma_validator(SHELF), shelf)
    assert judges.schema_accepts(text) is (read is not None)
    model = judges.model_reads(text)
    if read is None:
        assert model is None
        return
    assert model is not None
    dumped = json.loads(model.model_dump_json())
    assert {key: dumped[key] for key in read} == read
    assert judges.schema_accepts(model.model_dump_json())


# Maps of the wire types a map may hold, whose JSON branch now reads a Python value (codegen.runtime.maps);
# a decimal is refused as a map value.
STAMPS: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Stamps",
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "at": {"type": "object", "additionalProperties": {"type": "string", "format": "date-time"}, "default": {}},
        "ids": {"type": "object", "additionalProperties": {"type": "string", "format": "uuid"}, "default": {}},
        "n": {"type": "object", "additionalProperties": {"type": "number", "minimum": 0}, "default": {}},
        "e": {"type": "object", "additionalProperties": {"enum": ["A", "B", 1]}, "default": {}},
    },
    "x-version": "1.0.0",
}
STAMP_VALUES = {
    "at": ('"nope"', '"2025-01-01T12:00:00+01:00"', '"2025-02-30T00:00:00Z"'),
    "ids": ('"x"', '"123e4567-e89b-12d3-a456-426614174000"', '"123E4567-E89B-12D3-A456-42661417400"'),
    "n": ("-1", "1e2", "true"),
    "e": ("2", "1.0", '"C"'),
}  # per map: a bad value, a good one, another bad one


@pytest.mark.parametrize("member", sorted(STAMP_VALUES))
def test_every_wire_type_in_a_map_is_judged_by_its_last_value(tmp_path: Path, member: str) -> None:
    """A key given twice in a map of date-times, uuids, numbers or enum values: the last value decides."""
    bad, good, worse = STAMP_VALUES[member]
    with generated_class(tmp_path, {"stamps.schema.json": STAMPS}, f"stamps_{member}", "stamps.Stamps") as stamps:
        judges = Judges(ecma_validator(STAMPS), stamps)
        for first, last, accepted in ((bad, good, True), (good, worse, False), (good, good, True)):
            text = f'{{"{member}": {{"k": {first}, "k": {last}}}}}'
            assert judges.schema_accepts(text) is accepted, text
            read = judges.model_reads(text)
            assert (read is not None) is accepted, text
            if read is not None:
                assert judges.schema_accepts(read.model_dump_json()), text
                assert judges.model_reads(read.model_dump_json()) == read, text


def test_a_map_keeps_its_errors_and_its_python_input(shelf: type[pydantic.BaseModel]) -> None:
    """A map's errors keep their places and JSON wording; Python input and a subclass's JSON Schema are as before."""
    with pytest.raises(pydantic.ValidationError) as caught:
        shelf.model_validate_json('{"books": [{"a": true}], "rooms": [], "main": {"a": 1, "b": 2, "c": 3}}')
    found = {(error["type"], error["loc"]): error["msg"] for error in caught.value.errors()}
    assert set(found) == {("int_type", ("books", 0, "a")), ("dict_type", ("rooms",)), ("too_long", ("main",))}
    assert found["dict_type", ("rooms",)] == "Input should be an object"
    assert shelf.model_validate({"books": [{"a": 1}]}).books == [{"a": 1}]  # type: ignore[attr-defined]
    with pytest.raises(pydantic.ValidationError):
        shelf.model_validate({"books": [{"a": "1"}]})

    class Sub(shelf):  # type: ignore[valid-type, misc]  # a class the package does not name: pydantic's own schema
        pass

    counts = Sub.model_json_schema()["$defs"]["Counts"]
    assert counts == {
        "type": "object",
        "additionalProperties": {"type": "integer", "minimum": 0},
        "maxProperties": 2,
    }


def test_docs_name_arrays_tuples_maps_and_free_json_by_what_they_hold() -> None:
    """The family's pages say "array of", "tuple of", "map of" and "JSON object", with item and key constraints."""
    from codegen.generation.docs import render_page  # noqa: PLC0415
    from codegen.schema.loading import load_folder  # noqa: PLC0415

    pages = {
        schema.module: render_page(schema)
        for schema in load_folder(Path(__file__).parent.parent / "examples" / "family")
    }
    assert (
        "| `orders` | array of [`order.schema.json`](order.md) | yes | — | items >= `1`; items <= `100` |"
        in pages["execution_batch"]
    )
    chain = pages["causality_chain"]
    assert "array of `string` | yes | — | items >= `1`; items <= `50`; items unique (JSON equality); each item" in chain
    assert "array of tuple of (`string`, `string`)" in chain
    envelope = pages["platform_envelope"]
    assert "| `tags` | map of `string` | yes | — | entries <= `16`; key pattern" in envelope
    assert "| `payload` | `JSON object` | yes | — | any JSON value per member |" in envelope


def test_an_id_is_filled_even_when_an_item_alias_follows_the_model(tmp_path: Path) -> None:
    """WireModel reads its field markers once pydantic completes the model, after the aliases further down."""
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Basket",
        "type": "object",
        "additionalProperties": False,
        "required": ["basket_id", "skus"],
        "properties": {
            "basket_id": {"type": "string", "pattern": "^BSK_[0-9]{8}_[0-9]{6}_[0-9a-z]{8}$", "x-id-prefix": "BSK_"},
            "skus": {"type": "array", "items": {"type": "string", "pattern": "^S[0-9]$"}, "uniqueItems": True},
        },
    }
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "basket.schema.json").write_text(json.dumps(schema), encoding="utf-8")
    assert run_codegen("generate", cwd=tmp_path).returncode == 0
    source = (tmp_path / "generated" / "basket.py").read_text()
    assert source.index("class Basket(") < source.index("Sku = TypeAliasType(")  # the alias comes after
    code = (
        "from generated.basket import Basket\n"
        "basket = Basket(skus=['S1'])\n"
        "print(basket.basket_id.startswith('BSK_'))\n"
        "try:\n    Basket(skus=['S1', 'S1'])\nexcept ValueError:\n    print('duplicate refused')\n"
    )
    result = run_python(code, tmp_path)
    assert result.stdout.split() == ["True", "duplicate", "refused"], result.stderr
