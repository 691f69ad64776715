"""Strings in a schema can never break or inject code into the generated module.

Titles, descriptions, enum values and defaults full of quotes, triple quotes,
backslashes, newlines and Python code are generated and imported in a fresh
interpreter; the values must arrive intact and no injected code may run.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import run_codegen, run_python

HOSTILE = [
    "quote \" and ' apostrophe",
    "triple \"\"\" quotes ''' here",
    "back\\slash \\n not a newline \\",
    "real\nnewline\r\nand\ttab",
    '"""\nimport os; os.system("touch PWNED")\n"""',
    "'; __import__('os').system('touch PWNED'); '",
    "}} {{ jinja }} {% raw %} # comment",
    "\u2028line separator\u2029 and é ü 字 🙂",
]


def _schema() -> dict[str, object]:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Hostile",
        "description": HOSTILE[4] + HOSTILE[1],
        "type": "object",
        "additionalProperties": False,
        "required": ["kind"],
        "properties": {
            "kind": {"$ref": "#/$defs/Kind"},
            **{
                f"text_{index}": {"type": "string", "description": value, "default": value}
                for index, value in enumerate(HOSTILE)
            },
        },
        "$defs": {
            "Kind": {
                "title": "Kind",
                "description": HOSTILE[5],
                "type": "string",
                "enum": [value for value in HOSTILE if value.strip()],
            }
        },
    }


def test_hostile_strings_arrive_intact_and_run_nothing(tmp_path: Path) -> None:
    """Descriptions, defaults and enum values survive generation exactly, and no payload code executes."""
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "hostile.schema.json").write_text(json.dumps(_schema()), encoding="utf-8")
    result = run_codegen("generate", "--out", "models", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    probe = run_python(
        "import json\n"
        "from models import Hostile, Kind\n"
        "fields = Hostile.model_fields\n"
        "print(json.dumps({\n"
        "  'descriptions': [fields[f'text_{i}'].description for i in range(8)],\n"
        "  'defaults': [fields[f'text_{i}'].default for i in range(8)],\n"
        "  'kinds': [member.value for member in Kind],\n"
        "  'doc': Hostile.__doc__,\n"
        "}))",
        cwd=tmp_path,
    )
    assert probe.returncode == 0, probe.stderr
    seen = json.loads(probe.stdout)
    assert seen["descriptions"] == HOSTILE
    assert seen["defaults"] == HOSTILE
    assert seen["kinds"] == [value for value in HOSTILE if value.strip()]
    assert "import os" in seen["doc"]
    assert not (tmp_path / "PWNED").exists()


def test_hostile_values_validate_as_payload_values(tmp_path: Path) -> None:
    """The generated model accepts a payload carrying each hostile value and dumps it back unchanged."""
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "hostile.schema.json").write_text(json.dumps(_schema()), encoding="utf-8")
    assert run_codegen("generate", "--out", "models", cwd=tmp_path).returncode == 0
    payload = {"kind": HOSTILE[0], **{f"text_{index}": value for index, value in enumerate(reversed(HOSTILE))}}
    (tmp_path / "payload.json").write_text(json.dumps(payload), encoding="utf-8")
    probe = run_python(
        "import pathlib\nfrom models import Hostile\n"
        "text = pathlib.Path('payload.json').read_text(encoding='utf-8')\n"
        "print(Hostile.model_validate_json(text).model_dump_json())",
        cwd=tmp_path,
    )
    assert probe.returncode == 0, probe.stderr
    assert json.loads(probe.stdout) == payload


def test_hostile_titles_and_property_names_become_safe_identifiers(tmp_path: Path) -> None:
    """Titles become sanitised class names and odd property names become aliases; payloads keep the real keys."""
    odd = "we ird\"'\\\nname"
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": 'Evil""" ; import os; os.system(\'touch PWNED\') #',
        "type": "object",
        "additionalProperties": False,
        "required": ["k"],
        "properties": {
            "k": {"$ref": "#/$defs/K"},
            odd: {"type": ["string", "null"], "description": "odd"},
            "class": {"type": ["string", "null"]},
        },
        "$defs": {"K": {"title": "K'''\\n\"x", "type": "string", "enum": ["a", "b c", "1x", "class", "None", "é"]}},
    }
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "evil.schema.json").write_text(json.dumps(schema), encoding="utf-8")
    assert run_codegen("generate", "--out", "models", cwd=tmp_path).returncode == 0
    payload = {"k": "b c", odd: "v", "class": "c"}
    (tmp_path / "payload.json").write_text(json.dumps(payload), encoding="utf-8")
    probe = run_python(
        "import json, pathlib\nimport models\n"
        "(name,) = [n for n in models.__all__ if n != 'K']\n"
        "model = getattr(models, name)\n"
        "plan = model.model_validate_json(pathlib.Path('payload.json').read_text(encoding='utf-8'))\n"
        "print(json.dumps({'names': models.__all__, 'dump': json.loads(plan.model_dump_json(by_alias=True)),"
        " 'members': [m.value for m in models.K]}))",
        cwd=tmp_path,
    )
    assert probe.returncode == 0, probe.stderr
    seen = json.loads(probe.stdout)
    assert all(name.isidentifier() for name in seen["names"])
    assert seen["dump"] == payload
    assert seen["members"] == schema["$defs"]["K"]["enum"]  # type: ignore[index]
    assert not (tmp_path / "PWNED").exists()
