"""`codegen breaking --against REF`: one before/after pair per rule on disk, git refs, modes and versions."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from codegen.cli import main
from codegen.evolution.breaking import MODES, RULES
from codegen.schema.ecma import ecma_validator
from codegen.schema.loading import load_folder, registry_of

ROOT = Path(__file__).parent.parent
CASES = sorted(path for path in (Path(__file__).parent / "breaking_cases").iterdir() if path.is_dir())
LETTERS = {"B": "backward", "F": "forward", "P": "python", "U": "unknown", "V": "version"}


def _breaking(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["breaking", *args])
    return result.exit_code, result.output


def _pair(case: Path, tmp_path: Path) -> tuple[Path, Path]:
    """The case's before and after schemas as two folders: one module ``case``, or the case's own folders."""
    old, new = tmp_path / "old", tmp_path / "new"
    tmp_path.mkdir(parents=True, exist_ok=True)
    if (case / "before").is_dir():
        shutil.copytree(case / "before", old)
        shutil.copytree(case / "after", new)
        return old, new
    for folder, name in ((old, "before"), (new, "after")):
        folder.mkdir()
        shutil.copy(case / f"{name}.schema.json", folder / "case.schema.json")
    return old, new


def _expected(case: Path) -> tuple[str, set[str], set[str]]:
    """The case's rule (its name up to ``--``; ``none``: no rule), its directions, and those of the whole report."""
    expected = json.loads((case / "expected.json").read_text())
    directions = {LETTERS[letter] for letter in expected["directions"]}
    report = {LETTERS[letter] for letter in expected.get("report", expected["directions"])}
    return expected.get("rule", case.name.split("--")[0]), directions, report


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_rule_case_is_classified_with_its_directions(case: Path, tmp_path: Path) -> None:
    """Each pair yields its rule with exactly the expected directions, nothing more, failing just its modes."""
    old, new = _pair(case, tmp_path)
    rule, expected, whole = _expected(case)
    # Only the version rules depend on the mode; the other cases need one run.
    for mode in sorted(MODES) if "version" in whole else ["full"]:
        code, output = _breaking("--schemas", str(new), "--against", str(old), "--mode", mode, "--output", "json")
        report = json.loads(output)
        if rule != "none":
            matching = [change for change in report["changes"] if change["rule"] == rule]
            assert matching, output
            assert {frozenset(change["directions"]) for change in matching} == {frozenset(expected)}, output
            assert all(change["breaks_mode"] == bool(expected & MODES[mode]) for change in matching)
        assert set().union(*(change["directions"] for change in report["changes"])) == whole, output
        assert code == (1 if whole & MODES[mode] else 0)


@pytest.mark.parametrize("mode", sorted(MODES))
def test_exit_code_follows_the_mode(mode: str, tmp_path: Path) -> None:
    """A backward-only change fails backward and full and passes forward; a python-only one fails only full."""
    for name, failing in (("range-narrowed", {"backward", "full"}), ("member-removed", {"backward", "full"})):
        old, new = _pair(Path(__file__).parent / "breaking_cases" / name, tmp_path / name)
        assert _breaking("--schemas", str(new), "--against", str(old), "--mode", mode)[0] == int(mode in failing)
    old, new = _pair(Path(__file__).parent / "breaking_cases" / "none--defs-title-changed", tmp_path / "title")
    assert _breaking("--schemas", str(new), "--against", str(old), "--mode", mode)[0] == 0
    old, new = _pair(Path(__file__).parent / "breaking_cases" / "class-renamed", tmp_path / "renamed")
    assert _breaking("--schemas", str(new), "--against", str(old), "--mode", mode)[0] == int(mode == "full")


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_every_witness_is_a_whole_payload_both_versions_judge_apart(case: Path, tmp_path: Path) -> None:
    """A printed witness is a payload one version's ECMA validator accepts and the other's rejects, in its direction."""
    old, new = _pair(case, tmp_path)
    report = json.loads(_breaking("--schemas", str(new), "--against", str(old), "--output", "json")[1])
    before = {s.module: s for s in load_folder(old)}
    after = {s.module: s for s in load_folder(new)}
    for change in report["changes"]:
        if change["witness"] is None or change["module"] not in after or change["module"] not in before:
            continue
        payload = json.loads(change["witness"])
        judged = [
            ecma_validator(
                {**f[change["module"]].document, "$id": f[change["module"]].uri}, registry_of(list(f.values()))
            ).is_valid(payload)
            for f in (before, after)
        ]
        assert judged[0] != judged[1], change
        direction = set(change["directions"]) & {"backward", "forward"}
        if direction and change["rule"] != "witness":
            assert judged == ([True, False] if "backward" in direction else [False, True]), change


def test_every_rule_has_a_case_pair() -> None:
    """Each rule has a before/after pair named after it (``<rule>`` or ``<rule>--<variant>``); no pair is unnamed."""
    rules = {_expected(case)[0] for case in CASES}
    assert rules - {"none"} == set(RULES) - {"witness"}


def test_forward_only_change_passes_backward_mode(tmp_path: Path) -> None:
    """An added optional field is forward-incompatible only: `--mode backward` exits 0, `--mode full` exits 1."""
    old, new = _pair(Path(__file__).parent / "breaking_cases" / "property-added", tmp_path)
    assert _breaking("--schemas", str(new), "--against", str(old), "--mode", "backward")[0] == 0
    assert _breaking("--schemas", str(new), "--against", str(old))[0] == 1


def test_unchanged_schemas_pass() -> None:
    """Comparing a folder with itself reports no change and exits 0."""
    code, output = _breaking("--schemas", str(ROOT / "schemas"), "--against", str(ROOT / "schemas"))
    assert code == 0
    assert output.endswith("0 change(s), 0 breaking in mode full: ok\n")


def test_text_report_prints_the_witness(tmp_path: Path) -> None:
    """A documented example the new schema rejects is printed as a witness under the change."""
    old, new = _pair(Path(__file__).parent / "breaking_cases" / "required-added", tmp_path)
    code, output = _breaking("--schemas", str(new), "--against", str(old))
    assert code == 1
    assert "BREAKS case#/required: [required-added] (backward) field 'quantity' becomes required" in output
    assert '    witness: {"order_id": "ORD_0001", "side": "BUY"}' in output


@pytest.mark.parametrize(
    ("case", "direction", "field", "values"),
    [
        ("range-narrowed", "backward", "quantity", range(51, 101)),
        ("range-widened", "forward", "quantity", [0]),
        ("enum-value-added", "forward", "side", ["SHORT"]),
        ("length-narrowed", "backward", "note", ["x"]),
    ],
)
def test_generated_payload_witnesses_the_classification(
    case: str, direction: str, field: str, values: object, tmp_path: Path
) -> None:
    """Payloads generated from the examples find a witness the examples alone do not hold, in the right direction."""
    old, new = _pair(Path(__file__).parent / "breaking_cases" / case, tmp_path)
    code, output = _breaking("--schemas", str(new), "--against", str(old), "--output", "json")
    assert code == 1
    witnesses = [change for change in json.loads(output)["changes"] if change["rule"] == "witness"]
    assert [w["message"].split(":")[0] for w in witnesses] == [f"{direction}-incompatible"]
    assert json.loads(witnesses[0]["witness"])[field] in values  # type: ignore[operator]
    assert not [change for change in json.loads(output)["changes"] if change["rule"] == "unclassified"]


def test_schema_removed_and_added(tmp_path: Path) -> None:
    """A schema file that disappears breaks every direction (its module too); a new one breaks nothing."""
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir()
    new.mkdir()
    before = Path(__file__).parent / "breaking_cases" / "class-renamed" / "before.schema.json"
    shutil.copy(before, old / "gone.schema.json")
    (new / "fresh.schema.json").write_text(json.dumps({**json.loads(before.read_text()), "title": "Fresh"}))
    report = json.loads(_breaking("--schemas", str(new), "--against", str(old), "--output", "json")[1])
    rules = {(c["module"], c["rule"]): c["directions"] for c in report["changes"]}
    assert rules == {
        ("gone", "schema-removed"): ["backward", "forward"],
        ("gone", "module-removed"): ["python"],
        ("gone", "export-removed"): ["python"],
        ("fresh", "schema-added"): [],
    }


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


def test_against_a_git_ref(tmp_path: Path) -> None:
    """`--against HEAD` reads the committed schemas with git and compares the working tree with them."""
    repo = tmp_path / "repo"
    (repo / "schemas").mkdir(parents=True)
    case = Path(__file__).parent / "breaking_cases" / "enum-value-removed"
    shutil.copy(case / "before.schema.json", repo / "schemas" / "order.schema.json")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "v1")
    shutil.copy(case / "after.schema.json", repo / "schemas" / "order.schema.json")
    code, output = _breaking("--schemas", str(repo / "schemas"), "--against", "HEAD")
    assert code == 1
    assert "order#/properties/side/enum: [enum-value-removed] (backward)" in output
    assert "order#/Side/SELL: [member-removed] (python)" in output
    code, output = _breaking("--schemas", str(repo / "schemas"), "--against", "HEAD", "--mode", "forward")
    assert code == 0


def test_real_schemas_against_head() -> None:
    """The repository's schemas compare cleanly with the last commit when they are unchanged there."""
    code, output = _breaking("--against", "HEAD", "--schemas", str(ROOT / "schemas"))
    committed = subprocess.run(
        ["git", "-C", str(ROOT), "diff", "--quiet", "HEAD", "--", "schemas"], check=False
    ).returncode
    if committed == 0:
        assert code == 0, output


@pytest.mark.parametrize("against", ["no-such-ref-or-path", "HEAD~999999"])
def test_unknown_ref_is_a_usage_error(against: str) -> None:
    """A REF that is neither a path nor a git ref exits 2 with one line saying so."""
    code, output = _breaking("--against", against, "--schemas", str(ROOT / "schemas"))
    assert code == 2
    assert "is neither an existing path nor a git ref" in output


def test_unreadable_old_schema_is_exit_2(tmp_path: Path) -> None:
    """An old schema that is not JSON cannot be compared: exit 2."""
    (tmp_path / "execution_plan.schema.json").write_text("{")
    code, output = _breaking("--against", str(tmp_path), "--schemas", str(ROOT / "schemas"))
    assert code == 2
    assert "not JSON" in output


def test_ref_into_another_file_is_followed_and_compared_by_structure(tmp_path: Path) -> None:
    """A $ref moving to an identical definition in another file changes no payload; a different one is judged."""
    old, new = tmp_path / "old", tmp_path / "new"
    for folder, target in ((old, "a.schema.json#/$defs/X"), (new, "b.schema.json#/$defs/X")):
        folder.mkdir()
        schema = json.loads(
            (Path(__file__).parent / "breaking_cases" / "class-renamed" / "before.schema.json").read_text()
        )
        schema["properties"]["side"] = {"$ref": target}
        (folder / "case.schema.json").write_text(json.dumps(schema))
        for name, values in (("a", ["BUY", "SELL"]), ("b", ["BUY", "SELL"] if folder == old else ["BUY"])):
            other = {
                **schema,
                "title": name.upper(),
                "$defs": {"X": {"type": "string", "enum": values, "description": "X."}},
                "properties": {"x": {"$ref": "#/$defs/X"}},
                "required": ["x"],
                "examples": [{"x": "BUY"}],
            }
            (folder / f"{name}.schema.json").write_text(json.dumps(other))
    report = json.loads(
        _breaking("--schemas", str(new), "--against", str(old), "--output", "json", "--mode", "backward")[1]
    )
    wire = {(c["module"], c["rule"], c["pointer"]) for c in report["changes"] if set(c["directions"]) - {"python"}}
    # b's X narrowed to ["BUY"]: the case module now points there, so SELL is refused at /properties/side.
    assert ("case", "enum-value-removed", "/properties/side/enum") in wire
    assert not [c for c in report["changes"] if "unknown" in c["directions"]]


def test_a_tree_behind_a_nullable_reference_is_compared_without_recursing_forever(tmp_path: Path) -> None:
    """The family's directive refers to itself through a nullable `parent`; an edit inside it is still found."""
    family = ROOT / "examples" / "family"
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(family, old)
    shutil.copytree(family, new)
    path = new / "strategy_directive.schema.json"
    schema = json.loads(path.read_text())
    schema["required"] = [name for name in schema["required"] if name != "parent"] + ["parent"]
    schema["required"] = sorted(set(schema["required"]))
    path.write_text(json.dumps(schema))
    code, output = _breaking("--schemas", str(new), "--against", str(old), "--output", "json")
    report = json.loads(output)
    assert any(change["rule"] == "required-added" for change in report["changes"]), output
    assert code == 1
