"""Names Python would read differently: file names, property names and enum values.

Python reads identifiers in NFKC form and refuses keywords, so a schema file called
``class`` or ``ﬁle`` gives no importable module, and a property ``ﬁeld`` would become
the field ``field``. Files are refused at load; properties and enum values get ASCII
Python names while the payload keeps the schema's exact text. Each model is imported
in a fresh interpreter and judged against the schema (``codegen.schema.ecma``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from codegen.errors import SchemaError
from codegen.generation.generator import check_generated
from codegen.schema.ecma import ecma_validator
from codegen.schema.loading import SchemaFile
from tests.helpers import run_codegen, run_python, snapshot

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _object(title: str, **extra: object) -> dict[str, object]:
    return {"$schema": DIALECT, "title": title, "type": "object", "additionalProperties": False, **extra}


PLAIN = _object("Plain", properties={"a": {"type": "string"}}, required=["a"])


def _project(tmp_path: Path, schemas: dict[str, dict[str, object]]) -> Path:
    (tmp_path / "schemas").mkdir()
    for name, document in schemas.items():
        (tmp_path / "schemas" / f"{name}.schema.json").write_text(json.dumps(document), encoding="utf-8")
    return tmp_path


def _generated_baseline(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    project = _project(tmp_path, {"plain": PLAIN})
    assert run_codegen("generate", "--out", "models", cwd=project).returncode == 0
    return project, snapshot(project / "models")


@pytest.mark.parametrize(
    ("module", "reason"),
    [
        ("class", "the Python keyword 'class'"),
        ("None", "the Python keyword 'None'"),
        ("True", "the Python keyword 'True'"),
        ("__init__", "the dunder name '__init__'"),
        ("__main__", "the dunder name '__main__'"),
        ("\ufb01le", "which Python imports as 'file' (NFKC)"),
        ("my-schema", "file name must give a Python module name, not 'my-schema'"),
    ],
)
def test_file_name_without_importable_module_is_refused(tmp_path: Path, module: str, reason: str) -> None:
    """A schema file whose module name Python cannot import as itself is refused in one line, models untouched."""
    project, before = _generated_baseline(tmp_path)
    (project / "schemas" / f"{module}.schema.json").write_text(json.dumps(PLAIN), encoding="utf-8")
    result = run_codegen("generate", "--out", "models", cwd=project)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"codegen: error: schemas/{module}.schema.json#: "), lines[0]
    assert reason in lines[0]
    assert snapshot(project / "models") == before


def test_module_names_differing_only_in_case_are_refused(tmp_path: Path) -> None:
    """Plan and plan would be one generated file on a case-insensitive file system, so the pair is refused."""
    project, before = _generated_baseline(tmp_path)
    (project / "schemas" / "Plain.schema.json").write_text(json.dumps(_object("Other")), encoding="utf-8")
    result = run_codegen("generate", "--out", "models", cwd=project)
    assert result.returncode == 2
    assert result.stderr.strip().startswith("codegen: error: schemas/plain.schema.json#: module 'plain' differs from")
    assert "case-insensitive" in result.stderr
    assert snapshot(project / "models") == before


def test_soft_keyword_file_names_generate_importable_modules(tmp_path: Path) -> None:
    """match, case and type are soft keywords: ``from .match import X`` parses, so they are allowed."""
    schemas = {
        name: _object(f"{name.title()}Doc", properties={"a": {"type": "string"}}, required=["a"])
        for name in ("match", "case", "type")
    }
    project = _project(tmp_path, schemas)
    result = run_codegen("generate", "--out", "models", cwd=project)
    assert result.returncode == 0, result.stderr
    probe = run_python(
        "import models.match, models.case, models.type\n"
        "from models import MatchDoc, CaseDoc, TypeDoc\n"
        'print(MatchDoc.model_validate_json(\'{"a": "x"}\').a)',
        cwd=project,
    )
    assert probe.stdout.strip() == "x", probe.stderr


FI = "\ufb01"  # LATIN SMALL LIGATURE FI: NFKC makes it "fi"
DZ = "\u01c5"  # LATIN CAPITAL LETTER D WITH SMALL LETTER Z WITH CARON: NFKC makes it "Dž"

LIGATURES = _object(
    "Ligatures",
    properties={
        f"{FI}eld": {"type": "string"},
        "field": {"type": ["string", "null"], "default": None},
        DZ: {"type": ["string", "null"], "default": None},
        "kind": {"$ref": "#/$defs/Kind"},
    },
    required=[f"{FI}eld", "kind"],
    **{"$defs": {"Kind": {"type": "string", "enum": [FI, "fi", DZ, "Dž", "plain"]}}},
)

PAYLOADS = [
    {f"{FI}eld": "1", "kind": FI},
    {f"{FI}eld": "1", "field": "2", DZ: "3", "kind": "fi"},
    {f"{FI}eld": "1", "kind": DZ},
    {f"{FI}eld": "1", "kind": "Dž"},
    {"field": "1", "kind": "fi"},  # the NFKC twin of the required key is another key
    {f"{FI}eld": "1", "Dž": "3", "kind": "plain"},  # so is the twin of an optional one
    {f"{FI}eld": "1", "field_ufb01_eld": "1", "kind": "plain"},  # the Python name is no payload key
    {"field_ufb01_eld": "1", "kind": "plain"},
    {f"{FI}eld": "1", "kind": "field_ufb01_"},  # nor is an enum member's name a value
]


def test_nfkc_unstable_names_keep_the_schemas_verdict(tmp_path: Path) -> None:
    """Properties and enum values that NFKC changes keep their exact keys and values and judge as the schema does."""
    project = _project(tmp_path, {"ligatures": LIGATURES})
    result = run_codegen("generate", "--out", "models", cwd=project)
    assert result.returncode == 0, result.stderr
    (project / "payloads.json").write_text(json.dumps(PAYLOADS), encoding="utf-8")
    probe = run_python(
        "import json, pathlib\n"
        "from models import Kind, Ligatures\n"
        "verdicts = []\n"
        "for payload in json.loads(pathlib.Path('payloads.json').read_text(encoding='utf-8')):\n"
        "    try:\n"
        "        model = Ligatures.model_validate_json(json.dumps(payload))\n"
        "    except ValueError:\n"
        "        verdicts.append(None)\n"
        "    else:\n"
        "        verdicts.append(json.loads(model.model_dump_json(by_alias=True, exclude_unset=True)))\n"
        "print(json.dumps({'verdicts': verdicts, 'values': [member.value for member in Kind],"
        " 'names': sorted(Ligatures.model_fields)}))",
        cwd=project,
    )
    assert probe.returncode == 0, probe.stderr
    seen = json.loads(probe.stdout)
    schema = ecma_validator(LIGATURES)
    for payload, verdict in zip(PAYLOADS, seen["verdicts"], strict=True):
        assert (verdict is not None) == schema.is_valid(payload), payload
        assert verdict in (None, payload)  # accepted payloads come back with the schema's own keys
    assert seen["values"] == [FI, "fi", DZ, "Dž", "plain"]
    assert all(name.isascii() for name in seen["names"])
    assert sum(verdict is not None for verdict in seen["verdicts"]) == 4


KEYWORD_NAMED = _object(
    "KeywordNamed",
    properties={
        "default": {"type": "integer", "minimum": 1},
        "enum": {"type": "string", "pattern": "^[a-z]+$"},
        "const": {"type": "boolean", "default": False},
        "examples": {"type": "string", "format": "date-time", "default": "2025-01-01T00:00:00Z"},
    },
    required=["default", "enum"],
)


def test_properties_named_like_data_keywords_get_their_wire_types(tmp_path: Path) -> None:
    """A property called ``default``, ``enum``, ``const`` or ``examples`` is a schema: it gets its wire type.

    Each walk over a schema reads data keywords as JSON, not schemas; reading a
    property's name as one would leave it to the generator's own loose type (``int``
    takes ``true``), which the proof then finds.
    """
    project = _project(tmp_path, {"keyword_named": KEYWORD_NAMED})
    assert run_codegen("generate", cwd=project).returncode == 0
    probe = run_python(
        "from generated import KeywordNamed\n"
        'for text in (\'{"default": 1.0, "enum": "ab"}\', \'{"default": true, "enum": "ab"}\',\n'
        '             \'{"default": 1, "enum": "ab", "const": 1}\'):\n'
        "    try:\n        print(KeywordNamed.model_validate_json(text).default)\n"
        "    except ValueError as error:\n        print(error.errors()[0]['type'])\n",
        cwd=project,
    )
    assert probe.stdout.split() == ["1", "int_type", "bool_type"], probe.stderr
    proved = run_codegen("prove", cwd=project)
    assert proved.returncode == 0, proved.stdout + proved.stderr


def test_cycle_across_two_files_is_refused(tmp_path: Path) -> None:
    """Bare references that cycle through two files are refused at a $ref of the cycle, nothing written."""
    first = _object(
        "First",
        properties={"a": {"$ref": "#/$defs/A"}},
        required=["a"],
        **{"$defs": {"A": {"$ref": "second.schema.json#/$defs/B"}}},
    )
    second = _object("Second", **{"$defs": {"B": {"$ref": "first.schema.json#/$defs/A"}}})
    project = _project(tmp_path, {"first": first, "second": second})
    result = run_codegen("generate", "--out", "models", cwd=project)
    assert result.returncode == 2
    assert result.stderr.strip().startswith(
        "codegen: error: schemas/first.schema.json#/$defs/A/$ref: reference cycle that no object breaks"
    ), result.stderr
    assert not (project / "models").exists()


def test_cycle_through_properties_is_not_a_reference_cycle(tmp_path: Path) -> None:
    """A $ref chain that reaches an object is broken by its model class: the cycle rule lets it through."""
    tree = _object(
        "Tree",
        properties={"child": {"$ref": "#/$defs/Alias"}},
        **{"$defs": {"Alias": {"$ref": "#"}}},
    )
    project = _project(tmp_path, {"tree": tree})
    result = run_codegen("generate", "--out", "models", cwd=project)
    assert "reference cycle" not in result.stderr


GUARDED = [
    ("from typing import Any\nclass M:\n    a: Any\n", "field M.a typed Any"),
    ("from typing import Any as Loose\nclass M:\n    a: dict[str, Loose] | None\n", "field M.a typed Any"),
    ("import typing\nclass M:\n    a: typing.Any\n", "field M.a typed Any"),
    ("from typing import Any\nclass R(RootModel[Any]):\n    root: int\n", "class R over Any"),
    ("class M:\n    \ufb01eld: int\n", "the name '\\ufb01eld', which Python reads as 'field'"),
    ("class E:\n    a = 'x'\n    a = 'y'\n", "the name E.a twice"),
    ("class E:\n    a = 'x'\nclass E:\n    b = 'y'\n", "the class E twice"),
    ("class M(\n", "invalid Python"),
]


@pytest.mark.parametrize(("source", "reason"), GUARDED, ids=[reason for _, reason in GUARDED])
def test_generated_source_that_would_be_loose_is_refused(tmp_path: Path, source: str, reason: str) -> None:
    """The check after generation refuses Any-typed fields, names NFKC changes and rebound names, however made."""
    schema = SchemaFile(path=tmp_path / "m.schema.json", text="{}", document={})
    with pytest.raises(SchemaError, match="generator produced") as refused:
        check_generated(schema, source)
    assert reason in refused.value.message


def test_a_class_named_any_is_not_typing_any(tmp_path: Path) -> None:
    """A schema title or enum called Any names a class, which the Any guard does not mistake for typing.Any."""
    document = _object(
        "Any",
        properties={"Any": {"$ref": "#/$defs/Any"}},
        required=["Any"],
        **{"$defs": {"Any": {"type": "string", "enum": ["Any"]}}},
    )
    project = _project(tmp_path, {"any": document})
    result = run_codegen("generate", "--out", "models", cwd=project)
    assert result.returncode == 0, result.stderr
    probe = run_python('import models.any as m\nprint(m.AnyModel.model_validate_json(\'{"Any": "Any"}\'))', cwd=project)
    assert probe.returncode == 0, probe.stderr
