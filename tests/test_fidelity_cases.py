"""The on-disk corpus: for every case, the model agrees with the schema (adding a case = adding a file).

Layout of ``tests/cases``:

* ``valid/<name>.json``: a JSON text that the schema and the model must both accept.
* ``invalid/<name>.json``: a text that both must reject, with a sibling
  ``invalid/<name>.expected`` of two lines:

  1. ``<json pointer> <keyword>``: the RFC 6901 pointer into the payload of the failing
     spot, one space, and the failing JSON Schema keyword (``/plan_id pattern``). The
     keyword is the text after the *last* space; the root's pointer is empty, so the
     line then starts with the space (`` required``). The pseudo-keyword ``json`` means
     the text is not I-JSON at all (see ``tests/oracle.py``).
  2. A human sentence saying why the payload is invalid.

Each invalid case must fail at exactly one spot: every schema error must be at the
expected pointer, and one of them must carry the expected keyword.

The files are read as bytes and handed unchanged to both judges.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generated import ExecutionPlan
from tests.oracle import compare, schema_accepts, schema_accepts_value, schema_errors

CASES = Path(__file__).parent / "cases"
VALID = sorted((CASES / "valid").glob("*.json"))
INVALID = sorted((CASES / "invalid").glob("*.json"))


def _expected(case: Path) -> tuple[str, str, str]:
    """Read ``case``'s ``.expected`` file as (pointer, keyword, reason)."""
    lines = case.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2, f"{case.name}: .expected must have exactly two lines"
    pointer, keyword = lines[0].rsplit(" ", 1)
    return pointer, keyword, lines[1]


def test_corpus_is_large_enough() -> None:
    """The corpus holds both valid and invalid cases, at least 60 payloads in all."""
    assert len(VALID) >= 10
    assert len(INVALID) >= 10
    assert len(VALID) + len(INVALID) >= 60


def test_every_invalid_case_has_its_expected_file() -> None:
    """Each invalid payload has a well-formed ``.expected`` sibling, and no ``.expected`` is orphaned."""
    for case in INVALID:
        assert case.with_suffix(".expected").is_file(), f"{case.name} has no .expected file"
        pointer, keyword, reason = _expected(case)
        assert pointer == "" or pointer.startswith("/"), f"{case.name}: bad pointer {pointer!r}"
        assert keyword, f"{case.name}: no keyword"
        assert reason.strip(), f"{case.name}: no reason"
    orphans = {p.stem for p in (CASES / "invalid").glob("*.expected")} - {p.stem for p in INVALID}
    assert not orphans, f".expected files without a payload: {sorted(orphans)}"
    strays = {p.name for p in CASES.rglob("*") if p.is_file() and p.suffix not in {".json", ".expected"}}
    strays |= {p.name for p in (CASES / "valid").glob("*.expected")}
    assert not strays, f"unexpected files in the corpus: {sorted(strays)}"


@pytest.mark.parametrize("case", VALID, ids=[p.stem for p in VALID])
def test_valid_case_is_accepted_and_round_trips(case: Path) -> None:
    """A valid case is accepted by schema and model, round-trips through JSON, and dumps schema-valid JSON."""
    text = case.read_bytes()
    schema_verdict, model_verdict = compare(text)
    assert schema_verdict, schema_errors(text)
    assert model_verdict, "the schema accepts this payload but the model rejects it"
    plan = ExecutionPlan.model_validate_json(text)
    dumped = plan.model_dump_json()
    assert ExecutionPlan.model_validate_json(dumped) == plan
    assert schema_accepts(dumped), schema_errors(dumped)
    assert schema_accepts_value(plan.model_dump(mode="json"))
    # The dump keeps every field the payload carried, with the same JSON value where
    # the wire value is canonical (strings, booleans, null).
    payload = json.loads(text)
    reread = json.loads(dumped)
    for key, value in payload.items():
        if isinstance(value, str | bool) or value is None:
            assert reread[key] == value, key


@pytest.mark.parametrize("case", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_case_is_rejected_at_the_expected_spot(case: Path) -> None:
    """An invalid case is rejected by the schema at the expected pointer and keyword, and by the model."""
    text = case.read_bytes()
    pointer, keyword, _reason = _expected(case)
    errors = schema_errors(text)
    schema_verdict, model_verdict = compare(text)
    assert not schema_verdict, "the schema accepts this payload"
    assert errors, "the schema reports no error"
    assert {spot for spot, _, _ in errors} == {pointer}, errors
    assert keyword in {kw for _, kw, _ in errors}, errors
    assert not model_verdict, "the schema rejects this payload but the model accepts it"
