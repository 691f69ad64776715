"""Failures explained by jsonschema-rs name the same pointers and keywords as the ECMA validator (the contract).

``Engine.explain`` uses jsonschema-rs's error iterator where its verdict is exact;
``Engine.explain_ecma`` is python-jsonschema with ECMA-262 patterns. Over the whole
case corpus (``tests/cases/``, ``tests/validate_cases/``) and over mutants of every
example of the family in ``examples/family/`` (each value replaced by each near miss
of the family's constructs and by a value of each JSON kind, each key dropped, a key
added), both must give the same (pointer, keyword) list, and every message stays short.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from codegen.proof.payloads import Raw, near_miss_pool, paths_of
from codegen.schema.loading import is_library
from codegen.textsafe import ECHO_LIMIT
from codegen.validation.engine import MESSAGE_LIMIT, Engine, Found, _rust_reads_exactly, load_schema
from codegen.validation.explain import rust_explanations

TESTS = Path(__file__).parent
ROOT = TESTS.parent
FAMILY = ROOT / "examples" / "family"
PLAN = Engine(load_schema("ExecutionPlan", ROOT / "schemas"))


def _read(path: Path) -> Any:
    try:
        return json.loads(path.read_bytes())
    except (ValueError, RecursionError):
        return None


CORPUS = sorted([*(TESTS / "cases").glob("*/*.json"), *(TESTS / "validate_cases").glob("*/*.json")], key=str)
PARSEABLE = [case for case in CORPUS if _read(case) is not None]


def _has_duplicate_keys(case: Path) -> bool:
    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        if len({key for key, _ in items}) != len(items):
            raise KeyError("duplicate")
        return dict(items)

    try:
        json.loads(case.read_bytes(), object_pairs_hook=pairs)
    except KeyError:
        return True
    except ValueError:  # not JSON at all
        return False
    return False


def _places(found: tuple[Found, ...]) -> list[tuple[str, str]]:
    return [(pointer, keyword) for _, pointer, keyword, _ in found]


def _rust(engine: Engine, value: Any) -> tuple[Found, ...]:
    """``Engine.explain``, asserting that jsonschema-rs explained it wherever its reading is exact."""
    assert engine._rust is not None
    if _rust_reads_exactly(value):
        assert rust_explanations(engine._rust.iter_errors(value)) is not None, "an error kind explain.py does not know"
    return engine.explain(value)


@pytest.mark.parametrize("case", PARSEABLE, ids=[f"{p.parent.parent.name}/{p.parent.name}/{p.name}" for p in PARSEABLE])
def test_corpus_explained_at_the_same_places(case: Path) -> None:
    """Each corpus payload the schema rejects gets the ECMA validator's pointers and keywords from jsonschema-rs."""
    value = _read(case)
    ecma = PLAN.explain_ecma(value)
    if not ecma:
        return  # valid for the schema (the corpus's valid half, or rejected only as a text)
    assert _places(_rust(PLAN, value)) == _places(ecma)


def test_the_invalid_cases_keep_their_expected_spot() -> None:
    """``validate`` reports every ``tests/cases/invalid`` payload at its ``.expected`` pointer and keyword."""
    cases = sorted((TESTS / "cases" / "invalid").glob("*.json"))
    assert len(cases) > 50
    for case in cases:
        pointer, keyword = case.with_suffix(".expected").read_text(encoding="utf-8").splitlines()[0].rsplit(" ", 1)
        found = _places(PLAN.check(case.read_bytes()))
        if found == [(pointer, "json")] and _has_duplicate_keys(case):
            continue  # validate refuses duplicate keys as a text, the one place it is stricter than the model
        assert (pointer, keyword) in found, f"{case.name}: {found}"
        assert {spot for spot, _ in found} == {pointer}, f"{case.name}: {found}"


def _replaced(value: Any, path: tuple[str | int, ...], new: Any) -> Any:
    copied = copy.deepcopy(value)
    if not path:
        return new
    holder = copied
    for part in path[:-1]:
        holder = holder[part]
    if new is _DROP:
        del holder[path[-1]]
    else:
        holder[path[-1]] = new
    return copied


_DROP = object()


def _family_mutants(document: dict[str, Any], pool: list[Any]) -> Iterator[Any]:
    for example in document.get("examples", []):
        yield {**example, "not_declared_anywhere": 1}
        for path in paths_of(example):
            if path:
                yield _replaced(example, path, _DROP)
            for new in pool:
                yield _replaced(example, path, new)


# A library file (codegen.schema.loading.is_library) has no root to judge payloads with.
FAMILY_SCHEMAS = sorted(path for path in FAMILY.glob("*.schema.json") if not is_library(json.loads(path.read_text())))


@pytest.mark.parametrize("schema_path", FAMILY_SCHEMAS, ids=[path.name for path in FAMILY_SCHEMAS])
def test_family_mutants_explained_at_the_same_places(schema_path: Path) -> None:
    """Mutants of every family example get the same pointers and keywords from jsonschema-rs and the ECMA validator."""
    documents = [json.loads(path.read_bytes()) for path in FAMILY_SCHEMAS]
    pool = [value for value in near_miss_pool(documents) if not isinstance(value, Raw)]
    engine = Engine(load_schema(schema_path.name, FAMILY))
    invalid = 0
    for mutant in _family_mutants(json.loads(schema_path.read_bytes()), pool):
        ecma = engine.explain_ecma(mutant)
        if not ecma:
            continue
        invalid += 1
        rust = _rust(engine, mutant)
        assert _places(rust) == _places(ecma), json.dumps(mutant)[:500]
        assert all(len(message) <= MESSAGE_LIMIT for _, _, _, message in rust)
    assert invalid > 100


def test_long_values_are_quoted_short() -> None:
    """A 50,000-character value, key or list is quoted in at most 200 characters, saying how much was left out."""
    long = "x" * 50_000
    valid = {"plan_id": "EXP_20251201_143450_pqr901", "action": "EXECUTE_TRADE"}
    for payload in ({**valid, "plan_id": long}, {**valid, long: 1}, {**valid, "action": long}):
        (found,) = _rust(PLAN, payload)
        message = found[3]
        assert "(49,800 more characters)" in message
        assert len(message) < 2 * ECHO_LIMIT + 200
        assert "x" * (ECHO_LIMIT + 1) not in message


def test_messages_read_plainly() -> None:
    """The message names the value, the rule and its limit, in the words the report has always used."""
    valid = {"plan_id": "EXP_20251201_143450_pqr901", "action": "EXECUTE_TRADE"}
    cases = {
        "chunk_count_hint": (0, "0 is less than the minimum of 1"),
        "action": ("execute_trade", "'execute_trade' is not one of ['EXECUTE_TRADE', 'CANCEL_ORDER'"),
        "max_slippage_pct": (0.5, "0.5 is not of type 'string'"),
        "execution_urgency": ("0.5\n", "'0.5\\n' does not match"),
    }
    for field, (value, expected) in cases.items():
        (found,) = _rust(PLAN, {**valid, field: value})
        assert found[1] == f"/{field}"
        assert found[3].startswith(expected), found[3]
    (found,) = _rust(PLAN, {"action": "EXECUTE_TRADE"})
    assert found[1:] == ("", "required", "'plan_id' is a required property")


def test_a_huge_integer_is_explained_exactly() -> None:
    """An integer past 64 bits is judged and explained as its exact value, by either validator."""
    valid = {"plan_id": "EXP_20251201_143450_pqr901", "action": "EXECUTE_TRADE"}
    payload = {**valid, "chunk_count_hint": -(10**30)}
    assert _places(_rust(PLAN, payload)) == _places(PLAN.explain_ecma(payload)) == [("/chunk_count_hint", "minimum")]
    assert PLAN.check(json.dumps(payload).encode())[0][3].startswith(f"{-(10**30)} is less than the minimum of 1")


def _map_engine(folder: Path) -> Engine:
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Steps",
        "type": "object",
        "additionalProperties": {"type": "integer", "multipleOf": 5},
    }
    (folder / "steps.schema.json").write_text(json.dumps(schema), encoding="utf-8")
    return Engine(load_schema("Steps", folder))


def test_keys_jsonschema_rs_would_misplace_are_explained_by_ecma(tmp_path: Path) -> None:
    """An empty key and keys like "01" or "+1" (which jsonschema-rs's paths drop or turn into 1) keep their pointer."""
    engine = _map_engine(tmp_path)
    for key in ("", "01", "+1", "00"):
        payload = {key: "x", "a": 3}
        assert engine._rust is not None
        rust_paths = [list(error.instance_path) for error in engine._rust.iter_errors(payload)]
        assert [key] not in rust_paths  # the binding's own path is not the key's
        found = _places(engine.check(json.dumps(payload).encode()))
        assert found == [("/" + key, "type"), ("/a", "multipleOf")]


def test_a_float_past_2_53_is_judged_by_its_exact_value(tmp_path: Path) -> None:
    """1e308 is no multiple of 5 (int(1e308) % 5 == 1): jsonschema-rs's float division says it is; validate not."""
    engine = _map_engine(tmp_path)
    assert engine.fast is not None
    assert engine.fast({"a": 1e308})  # the inexact verdict this guards against
    assert _places(engine.check(b'{"a": 1e308}')) == [("/a", "multipleOf")]
    assert _places(engine.check(b'{"a": 1e23}')) == [("/a", "multipleOf")]
    assert engine.check(b'{"a": 1e22}') == ()
    assert engine.check(b'{"a": 100000000000000000000000000000}') == ()
