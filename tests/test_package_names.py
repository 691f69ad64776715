"""Class names across one generated package: kept where unique, prefixed by the module's root where shared."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from codegen.schema.ecma import ecma_validator
from codegen.schema.loading import load_folder, registry_of
from tests.helpers import SCHEMAS, run_codegen, run_python, snapshot

DIALECT = "https://json-schema.org/draft/2020-12/schema"
PLAN = json.loads((SCHEMAS / "execution_plan.schema.json").read_text(encoding="utf-8"))
PLAN_PAYLOADS: list[Any] = [
    {"plan_id": "EXP_20251201_143450_pqr901", "action": "CANCEL_GROUP"},
    {"plan_id": "EXP_20251201_143450_pqr901", "action": "EXECUTE_TRADE", "max_slippage_pct": "0.0100"},
    {"plan_id": "EXP_20251201_143450_pqr901", "action": "SHORT"},
    {"plan_id": "EXP_20251201_143450_pqr901\n", "action": "CANCEL_GROUP"},
    {"action": "CANCEL_GROUP"},
]
ORDER_PAYLOADS: list[Any] = [
    {"order_type": "MARKET"},
    {"order_type": "LIMIT"},
    {"order_type": "STOP"},
    {"order_type": "market"},
    {"order_type": "MARKET", "extra": 1},
    {},
]


def _order_like(title: str, values: list[str]) -> dict[str, Any]:
    return {
        "$schema": DIALECT,
        "title": title,
        "type": "object",
        "additionalProperties": False,
        "required": ["order_type"],
        "properties": {"order_type": {"type": "string", "enum": values, "description": "How it executes."}},
    }


def _plan_copy(title: str) -> dict[str, Any]:
    copy: dict[str, Any] = json.loads(json.dumps(PLAN))
    copy["title"] = title
    copy.pop("$id")
    return copy


def _write(project: Path, schemas: dict[str, dict[str, Any]]) -> None:
    (project / "schemas").mkdir(exist_ok=True)
    for module, document in schemas.items():
        (project / "schemas" / f"{module}.schema.json").write_text(json.dumps(document, indent=2), encoding="utf-8")


def _model_verdicts(project: Path, model: str, payloads: list[Any]) -> list[bool]:
    """Whether ``models.<model>`` accepts each payload, judged in a fresh interpreter."""
    probe = run_python(
        "import json, sys\nimport models\n"
        f"model = getattr(models, {model!r})\n"
        "verdicts = []\n"
        f"for text in json.loads({json.dumps([json.dumps(p) for p in payloads])!r}):\n"
        "    try:\n        model.model_validate_json(text)\n        verdicts.append(True)\n"
        "    except Exception:\n        verdicts.append(False)\n"
        "print(json.dumps(verdicts))",
        cwd=project,
    )
    assert probe.returncode == 0, probe.stderr
    return [bool(verdict) for verdict in json.loads(probe.stdout)]


def _schema_verdicts(project: Path, module: str, payloads: list[Any]) -> list[bool]:
    files = load_folder(project / "schemas")
    (schema,) = [file for file in files if file.module == module]
    validator = ecma_validator(schema.document, registry_of(files))
    return [validator.is_valid(payload) for payload in payloads]


def _exports(project: Path) -> list[str]:
    probe = run_python("import json, models\nprint(json.dumps(models.__all__))", cwd=project)
    assert probe.returncode == 0, probe.stderr
    return list(json.loads(probe.stdout))


def test_inline_enums_of_one_property_name_are_prefixed_by_their_roots(tmp_path: Path) -> None:
    """Two schemas with an inline enum for `order_type` generate OrderOrderType and FillOrderType, both faithful."""
    _write(
        tmp_path, {"order": _order_like("Order", ["MARKET", "LIMIT"]), "fill": _order_like("Fill", ["MARKET", "STOP"])}
    )
    result = run_codegen("generate", "--out", "models", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert _exports(tmp_path) == ["Fill", "FillOrderType", "Order", "OrderOrderType"]
    order = (tmp_path / "models" / "order.py").read_text(encoding="utf-8")
    assert "class OrderOrderType(StrEnum):" in order
    assert "order_type: Annotated[OrderOrderType," in order
    for module, model in (("order", "Order"), ("fill", "Fill")):
        assert _model_verdicts(tmp_path, model, ORDER_PAYLOADS) == _schema_verdicts(tmp_path, module, ORDER_PAYLOADS)
    assert _model_verdicts(tmp_path, "Order", ORDER_PAYLOADS)[:3] == [True, True, False]


def test_copies_of_one_schema_prefix_their_shared_defs_name(tmp_path: Path) -> None:
    """Two copies of ExecutionPlan with distinct titles generate PlanAExecutionAction and PlanBExecutionAction."""
    _write(tmp_path, {"plan_a": _plan_copy("PlanA"), "plan_b": _plan_copy("PlanB")})
    result = run_codegen("generate", "--out", "models", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert _exports(tmp_path) == ["PlanA", "PlanAExecutionAction", "PlanB", "PlanBExecutionAction"]
    for module, model in (("plan_a", "PlanA"), ("plan_b", "PlanB")):
        verdicts = _model_verdicts(tmp_path, model, PLAN_PAYLOADS)
        assert verdicts == _schema_verdicts(tmp_path, module, PLAN_PAYLOADS)
        assert verdicts == [True, True, False, False, False]


def test_a_ref_to_a_prefixed_class_imports_it_under_its_final_name(tmp_path: Path) -> None:
    """A module that $refs a shared $defs entry of another file imports that file's prefixed class."""
    command = {
        "$schema": DIALECT,
        "title": "Command",
        "type": "object",
        "additionalProperties": False,
        "required": ["action"],
        "properties": {"action": {"$ref": "plan_b.schema.json#/$defs/ExecutionAction", "description": "What."}},
    }
    _write(tmp_path, {"plan_a": _plan_copy("PlanA"), "plan_b": _plan_copy("PlanB"), "command": command})
    result = run_codegen("generate", "--out", "models", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    probe = run_python(
        "import models, models.command as m\n"
        "assert m.PlanBExecutionAction is models.PlanBExecutionAction\n"
        'c = models.Command.model_validate_json(\'{"action": "CANCEL_ORDER"}\')\n'
        "assert type(c.action) is models.PlanBExecutionAction\n"
        "print('ok')",
        cwd=tmp_path,
    )
    assert probe.stdout.strip() == "ok", probe.stderr


def test_an_unrelated_schema_renames_nothing(tmp_path: Path) -> None:
    """Adding a schema that generates none of the existing names leaves every existing module byte for byte."""
    _write(tmp_path, {"order": _order_like("Order", ["MARKET"]), "plan": _plan_copy("Plan")})
    assert run_codegen("generate", "--out", "models", cwd=tmp_path).returncode == 0
    before = snapshot(tmp_path / "models")
    fill = _order_like("Fill", ["STOP"])
    fill["properties"] = {"kind": fill["properties"].pop("order_type")}
    fill["required"] = ["kind"]
    _write(tmp_path, {"fill": fill})
    result = run_codegen("generate", "--out", "models", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    after = snapshot(tmp_path / "models")

    # The signature line covers the whole folder's schema bytes (codegen check), so it moves; nothing else may.
    def unsigned(files: dict[str, bytes]) -> dict[str, list[bytes]]:
        names = ("order.py", "plan.py")
        return {n: [line for line in files[n].splitlines() if not line.startswith(b"# signature:")] for n in names}

    assert unsigned(after) == unsigned(before)
    assert "class OrderType(StrEnum):" in after["order.py"].decode()
    assert "class ExecutionAction(StrEnum):" in after["plan.py"].decode()


def test_a_root_keeps_its_name_and_the_other_class_is_prefixed(tmp_path: Path) -> None:
    """A root titled like another module's $defs entry keeps its name; the $defs class gets the prefix."""
    action = {
        "$schema": DIALECT,
        "title": "ExecutionAction",
        "type": "object",
        "additionalProperties": False,
        "required": ["name"],
        "properties": {"name": {"type": "string", "description": "Name."}},
    }
    _write(tmp_path, {"action": action, "plan": _plan_copy("Plan")})
    result = run_codegen("generate", "--out", "models", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert _exports(tmp_path) == ["ExecutionAction", "Plan", "PlanExecutionAction"]


def test_a_clash_left_after_prefixing_is_refused_naming_both_places(tmp_path: Path) -> None:
    """A prefixed name another module already generates is refused with one line, exit 2, and nothing written."""
    taken = _order_like("Fill", ["STOP"])
    taken["$defs"] = {"OrderOrderType": {"type": "string", "enum": ["X"]}}
    _write(tmp_path, {"order": _order_like("Order", ["MARKET"]), "fill": taken})
    result = run_codegen("generate", "--out", "models", cwd=tmp_path)
    assert result.returncode == 2
    assert not (tmp_path / "models").exists()
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("codegen: error: schemas/")
    assert line == (
        "codegen: error: schemas/order.schema.json#/properties/order_type: class OrderOrderType (OrderType prefixed"
        " with its module's root class) is also generated from fill.schema.json#/$defs/OrderOrderType as"
        " OrderOrderType; rename a $defs key, a property or a title"
    )
    assert "Traceback" not in result.stderr


def test_two_roots_of_one_name_are_refused_naming_both_files(tmp_path: Path) -> None:
    """Two schema files titled alike are refused: roots are never renamed."""
    _write(tmp_path, {"one": _order_like("Order", ["A"]), "two": _order_like("Order", ["B"])})
    result = run_codegen("generate", "--out", "models", cwd=tmp_path)
    assert result.returncode == 2
    (line,) = result.stderr.strip().splitlines()
    assert "two.schema.json#: class Order is also generated from one.schema.json# as Order;" in line
