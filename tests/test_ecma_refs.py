"""ECMA-262 ``pattern`` semantics hold after a ``$ref`` into a schema that declares ``$schema``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import jsonschema_rs
import pytest

from codegen.schema.ecma import ecma_validator
from codegen.schema.loading import DIALECT, load_folder, registry_of
from tests.helpers import run_codegen

DIGIT = {
    "$schema": DIALECT,
    "title": "Digit",
    "type": "object",
    "additionalProperties": False,
    "required": ["d"],
    "properties": {"d": {"type": "string", "pattern": "^[0-9]$", "description": "One ASCII digit."}},
}
HOLDER = {
    "$schema": DIALECT,
    "title": "Holder",
    "type": "object",
    "additionalProperties": False,
    "required": ["b"],
    "properties": {"b": {"$ref": "digit.schema.json", "description": "A digit holder in another file."}},
}
# A $ref to the file's own root also lands on a schema that names the dialect.
TREE = {
    "$schema": DIALECT,
    "type": "object",
    "properties": {"d": {"type": "string", "pattern": "^[0-9]$"}, "child": {"$ref": "#"}},
}
PAYLOADS: list[tuple[Any, bool]] = [
    ({"b": {"d": "1"}}, True),
    ({"b": {"d": "1\n"}}, False),
    ({"b": {"d": "12"}}, False),
    ({"b": {"d": "\u0661"}}, False),  # ARABIC-INDIC DIGIT ONE: not [0-9] in any engine
]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A schema folder where Holder refers to the root of digit.schema.json."""
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "digit.schema.json").write_text(json.dumps(DIGIT), encoding="utf-8")
    (tmp_path / "schemas" / "holder.schema.json").write_text(json.dumps(HOLDER), encoding="utf-8")
    return tmp_path / "schemas"


@pytest.mark.parametrize(("payload", "valid"), PAYLOADS)
def test_ecma_validator_keeps_ecma_patterns_in_a_referenced_file(folder: Path, payload: Any, valid: bool) -> None:
    """ecma_validator and jsonschema-rs agree on payloads whose pattern sits behind a cross-file $ref."""
    files = load_folder(folder)
    (holder,) = [file for file in files if file.module == "holder"]
    ours = ecma_validator(holder.document, registry_of(files)).is_valid(payload)
    rust = jsonschema_rs.Draft202012Validator(
        holder.document,
        registry=jsonschema_rs.Registry([(file.uri, file.document) for file in files if file is not holder]),
        base_uri=holder.uri,
    ).is_valid(payload)
    assert ours == rust == valid


def test_stock_validator_would_accept_the_newline(folder: Path) -> None:
    """The stock class falls back to Python `re` after the $ref, which is why the ECMA class must stay."""
    files = load_folder(folder)
    (holder,) = [file for file in files if file.module == "holder"]
    stock = jsonschema.Draft202012Validator({"$id": holder.uri, **holder.document}, registry=registry_of(files))
    assert stock.is_valid({"b": {"d": "1\n"}})
    assert not ecma_validator(holder.document, registry_of(files)).is_valid({"b": {"d": "1\n"}})


def test_a_ref_to_the_own_root_keeps_ecma_patterns() -> None:
    """A recursive $ref to "#" keeps ECMA-262 patterns at every level of the tree."""
    validator = ecma_validator(TREE)
    assert validator.is_valid({"child": {"child": {"d": "1"}}})
    assert not validator.is_valid({"child": {"child": {"d": "1\n"}}})
    (error,) = validator.iter_errors({"child": {"d": "1\n"}})
    assert list(error.absolute_path) == ["child", "d"]
    assert error.validator == "pattern"


def test_codegen_validate_rejects_the_newline_behind_a_cross_file_ref(folder: Path) -> None:
    """`codegen validate` reports the pattern violation in the other file and exits 1; the valid payload passes."""
    root = folder.parent
    (root / "bad.json").write_text(json.dumps({"b": {"d": "1\n"}}), encoding="utf-8")
    (root / "good.json").write_text(json.dumps({"b": {"d": "1"}}), encoding="utf-8")
    bad = run_codegen("validate", "--schemas", "schemas", "--schema", "Holder", "bad.json", cwd=root)
    assert bad.returncode == 1, bad.stderr
    assert "bad.json: /b/d: [pattern] '1\\n' does not match '^[0-9]$'" in bad.stdout
    good = run_codegen("validate", "--schemas", "schemas", "--schema", "Holder", "good.json", cwd=root)
    assert good.returncode == 0, good.stdout + good.stderr
