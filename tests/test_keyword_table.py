"""The README's keyword table is the registry's, and every keyword it calls refused is refused at generation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from codegen.constructs.table import END, KEYWORDS_2020_12, START, keyword_table
from codegen.errors import SchemaError
from codegen.schema.loading import SchemaFile, registry_of
from codegen.schema.support import check_supported

README = Path(__file__).resolve().parent.parent / "README.md"

# A value of the right shape for each keyword, so that the metaschema would accept it.
SAMPLES: dict[str, Any] = {
    "$anchor": "a", "$dynamicRef": "#a", "$dynamicAnchor": "a", "$vocabulary": {},
    "allOf": [{"type": "string"}], "anyOf": [{"type": "string"}, {"type": "integer"}],
    "oneOf": [{"type": "string"}], "not": {"type": "integer"}, "if": {"type": "string"},
    "then": {"type": "string"}, "else": {"type": "string"}, "dependentSchemas": {"a": {"type": "object"}},
    "prefixItems": [{"type": "string"}], "items": {"type": "string"}, "contains": {"type": "string"},
    "patternProperties": {"^a": {"type": "string"}}, "propertyNames": {"pattern": "^a"},
    "unevaluatedItems": False, "unevaluatedProperties": False, "const": "a", "multipleOf": 2,
    "maxItems": 1, "minItems": 1, "uniqueItems": True, "maxContains": 1, "minContains": 1,
    "maxProperties": 1, "minProperties": 1, "dependentRequired": {"a": ["b"]},
    "readOnly": True, "writeOnly": True, "contentEncoding": "base64", "contentMediaType": "text/plain",
    "contentSchema": {"type": "string"},
}  # fmt: skip


def test_readme_holds_the_registry_table() -> None:
    """The table between the README's markers is exactly what `codegen keywords` prints."""
    text = README.read_text(encoding="utf-8")
    between = text[text.index(START) + len(START) : text.index(END)]
    assert between.strip() == keyword_table().strip(), "run `codegen keywords --write README.md`"


def _refused_keywords() -> list[str]:
    rows = [line.split(" | ") for line in keyword_table().splitlines()[2:]]
    return [row[0].strip("| `") for row in rows if row[1] == "refused"]


def test_every_keyword_of_the_vocabulary_has_a_row() -> None:
    """No keyword of Draft 2020-12 is left out of the table."""
    listed = [line.split(" | ")[0].strip("| `") for line in keyword_table().splitlines()[2:]]
    assert listed == list(KEYWORDS_2020_12)


@pytest.mark.parametrize("keyword", _refused_keywords())
def test_a_refused_keyword_is_refused_at_generation(keyword: str, tmp_path: Path) -> None:
    """A property carrying the keyword is refused with the keyword's pointer, as the table says."""
    prop: dict[str, Any] = {"type": ["string", "null"], keyword: SAMPLES[keyword]}
    document = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "additionalProperties": False,
        "properties": {"a": prop},
    }
    schema = SchemaFile(path=tmp_path / "case.schema.json", text="", document=document)
    with pytest.raises(SchemaError) as refused:
        check_supported(schema, registry_of([schema]), [schema])
    assert refused.value.pointer == f"/properties/a/{keyword}", refused.value
