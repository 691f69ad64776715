"""Failures explained again from memory (``codegen.validation.recall``) say exactly what a fresh explanation says.

Payloads are drawn from small pools of valid and invalid member values, so values
repeat as they do in a journal export with a systematic fault, and from strings that
rarely repeat (an id's faults, long notes), which are learnt by shape; each is checked
by an engine that remembers and by one that does not, and the two must give the same
problems, line by line: members remembered alone or beside an unremembered fault, a
missing required member, an unknown key, ``true`` where an integer belongs, floats,
a string failing one, two or none of the keywords its member failed before.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from codegen.errors import SchemaError
from codegen.validation.engine import Engine, load_schema
from codegen.validation.recall import independent_members

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Tick",
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "side", "size"],
    "properties": {
        "id": {"type": "string", "pattern": "^T[0-9]{3}$", "maxLength": 5},
        "side": {"enum": ["BUY", "SELL"]},
        "size": {"type": "integer", "minimum": 1, "maximum": 9},
        "ratio": {"type": "number", "maximum": 1},
        "live": {"type": "boolean"},
        "note": {"type": ["string", "null"], "maxLength": 3},
    },
}
POOLS: dict[str, list[Any]] = {  # containers too: the memory meets them before anything else looks
    "id": ["T001", "T002", "X001", "T1", 7, "T0001x", ["T001"]],
    "side": ["BUY", "SELL", "HOLD", None, ["HOLD"], {}],
    "size": [1, 9, 0, 10, True, 5.0, "3", [1]],
    "ratio": [0.5, 1, 1.5, -0.0, 0.0, 2],
    "live": [True, False, 1, "yes"],
    "note": [None, "ok", "long!", 3, {}],
}
_ABSENT = object()


def _engine(folder: Path) -> Engine:
    (folder / "tick.schema.json").write_text(json.dumps(SCHEMA))
    return Engine(load_schema("Tick", folder))


@pytest.fixture(scope="module")
def engines(tmp_path_factory: pytest.TempPathFactory) -> tuple[Engine, Engine]:
    remembering, fresh = (_engine(tmp_path_factory.mktemp("recall")) for _ in range(2))
    fresh.recall = None
    assert remembering.recall is not None
    # Small memories, so that hypothesis's short runs let members go and learn shapes.
    remembering.recall.size, remembering.recall.longest = 6, 4
    return remembering, fresh


# Strings that seldom repeat: valid ids, ids off the pattern, too long, or both.
_RARE = st.text(alphabet="T0X", min_size=1, max_size=7)
_MEMBERS = {
    name: st.sampled_from([*values, _ABSENT]) | (_RARE if name in ("id", "note") else st.nothing())
    for name, values in POOLS.items()
}
payloads = st.lists(
    st.fixed_dictionaries(_MEMBERS).flatmap(
        lambda drawn: (
            st.just({key: value for key, value in drawn.items() if value is not _ABSENT})
            | st.just({**{key: value for key, value in drawn.items() if value is not _ABSENT}, "extra": 1})
        )
    ),
    min_size=1,
    max_size=60,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(payloads)
def test_recalled_problems_are_the_fresh_ones(engines: tuple[Engine, Engine], batch: list[dict[str, Any]]) -> None:
    """Line by line, the remembering engine reports exactly the problems of an engine without memory."""
    remembering, fresh = engines
    for value in batch:
        line = orjson.dumps(value)
        if remembering.flat_fast is not None and remembering.flat_fast(value):
            continue
        parsed = orjson.loads(line), line.count(b":")
        assert remembering.check(line, parsed) == fresh.check(line, (orjson.loads(line), parsed[1])), value


def test_memory_is_used_where_members_repeat(tmp_path: Path) -> None:
    """A remembered fault is recalled (not explained again), and only when the rest of the object is valid."""
    remembering = _engine(tmp_path)
    bad = {"id": "T002", "side": "HOLD", "size": 2}
    line = orjson.dumps(bad)
    first = remembering.check(line, (bad, line.count(b":")))
    assert remembering.recall is not None
    assert remembering.recall.recall(bad) == first
    assert remembering.recall.recall({**bad, "size": 0}) is None  # another fault beside the remembered one
    assert remembering.recall.recall({"id": "T002", "side": "HOLD"}) is None  # a required member missing


def test_a_repeated_key_is_never_recalled(tmp_path: Path) -> None:
    """A remembered fault in a text that repeats a key is the repeated key's problem, as a fresh engine says."""
    remembering, fresh = _engine(tmp_path), _engine(tmp_path)
    fresh.recall = None
    bad = {"id": "T002", "side": "HOLD", "size": 2}
    line = orjson.dumps(bad)
    assert remembering.check(line, (bad, line.count(b":"))) == fresh.check(line, (bad, line.count(b":")))
    for repeated in (b'{"id": "T002", "side": "HOLD", "side": "HOLD", "size": 2}',
                     b'{"id": "T002", "side": "HOLD", "size": 0, "size": 2}'):  # fmt: skip
        parsed = orjson.loads(repeated), repeated.count(b":")
        found = remembering.check(repeated, parsed)
        assert found == fresh.check(repeated, parsed)
        assert [(pointer, keyword) for _, pointer, keyword, _ in found] in ([("/side", "json")], [("/size", "json")])


@pytest.mark.parametrize(
    ("extra", "independent"),
    [({}, True), ({"if": {"required": ["a"]}, "then": {"required": ["b"]}}, False), ({"minProperties": 2}, False),
     ({"additionalProperties": True}, False), ({"dependentRequired": {"a": ["b"]}}, False),
     # a variant empties or trims a property: nothing may refer into one
     ({"$defs": {"twin": {"$ref": "#/properties/id"}}}, False), ({"$defs": {"t": {"$ref": "#/%70roperties/x"}}}, False),
     ({"$defs": {"any": {"$dynamicRef": "#node"}}}, False), ({"$defs": {"side": {"$ref": "#/$defs/x"}}}, True),
     ({"properties": {**SCHEMA["properties"], "id": {"$anchor": "id", "type": "string"}}}, False)],
)  # fmt: skip
def test_only_schemas_judging_members_one_by_one_are_remembered(extra: dict[str, Any], independent: bool) -> None:
    """Any keyword that looks at the object as a whole turns the memory off."""
    assert independent_members({**SCHEMA, **extra}) is independent


def test_an_id_whose_faults_never_repeat_is_recalled_by_shape(tmp_path: Path) -> None:
    """An id that fails with a new value each time is worded from its shape from the second fault on."""
    remembering = _engine(tmp_path)
    fresh = _engine(tmp_path)
    fresh.recall = None
    for number in range(400):
        bad = {"id": f"X{number:03d}", "side": "HOLD" if number % 2 else "BUY", "size": 1}
        line = orjson.dumps(bad)
        assert remembering.check(line, (bad, line.count(b":"))) == fresh.check(line, (bad, line.count(b":")))
    recall = remembering.recall
    assert recall is not None
    # Explained: the first, and the second (beside HOLD, then a new fault); the others came from the shape.
    assert list(recall.members["id"]) == [(str, "X000"), (str, "X001")]
    assert (str, "HOLD") in recall.members["side"]
    assert list(recall.shapes["id"]) == [("pattern",)]
    new = {"id": "X999", "side": "HOLD", "size": 1}
    assert recall.recall(new) == fresh.check(orjson.dumps(new), (new, 3))  # a fault never seen, by its shape
    assert recall.recall({**new, "id": "X99999"}) is None  # a keyword it never failed (maxLength) fails too


def test_a_member_whose_faults_never_repeat_is_let_go(tmp_path: Path) -> None:
    """A number out of range with a new value each time stops being learnt; what is reported stays the same."""
    remembering = _engine(tmp_path)
    fresh = _engine(tmp_path)
    fresh.recall = None
    for number in range(400):
        bad = {"id": "T001", "side": "HOLD" if number % 2 else "BUY", "size": 10 + number}
        line = orjson.dumps(bad)
        assert remembering.check(line, (bad, line.count(b":"))) == fresh.check(line, (bad, line.count(b":")))
    recall = remembering.recall
    assert recall is not None
    assert "size" in recall.unrepeated
    assert "size" not in recall.members
    assert (str, "HOLD") in recall.members["side"]


def test_long_texts_are_learnt_by_shape_only(tmp_path: Path) -> None:
    """Memory stays small: a long failing string is never kept, and the next one is worded from its keywords."""
    remembering = _engine(tmp_path)
    fresh = _engine(tmp_path)
    fresh.recall = None
    for digit in "98":
        bad = {"id": "T" + digit * 5000, "side": "BUY", "size": 1}
        line = orjson.dumps(bad)
        found = remembering.check(line, (bad, line.count(b":")))
        assert found == fresh.check(line, (bad, line.count(b":")))
        assert [(pointer, keyword) for _, pointer, keyword, _ in found] == [("/id", "maxLength"), ("/id", "pattern")]
        assert all(len(message) < 1000 for *_, message in found)
    assert remembering.recall is not None
    assert "id" not in remembering.recall.members
    assert list(remembering.recall.shapes["id"]) == [("maxLength", "pattern")]


def test_memos_keep_no_long_keys(tmp_path: Path) -> None:
    """A payload with a long unknown key is explained, and its key set is not kept in the engine's memos."""
    engine = _engine(tmp_path)
    bad = {"id": "T001", "side": "BUY", "size": 1, "k" * 100_000: 1}
    line = orjson.dumps(bad)
    found = engine.check(line, (bad, line.count(b":")))
    assert [(pointer, keyword) for _, pointer, keyword, _ in found] == [("", "additionalProperties")]
    assert all(sum(map(len, key)) <= 1024 for key in engine._flat_keys)


def test_a_variant_that_does_not_compile_proves_nothing(tmp_path: Path) -> None:
    """A schema jsonschema-rs refuses (a variant, a keyword alone) recalls nothing: failures are explained as always."""
    engine = _engine(tmp_path)
    assert engine.recall is not None

    def refuse(document: dict[str, Any]) -> Any:
        raise SchemaError(tmp_path, "", "cannot compile")

    engine.recall.compile_verdict = refuse
    bad = {"id": "X002", "side": "HOLD", "size": 2}
    line = orjson.dumps(bad)
    first = engine.check(line, (bad, line.count(b":")))
    assert [(pointer, keyword) for _, pointer, keyword, _ in first] == [("/id", "pattern"), ("/side", "enum")]
    assert engine.recall.recall(bad) is None
    assert engine.check(line, (bad, line.count(b":"))) == first
    assert "id" not in engine.recall.alone  # a keyword not judged alone is no shape (it would match any value)
