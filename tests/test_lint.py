"""`codegen lint`: the house rules, through the real CLI, over case files on disk."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from codegen.cli import main
from codegen.evolution.lint import RULES

ROOT = Path(__file__).parent.parent
CASES = Path(__file__).parent / "lint_cases"
FINDINGS = sorted(CASES.glob("findings/*.schema.json"))
CLEAN = sorted(CASES.glob("clean/*.schema.json"))
NO_CONFIG = ["--config", str(CASES / "no-such-pyproject.toml")]


def _lint(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["lint", *args])
    return result.exit_code, result.output


def _expected(case: Path) -> set[tuple[str, str]]:
    lines = case.with_name(case.name.replace(".schema.json", ".expected")).read_text().splitlines()
    return {(rule, pointer) for rule, _, pointer in (line.partition(" ") for line in lines if line.strip())}


@pytest.mark.parametrize("case", FINDINGS, ids=[case.name for case in FINDINGS])
def test_case_reports_exactly_its_expected_findings(case: Path) -> None:
    """Each case file yields exactly the (rule, pointer) pairs listed beside it, and exit code 1."""
    code, output = _lint(str(case), "--output", "json", *NO_CONFIG)
    assert code == 1
    found = {(item["rule"], item["pointer"]) for item in json.loads(output)["findings"]}
    assert found == _expected(case)


def test_every_rule_has_a_case_file() -> None:
    """Every rule id is exercised by a case file named after it."""
    assert {case.name.removesuffix(".schema.json") for case in FINDINGS} == set(RULES)


@pytest.mark.parametrize("case", CLEAN, ids=[case.name for case in CLEAN])
def test_clean_case_passes(case: Path) -> None:
    """A schema that follows every rule lints clean with exit code 0."""
    code, output = _lint(str(case), *NO_CONFIG)
    assert (code, output.splitlines()[-1].endswith(": clean")) == (0, True)


def test_real_schemas_lint_clean_with_their_justified_waiver() -> None:
    """schemas/ lints clean under the repository's pyproject.toml, the `$` waiver reported with its reason."""
    code, output = _lint("--schemas", str(ROOT / "schemas"), "--config", str(ROOT / "pyproject.toml"))
    assert code == 0, output
    assert "[pattern-dollar-end] waived: validators use ECMA-262" in output


def test_real_schemas_without_waivers_show_the_dollar_trap() -> None:
    """Without the waiver the real schema's `$`-terminated patterns are findings."""
    code, output = _lint("--schemas", str(ROOT / "schemas"), *NO_CONFIG)
    assert code == 1
    assert "/properties/plan_id/pattern: [pattern-dollar-end]" in output


def _pyproject(tmp_path: Path, body: str) -> str:
    path = tmp_path / "pyproject.toml"
    path.write_text(body)
    return str(path)


def test_waiver_switches_a_rule_off_for_its_schema_only(tmp_path: Path) -> None:
    """A waiver named after one schema silences its rule there, not in another schema."""
    config = _pyproject(
        tmp_path,
        '[tool.codegen.lint."enum-name"]\ndisable = [{rule = "enum-name", reason = "legacy values"}]\n',
    )
    assert _lint(str(CASES / "findings" / "enum-name.schema.json"), "--config", config)[0] == 0
    assert _lint(str(CASES / "findings" / "enum-unique.schema.json"), "--config", config)[0] == 1


@pytest.mark.parametrize(
    ("switch", "message"),
    [
        ('{rule = "enum-name"}', "needs a non-empty 'reason'"),
        ('{rule = "enum-name", reason = "  "}', "needs a non-empty 'reason'"),
        ('{rule = "no-such-rule", reason = "x"}', "unknown rule 'no-such-rule'"),
    ],
)
def test_bad_waiver_is_a_usage_error(tmp_path: Path, switch: str, message: str) -> None:
    """A switch without a reason, or for an unknown rule, fails with exit code 2 and says why."""
    config = _pyproject(tmp_path, f'[tool.codegen.lint."x"]\ndisable = [{switch}]\n')
    code, output = _lint(str(CASES / "clean"), "--config", config)
    assert code == 2
    assert message in output


def test_unreadable_schema_exits_2_and_others_are_still_linted(tmp_path: Path) -> None:
    """A file that is not JSON is reported with exit code 2, and the other files' findings still appear."""
    broken = tmp_path / "broken.schema.json"
    broken.write_text("{not json")
    code, output = _lint(str(broken), str(CASES / "findings" / "enum-unique.schema.json"), *NO_CONFIG)
    assert code == 2
    assert "broken.schema.json#: not JSON" in output
    assert "[enum-unique]" in output


def test_metaschema_violation_is_unreadable(tmp_path: Path) -> None:
    """A schema that violates the 2020-12 metaschema cannot be linted: exit code 2 with its pointer."""
    bad = tmp_path / "bad.schema.json"
    bad.write_text('{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object", "minProperties": -1}')
    code, output = _lint(str(bad), *NO_CONFIG)
    assert code == 2
    assert "violates the metaschema" in output
