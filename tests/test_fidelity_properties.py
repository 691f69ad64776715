"""Property-based fidelity: on generated and mutated JSON texts, the model's verdict is the schema's.

Valid payloads come from the schema: hypothesis-jsonschema builds every property that
has no ``pattern`` from its subschema, and the two kinds of ``pattern`` in the schema
(the plan id and the decimal in [0, 1]) get hand-written strategies, because
hypothesis' regex strategies are slow and hypothesis-jsonschema knows neither
``format: decimal`` nor ECMA-262's ``$``. Every generated "valid" payload is checked by
the oracle, so a strategy that drifts from the schema fails loudly instead of being
filtered. Mutants start from a valid payload and change one field, drop a required key
or add an unknown one, then sometimes damage the text itself; the test asserts only that
the schema and the model agree. Several payloads are judged per hypothesis example to
keep the run cheap; ``tests.oracle.COMPARED`` counts them.
"""

from __future__ import annotations

import copy
import json
import string
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

from codegen.proof.payloads import Raw, to_text
from generated import ExecutionPlan
from tests.oracle import COMPARED, SCHEMA, compare, schema_accepts, schema_errors

PROPERTIES: dict[str, dict[str, Any]] = SCHEMA["properties"]
REQUIRED: list[str] = SCHEMA["required"]
PLAN_ID_PATTERN = "^EXP_[0-9]{8}_[0-9]{6}_[0-9a-z]{5,8}$"
DECIMAL_PATTERN = "^(?:0(?:\\.[0-9]+)?|1(?:\\.0+)?)$"
ENUM_VALUES: list[str] = SCHEMA["$defs"]["ExecutionAction"]["enum"]

# Derandomized and without a database, so CI runs are repeatable. No shrinking: several
# payloads are judged per example and a failure message already quotes the exact text,
# while shrinking such large examples takes minutes.
DETERMINISTIC = settings(
    deadline=None, derandomize=True, database=None, print_blob=False, phases=[Phase.explicit, Phase.generate]
)

# ---------------------------------------------------------------------------------------
# Valid payloads, from the schema.

_digits = string.digits
_base36 = string.digits + string.ascii_lowercase


def _fixed_digits(count: int) -> st.SearchStrategy[str]:
    return st.text(alphabet=_digits, min_size=count, max_size=count)


PLAN_IDS: st.SearchStrategy[str] = st.builds(
    lambda date, time, suffix: f"EXP_{date}_{time}_{suffix}",
    _fixed_digits(8),
    _fixed_digits(6),
    st.text(alphabet=_base36, min_size=5, max_size=8),
)
"""Strings that fully match the plan id pattern (written out: the pattern is simple)."""

DECIMALS: st.SearchStrategy[str] = st.one_of(
    st.sampled_from(["0", "1"]),
    st.text(alphabet=_digits, min_size=1, max_size=12).map(lambda fraction: f"0.{fraction}"),
    st.integers(min_value=1, max_value=8).map(lambda zeros: "1." + "0" * zeros),
)
"""Strings that fully match the decimal-in-[0, 1] pattern, in every shape it allows."""

_PATTERN_STRATEGIES: dict[str, st.SearchStrategy[str]] = {PLAN_ID_PATTERN: PLAN_IDS, DECIMAL_PATTERN: DECIMALS}


def _resolved(subschema: dict[str, Any]) -> dict[str, Any]:
    """``subschema`` with its local ``$ref`` inlined and ``format`` dropped (hypothesis-jsonschema ignores it)."""
    resolved = copy.deepcopy(subschema)
    if "$ref" in resolved:
        resolved = copy.deepcopy(SCHEMA["$defs"][resolved.pop("$ref").rsplit("/", 1)[-1]])
    resolved.pop("format", None)
    return resolved


def _property_strategy(name: str) -> st.SearchStrategy[Any]:
    """Values the schema accepts for property ``name``."""
    subschema = _resolved(PROPERTIES[name])
    pattern = subschema.get("pattern")
    if pattern is None:
        return from_schema(subschema)
    # A new pattern in the schema needs its own strategy here: fail rather than guess.
    assert pattern in _PATTERN_STRATEGIES, f"no strategy for the pattern of {name}: {pattern!r}"
    strategy = _PATTERN_STRATEGIES[pattern]
    types = subschema["type"] if isinstance(subschema["type"], list) else [subschema["type"]]
    assert set(types) <= {"string", "null"}, f"{name}: pattern on a non-string type {types}"
    return st.one_of(st.none(), strategy) if "null" in types else strategy


VALID_PLANS: st.SearchStrategy[dict[str, Any]] = st.fixed_dictionaries(
    {name: _property_strategy(name) for name in REQUIRED},
    optional={name: _property_strategy(name) for name in PROPERTIES if name not in REQUIRED},
)
"""Whole payloads the schema accepts: the required properties and any subset of the others."""


def _schema_without_formats() -> dict[str, Any]:
    """The schema, with ``format`` (unknown to hypothesis-jsonschema) dropped."""
    schema = copy.deepcopy(SCHEMA)
    for subschema in schema["properties"].values():
        subschema.pop("format", None)
    return schema


def _assert_valid_and_round_trips(text: str) -> None:
    """``text`` is accepted by schema and model, and the model's dump is schema-valid and reads back equal."""
    schema_verdict, model_verdict = compare(text)
    assert schema_verdict, f"strategy produced a payload the schema rejects: {text!r} {schema_errors(text)}"
    assert model_verdict, f"schema accepts but the model rejects: {text!r}"
    plan = ExecutionPlan.model_validate_json(text)
    dumped = plan.model_dump_json()
    assert ExecutionPlan.model_validate_json(dumped) == plan
    assert schema_accepts(dumped), f"dump is not schema-valid: {dumped!r} {schema_errors(dumped)}"
    assert schema_accepts(json.dumps(plan.model_dump(mode="json")))


@settings(DETERMINISTIC, max_examples=100)
@given(plans=st.lists(VALID_PLANS, min_size=1, max_size=20), ascii_only=st.booleans())
def test_generated_payloads_are_accepted_and_round_trip(plans: list[dict[str, Any]], ascii_only: bool) -> None:
    """Payloads built from the schema's properties are accepted by the model and round-trip schema-valid."""
    for plan in plans:
        _assert_valid_and_round_trips(json.dumps(plan, ensure_ascii=ascii_only))


@settings(
    DETERMINISTIC, max_examples=30, suppress_health_check=[HealthCheck.too_slow]
)  # whole-schema generation is slow
@given(plan=from_schema(_schema_without_formats()))
def test_whole_schema_payloads_are_accepted_and_round_trip(plan: dict[str, Any]) -> None:
    """Payloads from hypothesis-jsonschema's whole-schema strategy are accepted and round-trip schema-valid."""
    _assert_valid_and_round_trips(json.dumps(plan))


# ---------------------------------------------------------------------------------------
# Mutants: one change to a valid payload, then maybe to its text.


WHITESPACE = [" ", "\t", "\n", "\r", "\r\n", "\u00a0", "\u2028", "\u2029", "\ufeff", "\u3000", "\x0b", "\x0c"]
SIGNS = ["-", "+", "\u2212"]
NON_ASCII_DIGITS = st.characters(categories=["Nd"], exclude_characters=_digits)

RAW_NUMBERS = [
    "0", "1", "-1", "2", "1.0", "1.00", "1.5", "0.0", "-0", "-0.0", "1e2", "1E2", "1e+2", "1E-2", "0.1e1", "10e-1",
    "1e400", "-1e400", "1e-400", "1e308", "4.9e-324", "1.0000000000000000000001", "9" * 40, "9" * 4300, "9" * 4301,
    "1" + "0" * 400 + ".0", "01", "+1", ".5", "1.", "1e", "0x10", "1_000", "NaN", "Infinity", "-Infinity", "nan",
    "true", "True", "null", "None", "undefined", "[]", "{}", "[1]", '{"a": 1}',
]  # fmt: skip

RAW_NUMBER_STRATEGY: st.SearchStrategy[Raw] = st.builds(
    lambda sign, integer, fraction, exponent: Raw(f"{sign}{integer}{fraction}{exponent}"),
    st.sampled_from(["", "", "-", "+"]),
    st.sampled_from(["0", "1", "2", "10", "01", "12", "", "100000000000000000000"]),
    st.sampled_from(["", "", ".", ".0", ".5", ".000", ".0001", ".9999999999999999999"]),
    st.sampled_from(["", "", "e0", "e2", "E+1", "e-1", "e-7", "e400", "e-400", "e", "E+"]),
)
"""Number-ish texts: valid JSON numbers of every shape, and near misses that are not JSON."""


_EDITS = 15


def _edit(value: str, edit: int, at: int, *, whitespace: str, char: str, digit: str) -> str:
    """``value`` with one adversarial edit (number ``edit``) that a careless validator might let through."""
    at %= len(value) + 1
    digit_spots = [index for index, c in enumerate(value) if c in _digits]
    edits = [
        lambda: whitespace + value,
        lambda: value + whitespace,
        lambda: value[:at] + whitespace + value[at:],
        lambda: SIGNS[at % len(SIGNS)] + value,
        lambda: value + ["e0", "e1", "E-7", "e+0", "E0"][at % 5],
        lambda: value[:at] + "_" + value[at:],
        lambda: value[:at],
        lambda: value[at:],
        lambda: value[:at] + char + value[at:],
        lambda: value.upper() if at % 2 else value.lower(),
        lambda: value + value[-1:],
        lambda: "0" + value,
        lambda: "",
        lambda: value + "\n",
        lambda: value,  # replaced below when the value has a digit
    ]
    assert len(edits) == _EDITS
    if edit == _EDITS - 1 and digit_spots:
        spot = digit_spots[at % len(digit_spots)]
        return value[:spot] + digit + value[spot + 1 :]
    return edits[edit]()


def _near_miss_strings() -> st.SearchStrategy[str]:
    """Valid strings for some pattern or enum in the schema, each with one adversarial edit."""
    seeds = st.one_of(PLAN_IDS, DECIMALS, st.sampled_from(ENUM_VALUES), st.sampled_from(["TWAP", "UNIFORM"]))
    return st.builds(
        _edit,
        seeds,
        st.integers(min_value=0, max_value=_EDITS - 1),
        st.integers(min_value=0, max_value=40),
        whitespace=st.sampled_from(WHITESPACE),
        char=st.characters(codec="utf-8"),
        digit=NON_ASCII_DIGITS,
    )


ADVERSARIAL_VALUES: st.SearchStrategy[Any] = st.one_of(
    _near_miss_strings(),
    _near_miss_strings(),
    _near_miss_strings(),
    RAW_NUMBER_STRATEGY,
    st.sampled_from(RAW_NUMBERS).map(Raw),
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-3, max_value=3),
    st.floats(),  # NaN and infinities are written as NaN/Infinity: not JSON
    st.text(max_size=12),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=6),
    st.sampled_from([[], {}, [1], {"a": "0.5"}, ["0.5"]]),
)
"""Values of any JSON type, and near misses of the values the schema accepts."""


def _to_text(payload: Any, ascii_only: bool = True) -> str:
    """``payload`` as JSON text, with each ``Raw`` written verbatim."""
    return to_text(payload, ascii_only=ascii_only)


def _text_mutations(text: str, field: str, value_text: str) -> list[str]:
    """Damaged variants of the object text ``text``: duplicate keys, garbage, NaN, BOM, truncation, surrogates."""
    assert text.startswith("{")
    assert text.endswith("}")
    key = json.dumps(field)
    inner = text[1:-1]
    separator = ", " if inner else ""
    return [
        "{" + inner + separator + f"{key}: {value_text}" + "}",  # duplicate key, the mutant is last and wins
        "{" + f"{key}: {value_text}" + separator + inner + "}",  # duplicate key, the original (if any) wins
        "{" + inner + separator + f"{key}: NaN" + "}",
        "{" + inner + separator + f"{key}: -Infinity" + "}",
        "{" + inner + separator + f'{key}: "\\udc00"' + "}",
        "{" + inner + separator + f'{key}: "0.5\\ud800"' + "}",
        text + " x",
        text + "}",
        text + ",",
        text + "\n\t ",
        "\ufeff" + text,
        text[:-1],
        "{" + inner + ",}" if inner else "{,}",
        text.replace(":", " :  ", 1),
    ]


def _assert_same_verdict(text: str) -> None:
    """The schema and the model agree on ``text``."""
    schema_verdict, model_verdict = compare(text)
    assert schema_verdict == model_verdict, (
        f"fidelity mismatch on {text!r}: schema {'accepts' if schema_verdict else 'rejects'}, "
        f"model {'accepts' if model_verdict else 'rejects'}; schema errors: {schema_errors(text)}"
    )


FIELDS = st.sampled_from([*PROPERTIES, "unknown_field", "PLAN_ID", "plan_id "])


@settings(DETERMINISTIC, max_examples=100, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(
    base=VALID_PLANS,
    mutants=st.lists(st.tuples(FIELDS, ADVERSARIAL_VALUES), min_size=30, max_size=40),
    ascii_only=st.booleans(),
    text_mutation=st.integers(min_value=0, max_value=13),
)
def test_mutated_payloads_get_the_schema_verdict(
    base: dict[str, Any], mutants: list[tuple[str, Any]], ascii_only: bool, text_mutation: int
) -> None:
    """A valid payload with one field replaced, a key dropped or added, or its text damaged: model agrees."""
    for field, value in mutants:
        payload = {**base, field: value}
        text = _to_text(payload, ascii_only)
        _assert_same_verdict(text)
        _assert_same_verdict(_text_mutations(text, field, _to_text(value))[text_mutation])
    for name in REQUIRED:
        _assert_same_verdict(_to_text({key: value for key, value in base.items() if key != name}))
    _assert_same_verdict(_to_text({**base, "x_extra": "1"}))


_CONSTANT_VALUES: list[Any] = [
    *map(Raw, RAW_NUMBERS),
    *(prefix + value for value in ["0.5", "1", "EXECUTE_TRADE", "EXP_20251201_143450_pqr901"] for prefix in SIGNS),
    *(value + ws for value in ["0.5", "1.0", "CANCEL_ORDER", "EXP_20251201_143450_pqr901"] for ws in WHITESPACE),
    *(ws + value for value in ["0", "TWAP", "EXP_20251201_143450_pqr90123"] for ws in WHITESPACE),
    *["1.0001", ".5", "1.", "01", "0.5e1", "1E-7", "0_5", "\u0660.5", "\uff10.5", "0.\u0665", "", "0.", "1.01"],
    *["EXP_20251201_143450_pqr9", "EXP_20251201_143450_pqr901234", "EXP_20251201_143450_PQR901"],
    *["EXP_\u0662\u0660\u0662\u0665\u0661\u0662\u0660\u0661_143450_pqr901", "exp_20251201_143450_pqr901"],
    *[value.lower() for value in ENUM_VALUES],
    *ENUM_VALUES,
    *["true", "false", "null", "0.5", "0", "1", "x", "\u0000", "\U0001f600", "a\nb"],
]
"""Hand-picked boundary values, each tried in every field."""


def test_every_boundary_value_in_every_field_gets_the_schema_verdict() -> None:
    """Each hand-picked boundary value, in each field and in several text variants, gets the schema's verdict."""
    base = {"plan_id": "EXP_20251201_143450_pqr901", "action": "EXECUTE_TRADE"}
    for field in PROPERTIES:
        for value in _CONSTANT_VALUES:
            text = _to_text({**base, field: value})
            _assert_same_verdict(text)
            _assert_same_verdict(_to_text({**base, field: value}, ascii_only=False))
            for damaged in _text_mutations(text, field, _to_text(value))[:3]:
                _assert_same_verdict(damaged)


def _mutation_check(mutate: Callable[[dict[str, Any]], Any], base: dict[str, Any]) -> None:
    _assert_same_verdict(_to_text(mutate(base)))


@settings(DETERMINISTIC, max_examples=60)
@given(base=VALID_PLANS)
def test_structural_mutants_get_the_schema_verdict(base: dict[str, Any]) -> None:
    """Wrapping, emptying or replacing the whole payload gives the schema's verdict, and none of them is valid."""
    mutations: list[Callable[[dict[str, Any]], Any]] = [
        lambda plan: [plan],
        lambda plan: {},
        lambda plan: None,
        lambda plan: plan["plan_id"],
        lambda plan: {"plan": plan},
        lambda plan: {key: value for key, value in plan.items() if key not in REQUIRED},
    ]
    for mutate in mutations:
        _mutation_check(mutate, base)
        assert not schema_accepts(_to_text(mutate(base)))


def test_this_module_compared_at_least_10000_payloads() -> None:
    """The property tests above (run before this one, in file order) compare at least 10,000 payloads."""
    assert COMPARED["payloads"] >= 10_000, COMPARED["payloads"]
