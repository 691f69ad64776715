"""Acceptance: the real ``codegen validate`` command over good and bad inputs kept on disk."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import run_validate as run
from tests.helpers import validate_report as report

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).parent / "validate_cases"
BAD = sorted(p for p in (CASES / "bad").iterdir() if p.suffix in (".json", ".ndjson", ".jsonl"))
GOOD = sorted(p for p in (CASES / "good").iterdir() if p.suffix in (".json", ".ndjson", ".jsonl"))
VALID_PLAN = b'{"plan_id": "EXP_20251201_143450_pqr901", "action": "EXECUTE_TRADE"}'


@pytest.mark.parametrize("case", BAD, ids=[p.name for p in BAD])
def test_bad_input_is_reported_not_raised(case: Path) -> None:
    """Each bad input exits 1 with exactly the expected problems (line, keyword, message), and no traceback."""
    expected = json.loads(case.with_name(case.name + ".expected").read_text())
    code, result = report(str(case))
    assert code == 1
    errors = result["errors"]
    assert isinstance(errors, list)
    assert len(errors) == len(expected["problems"])
    for error, want in zip(errors, expected["problems"], strict=True):
        assert error["file"] == str(case)
        assert error["line"] == want["line"]
        assert error["keyword"] == want["keyword"]
        assert want["message_contains"] in error["message"]
        if "pointer" in want:
            assert error["pointer"] == want["pointer"]
    assert result["summary"]["payloads"] == expected["payloads"]  # type: ignore[index]


@pytest.mark.parametrize("case", GOOD, ids=[p.name for p in GOOD])
def test_good_input_is_valid(case: Path) -> None:
    """Payloads that look unusual but are valid (huge integers, colons in strings, CRLF, blank lines) pass."""
    code, result = report(str(case))
    assert (code, result["errors"]) == (0, [])


def test_every_bad_input_in_one_run_is_checked() -> None:
    """One run over the whole bad folder reports every file, and the good folder still counts as valid."""
    code, result = report(str(CASES / "bad"), str(CASES / "good"))
    assert code == 1
    summary = result["summary"]
    assert isinstance(summary, dict)
    assert summary["files"] == len(BAD) + len(GOOD)
    reported = {error["file"] for error in result["errors"]}  # type: ignore[attr-defined]
    assert reported == {str(p) for p in BAD}


def test_nesting_100000_deep_is_a_parse_error(tmp_path: Path) -> None:
    """A payload nested 100,000 deep is reported (too deep), not a crash or a RecursionError."""
    deep = tmp_path / "deep.json"
    deep.write_bytes(b'{"a": ' + b"[" * 100_000 + b"]" * 100_000 + b"}")
    good = tmp_path / "good.json"
    good.write_bytes(VALID_PLAN)
    code, result = report(str(deep), str(good))
    assert code == 1
    assert [(e["file"], e["keyword"]) for e in result["errors"]] == [(str(deep), "json")]  # type: ignore[attr-defined]
    assert "deep" in result["errors"][0]["message"]  # type: ignore[index]
    assert result["summary"]["valid"] == 1  # type: ignore[index]


def test_missing_unreadable_and_looping_paths(tmp_path: Path) -> None:
    """A missing path, an unreadable file and symlink loops are each reported; the other files still pass."""
    folder = tmp_path / "payloads"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "ok.json").write_bytes(VALID_PLAN)
    (folder / "sub" / "loop").symlink_to(folder, target_is_directory=True)  # a folder that contains itself
    (folder / "self.json").symlink_to(folder / "self.json")  # a link to itself: ELOOP
    locked = folder / "locked.json"
    locked.write_bytes(VALID_PLAN)
    locked.chmod(0)
    code, result = report(str(folder), str(tmp_path / "missing.json"))
    assert code == 1
    by_file = {e["file"]: e for e in result["errors"]}  # type: ignore[attr-defined]
    assert "symlink loop" in by_file[str(folder / "self.json")]["message"]
    assert "symlink loop" in by_file[str(folder / "sub" / "loop")]["message"]
    assert "No such file" in by_file[str(tmp_path / "missing.json")]["message"]
    if os.geteuid() != 0:  # root reads any file
        assert "Permission denied" in by_file[str(locked)]["message"]
    assert all(e["keyword"] == "input" for e in by_file.values())
    assert result["summary"]["valid"] >= 1  # type: ignore[index]


def test_stdin_json_and_ndjson() -> None:
    """``-`` reads one payload from stdin, or one per line with ``--ndjson``; NDJSON errors carry the line."""
    assert run("-", stdin=VALID_PLAN).returncode == 0
    code, result = report("--ndjson", "-", stdin=VALID_PLAN + b"\n[]\n" + VALID_PLAN + b"\n")
    assert code == 1
    assert [(e["file"], e["line"], e["keyword"]) for e in result["errors"]] == [("<stdin>", 2, "type")]  # type: ignore[attr-defined]
    assert result["summary"]["payloads"] == 3  # type: ignore[index]


def test_text_and_github_outputs() -> None:
    """Text names file, line, pointer and keyword; github prints one ::error annotation per problem."""
    case = CASES / "bad" / "mixed.ndjson"
    text = run(str(case)).stdout.splitlines()
    assert f"{case}:3: /chunk_count_hint: [minimum] 0 is less than the minimum of 1" in text
    assert text[-1].startswith("codegen validate: FAILED: 1 file(s), 5 payload(s): 2 valid, 3 invalid")
    github = run("--output", "github", str(case)).stdout.splitlines()
    assert github[0].startswith(f"::error file={case},line=3,title=codegen validate%3A minimum::/chunk_count_hint: ")
    assert sum(line.startswith("::error file=") for line in github) == 3


def test_usage_errors_and_unknown_schema_exit_2(tmp_path: Path) -> None:
    """No path, a bad option and an unknown or broken schema exit 2 without a traceback."""
    assert run().returncode == 2
    assert run("--output", "xml", "x.json").returncode == 2
    unknown = run("--schema", "NoSuchThing", str(CASES / "good"))
    assert unknown.returncode == 2
    assert "no schema named 'NoSuchThing'" in unknown.stderr
    dialect = "https://json-schema.org/draft/2020-12/schema"
    (tmp_path / "broken.schema.json").write_text(json.dumps({"$schema": dialect, "type": 5}))
    broken = run("--schemas", str(tmp_path), "--schema", "broken", str(CASES / "good"))
    assert broken.returncode == 2
    assert "metaschema" in broken.stderr
    assert "Traceback" not in unknown.stderr + broken.stderr


def test_schema_by_file_stem_and_title() -> None:
    """``--schema`` accepts the file stem as well as the title."""
    assert run("--schema", "execution_plan", str(CASES / "good")).returncode == 0
    assert run("--schema", "ExecutionPlan", str(CASES / "good")).returncode == 0


def test_parallel_ndjson_keeps_input_order_and_line_numbers(tmp_path: Path) -> None:
    """With several jobs over small chunks, errors come back in input order with their true line numbers."""
    from codegen.validation import Failure, default_schema_dir, load_schema, validate_paths  # noqa: PLC0415

    lines = [VALID_PLAN if n % 7 else b"[%d]" % n for n in range(1, 3001)]
    big = tmp_path / "big.ndjson"
    big.write_bytes(b"\n".join(lines) + b"\n")
    schema = load_schema("ExecutionPlan", default_schema_dir())
    events = list(validate_paths([str(big)], schema, jobs=3, chunk_bytes=4096))
    failed = [e.problems[0].line for e in events if isinstance(e, Failure)]
    assert failed == [n for n in range(1, 3001) if n % 7 == 0]
    sequential = [e for e in validate_paths([str(big)], schema, jobs=1) if isinstance(e, Failure)]
    assert [e.problems[0].line for e in sequential] == failed


def test_validate_does_not_import_the_generator() -> None:
    """Validating valid payloads imports no generator, templating, formatter, test library or python-jsonschema."""
    probe = (
        "import sys, runpy\n"
        f"sys.argv = ['codegen', 'validate', {str(CASES / 'good')!r}]\n"
        "try:\n    runpy.run_module('codegen', run_name='__main__')\n"
        "except SystemExit as exit:\n    assert exit.code == 0, exit.code\n"
        "heavy = {'datamodel_code_generator', 'jinja2', 'black', 'isort', 'hypothesis', 'jsonschema', 'referencing'}\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"


def _stderr_of(args: list[str], *, terminal: bool) -> str:
    """Run validate with stderr on a pseudo-terminal or a pipe; return what stderr received."""
    import pty  # noqa: PLC0415 (POSIX only, like the progress bar)

    if not terminal:
        return run(*args).stderr
    leader, follower = pty.openpty()
    done = subprocess.run(
        [sys.executable, "-m", "codegen", "validate", *args],
        stdout=subprocess.DEVNULL,
        stderr=follower,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    os.close(follower)
    received = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed: everything was read
            break
        if not chunk:
            break
        received += chunk
    os.close(leader)
    assert done.returncode == 1
    return received.decode(errors="replace")


def test_progress_bar_only_on_a_terminal(tmp_path: Path) -> None:
    """A terminal's stderr gets a redrawn progress line; a pipe (CI) gets none."""
    slow = tmp_path / "slow.ndjson"  # invalid payloads take the detailed path: long enough to draw
    slow.write_bytes(b'{"plan_id": "EXP_1", "action": "EXECUTE_TRADE"}\n' * 60000)
    on_terminal = _stderr_of(["--output", "json", str(slow)], terminal=True)
    assert "\rvalidating" in on_terminal.replace("\x1b[K", "")
    in_pipe = _stderr_of(["--output", "json", str(slow)], terminal=False)
    assert "validating" not in in_pipe
    assert "\r" not in in_pipe


def test_examples_flag_checks_the_schemas_own_examples(tmp_path: Path) -> None:
    """--examples validates the schema's examples first and names a bad one by its pointer in the schema file."""
    code, document = report("--examples")
    assert code == 0
    examples = json.loads((ROOT / "schemas" / "execution_plan.schema.json").read_text())["examples"]
    assert document["summary"]["payloads"] == len(examples)  # type: ignore[index]
    schema = json.loads((ROOT / "schemas" / "execution_plan.schema.json").read_text())
    schema["examples"][1]["action"] = "EXECUTE"
    (tmp_path / "execution_plan.schema.json").write_text(json.dumps(schema))
    done = run("--examples", "--schemas", str(tmp_path))
    assert done.returncode == 1
    assert f"{tmp_path / 'execution_plan.schema.json'}#/examples/1: /action: [enum]" in done.stdout
    assert run().returncode == 2  # neither a path nor --examples


HOSTILE_KEY = "\x1b[2J\n::set-env name=X::1"  # clears a terminal, then forges a GitHub workflow command
HOSTILE_PAYLOAD = (
    b'{"plan_id": "EXP_20251201_143450_pqr901", "action": "EXECUTE_TRADE",'
    b' "\\u001b[2J\\n::set-env name=X::1": 1, "\\u001b[2J\\n::set-env name=X::1": 2,'
    b' "del\\u007f c1\\u0085\\u009b sep\\u2028\\u2029": 3}'
)


def _hostile_case(tmp_path: Path) -> Path:
    """A folder whose name forges an ``::error::`` line, holding a payload whose keys carry control characters."""
    folder = tmp_path / "x\n::error::forged"
    folder.mkdir()
    case = folder / "a.json"
    case.write_bytes(HOSTILE_PAYLOAD)
    return case


def _no_forged_lines(output: str) -> None:
    """Nothing a terminal or a CI runner acts on is left in ``output``."""
    assert not {char for char in output if (ord(char) < 0x20 and char != "\n") or 0x7F <= ord(char) < 0xA0}
    assert "\u2028" not in output
    assert "\u2029" not in output


def test_text_output_escapes_file_pointer_and_message(tmp_path: Path) -> None:
    """Text output writes control characters of file names, pointers and messages as escapes: no forged lines."""
    case = _hostile_case(tmp_path)
    done = run(str(case))
    assert done.returncode == 1
    _no_forged_lines(done.stdout)
    assert not any(line.startswith("::") for line in done.stdout.splitlines())
    shown_file = str(case).replace("\n", "\\n")
    assert (
        f"{shown_file}: /\\x1b[2J\\n::set-env name=X::1: [json] not JSON this tool accepts: duplicate key"
        in done.stdout
    )


def test_text_output_escapes_del_c1_and_line_separators(tmp_path: Path) -> None:
    """DEL, C1 controls and U+2028/U+2029 in a key become escapes in the text line (additionalProperties)."""
    case = tmp_path / "a.json"
    case.write_bytes(
        b'{"plan_id": "EXP_20251201_143450_pqr901", "action": "EXECUTE_TRADE",'
        b' "del\\u007f c1\\u0085\\u009b sep\\u2028\\u2029": 3}'
    )
    done = run(str(case))
    _no_forged_lines(done.stdout)
    assert "del\\x7f c1\\x85\\x9b sep\\u2028\\u2029" in done.stdout


def test_json_output_keeps_hostile_text_exact_and_escaped(tmp_path: Path) -> None:
    """JSON output is valid JSON, ASCII-safe for DEL, C1 and separators, and decodes to the exact file and pointer."""
    case = _hostile_case(tmp_path)
    done = run("--output", "json", str(case))
    _no_forged_lines(done.stdout.replace("\n", ""))
    document = json.loads(done.stdout)
    (error,) = document["errors"]
    assert (error["file"], error["pointer"]) == (str(case), "/" + HOSTILE_KEY)


def test_github_output_still_escapes_annotations(tmp_path: Path) -> None:
    """GitHub annotations keep their %XX escaping: every line is an annotation the tool wrote."""
    case = _hostile_case(tmp_path)
    lines = run("--output", "github", str(case)).stdout.splitlines()
    assert lines[0].startswith("::error file=")
    assert "%0A%3A%3Aerror%3A%3Aforged" in lines[0]
    assert all(line.startswith(("::error file=", "::error title=codegen validate::")) for line in lines)


def test_file_name_that_is_not_utf8_is_reported_in_every_format(tmp_path: Path) -> None:
    """A file name with a byte that is not UTF-8 is escaped (text) or written as \\udcXX (JSON), never a traceback."""
    folder = tmp_path / "payloads"
    folder.mkdir()
    (folder / "a\udcff.json").write_bytes(b"{}")  # the byte 0xff, as os.fsdecode reads it
    for output in ("text", "json", "github"):
        done = run("--output", output, str(folder))
        assert done.returncode == 1, done.stderr
        assert "Traceback" not in done.stderr
        shown = json.loads(done.stdout)["errors"][0]["file"] if output == "json" else done.stdout
        assert "a\\udcff.json" in shown


def test_long_values_give_short_lines_in_every_format(tmp_path: Path) -> None:
    """A 1 MB plan_id is quoted in at most a few hundred characters, saying how much was left out."""
    case = tmp_path / "long.json"
    case.write_bytes(b'{"plan_id": "EXP_' + b"a" * 1_000_000 + b'", "action": "EXECUTE_TRADE"}')
    for output in ("text", "json", "github"):
        done = run("--output", output, str(case))
        assert done.returncode == 1
        assert max(map(len, done.stdout.splitlines())) < 1000
        assert "(999,804 more characters)" in done.stdout
