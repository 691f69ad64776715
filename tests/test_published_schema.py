"""The schema a model publishes is the hand-written one: same verdicts, same words, refs into one document.

``model_json_schema()`` (both modes), ``TypeAdapter(list[Model]).json_schema()`` and a
document holding models of several files or packages must judge every payload as the
hand-written schema does, and keep its descriptions, examples and defaults. Pydantic's
own schema for these models accepted ``{"max_slippage_pct": "abc"}`` and
``chunk_count_hint: 0`` (no pattern, ``"ge": 1`` instead of ``minimum``).
"""

from __future__ import annotations

import importlib
import json
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pydantic
import pytest

from codegen.proof.judges import NotJson, read_ijson
from codegen.schema.ecma import ecma_validator
from codegen.schema.loading import load_folder, registry_of
from generated import ExecutionPlan
from tests.helpers import ROOT, SCHEMAS, run_codegen, run_python

SCHEMA = json.loads((SCHEMAS / "execution_plan.schema.json").read_text(encoding="utf-8"))
HAND_WRITTEN = ecma_validator(SCHEMA)
PLAN = {"plan_id": "EXP_20251201_143450_pqr901", "action": "EXECUTE_TRADE"}
FAMILY = ROOT / "examples" / "family"


def _corpus() -> list[Any]:
    values = []
    for case in sorted((Path(__file__).parent / "cases").rglob("*.json")):
        try:
            values.append(read_ijson(case.read_bytes()))
        except NotJson:
            continue
    return [*values, {**PLAN, "max_slippage_pct": "abc"}, {**PLAN, "chunk_count_hint": 0}]


@pytest.mark.parametrize("mode", ["validation", "serialization"])
def test_model_json_schema_judges_the_corpus_as_the_hand_written_schema(mode: str) -> None:
    """Every corpus value (and the issue's two examples) gets the hand-written verdict from the published schema."""
    published = ecma_validator(ExecutionPlan.model_json_schema(mode=mode))  # type: ignore[arg-type]
    for value in _corpus():
        assert published.is_valid(value) == HAND_WRITTEN.is_valid(value), value
    assert not published.is_valid({**PLAN, "max_slippage_pct": "abc"})
    assert not published.is_valid({**PLAN, "chunk_count_hint": 0})


def test_the_published_schema_keeps_the_hand_written_words() -> None:
    """Descriptions, examples, defaults, the decimal pattern and the bound are the hand-written ones."""
    published = ExecutionPlan.model_json_schema()
    assert published["description"] == SCHEMA["description"]
    assert published["examples"] == SCHEMA["examples"]
    for name, hand_written in SCHEMA["properties"].items():
        assert {k: v for k, v in published["properties"][name].items() if k != "$ref"} == {
            k: v for k, v in hand_written.items() if k != "$ref"
        }
    assert published["$defs"]["ExecutionAction"] == SCHEMA["$defs"]["ExecutionAction"]
    assert published["properties"]["action"] == {"$ref": "#/$defs/ExecutionAction"}
    assert "$id" not in published  # inside a combined document it would move every ref's base


def test_a_type_adapter_of_a_list_publishes_the_same_contract() -> None:
    """``TypeAdapter(list[ExecutionPlan])``: a list is valid iff each plan is, as by the hand-written schema."""
    document = pydantic.TypeAdapter(list[ExecutionPlan]).json_schema()
    assert document["items"] == {"$ref": "#/$defs/ExecutionPlan"}
    published = ecma_validator(document)
    for value in _corpus():
        assert published.is_valid([value]) == HAND_WRITTEN.is_valid(value), value


@pytest.fixture(scope="module")
def family(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The example family generated into a scratch package, imported."""
    folder = tmp_path_factory.mktemp("published")
    shutil.copytree(FAMILY, folder / "schemas")
    result = run_codegen("generate", "--out", "family_models", cwd=folder)
    assert result.returncode == 0, result.stderr
    sys.path.insert(0, str(folder))
    try:
        yield importlib.import_module("family_models")
    finally:
        sys.path.remove(str(folder))


def _roots(package: Any) -> dict[str, type[pydantic.BaseModel]]:
    files = load_folder(FAMILY)
    shipped = importlib.import_module(f"{package.__name__}._schemas")
    roots = {}
    for schema in files:
        if schema.is_library:  # no root model: its entries are published by the roots that name them
            continue
        module, _, name = shipped.CLASSES[f"{schema.path.name}#"].rpartition(".")
        roots[schema.path.name] = getattr(importlib.import_module(f"{package.__name__}.{module}"), name)
    return roots


def test_every_family_model_publishes_its_schema_with_cross_file_refs(family: Any) -> None:
    """Each family root's published schema accepts its hand-written examples and refuses a near miss of them."""
    files = load_folder(FAMILY)
    registry = registry_of(files)
    roots = _roots(family)
    for schema in files:
        if schema.path.name not in roots:
            continue  # a library
        model = roots[schema.path.name]
        published = ecma_validator(model.model_json_schema())
        hand_written = ecma_validator(schema.document, registry)
        for example in schema.document.get("examples", []):
            assert published.is_valid(example), schema.path.name
            for broken in ({**example, "unknown_member": 1}, dict.fromkeys(example, 1.5)):
                assert published.is_valid(broken) == hand_written.is_valid(broken), (schema.path.name, broken)


def test_one_document_holds_every_family_model_once(family: Any) -> None:
    """A document of every root (cross-file refs among them) has one definition per model, each the hand-written one."""
    roots = _roots(family)
    document = pydantic.TypeAdapter(tuple[tuple(roots.values())]).json_schema()  # type: ignore[misc]
    names = [item["$ref"].rsplit("/", 1)[-1] for item in document["prefixItems"]]
    assert len(set(names)) == len(roots)
    for (file_name, model), name in zip(roots.items(), names, strict=True):
        single = ecma_validator({"$defs": document["$defs"], "$ref": f"#/$defs/{name}"})
        for example in json.loads((FAMILY / file_name).read_text(encoding="utf-8")).get("examples", []):
            assert single.is_valid(example), (file_name, model.__name__)


def test_two_packages_with_the_same_class_names_do_not_clash(tmp_path: Path) -> None:
    """One document with ExecutionPlan from two packages names two definitions, each with its own contract."""
    for package in ("plans_a", "plans_b"):
        (tmp_path / package).mkdir()
    shutil.copytree(SCHEMAS, tmp_path / "schemas")
    strict = json.loads((SCHEMAS / "execution_plan.schema.json").read_text(encoding="utf-8"))
    strict["properties"]["chunk_count_hint"]["maximum"] = 4
    for package, schema in (("plans_a", SCHEMA), ("plans_b", strict)):
        (tmp_path / "schemas" / "execution_plan.schema.json").write_text(json.dumps(schema), encoding="utf-8")
        assert run_codegen("generate", "--out", package, cwd=tmp_path).returncode == 0
    sys.path.insert(0, str(tmp_path))
    try:
        first = importlib.import_module("plans_a").ExecutionPlan
        second = importlib.import_module("plans_b").ExecutionPlan
        document = pydantic.TypeAdapter(tuple[first, second]).json_schema()
    finally:
        sys.path.remove(str(tmp_path))
    refs = [item["$ref"] for item in document["prefixItems"]]
    assert refs[0] != refs[1]
    many = {**PLAN, "chunk_count_hint": 5}
    assert ecma_validator({"$defs": document["$defs"], "$ref": refs[0]}).is_valid(many)
    assert not ecma_validator({"$defs": document["$defs"], "$ref": refs[1]}).is_valid(many)


def test_importing_the_models_does_not_load_the_shipped_schemas() -> None:
    """The schemas ship inside the package but load only when a JSON Schema is asked for."""
    probe = run_python(
        "import sys\nimport generated\nassert 'generated._schemas' not in sys.modules\n"
        "generated.ExecutionPlan.model_json_schema()\nassert 'generated._schemas' in sys.modules\nprint('ok')",
        cwd=ROOT,
    )
    assert probe.stdout.strip() == "ok", probe.stderr
