"""A real consumer: a FastAPI app that takes and returns ExecutionPlan, judged over the whole case corpus.

FastAPI parses a request body itself (``json.loads``) and validates the parsed value in
Python mode, serializes the response with the model's own serializer, and publishes
``model_json_schema()`` in its OpenAPI document. Each of those must keep the schema's
contract: the same verdict on every case as the hand-written schema, a 422 that names
the field and the rule, a response the schema accepts, and an OpenAPI document whose
ExecutionPlan schema judges every case as the hand-written one does.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.testclient import TestClient
from pydantic import ValidationError

from codegen.proof.judges import NotJson, read_ijson
from codegen.schema.ecma import ecma_validator
from generated import ExecutionPlan
from tests.helpers import SCHEMAS

CASES = sorted((Path(__file__).parent / "cases").rglob("*.json"))
SCHEMA = json.loads((SCHEMAS / "execution_plan.schema.json").read_text(encoding="utf-8"))
HAND_WRITTEN = ecma_validator(SCHEMA)
PLAN = {"plan_id": "EXP_20251201_143450_pqr901", "action": "EXECUTE_TRADE"}

app = FastAPI()


@app.post("/plans", response_model=ExecutionPlan)
def accept(plan: ExecutionPlan) -> ExecutionPlan:
    """Echo the plan, as a service that stores and returns it would."""
    return plan


@app.post("/plans/raw", response_model=ExecutionPlan)
async def accept_raw(request: Request) -> ExecutionPlan:
    """The README's recipe for every text: the body's bytes through ``model_validate_json``, a 422 on failure."""
    try:
        return ExecutionPlan.model_validate_json(await request.body())
    except ValidationError as error:
        # Without the input: a value that is not JSON (NaN) could not be echoed in the 422.
        raise RequestValidationError(error.errors(include_input=False, include_url=False)) from None


@pytest.fixture(scope="module")
def client() -> TestClient:
    """A test client of the app."""
    return TestClient(app)


def _post(client: TestClient, body: bytes) -> Any:
    return client.post("/plans", content=body, headers={"content-type": "application/json"})


def _case_value(case: Path) -> Any | None:
    """The I-JSON value of a case, or None for a text that is not I-JSON (the schema side rejects those)."""
    try:
        return read_ijson(case.read_bytes())
    except NotJson:
        return None


def test_corpus_gets_the_schemas_verdict_through_the_app(client: TestClient) -> None:
    """Every I-JSON case is answered 200 iff the hand-written schema accepts it, and 200 only with a valid body."""
    judged = 0
    for case in CASES:
        value = _case_value(case)
        if value is None:
            continue
        response = _post(client, case.read_bytes())
        accepted = HAND_WRITTEN.is_valid(value)
        assert response.status_code == (200 if accepted else 422), (case.name, response.text[:300])
        if accepted:
            assert HAND_WRITTEN.is_valid(response.json()), case.name
            assert response.json() == json.loads(ExecutionPlan.model_validate_json(case.read_bytes()).model_dump_json())
        judged += 1
    assert judged >= 100


def test_a_text_that_is_not_ijson_is_never_answered_200() -> None:
    """NaN, Infinity, 1e400, a lone surrogate: FastAPI's ``json.loads`` reads them, but no plan comes back.

    The model refuses each non-finite number in Python mode too; FastAPI then fails to
    write its 422 (it echoes the input, which is not JSON) and answers 500, as it does for
    a lone surrogate it cannot encode (see the README: read such bodies as bytes and call
    ``model_validate_json`` to answer them with a 422).
    """
    client = TestClient(app, raise_server_exceptions=False)
    texts = [case for case in CASES if _case_value(case) is None]
    assert len(texts) >= 5
    for case in texts:
        assert _post(client, case.read_bytes()).status_code != 200, case.name


def test_a_bad_decimal_gets_a_422_naming_the_field_and_the_pattern(client: TestClient) -> None:
    """``max_slippage_pct: "abc"`` fails at that field with the pattern rule (pydantic's own schema accepts it)."""
    response = _post(client, json.dumps({**PLAN, "max_slippage_pct": "abc"}).encode())
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["loc"] == ["body", "max_slippage_pct"]
    assert error["type"] == "string_pattern_mismatch"
    assert "^(?:0(?:\\.[0-9]+)?|1(?:\\.0+)?)$" in error["msg"]


@pytest.mark.parametrize(
    ("value", "rule"),
    [(0, "greater_than_equal"), (1.5, "int_from_float"), ("2", "int_type"), (True, "int_type")],
)
def test_a_bad_integer_gets_a_422_naming_the_rule(client: TestClient, value: Any, rule: str) -> None:
    """An integer field out of range, fractional, a string or a boolean: 422 at the field, with its rule."""
    response = _post(client, json.dumps({**PLAN, "chunk_count_hint": value}).encode())
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert (error["loc"], error["type"]) == (["body", "chunk_count_hint"], rule)


def test_python_mode_reads_a_parsed_body_as_json_mode_does(client: TestClient) -> None:
    """``1.0`` is the integer 1 and ``"0.0100"`` keeps its notation, through FastAPI's own parse."""
    body = {**PLAN, "chunk_count_hint": 1.0, "max_slippage_pct": "0.0100"}
    response = _post(client, json.dumps(body).encode())
    assert response.status_code == 200, response.text
    assert response.json()["chunk_count_hint"] == 1
    assert isinstance(response.json()["chunk_count_hint"], int)
    assert response.json()["max_slippage_pct"] == "0.0100"


def test_a_small_decimal_is_answered_in_plain_notation(client: TestClient) -> None:
    """``"0.0000001"`` comes back as written (``str(Decimal)`` would give ``1E-7``, which the schema rejects)."""
    response = _post(client, json.dumps({**PLAN, "max_slippage_pct": "0.0000001"}).encode())
    assert response.json()["max_slippage_pct"] == "0.0000001"
    assert HAND_WRITTEN.is_valid(response.json())


def _openapi_plan_validator(client: TestClient) -> Any:
    document = client.get("/openapi.json").json()
    # The served document is the root; its components hold the refs' targets.
    return ecma_validator({"$ref": "#/components/schemas/ExecutionPlan", "components": document["components"]})


def test_the_openapi_document_carries_the_hand_written_constraints(client: TestClient) -> None:
    """The served ExecutionPlan schema has the decimal pattern, the integer bound, descriptions and defaults."""
    schema = client.get("/openapi.json").json()["components"]["schemas"]["ExecutionPlan"]
    for name, hand_written in SCHEMA["properties"].items():
        served = schema["properties"][name]
        for keyword in ("pattern", "minimum", "minLength", "default", "description"):
            assert served.get(keyword) == hand_written.get(keyword), (name, keyword)
    assert schema["additionalProperties"] is False
    assert sorted(schema["required"]) == sorted(SCHEMA["required"])


def test_the_openapi_schema_judges_the_corpus_as_the_hand_written_one(client: TestClient) -> None:
    """Every case (and the issue's two examples) gets the same verdict from the served schema."""
    served = _openapi_plan_validator(client)
    values = [value for case in CASES if (value := _case_value(case)) is not None]
    values += [{**PLAN, "max_slippage_pct": "abc"}, {**PLAN, "chunk_count_hint": 0}]
    for value in values:
        assert served.is_valid(value) == HAND_WRITTEN.is_valid(value), value
    assert not served.is_valid(values[-1])
    assert not served.is_valid(values[-2])


def test_the_raw_body_recipe_answers_every_case_as_the_schema_does(client: TestClient) -> None:
    """Read as bytes, every case (the non-I-JSON ones too) is 200 iff the schema accepts it, else a 422."""
    for case in CASES:
        value = _case_value(case)
        accepted = value is not None and HAND_WRITTEN.is_valid(value)
        response = client.post("/plans/raw", content=case.read_bytes(), headers={"content-type": "application/json"})
        assert response.status_code == (200 if accepted else 422), (case.name, response.text[:300])
        if not accepted:
            assert response.json()["detail"], case.name
