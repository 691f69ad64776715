"""Unions and cross-field rules: every edge decided once, on the family's DTOs and a small scratch schema.

The family (``examples/family/``) is generated into a scratch package; each edge in
``EDGES`` is a whole JSON text for one DTO with the verdict decided for it. The
schema's side (the ECMA validator on an I-JSON reading) and the generated model must
both give that verdict, and what the model dumps must be accepted again and read
back equal. Beside the table, tests show that plain datamodel-code-generator models
accept what the schema rejects, that errors name the rule and its pointer, that dumps
keep presence as the payload had it, and that the proof's values reach both sides.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any

import pydantic
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from codegen.proof.judges import Judges
from codegen.proof.payloads import Values
from codegen.proof.runner import _import_package, root_model
from codegen.runtime.rules import first_failure, is_valid
from codegen.schema.ecma import ecma_validator
from codegen.schema.loading import load_folder, registry_of
from codegen.schema.refs import Resolver
from tests.helpers import ROOT, run_codegen, run_python, write_checked_project

PACKAGE = "rules_family_models"
FAMILY = ROOT / "examples" / "family"

LIMIT = {"order_id": "TOR_0a1b2c3d", "order_type": "LIMIT", "side": "BUY", "quantity": "1", "price": "10.5"}
MARKET = {"order_id": "TOR_0a1b2c3d", "order_type": "MARKET", "side": "SELL", "quantity": "2"}
TICK = {"kind": "TICK", "source_id": "TCK_0a1b2c3d", "symbol": "ACME"}
NEWS = {"kind": "NEWS", "source_id": "NWS_0a1b2c3d"}
SIGNAL = {"signal_id": "SIG_0a1b2c3d", "strength": 1, "source": TICK}
PUBLISH = {"disposition_id": "DSP_0a1b2c3d", "action": "PUBLISH", "event_name": "PRICE_ALERT"}
COMMAND = {"command_id": "CMD_0a1b2c3d", "issued_by": "planner", "order_id": "ORD_0a1b2c3d", "twap_plan": {"slices": 2}}
GROUP = {"group_id": "GRP_ALPHA", "command_ids": ["CMD_0a1b2c3d"], "max_quantity": 5}


def _without(payload: dict[str, Any], *names: str) -> dict[str, Any]:
    return {key: value for key, value in payload.items() if key not in names}


EDGES: list[tuple[str, str, dict[str, Any], bool]] = [
    # if/then/else: a LIMIT order carries a price (a string), a MARKET order none (null or absent)
    ("trade_order", "limit with a price", LIMIT, True),
    ("trade_order", "limit without a price", _without(LIMIT, "price"), False),
    ("trade_order", "limit with a null price", {**LIMIT, "price": None}, False),
    ("trade_order", "market without a price", MARKET, True),
    ("trade_order", "market with a null price", {**MARKET, "price": None}, True),
    ("trade_order", "market with a price", {**MARKET, "price": "3"}, False),
    # dependentRequired: presence, not value (a null trigger is present)
    ("trade_order", "stop price with a trigger", {**MARKET, "stop_price": "9", "stop_trigger": "LAST"}, True),
    ("trade_order", "stop price without a trigger", {**MARKET, "stop_price": "9"}, False),
    ("trade_order", "null stop price without a trigger", {**MARKET, "stop_price": None}, False),
    ("trade_order", "stop price with a null trigger", {**MARKET, "stop_price": "9", "stop_trigger": None}, True),
    ("trade_order", "trigger alone", {**MARKET, "stop_trigger": "MARK"}, True),
    # dependentSchemas: an iceberg slice, even null, only on a LIMIT order
    ("trade_order", "iceberg on a limit", {**LIMIT, "iceberg_slice": "1"}, True),
    ("trade_order", "iceberg on a market", {**MARKET, "iceberg_slice": "1"}, False),
    ("trade_order", "null iceberg on a market", {**MARKET, "iceberg_slice": None}, False),
    # a tagged oneOf: each kind with its own id prefix; a kind with another's body matches no branch
    ("signal", "tick", SIGNAL, True),
    ("signal", "news", {**SIGNAL, "source": NEWS}, True),
    ("signal", "schedule", {**SIGNAL, "source": {"kind": "SCHEDULE", "source_id": "SCH_0a1b2c3d"}}, True),
    ("signal", "tick with a news id", {**SIGNAL, "source": {**TICK, "source_id": "NWS_0a1b2c3d"}}, False),
    ("signal", "news kind with a tick body", {**SIGNAL, "source": {**TICK, "kind": "NEWS"}}, False),
    ("signal", "no kind", {**SIGNAL, "source": _without(TICK, "kind")}, False),
    ("signal", "unknown kind", {**SIGNAL, "source": {**NEWS, "kind": "RUMOUR"}}, False),
    ("signal", "source null", {**SIGNAL, "source": None}, False),
    # anyOf with a null branch
    ("signal", "confirmed by news", {**SIGNAL, "confirmed_by": NEWS}, True),
    ("signal", "confirmed by null", {**SIGNAL, "confirmed_by": None}, True),
    (
        "signal",
        "confirmed by a schedule",
        {**SIGNAL, "confirmed_by": {"kind": "SCHEDULE", "source_id": "SCH_0a1b2c3d"}},
        False,
    ),
    # not on a member (reserved names) and on the object (never both), if/then
    ("disposition", "publish", PUBLISH, True),
    ("disposition", "publish without an event name", _without(PUBLISH, "event_name"), False),
    ("disposition", "reserved event name", {**PUBLISH, "event_name": "HEARTBEAT"}, False),
    ("disposition", "near a reserved name", {**PUBLISH, "event_name": "HEARTBEATS"}, True),
    ("disposition", "drop without an event name", {"disposition_id": "DSP_0a1b2c3d", "action": "DROP"}, True),
    ("disposition", "event name and deferral", {**PUBLISH, "defer_minutes": 5}, False),
    ("disposition", "event name and null deferral", {**PUBLISH, "defer_minutes": None}, False),
    ("disposition", "defer", {"disposition_id": "DSP_0a1b2c3d", "action": "DEFER", "defer_minutes": 5}, True),
    # allOf extension closed by unevaluatedProperties, and anyOf of required plans
    ("execution_command", "twap", COMMAND, True),
    ("execution_command", "both plans", {**COMMAND, "pov_plan": {"share_pct": 5}}, True),
    ("execution_command", "no plan", _without(COMMAND, "twap_plan"), False),
    ("execution_command", "only a null plan", {**COMMAND, "twap_plan": None}, False),
    (
        "execution_command",
        "a null and a real plan",
        {**COMMAND, "twap_plan": None, "pov_plan": {"share_pct": 1}},
        True,
    ),
    ("execution_command", "base member missing", _without(COMMAND, "issued_by"), False),
    ("execution_command", "base member wrong", {**COMMAND, "command_id": "CMD_X"}, False),
    ("execution_command", "base default given", {**COMMAND, "dry_run": True}, True),
    ("execution_command", "unknown member", {**COMMAND, "extra": 1}, False),
    # not pattern on a member, and a counted oneOf of required sets
    ("execution_group", "quantity cap", GROUP, True),
    ("execution_group", "notional cap", {**_without(GROUP, "max_quantity"), "max_notional": "10.50"}, True),
    ("execution_group", "both caps", {**GROUP, "max_notional": "10"}, False),
    ("execution_group", "both caps, one null", {**GROUP, "max_notional": None}, False),
    ("execution_group", "no cap", _without(GROUP, "max_quantity"), False),
    ("execution_group", "reserved group id", {**GROUP, "group_id": "GRP_SYS1"}, False),
    ("execution_group", "reserved prefix inside", {**GROUP, "group_id": "GRP_ASYS"}, True),
]


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The family generated into a scratch package, importable under its own name."""
    folder = tmp_path_factory.mktemp("rules")
    shutil.copytree(FAMILY, folder / "schemas")
    result = run_codegen("generate", "--out", PACKAGE, cwd=folder)
    assert result.returncode == 0, result.stderr
    _import_package(folder / PACKAGE)
    return folder


def _judges(package: Path, module: str) -> Judges:
    files = load_folder(package / "schemas")
    schema = next(file for file in files if file.module == module)
    return Judges(ecma_validator(schema.document, registry_of(files)), root_model(schema, PACKAGE))


@pytest.mark.parametrize(("module", "edge", "payload", "verdict"), EDGES, ids=[f"{m}: {e}" for m, e, _, _ in EDGES])
def test_edge_verdict_is_the_schemas_and_dumps_read_back(
    package: Path, module: str, edge: str, payload: dict[str, Any], verdict: bool
) -> None:
    """The schema and the generated model give the decided verdict; an accepted payload's dumps are schema-valid."""
    judges = _judges(package, module)
    text = json.dumps(payload)
    assert judges.schema_accepts(text) is verdict, judges.schema_errors(text)
    model = judges.model_reads(text)
    assert (model is not None) is verdict
    if model is not None:
        for dumped in (model.model_dump_json(), json.dumps(model.model_dump(mode="json"))):
            assert judges.schema_accepts(dumped), dumped
            assert judges.model_reads(dumped) == model


def test_a_rule_error_names_the_rule_and_its_pointers(package: Path) -> None:
    """A failed rule is a `rule` error naming the keyword's schema pointer and the member's instance pointer."""
    model = _judges(package, "trade_order").model
    with pytest.raises(pydantic.ValidationError) as failed:
        model.model_validate_json(json.dumps({**MARKET, "price": "3"}))
    error = failed.value.errors()[0]
    assert error["type"] == "rule"
    assert error["msg"].startswith("rule #/else/properties/price/type failed at /price:")
    assert error["ctx"]["rule"] == "#"


def test_dumps_keep_presence_as_the_payload_had_it(package: Path) -> None:
    """A member a rule reads is written only when given: a MARKET order's dump never gains `price: null`."""
    model = _judges(package, "trade_order").model
    market = model.model_validate_json(json.dumps(MARKET))
    assert "price" not in json.loads(market.model_dump_json())
    given = model.model_validate_json(json.dumps({**MARKET, "price": None}))
    assert json.loads(given.model_dump_json())["price"] is None
    # the members no rule reads are written as always, defaults included
    assert json.loads(market.model_dump_json())["quantity"] == "2"


def test_python_construction_is_judged_by_the_rules(package: Path) -> None:
    """Python callers get the same rules: a LIMIT order built without a price is refused."""
    model = _judges(package, "trade_order").model
    with pytest.raises(pydantic.ValidationError):
        model(order_id="TOR_0a1b2c3d", order_type="LIMIT", side="BUY", quantity="1")
    assert model(order_id="TOR_0a1b2c3d", order_type="MARKET", side="BUY", quantity="1") is not None


def test_an_extension_is_a_subclass_of_its_base(package: Path) -> None:
    """allOf of a base shape becomes a subclass: every command is a CommandBase."""
    command = _judges(package, "execution_command").model
    base = sys.modules[f"{PACKAGE}.execution_command"].CommandBase
    assert issubclass(command, base)
    assert set(command.model_fields) == {"command_id", "issued_by", "dry_run", "order_id", "twap_plan", "pov_plan"}


def test_plain_generator_models_accept_what_the_schema_rejects(package: Path, tmp_path: Path) -> None:
    """datamodel-code-generator alone drops if/then/else and not: its TradeOrder takes a LIMIT order without a price."""
    script = tmp_path / "plain.py"
    script.write_text(
        "import json\nfrom pathlib import Path\n"
        "from datamodel_code_generator import DataModelType, InputFileType, generate\n"
        "out = {}\n"
        "for name, payload in json.loads(Path('payloads.json').read_text()):\n"
        "    source = generate(Path('schemas') / f'{name}.schema.json', input_file_type=InputFileType.JsonSchema,\n"
        "                      output_model_type=DataModelType.PydanticV2BaseModel)\n"
        "    scope = {}\n"
        "    exec(compile(source, name, 'exec'), scope)\n"
        "    model = scope[json.loads(Path('schemas', f'{name}.schema.json').read_text())['title']]\n"
        "    model.model_rebuild(_types_namespace=scope)\n"
        "    try:\n"
        "        model.model_validate(payload)\n"
        "        out[name] = True\n"
        "    except Exception:\n"
        "        out[name] = False\n"
        "print(json.dumps(out))\n"
    )
    rejected = [
        ("trade_order", _without(LIMIT, "price")),
        ("disposition", {**PUBLISH, "event_name": "HEARTBEAT"}),
        ("execution_group", {**GROUP, "group_id": "GRP_SYS1"}),
    ]
    (package / "payloads.json").write_text(json.dumps(rejected))
    result = run_python(script.read_text(), cwd=package)
    assert result.returncode == 0, result.stderr
    plain = json.loads(result.stdout)
    for name, payload in rejected:
        assert not _judges(package, name).schema_accepts(json.dumps(payload))
        assert plain[name] is True, f"the plain {name} model rejects it; the gap closed by itself?"
        assert _judges(package, name).model_reads(json.dumps(payload)) is None


def test_rule_language_judges_json_values() -> None:
    """Rules compare as JSON: 1 equals 1.0, true is never 1, and integers are numbers without a fraction."""
    assert is_valid({"const": 1}, 1.0)
    assert not is_valid({"const": 1}, True)
    assert not is_valid({"enum": [True]}, 1)
    assert is_valid({"type": "integer"}, 2.0)
    assert not is_valid({"type": "integer"}, 2.5)
    assert not is_valid({"type": "number"}, False)
    assert is_valid({"pattern": "^a"}, "ab")
    assert not is_valid({"pattern": "^a$"}, "a\n")  # ECMA-262's `$`, not Python's
    assert first_failure({"oneOf": [{"required": ["a"]}, {"required": ["b"]}]}, {"a": 1, "b": 2}) == (
        "#/oneOf",
        "",
        "exactly one branch of oneOf must be valid (branches 0, 1 are)",
    )


def test_proof_values_reach_both_sides_of_each_rule(package: Path) -> None:
    """The proof's drawn payloads hold LIMIT orders with a price, MARKET ones without, and aimed misses of each."""
    files = load_folder(package / "schemas")
    schema = next(file for file in files if file.module == "trade_order")
    values = Values(Resolver([(file.path, file.uri, file.document) for file in files]), schema.uri)
    validator = ecma_validator(schema.document, registry_of(files))
    seen: set[tuple[str, bool, bool]] = set()

    @settings(
        max_examples=300,
        derandomize=True,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(st.data())
    def draw(data: st.DataObject) -> None:
        payload = data.draw(values.values(schema.document))
        seen.add((payload["order_type"], "price" in payload, bool(validator.is_valid(payload))))

    draw()
    assert {("LIMIT", True, True), ("MARKET", False, True), ("LIMIT", False, False)} <= seen
    assert any(order_type == "MARKET" and priced and not valid for order_type, priced, valid in seen)


def test_a_check_beyond_json_schema_runs_in_the_model_and_is_named_on_its_page(tmp_path: Path) -> None:
    """`x-check` names a team's Python function: the model calls it, and the docs page says the schema relies on it."""
    write_checked_project(tmp_path)
    assert run_codegen("generate", cwd=tmp_path).returncode == 0
    assert run_codegen("docs", cwd=tmp_path).returncode == 0
    result = run_python(
        "from generated import FillCheck\n"
        'FillCheck.model_validate_json(\'{"filled": 1, "target": 2}\')\n'
        'try:\n    FillCheck.model_validate_json(\'{"filled": 3, "target": 2}\')\n'
        "except Exception as error:\n    print(error.errors()[0]['type'], error.errors()[0]['ctx']['check'])\n",
        cwd=tmp_path,
    )
    assert result.stdout.split() == ["x_check", "desk_checks:filled_within_target"], result.stderr
    page = (tmp_path / "docs" / "fill_check.md").read_text()
    assert "Relies on a check beyond JSON Schema: `desk_checks:filled_within_target`" in page


def test_a_string_tagged_union_is_discriminated_by_its_tag(package: Path) -> None:
    """A union tagged by strings is pydantic's discriminated union: one branch judged, the error names the tag."""
    model = _judges(package, "signal").model
    assert model.model_fields["source"].discriminator == "kind"
    assert model.model_fields["confirmed_by"].discriminator == "kind"  # a null branch beside the tagged ones
    with pytest.raises(pydantic.ValidationError) as failed:
        model.model_validate_json(json.dumps({**SIGNAL, "source": {**NEWS, "kind": "RUMOUR"}}))
    errors = failed.value.errors()
    assert [(error["type"], error["loc"]) for error in errors] == [("union_tag_invalid", ("source",))]
    assert "'kind'" in errors[0]["msg"]


NUMBER_TAGS: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Versioned",
    "type": "object",
    "additionalProperties": False,
    "required": ["body"],
    "properties": {"body": {"oneOf": [{"$ref": "#/$defs/V1"}, {"$ref": "#/$defs/V2"}]}},
    "$defs": {
        name: {
            "type": "object",
            "additionalProperties": False,
            "required": ["version"],
            "properties": {"version": {"const": tag}},
        }
        for name, tag in (("V1", 1), ("V2", 2))
    },
}


def test_a_number_tagged_union_stays_smart_and_compares_tags_as_json(tmp_path: Path) -> None:
    """Number tags are no discriminator (a lookup would miss 1.0 for 1): the smart union judges them as JSON does."""
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "versioned.schema.json").write_text(json.dumps(NUMBER_TAGS))
    assert run_codegen("generate", cwd=tmp_path).returncode == 0
    result = run_python(
        "from generated import Versioned\n"
        "print(Versioned.model_fields['body'].discriminator)\n"
        "for text in ('1.0', '2', 'true', '\"1\"'):\n"
        "    try:\n"
        '        print(type(Versioned.model_validate_json(\'{"body": {"version": %s}}\' % text).body).__name__)\n'
        "    except ValueError:\n"
        "        print('rejected')\n",
        cwd=tmp_path,
    )
    assert result.stdout.split() == ["None", "V1", "V2", "rejected", "rejected"], result.stderr


def _stamped_folder(folder: Path, *, ids: bool) -> None:
    """A base shape (``Stamped``) in ``audit.schema.json`` whose member names its own file's enum, and an extension."""
    draft = "https://json-schema.org/draft/2020-12/schema"
    audit = {
        "$schema": draft,
        "title": "AuditRecord",
        "type": "object",
        "required": ["record_id"],
        "properties": {"record_id": {"type": "string", "pattern": "^AUD_[0-9]{4}$"}},
        "additionalProperties": False,
        "$defs": {
            "Source": {"type": "string", "enum": ["desk", "robot"]},
            "Stamped": {
                "type": "object",
                "required": ["source"],
                "properties": {
                    "source": {"$ref": "#/$defs/Source"},
                    "sequence": {"type": "integer", "minimum": 0, "default": 0},
                },
            },
        },
    }
    note = {
        "$schema": draft,
        "title": "Note",
        "type": "object",
        "allOf": [{"$ref": "audit.schema.json#/$defs/Stamped"}],
        "required": ["text"],
        "properties": {"text": {"type": "string", "minLength": 1}},
        "unevaluatedProperties": False,
    }
    if ids:  # references then resolve against the $ids, not the file paths
        audit["$id"] = "https://schemas.test.invalid/audit.schema.json"
        note["$id"] = "https://schemas.test.invalid/note.schema.json"
    (folder / "schemas").mkdir()
    for name, document in (("audit", audit), ("note", note)):
        (folder / "schemas" / f"{name}.schema.json").write_text(json.dumps(document), encoding="utf-8")


@pytest.mark.parametrize("ids", [True, False], ids=["with-ids", "by-path"])
def test_a_base_in_another_file_is_imported_judged_and_proved(tmp_path: Path, ids: bool) -> None:
    """An extension of another file's base shape subclasses the base's class; the base keeps its own file's refs.

    The base's member ``source`` is ``"$ref": "#/$defs/Source"``, which means audit's
    ``Source`` wherever the extension is read: the proof draws its values from there
    (read from note's file, the reference would name nothing).
    """
    _stamped_folder(tmp_path, ids=ids)
    for step in ("generate", "docs"):
        result = run_codegen(step, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
    result = run_python(
        "from generated.note import Note\nfrom generated.audit import Stamped\n"
        "print(issubclass(Note, Stamped), sorted(Note.model_fields))\n"
        'for text in (\'{"source": "desk", "text": "hi"}\', \'{"source": "cat", "text": "hi"}\',\n'
        '             \'{"text": "hi"}\', \'{"source": "robot", "text": "hi", "extra": 1}\'):\n'
        "    try:\n        Note.model_validate_json(text)\n        print('ok')\n"
        "    except ValueError as error:\n        print(error.errors()[0]['type'])\n",
        cwd=tmp_path,
    )
    assert result.stdout.split("\n")[0] == "True ['sequence', 'source', 'text']", result.stderr
    assert result.stdout.split()[4:] == ["ok", "enum", "missing", "extra_forbidden"]
    page = (tmp_path / "docs" / "note.md").read_text()
    assert "Extends [`Stamped`](audit.md#stamped)" in page
    proved = run_codegen("prove", cwd=tmp_path)
    assert proved.returncode == 0, proved.stdout + proved.stderr
    note = next(line for line in proved.stdout.splitlines() if line.startswith("ok note "))
    assert int(note.split(": ")[1].split()[0]) >= 1000
    assert int(note.split(", ")[1].split()[0]) > 0  # payloads accepted by both: the base's enum was drawn from


def test_a_closed_base_in_another_file_is_refused(tmp_path: Path) -> None:
    """The closed-base trap is refused across files as within one, naming the reference."""
    _stamped_folder(tmp_path, ids=False)
    path = tmp_path / "schemas" / "audit.schema.json"
    audit = json.loads(path.read_text())
    audit["$defs"]["Stamped"]["additionalProperties"] = False
    path.write_text(json.dumps(audit))
    result = run_codegen("generate", cwd=tmp_path)
    assert result.returncode == 2
    assert "note.schema.json#/allOf/0/$ref: audit.schema.json#/$defs/Stamped is closed" in result.stderr
    assert not (tmp_path / "generated").exists()
