"""A library file: ``$defs`` alone, no model of its own, whose entries the family's other files name.

Its root asserts nothing (as a schema it accepts any JSON), so it is not generated: the
module holds its entries only. Its object entries are proven in place; its other
entries through the models that name them. A reference to its root, and validating
against it, are refused.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.helpers import run_codegen, run_python

DIALECT = "https://json-schema.org/draft/2020-12/schema"

COMMON: dict[str, Any] = {
    "$schema": DIALECT,
    "$id": "https://schemas.test.invalid/common.schema.json",
    "title": "Common",
    "description": "Shared shapes.",
    "x-version": "1.0.0",
    "$defs": {
        "Code": {"type": "string", "pattern": "^[A-Z]{3}$"},
        "Side": {"type": "string", "enum": ["BUY", "SELL"]},
        "Venue": {
            "type": "object",
            "additionalProperties": False,
            "required": ["mic"],
            "properties": {"mic": {"$ref": "#/$defs/Code"}, "lanes": {"type": "integer", "minimum": 1, "default": 1}},
        },
        "Stamped": {  # an open base shape, extended through allOf by another file
            "type": "object",
            "required": ["stamp"],
            "properties": {"stamp": {"type": "string", "format": "date-time"}},
        },
    },
}

ORDER: dict[str, Any] = {
    "$schema": DIALECT,
    "$id": "https://schemas.test.invalid/order.schema.json",
    "title": "Order",
    "type": "object",
    "allOf": [{"$ref": "common.schema.json#/$defs/Stamped"}],
    "required": ["side", "venue"],
    "properties": {
        "side": {"$ref": "common.schema.json#/$defs/Side"},
        "venue": {"$ref": "common.schema.json#/$defs/Venue"},
        "currency": {"anyOf": [{"$ref": "common.schema.json#/$defs/Code"}, {"type": "null"}], "default": None},
    },
    "unevaluatedProperties": False,
}


def _project(folder: Path, **schemas: dict[str, Any]) -> Path:
    (folder / "schemas").mkdir()
    for name, document in schemas.items():
        (folder / "schemas" / f"{name}.schema.json").write_text(json.dumps(document), encoding="utf-8")
    return folder


def test_a_library_becomes_a_module_of_its_entries_only(tmp_path: Path) -> None:
    """No class or alias for the root (it would be Any); the entries are generated and imported by the users."""
    _project(tmp_path, common=COMMON, order=ORDER)
    for step in ("generate", "docs"):
        result = run_codegen(step, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
    source = (tmp_path / "generated" / "common.py").read_text()
    assert "Common" not in source
    assert "Any" not in source
    assert "class Venue(" in source
    assert "Code = TypeAliasType(" in source
    assert "from generated.common import " in (tmp_path / "generated" / "order.py").read_text()
    result = run_python(
        "import generated\nfrom generated.order import Order\n"
        "print(sorted(generated.__all__))\n"
        'base = \'{"stamp": "2024-01-02T03:04:05Z", "side": "BUY", "venue": {"mic": "XNS"}}\'\n'
        "print(Order.model_validate_json(base).venue.lanes)\n"
        "bad = [base.replace('XNS', 'XN'), base.replace('BUY', 'BID'), base.replace('stamp', 'stump')]\n"
        "for text in bad:\n"
        "    try:\n        Order.model_validate_json(text)\n        print('accepted')\n"
        "    except ValueError as error:\n        print(error.errors()[0]['type'])\n",
        cwd=tmp_path,
    )
    lines = result.stdout.splitlines()
    assert lines[0] == "['Order', 'Side', 'Stamped', 'Venue']", result.stderr
    assert lines[1:] == ["1", "string_pattern_mismatch", "enum", "missing"]
    page = (tmp_path / "docs" / "common.md").read_text()
    assert "## Fields" not in page
    assert "### Venue" in page
    assert "### Code\n\nType: `string` · Constraint: pattern `^[A-Z]{3}$`" in page
    user = (tmp_path / "docs" / "order.md").read_text()  # a user's fields link to the library's page
    assert "| `venue` | [`Venue`](common.md#venue) |" in user
    assert "[`Code`](common.md#code) \\| `null`" in user


def test_a_library_of_aliases_alone_is_imported_by_module(tmp_path: Path) -> None:
    """A library with no class gives the package no re-export line, and the package still imports."""
    codes = {"$schema": DIALECT, "title": "Codes", "$defs": {"Code": {"type": "string", "pattern": "^[A-Z]{3}$"}}}
    tag = {
        "$schema": DIALECT,
        "title": "Tag",
        "type": "object",
        "additionalProperties": False,
        "required": ["code"],
        "properties": {"code": {"$ref": "codes.schema.json#/$defs/Code"}},
    }
    _project(tmp_path, codes=codes, tag=tag)
    assert run_codegen("generate", cwd=tmp_path).returncode == 0
    assert "codes" not in (tmp_path / "generated" / "__init__.py").read_text()
    result = run_python('from generated import Tag\nprint(Tag.model_validate_json(\'{"code": "ABC"}\').code)', tmp_path)
    assert result.stdout.strip() == "ABC", result.stderr


def test_the_proof_judges_each_object_entry_of_a_library(tmp_path: Path) -> None:
    """Venue is proven in place (its ref to Code resolves in its file); a loosened Venue is caught.

    Stamped, an open base shape, is proven through Order, which closes it.
    """
    _project(tmp_path, common=COMMON, order=ORDER)
    assert run_codegen("generate", cwd=tmp_path).returncode == 0
    result = run_codegen("prove", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = [line for line in result.stdout.splitlines() if line.startswith("ok ")]
    assert [line.split(":")[0] for line in lines] == ["ok common (Venue)", "ok order (Order)"]
    assert all(int(line.split(", ")[1].split()[0]) > 0 for line in lines)  # some payloads accepted by both
    module = tmp_path / "generated" / "common.py"
    module.write_text(module.read_text().replace('"^[A-Z]{3}$"', '"^[A-Z]{2,3}$"'))
    result = run_codegen("prove", "common", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.startswith("DISAGREE common (Venue): "), result.stdout


def test_a_reference_to_a_library_root_is_refused(tmp_path: Path) -> None:
    """The root accepts any JSON and has no model: naming it is refused at its $ref."""
    order = {**ORDER, "properties": {**ORDER["properties"], "extra": {"$ref": "common.schema.json"}}}
    _project(tmp_path, common=COMMON, order=order)
    result = run_codegen("generate", cwd=tmp_path)
    assert result.returncode == 2
    assert "order.schema.json#/properties/extra/$ref: this $ref names the root of common.schema.json" in result.stderr
    assert not (tmp_path / "generated").exists()


def test_a_root_with_more_than_a_library_holds_is_judged_as_a_root(tmp_path: Path) -> None:
    """A root with another keyword is a schema: without a type it is refused, and the error names the library rule."""
    _project(tmp_path, common={**COMMON, "examples": [{}]})
    result = run_codegen("generate", cwd=tmp_path)
    assert result.returncode == 2
    assert "a file of $defs alone is a library" in result.stderr
    assert "(here also examples)" in result.stderr


def test_validating_against_a_library_is_refused(tmp_path: Path) -> None:
    """It would accept any payload: exit 2 with one line, not a pass."""
    _project(tmp_path, common=COMMON)
    (tmp_path / "payload.json").write_text('{"anything": 1}')
    result = run_codegen("validate", "--schemas", "schemas", "--schema", "Common", "payload.json", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "codegen: error: schemas/common.schema.json#: a library of $defs has no root schema (as one it accepts "
        "any JSON): validate with a schema that uses it"
    ]
