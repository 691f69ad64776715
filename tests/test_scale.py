"""Generating a folder costs linear time: each schema's generation sees only the files its refs reach."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import datamodel_code_generator
import pytest

from codegen.generation.generator import generate_modules, ref_closures
from codegen.schema.loading import load_folder
from tests.helpers import ROOT

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _schema(title: str, properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "$schema": DIALECT,
        "title": title,
        "type": "object",
        "additionalProperties": False,
        "required": sorted(properties),
        "properties": properties,
    }


def _write(folder: Path, schemas: dict[str, dict[str, Any]]) -> Path:
    folder.mkdir(exist_ok=True)
    for module, document in schemas.items():
        (folder / f"{module}.schema.json").write_text(json.dumps(document), encoding="utf-8")
    return folder


def test_closures_follow_refs_transitively_and_by_id(tmp_path: Path) -> None:
    """A file reaches what its refs name, through other files, whether by file name or by `$id`."""
    text = {"type": "string", "description": "Text."}
    folder = _write(
        tmp_path,
        {
            "a": _schema("A", {"b": {"$ref": "b.schema.json", "description": "B."}}),
            "b": _schema("B", {"c": {"$ref": "https://x.invalid/c.schema.json#/$defs/C"}}),
            "c": {**_schema("C", {"t": text}), "$id": "https://x.invalid/c.schema.json", "$defs": {"C": text}},
            "lone": _schema("Lone", {"t": text}),
        },
    )
    closures = {
        schema.module: [other.module for other in found] for schema, found in ref_closures(load_folder(folder)).items()
    }
    assert closures == {"a": ["b", "c"], "b": ["c"], "c": [], "lone": []}


def test_each_generation_sees_only_the_files_it_needs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Among 30 unrelated schemas and one ref, each generator call's folder holds its own file (and the ref's)."""
    text = {"type": "string", "description": "Text."}
    schemas = {f"s{index:02d}": _schema(f"S{index:02d}", {"t": text}) for index in range(30)}
    schemas["user"] = _schema("User", {"s": {"$ref": "s00.schema.json", "description": "S."}})
    folder = _write(tmp_path / "schemas", schemas)
    seen: dict[str, list[str]] = {}
    real = datamodel_code_generator.generate

    def spy(target: Path, **options: Any) -> Any:
        seen[target.name] = sorted(path.name for path in target.parent.glob("*.schema.json"))
        return real(target, **options)

    monkeypatch.setattr(datamodel_code_generator, "generate", spy)
    modules = generate_modules(load_folder(folder), "models")
    assert len(modules) == 31
    assert seen["user.schema.json"] == ["s00.schema.json", "user.schema.json"]
    assert all(seen[f"{name}.schema.json"] == [f"{name}.schema.json"] for name in schemas if name != "user")
    (user,) = [module for schema, module in modules.items() if schema.module == "user"]
    assert "from models.s00 import S00" in user.source


def test_the_project_schema_generates_the_committed_module() -> None:
    """generate_modules gives the committed execution_plan module's body for the real schema folder."""
    (module,) = generate_modules(load_folder(ROOT / "schemas"), "generated").values()
    committed = (ROOT / "generated" / "execution_plan.py").read_text(encoding="utf-8")
    assert module.classes == {"ExecutionAction": "/$defs/ExecutionAction", "ExecutionPlan": ""}
    assert module.root == "ExecutionPlan"
    body = module.source.split("from __future__ import annotations", 1)[1]
    assert committed.endswith(body.rstrip("\n") + "\n")
