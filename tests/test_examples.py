"""The design document's examples, through the schema and the generated model."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from codegen.schema.ecma import ecma_validator
from generated import ExecutionAction, ExecutionPlan

SCHEMA = json.loads((Path(__file__).parent.parent / "schemas" / "execution_plan.schema.json").read_text())
EXAMPLES = SCHEMA["examples"]


@pytest.mark.parametrize("example", EXAMPLES, ids=[e["plan_id"] for e in EXAMPLES])
def test_example_is_valid_for_schema_and_model(example: dict[str, object]) -> None:
    """Each documented example is accepted by the schema and by the model, and round-trips."""
    assert ecma_validator(SCHEMA).is_valid(example)
    plan = ExecutionPlan.model_validate_json(json.dumps(example))
    assert ExecutionPlan.model_validate_json(plan.model_dump_json()) == plan
    assert ecma_validator(SCHEMA).is_valid(plan.model_dump(mode="json"))


def test_high_urgency_example_keeps_decimal_notation() -> None:
    """Decimal fields hold Decimal and serialise with the notation they arrived in."""
    plan = ExecutionPlan.model_validate_json(json.dumps(EXAMPLES[0]))
    assert plan.max_slippage_pct == Decimal("0.0100")
    assert isinstance(plan.max_slippage_pct, Decimal)
    dumped = json.loads(plan.model_dump_json())
    assert dumped["max_slippage_pct"] == "0.0100"
    assert dumped["visibility_preference"] == "1.0"


def test_cancel_group_example_takes_fail_safe_defaults() -> None:
    """Omitted fields take the schema's defaults, as Decimals, and the action compares to its string."""
    plan = ExecutionPlan.model_validate_json(json.dumps(EXAMPLES[2]))
    assert plan.action == "CANCEL_GROUP"
    assert plan.action is ExecutionAction.CANCEL_GROUP
    assert plan.max_slippage_pct == Decimal("0")
    assert isinstance(plan.visibility_preference, Decimal)
    assert plan.min_fill_ratio is None
