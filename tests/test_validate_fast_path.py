"""The NDJSON fast loop for flat schemas: per-block colon counts and bounded numbers, exact as the slow path.

``Engine.flat_fast`` (a closed object of scalars, numeric properties bounded to
(-2**53, 2**53)) judges whole blocks through ``map``; a block's colons must add up
to its members, or the block is judged line by line. These tests put the texts that
orjson reads inexactly into blocks of otherwise valid lines and check every line's
verdict equals ``Engine.check``'s on that line alone.
"""

from __future__ import annotations

from pathlib import Path

import orjson

from codegen.validation import Failure, Tally, validate_paths
from codegen.validation.engine import Engine, flat_numbers, load_schema

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = load_schema("ExecutionPlan", ROOT / "schemas")
ENGINE = Engine(SCHEMA)
VALID = b'{"plan_id": "EXP_20251201_143450_pqr901", "action": "EXECUTE_TRADE"}'


def _line(extra: bytes) -> bytes:
    return VALID[:-1] + b", " + extra + b"}"


TRICKY = [
    _line(b'"action": "CANCEL_ORDER"'),  # a duplicate key: orjson keeps the last value
    _line(b'"chunk_count_hint": 0, "chunk_count_hint": 3'),  # a duplicate whose last value is valid
    _line(b'"preferred_execution_style": "a:b"'),  # a colon inside a string: the block's count is off
    _line(b'"chunk_count_hint": 9007199254740993'),  # past 2**53: outside flat_fast's bound, valid
    _line(b'"chunk_count_hint": 1e20'),  # a float past 2**53, valid (1e20 is an integer)
    _line(b'"chunk_count_hint": 18446744073709551617'),  # past 64 bits: orjson reads a float
    _line(b'"chunk_count_hint": -9007199254740993'),  # below the minimum, exactly
    _line(b'"chunk_count_hint": 2.0'),  # an integral float: valid
    _line(b'"chunk_count_hint": 2.5'),
    b"",  # a blank line: skipped
    b"not json",
    _line(b'"chunk_distribution": ["UNIFORM"]'),  # a container where a scalar belongs: no colon of its own
    _line(b'"preferred_execution_style": {}'),
    b"[1, 2, 3]",  # not an object: no colon, three items
    b'"a:b"',
]


def _verdicts(path: Path) -> dict[int, list[tuple[str, str]]]:
    found: dict[int, list[tuple[str, str]]] = {}
    for event in validate_paths([str(path)], SCHEMA, jobs=1):
        if isinstance(event, Failure):
            for problem in event.problems:
                assert problem.line is not None
                found.setdefault(problem.line, []).append((problem.pointer, problem.keyword))
    return found


def test_execution_plan_is_flat_with_two_numeric_properties() -> None:
    """ExecutionPlan's payloads are objects of scalars; its floats can only be in its two integer properties."""
    assert flat_numbers(SCHEMA.document) == ("max_execution_window_minutes", "chunk_count_hint")
    assert ENGINE.flat_fast is not None


def test_nested_family_schemas_take_the_general_loop() -> None:
    """A schema with nested objects or arrays is not flat: its lines are judged one by one."""
    family = ROOT / "examples" / "family"
    assert flat_numbers(load_schema("ExecutionBatch", family).document) is None
    assert flat_numbers(load_schema("PlatformEnvelope", family).document) is None


def test_every_tricky_line_gets_its_own_verdict_inside_a_block(tmp_path: Path) -> None:
    """Each inexactly read line, set among 500 valid ones, is judged as Engine.check judges it alone."""
    for tricky in TRICKY:
        path = tmp_path / "plans.ndjson"
        path.write_bytes(b"\n".join([VALID] * 250 + [tricky] + [VALID] * 250) + b"\n")
        alone = [(pointer, keyword) for _, pointer, keyword, _ in ENGINE.check(tricky)] if tricky else []
        found = _verdicts(path)
        if tricky.strip() and alone:
            assert found == {251: alone}, tricky
        else:
            assert found == {}, tricky


def _parses(line: bytes) -> bool:
    try:
        orjson.loads(line)
    except orjson.JSONDecodeError:
        return False
    return True


def _colons_are_members(line: bytes) -> bool:
    value = orjson.loads(line)
    return line.count(b":") == (len(value) if isinstance(value, dict) else 0)


def test_tricky_lines_together_in_one_block_get_their_own_verdicts(tmp_path: Path) -> None:
    """Inexact and invalid lines side by side: each line is judged as Engine.check judges it alone.

    Three blocks: every tricky line (one is not JSON, so the block is judged line by
    line); those orjson reads, but not a line the bounded verdict passes with colons to
    spare (a repeated key whose last value is valid, which also sends a block to the
    line-by-line loop), so the colons of each failing line are counted; and those whose
    colons are their objects' members, so none is.
    """
    assert ENGINE.flat_fast is not None
    readable = [line for line in TRICKY if _parses(line)]
    failing = [line for line in readable if _colons_are_members(line) or not ENGINE.flat_fast(orjson.loads(line))]
    for lines in (TRICKY, failing, [line for line in readable if _colons_are_members(line)]):
        path = tmp_path / "plans.ndjson"
        path.write_bytes(b"\n".join(line for tricky in lines for line in (VALID, tricky)) + b"\n")
        alone = {
            2 * index + 2: [(pointer, keyword) for _, pointer, keyword, _ in ENGINE.check(tricky)]
            for index, tricky in enumerate(lines)
            if tricky.strip()
        }
        assert _verdicts(path) == {line: found for line, found in alone.items() if found}


def test_counts_add_up_with_invalid_lines_in_the_block(tmp_path: Path) -> None:
    """Half the lines invalid: the tally counts every payload once, and each invalid line is reported."""
    bad = _line(b'"chunk_count_hint": 0')
    lines = [VALID if index % 2 else bad for index in range(1000)]
    path = tmp_path / "plans.ndjson"
    path.write_bytes(b"\n".join(lines) + b"\n")
    events = list(validate_paths([str(path)], SCHEMA, jobs=1))
    total = Tally()
    for event in events:
        if isinstance(event, Tally):
            total += event
    assert (total.payloads, total.valid, total.invalid) == (1000, 500, 500)
    assert sorted(_verdicts(path)) == list(range(1, 1001, 2))


def test_bounded_verdict_is_a_subset_of_the_exact_one() -> None:
    """flat_fast never accepts what the exact verdict refuses, and refuses numbers past 2**53 that it accepts."""
    assert ENGINE.fast is not None
    assert ENGINE.flat_fast is not None
    for hint in (1, 2**53 - 1, 2**53, 2**64, 10**30, 1e20, 0, -5, None, "1"):
        value = {**orjson.loads(VALID), "chunk_count_hint": hint}
        if ENGINE.flat_fast(value):
            assert ENGINE.fast(value)
    assert ENGINE.fast({**orjson.loads(VALID), "chunk_count_hint": 2**53})
    assert not ENGINE.flat_fast({**orjson.loads(VALID), "chunk_count_hint": 2**53})
