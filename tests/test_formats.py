"""Formatted strings (date-time, date, time, uuid): every edge decided once, and every judge agreeing on it.

The judges are the schema's own checkers (``codegen.schema.formats``), the ECMA
validator that speaks for the schema, ``codegen validate``'s fast path
(jsonschema-rs as ``Engine`` configures it) and a model generated from a small
schema (in a fresh interpreter). ``EDGES`` is the table of decisions: each text
with what the model dumps for it, or ``None`` where the format refuses it.
"""

from __future__ import annotations

import json
import random
import textwrap
from datetime import datetime
from pathlib import Path
from typing import Any
from uuid import UUID

import jsonschema_rs
import pydantic
import pytest

from codegen.runtime.formats import DateString, DateTimeString, TimeString, UuidString
from codegen.schema.ecma import ecma_validator
from codegen.schema.formats import FORMATS
from codegen.validation.engine import Engine, load_schema
from tests.helpers import run_codegen, run_python

FIELD = {"date-time": "at", "date": "day", "time": "clock", "uuid": "ref"}
BASE = {
    "at": "2023-06-30T10:00:00Z",
    "day": "2023-06-30",
    "clock": "10:00:00Z",
    "ref": "123e4567-e89b-12d3-a456-426614174000",
}
SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Stamps",
    "type": "object",
    "additionalProperties": False,
    "required": ["at", "day", "clock", "ref", "stamped_at"],
    "properties": {
        "at": {"type": "string", "format": "date-time"},
        "day": {"type": "string", "format": "date"},
        "clock": {"type": "string", "format": "time"},
        "ref": {"type": "string", "format": "uuid"},
        "stamped_at": {"type": "string", "format": "date-time", "x-default-now": True},
        "maybe_at": {"type": ["string", "null"], "format": "date-time", "default": None},
    },
    "x-version": "1.0.0",
}
STAMP = "2023-06-30T10:00:00Z"

EDGES: list[tuple[str, str, str | None]] = [
    # RFC 3339 §5.6 allows lower case t and z; the model writes them upper case.
    ("date-time", "2023-06-30T10:00:00Z", "2023-06-30T10:00:00Z"),
    ("date-time", "2023-06-30t10:00:00z", "2023-06-30T10:00:00Z"),
    # Offsets: any of -23:59..+23:59 survives as written; -00:00 ("offset unknown", §4.3) is UTC.
    ("date-time", "2023-06-30T10:00:00+05:30", "2023-06-30T10:00:00+05:30"),
    ("date-time", "2023-06-30T10:00:00+14:00", "2023-06-30T10:00:00+14:00"),
    ("date-time", "2023-06-30T10:00:00-23:59", "2023-06-30T10:00:00-23:59"),
    ("date-time", "2023-06-30T10:00:00+00:00", "2023-06-30T10:00:00Z"),
    ("date-time", "2023-06-30T10:00:00-00:00", "2023-06-30T10:00:00Z"),
    ("date-time", "2023-06-30T10:00:00+24:00", None),
    ("date-time", "2023-06-30T10:00:00+05:60", None),
    ("date-time", "2023-06-30T10:00:00+0530", None),
    ("date-time", "2023-06-30T10:00:00+05", None),
    # Fractions: any number of digits; past microseconds they are truncated, never rounded.
    ("date-time", "2023-06-30T10:00:00.1Z", "2023-06-30T10:00:00.100000Z"),
    ("date-time", "2023-06-30T10:00:00.123456789Z", "2023-06-30T10:00:00.123456Z"),
    ("date-time", "2023-06-30T23:59:59.9999999Z", "2023-06-30T23:59:59.999999Z"),
    ("date-time", "2023-06-30T10:00:00." + "9" * 40 + "+05:30", "2023-06-30T10:00:00.999999+05:30"),
    ("date-time", "2023-06-30T10:00:00.Z", None),
    ("date-time", "2023-06-30T10:00:00,5Z", None),
    # Leap seconds: valid at 23:59 UTC only (offset applied); held as the last microsecond before.
    ("date-time", "2016-12-31T23:59:60Z", "2016-12-31T23:59:59.999999Z"),
    ("date-time", "2016-12-31T15:59:60.5-08:00", "2016-12-31T15:59:59.999999-08:00"),
    ("date-time", "2017-01-01T05:29:60+05:30", "2017-01-01T05:29:59.999999+05:30"),
    ("date-time", "2016-12-31T23:59:60+01:00", None),
    ("date-time", "2016-12-31T22:59:60Z", None),
    ("date-time", "2016-12-31T23:58:60Z", None),
    ("date-time", "2016-12-31T23:59:61Z", None),
    ("date-time", "2023-02-29T23:59:60Z", None),
    # Naive values, other separators, missing parts.
    ("date-time", "2023-06-30T10:00:00", None),
    ("date-time", "2023-06-30T10:00:00.5", None),
    ("date-time", "2023-06-30 10:00:00Z", None),
    ("date-time", "2023-06-30_10:00:00Z", None),
    ("date-time", "2023-06-30T10:00Z", None),
    ("date-time", "20230630T100000Z", None),
    ("date-time", "2023-06-30", None),
    ("date-time", "2023-06-30T10:00:00Z\n", None),
    ("date-time", "\uff12023-06-30T10:00:00Z", None),
    # The calendar, hours and the years Python holds (0001-9999; RFC 3339's 0000 is refused).
    ("date-time", "2023-02-29T10:00:00Z", None),
    ("date-time", "2024-02-29T10:00:00Z", "2024-02-29T10:00:00Z"),
    ("date-time", "2023-06-30T24:00:00Z", None),
    ("date-time", "2023-06-30T10:60:00Z", None),
    ("date-time", "0000-01-01T00:00:00Z", None),
    ("date-time", "0001-01-01T00:00:00+01:00", "0001-01-01T00:00:00+01:00"),
    ("date-time", "9999-12-31T23:59:59-23:59", "9999-12-31T23:59:59-23:59"),
    ("date", "2023-06-30", "2023-06-30"),
    ("date", "2023-02-29", None),
    ("date", "2024-02-29", "2024-02-29"),
    ("date", "1900-02-29", None),
    ("date", "2000-02-29", "2000-02-29"),
    ("date", "2023-04-31", None),
    ("date", "2023-13-01", None),
    ("date", "0000-01-01", None),
    ("date", "0001-01-01", "0001-01-01"),
    ("date", "9999-12-31", "9999-12-31"),
    ("date", "2023-6-30", None),
    ("date", "20230630", None),
    ("date", "2023-06-30T00:00:00Z", None),
    ("date", "2023-06-30\n", None),
    ("time", "10:00:00Z", "10:00:00Z"),
    ("time", "10:00:00z", "10:00:00Z"),
    ("time", "10:00:00+05:30", "10:00:00+05:30"),
    ("time", "10:00:00.123456789-00:00", "10:00:00.123456Z"),
    ("time", "10:00:00", None),
    ("time", "10:00Z", None),
    ("time", "24:00:00Z", None),
    ("time", "10:00:00+24:00", None),
    ("time", "23:59:60Z", "23:59:59.999999Z"),
    ("time", "00:59:60+01:00", "00:59:59.999999+01:00"),
    ("time", "23:59:60+01:00", None),
    ("time", "T10:00:00Z", None),
    # UUIDs: RFC 9562 text in either case (dumped lower case), any version; hyphens required.
    ("uuid", "123e4567-e89b-12d3-a456-426614174000", "123e4567-e89b-12d3-a456-426614174000"),
    ("uuid", "123E4567-E89B-12D3-A456-426614174000", "123e4567-e89b-12d3-a456-426614174000"),
    ("uuid", "123e4567-E89B-f2d3-A456-426614174000", "123e4567-e89b-f2d3-a456-426614174000"),
    ("uuid", "00000000-0000-0000-0000-000000000000", "00000000-0000-0000-0000-000000000000"),
    ("uuid", "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF", "ffffffff-ffff-ffff-ffff-ffffffffffff"),
    ("uuid", "123e4567e89b12d3a456426614174000", None),
    ("uuid", "{123e4567-e89b-12d3-a456-426614174000}", None),
    ("uuid", "urn:uuid:123e4567-e89b-12d3-a456-426614174000", None),
    ("uuid", "123e4567-e89b-12d3-a456-42661417400g", None),
    ("uuid", "123e456-7e89b-12d3-a456-426614174000", None),
    ("uuid", "123e4567-e89b-12d3-a456-426614174000\n", None),
]
EDGE_IDS = [f"{fmt}:{text[:40]!r}" for fmt, text, _ in EDGES]


def _payload(fmt: str, text: str) -> dict[str, Any]:
    return {**BASE, "stamped_at": STAMP, FIELD[fmt]: text}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scratch project with the Stamps schema and its generated package."""
    root = tmp_path_factory.mktemp("formats")
    (root / "schemas").mkdir()
    (root / "schemas" / "stamps.schema.json").write_text(json.dumps(SCHEMA), encoding="utf-8")
    result = run_codegen("generate", cwd=root)
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture(scope="module")
def engine(folder: Path) -> Engine:
    """``codegen validate``'s engine for the Stamps schema."""
    return Engine(load_schema("Stamps", folder / "schemas"))


MODEL_SCRIPT = """
import json
import pydantic
from generated import Stamps

out = []
for text in json.loads({texts!r}):
    try:
        model = Stamps.model_validate_json(text)
    except pydantic.ValidationError:
        out.append(None)
        continue
    again = Stamps.model_validate_json(model.model_dump_json())
    out.append([json.loads(model.model_dump_json()), model.model_dump(mode="json"), again == model])
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def model_results(folder: Path) -> list[Any]:
    """For each edge: None if the generated model refuses it, else its two dumps and whether the dump re-reads equal."""
    texts = [json.dumps(_payload(fmt, text)) for fmt, text, _ in EDGES]
    result = run_python(MODEL_SCRIPT.format(texts=json.dumps(texts)), cwd=folder)
    assert result.returncode == 0, result.stderr
    return list(json.loads(result.stdout))


@pytest.mark.parametrize(("fmt", "text", "dumped"), EDGES, ids=EDGE_IDS)
def test_schema_checkers_decide_each_edge(fmt: str, text: str, dumped: str | None) -> None:
    """The schema's format checker accepts exactly the edges the table marks valid."""
    assert FORMATS[fmt](text) is (dumped is not None)


@pytest.mark.parametrize(("fmt", "text", "dumped"), EDGES, ids=EDGE_IDS)
def test_ecma_validator_and_validate_fast_path_agree(engine: Engine, fmt: str, text: str, dumped: str | None) -> None:
    """The ECMA validator and jsonschema-rs as `codegen validate` builds it both follow the table."""
    payload = _payload(fmt, text)
    assert ecma_validator(SCHEMA).is_valid(payload) is (dumped is not None)
    assert engine.fast is not None
    assert engine.fast(payload) is (dumped is not None)
    assert (engine.check(json.dumps(payload).encode()) == ()) is (dumped is not None)


@pytest.mark.parametrize("index", range(len(EDGES)), ids=EDGE_IDS)
def test_model_accepts_each_edge_iff_the_schema_does_and_dumps_schema_valid_text(
    model_results: list[Any], index: int
) -> None:
    """The generated model follows the table; its dumps are the table's text, schema-valid, and re-read equal."""
    fmt, _, dumped = EDGES[index]
    result = model_results[index]
    if dumped is None:
        assert result is None
        return
    assert result is not None
    as_json, as_python_json, reread_equal = result
    assert as_json[FIELD[fmt]] == dumped
    assert as_python_json == as_json
    assert ecma_validator(SCHEMA).is_valid(as_json)
    assert reread_equal


def test_plain_pydantic_types_accept_what_the_formats_refuse() -> None:
    """pydantic's own datetime and UUID take texts the schema refuses; the wire types do not."""
    plain_datetime, plain_uuid = pydantic.TypeAdapter(datetime), pydantic.TypeAdapter(UUID)
    wire_datetime, wire_uuid = pydantic.TypeAdapter(DateTimeString), pydantic.TypeAdapter(UuidString)
    for text in ("2023-06-30 10:00:00Z", "2023-06-30T10:00Z", "2023-06-30T10:00:00", "2023-06-30T10:00:00+0530"):
        plain_datetime.validate_json(json.dumps(text))
        assert not FORMATS["date-time"](text)
        with pytest.raises(pydantic.ValidationError):
            wire_datetime.validate_json(json.dumps(text))
    for text in ("123e4567e89b12d3a456426614174000", "urn:uuid:123e4567-e89b-12d3-a456-426614174000"):
        plain_uuid.validate_json(json.dumps(text))
        assert not FORMATS["uuid"](text)
        with pytest.raises(pydantic.ValidationError):
            wire_uuid.validate_json(json.dumps(text))


def test_jsonschema_rs_own_checkers_differ_only_on_year_zero() -> None:
    """jsonschema-rs's built-in checkers agree with ours on every edge but year 0000, hence Engine passes ours."""
    native = {fmt: jsonschema_rs.validator_for({"format": fmt}, validate_formats=True).is_valid for fmt in FORMATS}
    differing = [(fmt, text) for fmt, text, _ in EDGES if native[fmt](text) != FORMATS[fmt](text)]
    assert differing == [("date-time", "0000-01-01T00:00:00Z"), ("date", "0000-01-01")]


def _random_texts(rng: random.Random) -> list[tuple[str, str]]:
    """Texts built from parts at and around every edge, one of each format per round."""
    year = rng.choice(["0000", "0001", "1900", "2000", "2016", "2023", "2024", "9999", "10000", "203"])
    month = rng.choice(["01", "02", "04", "06", "12", "13", "00", "1"])
    day = rng.choice(["01", "28", "29", "30", "31", "32", "00"])
    hour = rng.choice(["00", "01", "05", "15", "22", "23", "24", "1"])
    minute = rng.choice(["00", "29", "58", "59", "60"])
    second = rng.choice(["00", "59", "60", "61", ""])
    fraction = rng.choice(["", "", ".1", ".123456", ".1234567", ".", ",5", "." + "0" * 20])
    offset = rng.choice(["Z", "z", "+00:00", "-00:00", "+05:30", "-08:00", "+23:59", "+24:00", "+00:60", "+0100", ""])
    sep = rng.choice(["T", "t", " ", "_"])
    clock = f"{hour}:{minute}" + (f":{second}" if second else "") + fraction + offset
    hexes = "".join(rng.choice("0123456789abcdefABCDEFg") for _ in range(32))
    cut = rng.choice([(8, 12, 16, 20), (8, 12, 16, 20), (7, 12, 16, 20), ()])
    uuid = "".join(("-" if i in cut else "") + char for i, char in enumerate(hexes))
    return [
        ("date-time", f"{year}-{month}-{day}{sep}{clock}"),
        ("date", f"{year}-{month}-{day}"),
        ("time", clock),
        ("uuid", uuid),
    ]


def test_random_texts_agree_across_every_judge(engine: Engine) -> None:
    """On 12,000 texts around the edges, the schema's checkers, validate's fast path and the wire types agree."""
    wire: dict[str, pydantic.TypeAdapter[Any]] = {
        "date-time": pydantic.TypeAdapter(DateTimeString),
        "date": pydantic.TypeAdapter(DateString),
        "time": pydantic.TypeAdapter(TimeString),
        "uuid": pydantic.TypeAdapter(UuidString),
    }
    rng = random.Random(8)
    accepted = 0
    for _ in range(3000):
        for fmt, text in _random_texts(rng):
            verdict = FORMATS[fmt](text)
            assert engine.fast is not None
            assert engine.fast(_payload(fmt, text)) is verdict, (fmt, text)
            for as_json in (True, False):
                try:
                    if as_json:
                        wire[fmt].validate_json(json.dumps(text))
                    else:
                        wire[fmt].validate_python(text)
                except pydantic.ValidationError:
                    assert not verdict, (fmt, text)
                else:
                    assert verdict, (fmt, text)
            accepted += verdict
    assert 1000 < accepted < 11000  # both verdicts are well represented


PYTHON_SCRIPT = textwrap.dedent(
    """
    import json
    from datetime import UTC, date, datetime, time, timedelta, timezone
    from uuid import UUID
    from zoneinfo import ZoneInfo

    import pydantic
    from generated import Stamps

    base = dict(
        at=datetime(2023, 6, 30, 10, tzinfo=timezone(timedelta(hours=5, minutes=30))),
        day=date(2023, 6, 30),
        clock=time(10, tzinfo=UTC),
        ref=UUID(int=1),
    )

    def refused(**change):
        try:
            Stamps(**{**base, **change})
        except pydantic.ValidationError:
            return True
        return False

    before = datetime.now(UTC)
    filled = Stamps(**base)
    after = datetime.now(UTC)
    kept = Stamps(**base, stamped_at=datetime(2020, 1, 1, tzinfo=UTC))
    paris = Stamps(**{**base, "at": datetime(2023, 6, 30, 10, tzinfo=ZoneInfo("Europe/Paris"))})
    texts = Stamps(**{**base, "at": "2023-06-30t10:00:00+05:30", "day": "2023-06-30", "ref": str(UUID(int=1))})
    without = json.loads(filled.model_dump_json())
    del without["stamped_at"]
    json_refused = python_refused = False
    try:
        Stamps.model_validate_json(json.dumps(without))
    except pydantic.ValidationError as error:
        json_refused = [e["type"] for e in error.errors()] == ["missing"]
    try:
        Stamps.model_validate(without)
    except pydantic.ValidationError:
        python_refused = True
    print(json.dumps({
        "filled_aware_utc": filled.stamped_at.utcoffset() == timedelta(0),
        "filled_now": before <= filled.stamped_at <= after,
        "filled_dump": json.loads(filled.model_dump_json())["stamped_at"].endswith("Z"),
        "kept": kept.stamped_at == datetime(2020, 1, 1, tzinfo=UTC),
        "json_without_refused": json_refused,
        "python_dict_without_refused": python_refused,
        "offset_kept": filled.model_dump(mode="json")["at"],
        "zone_dump": paris.model_dump(mode="json")["at"],
        "text_inputs": texts.model_dump(mode="json")["at"],
        "naive_datetime_refused": refused(at=datetime(2023, 6, 30, 10)),
        "seconds_offset_refused": refused(at=datetime(2023, 6, 30, tzinfo=timezone(timedelta(seconds=30)))),
        "naive_time_refused": refused(clock=time(10)),
        "zone_time_refused": refused(clock=time(10, tzinfo=ZoneInfo("Europe/Paris"))),
        "datetime_for_date_refused": refused(day=datetime(2023, 6, 30, tzinfo=UTC)),
        "bad_text_refused": refused(at="2023-06-30 10:00:00Z"),
        "uuid_text_without_hyphens_refused": refused(ref=UUID(int=1).hex),
        "int_for_datetime_refused": refused(at=1688119200),
    }))
    """
)


@pytest.fixture(scope="module")
def python_results(folder: Path) -> dict[str, Any]:
    """What Python construction of the generated Stamps model does, run in a fresh interpreter."""
    result = run_python(PYTHON_SCRIPT, cwd=folder)
    assert result.returncode == 0, result.stderr
    return dict(json.loads(result.stdout))


def test_default_now_fills_an_aware_utc_time_for_python_callers_only(python_results: dict[str, Any]) -> None:
    """x-default-now fills the current UTC time in Python construction; JSON (and model_validate) must carry it."""
    assert python_results["filled_aware_utc"]
    assert python_results["filled_now"]
    assert python_results["filled_dump"]
    assert python_results["kept"]
    assert python_results["json_without_refused"]
    assert python_results["python_dict_without_refused"]


def test_python_callers_pass_aware_values_and_offsets_survive(python_results: dict[str, Any]) -> None:
    """Aware datetimes keep their offset in dumps (a zone becomes its offset); text is judged as JSON text is."""
    assert python_results["offset_kept"] == "2023-06-30T10:00:00+05:30"
    assert python_results["zone_dump"] == "2023-06-30T10:00:00+02:00"
    assert python_results["text_inputs"] == "2023-06-30T10:00:00+05:30"


@pytest.mark.parametrize(
    "case",
    [
        "naive_datetime_refused",
        "seconds_offset_refused",
        "naive_time_refused",
        "zone_time_refused",
        "datetime_for_date_refused",
        "bad_text_refused",
        "uuid_text_without_hyphens_refused",
        "int_for_datetime_refused",
    ],
)
def test_python_construction_refuses_what_rfc_3339_cannot_write(python_results: dict[str, Any], case: str) -> None:
    """Naive values, offsets with seconds, a zone with no offset, a datetime for a date, and loose text are refused."""
    assert python_results[case] is True


def test_wire_types_describe_themselves_by_format() -> None:
    """A model's JSON Schema names the format, not the patterns the wire type checks the text with."""
    for wire, fmt in ((DateTimeString, "date-time"), (DateString, "date"), (TimeString, "time"), (UuidString, "uuid")):
        assert pydantic.TypeAdapter(wire).json_schema() == {"type": "string", "format": fmt}
