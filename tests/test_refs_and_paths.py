"""Every command reads schemas through one ``$ref`` refusal; `breaking --against` compares something or says why not.

Each ``tests/ref_cases/<kind>_ref.schema.json`` has one ``$ref`` that leaves the
schema folder (``http:``, ``file:``, ``../``); every command that reads schemas must
refuse it in one line naming the pointer, exit 2, without fetching or opening it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from codegen.errors import SchemaError
from codegen.schema.refs import check_refs
from tests.helpers import SCHEMAS, run_codegen

CASES = sorted((Path(__file__).parent / "ref_cases").glob("*_ref.schema.json"))
DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _project(tmp_path: Path, case: Path) -> Path:
    """A project whose schema folder holds the real schemas and the case; a readable schema sits outside it."""
    shutil.copytree(SCHEMAS, tmp_path / "schemas")
    shutil.copy(case, tmp_path / "schemas" / case.name)
    (tmp_path / "outside.schema.json").write_text(json.dumps({"$schema": DIALECT, "type": "string"}))
    (tmp_path / "payload.json").write_text('{"a": 5}')
    return tmp_path


COMMANDS = {
    "generate": ["generate"],
    "check": ["check"],
    "docs": ["docs"],
    "lint": ["lint"],
    "validate": ["validate", "--schemas", "schemas", "--schema", "RefCase", "payload.json"],
    "breaking-new": ["breaking", "--against", "old"],
    "breaking-old": ["breaking", "--against", "schemas", "--schemas", "old"],
}


@pytest.mark.parametrize("case", CASES, ids=[case.name.split(".")[0] for case in CASES])
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_ref_leaving_the_folder_is_refused_by_every_command(case: Path, command: str, tmp_path: Path) -> None:
    """The command exits 2 with one line naming the case's $ref pointer, never a traceback."""
    project = _project(tmp_path, case)
    shutil.copytree(SCHEMAS, project / "old")
    result = run_codegen(*COMMANDS[command], cwd=project)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    text = result.stderr if command != "lint" else result.stdout
    lines = [line for line in text.splitlines() if case.name in line]
    assert len(lines) == 1, text
    assert f"{case.name}#/properties/a/$ref: $ref " in lines[0]
    assert "points outside the schema folder" in lines[0]


@pytest.mark.parametrize("name", ["default", "enum", "const", "examples"])
def test_a_ref_under_a_property_named_like_a_data_keyword_is_checked(name: str, tmp_path: Path) -> None:
    """A property's name is no keyword: a ``$ref`` leaving the folder under property ``default`` is refused too."""
    schema = {**_schema(properties={name: {"$ref": "http://127.0.0.1:9/x.json"}}), "title": "RefCase"}
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "named.schema.json").write_text(json.dumps(schema))
    (tmp_path / "payload.json").write_text("{}")
    result = run_codegen(*COMMANDS["validate"], cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert f"named.schema.json#/properties/{name}/$ref: $ref " in result.stderr
    assert "points outside the schema folder" in result.stderr


def _schema(**extra: object) -> dict[str, object]:
    return {"$schema": DIALECT, "type": "object", "additionalProperties": False, **extra}


def test_refs_inside_the_folder_resolve(tmp_path: Path) -> None:
    """Pointers with escapes, anchors, nested $id and another file by name or $id all resolve."""
    main = _schema(
        properties={
            "a": {"$ref": "#/$defs/a~1b"},
            "b": {"$ref": "#thing"},
            "c": {"$ref": "other.schema.json#/$defs/x"},
            "d": {"$ref": "https://example.invalid/other.schema.json#/$defs/x"},
            "e": {"$ref": "inner.json#/$defs/y"},
        },
        **{
            "$defs": {
                "a/b": {"type": "string"},
                "t": {"$anchor": "thing", "type": "string"},
                "n": {"$id": "inner.json", "$defs": {"y": {"type": "string"}}},
            }
        },
    )
    other = _schema(**{"$id": "https://example.invalid/other.schema.json", "$defs": {"x": {"type": "string"}}})
    mine = (tmp_path / "main.schema.json", (tmp_path / "main.schema.json").as_uri(), main)
    check_refs([mine, (tmp_path / "other.schema.json", str(other["$id"]), other)])
    with pytest.raises(SchemaError, match="points outside"):
        check_refs([mine])  # without the other file, its refs leave the folder


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ("#/$defs/missing", "unresolvable"),
        ("#/properties/a/0", "unresolvable"),
        ("#nowhere", "unresolvable"),
        ("other.schema.json", "points outside"),
        ("//host/x.json", "points outside"),
    ],
)
def test_refs_that_name_nothing_are_refused(ref: str, message: str, tmp_path: Path) -> None:
    """A pointer, an anchor or a file that is not there is refused with the $ref's pointer."""
    document = _schema(properties={"a": {"$ref": ref}})
    path = tmp_path / "main.schema.json"
    with pytest.raises(SchemaError, match=message) as raised:
        check_refs([(path, path.as_uri(), document)])
    assert raised.value.pointer == "/properties/a/$ref"


def _breaking_in(tmp_path: Path, *args: str) -> tuple[int, str, str]:
    shutil.copytree(SCHEMAS, tmp_path / "schemas", dirs_exist_ok=True)
    result = run_codegen("breaking", *args, cwd=tmp_path)
    assert "Traceback" not in result.stderr
    return result.returncode, result.stdout, result.stderr


@pytest.mark.parametrize("folder", ["empty", "/etc"])
def test_against_a_folder_without_schemas_is_a_usage_error(folder: str, tmp_path: Path) -> None:
    """Comparing with a folder that holds no schema says so and exits 2 instead of reporting "ok"."""
    (tmp_path / "empty").mkdir()
    code, out, err = _breaking_in(tmp_path, "--against", folder)
    assert code == 2, out
    assert err.strip().endswith("no *.schema.json files in that folder, nothing to compare with")


def test_against_a_lone_file_must_name_its_module(tmp_path: Path) -> None:
    """A lone file not named <module>.schema.json cannot say which schema it replaces: exit 2."""
    shutil.copy(SCHEMAS / "execution_plan.schema.json", tmp_path / "old.json")
    code, _, err = _breaking_in(tmp_path, "--against", "old.json")
    assert code == 2
    assert "must be named <module>.schema.json" in err


def test_against_a_lone_file_compares_the_schema_it_replaces(tmp_path: Path) -> None:
    """A lone older file is compared with its counterpart only: the folder's other schemas are not "added"."""
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "second.schema.json").write_text(
        json.dumps({**json.loads((SCHEMAS / "execution_plan.schema.json").read_text()), "title": "Second"})
    )
    old = json.loads((SCHEMAS / "execution_plan.schema.json").read_text())
    del old["properties"]["min_fill_ratio"]
    (tmp_path / "execution_plan.schema.json").write_text(json.dumps(old))
    code, out, _ = _breaking_in(tmp_path, "--against", "execution_plan.schema.json", "--output", "json")
    report = json.loads(out)
    assert {change["module"] for change in report["changes"]} == {"execution_plan"}
    assert "property-added" in {change["rule"] for change in report["changes"]}
    assert code == 1


def test_against_a_lone_file_without_counterpart_is_a_usage_error(tmp_path: Path) -> None:
    """A lone file whose module is not in the schema folder names the missing counterpart: exit 2."""
    shutil.copy(SCHEMAS / "execution_plan.schema.json", tmp_path / "vanished.schema.json")
    code, _, err = _breaking_in(tmp_path, "--against", "vanished.schema.json")
    assert code == 2
    assert "has no vanished.schema.json to compare it with" in err
