"""Draft-07 and 2019-09 schemas are upgraded in memory to 2020-12 with the same verdicts as their own draft."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from codegen.schema.drafts import DRAFT7, DRAFT201909, DRAFT202012, upgrade
from codegen.schema.ecma import FORMAT_CHECKER, EcmaValidator, ecma_validator
from codegen.schema.loading import load_folder, load_schema_file, registry_of
from codegen.validation import load_schema
from tests.helpers import SCHEMAS, run_codegen, run_python

# The own draft's python-jsonschema validator with the same ECMA-262 `pattern` as the
# 2020-12 side, so only the upgrade can make the two verdicts differ.
ECMA_PATTERN = EcmaValidator.VALIDATORS["pattern"]
OWN_DRAFT: dict[str, Any] = {
    DRAFT7: jsonschema.validators.extend(  # type: ignore[no-untyped-call]
        jsonschema.Draft7Validator, validators={"pattern": ECMA_PATTERN}
    ),
    DRAFT201909: jsonschema.validators.extend(  # type: ignore[no-untyped-call]
        jsonschema.Draft201909Validator, validators={"pattern": ECMA_PATTERN}
    ),
}
STOCK = {DRAFT7: jsonschema.Draft7Validator, DRAFT201909: jsonschema.Draft201909Validator}

ORDER_07: dict[str, Any] = {
    "$schema": DRAFT7,
    "title": "Order",
    "type": "object",
    "additionalProperties": False,
    "required": ["order_id", "side", "quantity"],
    "properties": {
        "order_id": {"type": "string", "pattern": "^ORD_[0-9]{4}$", "description": "Id."},
        "side": {"$ref": "#/definitions/Side"},
        "quantity": {"type": "integer", "minimum": 1, "maximum": 1000, "description": "How many."},
        "note": {"type": ["string", "null"], "maxLength": 5, "default": None, "description": "Note."},
        # draft-07 ignores every sibling of $ref: the minLength here never applies.
        "venue": {"$ref": "#/definitions/Venue", "minLength": 50, "default": None, "description": "Where."},
    },
    "definitions": {
        "Side": {"type": "string", "enum": ["BUY", "SELL"], "description": "Side."},
        "Venue": {"type": ["string", "null"], "pattern": "^[A-Z]{2,4}$", "default": None, "description": "MIC."},
    },
}
ORDER_2019: dict[str, Any] = {
    **{key: value for key, value in ORDER_07.items() if key != "definitions"},
    "$schema": DRAFT201909,
    "properties": {
        **ORDER_07["properties"],
        "side": {"$ref": "#/$defs/Side"},
        # 2019-09 applies the siblings of $ref: this one does narrow the venue.
        "venue": {"$ref": "#/definitions/Venue", "maxLength": 3, "default": None, "description": "Where."},
    },
    "$defs": {"Side": ORDER_07["definitions"]["Side"]},
    "definitions": {"Venue": ORDER_07["definitions"]["Venue"]},
}
# The generator refuses keywords beside a $ref; this copy keeps what it supports.
ORDER_2019_GENERATED: dict[str, Any] = {
    **ORDER_2019,
    "properties": {**ORDER_2019["properties"], "venue": {"$ref": "#/definitions/Venue", "default": None}},
}
# Constructs the generator refuses still keep their verdicts through the upgrade.
SHAPES_07: dict[str, Any] = {
    "$schema": DRAFT7,
    "type": "object",
    "properties": {
        "pair": {
            "type": "array",
            "items": [{"type": "integer"}, {"$ref": "#/definitions/Code"}],
            "additionalItems": False,
        },
        "list": {"type": "array", "items": {"type": "integer"}, "additionalItems": False},
        "tail": {"type": "array", "items": [{"type": "string"}], "additionalItems": {"type": "integer"}},
        "first": {"$ref": "#/properties/pair/items/0"},
        "more": {"$ref": "#/properties/tail/additionalItems"},
        "anchored": {"$ref": "#code"},
        "deep": {"$ref": "#/definitions/Outer/definitions/Inner"},
    },
    "dependencies": {"card": ["billing"], "gift": {"required": ["to"]}},
    "definitions": {
        "Code": {"$id": "#code", "type": "string", "pattern": "^[a-z]{2}$"},
        "Outer": {"definitions": {"Inner": {"type": "integer", "multipleOf": 2}}},
    },
}
SHAPES_2019: dict[str, Any] = {
    "$schema": DRAFT201909,
    "type": "object",
    "properties": {
        "pair": {"type": "array", "items": [{"type": "integer"}, {"$ref": "#/$defs/Code"}], "additionalItems": False},
        "first": {"$ref": "#/properties/pair/items/1"},
        "anchored": {"$ref": "#code"},
        "old": {"$ref": "#/definitions/Old"},
    },
    "dependentRequired": {"card": ["billing"]},
    "dependentSchemas": {"gift": {"required": ["to"]}},
    "$defs": {"Code": {"$anchor": "code", "type": "string", "pattern": "^[a-z]{2}$"}},
    "definitions": {"Old": {"type": "string", "minLength": 2}},
}
SCHEMAS_BY_NAME = {"order-07": ORDER_07, "order-2019": ORDER_2019, "shapes-07": SHAPES_07, "shapes-2019": SHAPES_2019}

ORDER_SEEDS: list[dict[str, Any]] = [
    {"order_id": "ORD_0001", "side": "BUY", "quantity": 1},
    {"order_id": "ORD_0001", "side": "SELL", "quantity": 1000, "note": "hi", "venue": "XNYS"},
    {"order_id": "ORD_0001", "side": "SELL", "quantity": 5, "note": None, "venue": None},
]
SHAPES_SEEDS: list[dict[str, Any]] = [
    {},
    {"pair": [1, "ab"], "list": [1, 2], "tail": ["x", 1, 2], "first": 3, "more": 4, "anchored": "cd", "deep": 4},
    {"card": 1, "billing": 2, "gift": 1, "to": 2, "old": "xy"},
]
VALUES: list[Any] = [
    None, True, 0, 1, 1.0, 1.5, -1, 3, 1000, 1001, "", "a", "ab", "abc", "ab\n", "XNYS", "XNYSE", "ORD_0001",
    "ORD_0001\n", "ORD_001", "BUY", "buy", [], [1], [1, "ab"], [1, "ab", 2], ["x", "y"], [1, 2], {}, {"a": 1},
]  # fmt: skip


def _payloads(seeds: list[dict[str, Any]], keys: list[str]) -> Iterator[Any]:
    """Each seed, then each seed with one key dropped or set to each of VALUES: hundreds of near misses."""
    yield from VALUES
    for seed in seeds:
        yield seed
        for key in keys:
            yield {name: value for name, value in seed.items() if name != key}
            for value in VALUES:
                yield {**seed, key: value}


def _payloads_for(name: str) -> list[Any]:
    schema = SCHEMAS_BY_NAME[name]
    seeds = ORDER_SEEDS if name.startswith("order") else SHAPES_SEEDS
    keys = sorted({*schema["properties"], "card", "billing", "gift", "to", "extra"})
    return list(_payloads(seeds, keys))


@pytest.mark.parametrize("name", sorted(SCHEMAS_BY_NAME))
def test_upgraded_schema_judges_like_its_own_draft(name: str) -> None:
    """On hundreds of payloads the 2020-12 upgrade's verdict equals the own draft's, with ECMA and stock patterns."""
    schema = SCHEMAS_BY_NAME[name]
    dialect = schema["$schema"]
    upgraded = upgrade(schema, Path(f"{name}.schema.json"))
    assert upgraded["$schema"] == DRAFT202012
    jsonschema.Draft202012Validator.check_schema(upgraded)
    ours = ecma_validator(upgraded)
    theirs = OWN_DRAFT[dialect](schema, format_checker=FORMAT_CHECKER)
    stock_new, stock_old = jsonschema.Draft202012Validator(upgraded), STOCK[dialect](schema)
    payloads = _payloads_for(name)
    assert len(payloads) >= 300
    verdicts = [theirs.is_valid(payload) for payload in payloads]
    assert [ours.is_valid(payload) for payload in payloads] == verdicts
    assert [stock_new.is_valid(payload) for payload in payloads] == [stock_old.is_valid(p) for p in payloads]
    assert 0.05 < sum(verdicts) / len(verdicts) < 0.95  # both verdicts are well represented


def test_upgrade_rewrites_keywords_and_refs() -> None:
    """definitions, array items, additionalItems, dependencies and $id anchors get their 2020-12 spelling."""
    upgraded = upgrade(SHAPES_07, Path("shapes.schema.json"))
    properties = upgraded["properties"]
    assert "definitions" not in upgraded
    assert set(upgraded["$defs"]) == {"Code", "Outer"}
    assert upgraded["$defs"]["Code"] == {"$anchor": "code", "type": "string", "pattern": "^[a-z]{2}$"}
    assert properties["pair"]["prefixItems"][1] == {"$ref": "#/$defs/Code"}
    assert properties["pair"]["items"] is False
    assert properties["list"] == {"type": "array", "items": {"type": "integer"}}  # additionalItems was ignored
    assert properties["first"] == {"$ref": "#/properties/pair/prefixItems/0"}
    assert properties["more"] == {"$ref": "#/properties/tail/items"}
    assert properties["deep"] == {"$ref": "#/$defs/Outer/$defs/Inner"}
    assert upgraded["dependentRequired"] == {"card": ["billing"]}
    assert upgraded["dependentSchemas"] == {"gift": {"required": ["to"]}}
    assert "dependencies" not in upgraded
    venue = upgrade(ORDER_07, Path("order.schema.json"))["properties"]["venue"]
    assert venue == {"$ref": "#/$defs/Venue", "default": None, "description": "Where."}  # the ignored minLength is gone


def test_a_2020_12_document_is_returned_untouched() -> None:
    """A 2020-12 schema is the very same object after upgrade: the project's own schema is not rewritten."""
    document = json.loads((SCHEMAS / "execution_plan.schema.json").read_text(encoding="utf-8"))
    assert upgrade(document, Path("execution_plan.schema.json")) is document
    loaded = load_schema_file(SCHEMAS / "execution_plan.schema.json")
    assert loaded.document == document
    assert loaded.dialect == DRAFT202012


def _folder(tmp_path: Path, schemas: dict[str, dict[str, Any]]) -> Path:
    (tmp_path / "schemas").mkdir()
    for module, document in schemas.items():
        (tmp_path / "schemas" / f"{module}.schema.json").write_text(json.dumps(document, indent=2), encoding="utf-8")
    return tmp_path


def test_metaschema_check_uses_the_files_own_draft(tmp_path: Path) -> None:
    """A draft-07 `$id: "#name"` (invalid under the 2020-12 metaschema) loads and resolves as an anchor."""
    schema = {**ORDER_07, "definitions": {**ORDER_07["definitions"], "Side": {**ORDER_07["definitions"]["Side"]}}}
    schema["definitions"]["Side"]["$id"] = "#side"
    schema["properties"] = {**ORDER_07["properties"], "side": {"$ref": "#side"}}
    folder = _folder(tmp_path, {"order": schema}) / "schemas"
    with pytest.raises(jsonschema.exceptions.SchemaError):
        jsonschema.Draft202012Validator.check_schema({**schema, "$schema": DRAFT202012})
    (loaded,) = load_folder(folder)
    assert loaded.dialect == DRAFT7
    assert loaded.document["$defs"]["Side"]["$anchor"] == "side"
    validator = ecma_validator(loaded.document, registry_of([loaded]))
    assert validator.is_valid({"order_id": "ORD_0001", "side": "BUY", "quantity": 1})
    assert not validator.is_valid({"order_id": "ORD_0001", "side": "HOLD", "quantity": 1})


DRAFT_PAYLOADS = [json.dumps(payload) for payload in _payloads(ORDER_SEEDS, sorted(ORDER_07["properties"]))]


@pytest.mark.parametrize("schema", [ORDER_07, ORDER_2019_GENERATED], ids=["draft-07", "2019-09"])
def test_draft_schema_generates_a_model_with_its_drafts_verdicts(tmp_path: Path, schema: dict[str, Any]) -> None:
    """generate reads a draft-07 or 2019-09 file; its model accepts exactly what the own draft accepts."""
    project = _folder(tmp_path, {"order": schema})
    result = run_codegen("generate", "--out", "models", cwd=project)
    assert result.returncode == 0, result.stderr
    (project / "payloads.json").write_text(json.dumps(DRAFT_PAYLOADS), encoding="utf-8")
    probe = run_python(
        "import json, pathlib\nfrom models import Order, Side\n"
        "verdicts = []\n"
        "for text in json.loads(pathlib.Path('payloads.json').read_text()):\n"
        "    try:\n        Order.model_validate_json(text)\n        verdicts.append(True)\n"
        "    except Exception:\n        verdicts.append(False)\n"
        "print(json.dumps(verdicts))",
        cwd=project,
    )
    assert probe.returncode == 0, probe.stderr
    own = OWN_DRAFT[schema["$schema"]](schema, format_checker=FORMAT_CHECKER)
    expected = [own.is_valid(json.loads(text)) for text in DRAFT_PAYLOADS]
    assert json.loads(probe.stdout) == expected
    assert any(expected)
    assert not all(expected)


def test_refs_into_a_draft_07_file_follow_its_renames(tmp_path: Path) -> None:
    """A 2020-12 file and a draft-07 file both $ref `side.schema.json#/definitions/Side` and import one class."""
    side: dict[str, Any] = {
        "$schema": DRAFT7,
        "title": "Sides",
        "type": "object",
        "additionalProperties": False,
        "required": ["default_side"],
        "properties": {"default_side": {"$ref": "#/definitions/Side"}},
        "definitions": {"Side": ORDER_07["definitions"]["Side"]},
    }
    fill = {
        "$schema": DRAFT202012,
        "title": "Fill",
        "type": "object",
        "additionalProperties": False,
        "required": ["side"],
        "properties": {"side": {"$ref": "side.schema.json#/definitions/Side", "description": "Side."}},
    }
    order = {
        **ORDER_07,
        "properties": {**ORDER_07["properties"], "side": {"$ref": "side.schema.json#/definitions/Side"}},
    }
    project = _folder(tmp_path, {"side": side, "fill": fill, "order": order})
    result = run_codegen("generate", "--out", "models", cwd=project)
    assert result.returncode == 0, result.stderr
    probe = run_python(
        "import models, models.fill, models.order\n"
        "assert models.fill.Side is models.order.Side is models.Side\n"
        'assert models.Fill.model_validate_json(\'{"side": "SELL"}\').side is models.Side.SELL\n'
        "print('ok')",
        cwd=project,
    )
    assert probe.stdout.strip() == "ok", probe.stderr
    loaded = load_schema("Fill", project / "schemas")
    assert loaded.document["properties"]["side"]["$ref"] == "side.schema.json#/$defs/Side"


def test_codegen_validate_reads_a_draft_07_schema(tmp_path: Path) -> None:
    """`codegen validate` judges payloads against a draft-07 schema as draft-07 does, ignored $ref siblings included."""
    project = _folder(tmp_path, {"order": ORDER_07})
    good = {"order_id": "ORD_0001", "side": "BUY", "quantity": 3, "venue": "XNYS"}  # venue is short: minLength ignored
    bad = {"order_id": "ORD_0001\n", "side": "BUY", "quantity": 3}
    (project / "good.json").write_text(json.dumps(good), encoding="utf-8")
    (project / "bad.json").write_text(json.dumps(bad), encoding="utf-8")
    result = run_codegen("validate", "--schemas", "schemas", "--schema", "Order", "good.json", "bad.json", cwd=project)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "bad.json: /order_id: [pattern]" in result.stdout
    assert "good.json" not in result.stdout.replace("2 file(s)", "")


def test_codegen_validate_refuses_a_draft_04_schema_in_one_line(tmp_path: Path) -> None:
    """`codegen validate` names draft-04 as unreadable, exit 2, no traceback."""
    project = _folder(tmp_path, {"order": {**ORDER_07, "$schema": "http://json-schema.org/draft-04/schema#"}})
    (project / "p.json").write_text("{}", encoding="utf-8")
    result = run_codegen("validate", "--schemas", "schemas", "--schema", "Order", "p.json", cwd=project)
    assert result.returncode == 2
    (line,) = result.stderr.strip().splitlines()
    assert "order.schema.json#/$schema: draft-04 is not read" in line
