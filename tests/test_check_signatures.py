"""``codegen check`` by signatures: fresh trees pass without the generator; every kind of staleness is still caught."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from codegen.generation import signature
from codegen.generation.docs import DOCS_MARK
from codegen.generation.package import HEADER_MARK
from tests.helpers import SCHEMAS, run_codegen

CLEAN_CHECK = """
import sys
from codegen.cli import main
try:
    main(["check"])
except SystemExit as stop:
    code = stop.code
print(code, "datamodel_code_generator" in sys.modules, "codegen.constructs" in sys.modules)
"""

UPGRADED_CHECK = """
import importlib.metadata as metadata
real = metadata.version
metadata.version = lambda name: "99.0.0" if name == "datamodel-code-generator" else real(name)
from codegen.cli import main
main(["check"])
"""


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with the real schemas, generated and documented once."""
    root = tmp_path_factory.mktemp("signed")
    shutil.copytree(SCHEMAS, root / "schemas")
    assert run_codegen("generate", cwd=root).returncode == 0
    assert run_codegen("docs", cwd=root).returncode == 0
    return root


@pytest.fixture
def project(generated: Path, tmp_path: Path) -> Path:
    """A fresh copy of the generated project, to damage."""
    shutil.copytree(generated, tmp_path / "p")
    return tmp_path / "p"


def _python(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, check=False)


def test_marks_are_the_generators_own() -> None:
    """The signature module spells the header marks as the package and docs writers do."""
    assert signature.HEADER_MARK == HEADER_MARK
    assert signature.DOCS_MARK == DOCS_MARK


def test_clean_check_passes_without_importing_the_generator(project: Path) -> None:
    """Nothing changed: check exits 0 and never imports datamodel-code-generator nor the constructs."""
    done = _python(CLEAN_CHECK, project)
    assert done.stdout.splitlines()[-1].split() == ["0", "False", "False"], done.stdout + done.stderr
    assert "signatures checked" in run_codegen("check", cwd=project).stdout


def test_every_generated_file_is_signed(project: Path) -> None:
    """Each module and page carries one signature line in its header, and it verifies."""
    assert signature.fresh(project / "schemas", project / "generated", project / "docs")
    for path in [*(project / "generated").glob("*.py"), *(project / "docs").glob("*.md")]:
        head = path.read_text(encoding="utf-8").split("\n")[:8]
        assert sum("signature: sha256:" in line for line in head) == 1, path.name


def test_a_hand_edit_is_caught_with_its_diff(project: Path) -> None:
    """An edited module body fails its signature; check regenerates and prints the real diff."""
    module = project / "generated" / "execution_plan.py"
    module.write_text(module.read_text().replace('EXECUTE_TRADE = "EXECUTE_TRADE"', 'EXECUTE_TRADE = "EXECUTE"'))
    stale = run_codegen("check", cwd=project)
    assert stale.returncode == 1
    assert '+    EXECUTE_TRADE = "EXECUTE_TRADE"' in stale.stdout


def test_an_edited_signature_is_caught(project: Path) -> None:
    """Changing only the signature line (a forged or mangled header) is stale too."""
    module = project / "generated" / "execution_plan.py"
    text = module.read_text()
    start = text.index("sha256:", text.index("# signature:")) + len("sha256:")
    module.write_text(text[:start] + ("1" if text[start] != "1" else "2") + text[start + 1 :])
    stale = run_codegen("check", cwd=project)
    assert stale.returncode == 1
    assert "+# signature: sha256:" in stale.stdout


def test_a_docs_edit_is_caught(project: Path) -> None:
    """An edited docs page fails its signature and check reports the docs stale."""
    page = project / "docs" / "execution_plan.md"
    page.write_text(page.read_text().replace("## Fields", "## Felder"))
    stale = run_codegen("check", cwd=project)
    assert stale.returncode == 1
    assert "docs is stale" in stale.stderr


def test_a_schema_edit_is_caught(project: Path) -> None:
    """A schema edited without regenerating changes every module's inputs: stale."""
    path = project / "schemas" / "execution_plan.schema.json"
    path.write_text(path.read_text().replace('"minimum": 1', '"minimum": 2', 1))
    assert not signature.fresh(project / "schemas", project / "generated", project / "docs")
    assert run_codegen("check", cwd=project).returncode == 1


def test_a_generator_upgrade_is_caught(project: Path) -> None:
    """Another datamodel-code-generator version is another input: check regenerates and the header differs."""
    done = _python(UPGRADED_CHECK, project)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "+# generator: datamodel-code-generator 99.0.0" in done.stdout


def test_a_change_to_the_generation_code_is_caught(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Other generation code (another digest of codegen/generation, constructs, schema) fails every signature."""
    assert signature.fresh(project / "schemas", project / "generated", project / "docs")
    monkeypatch.setattr(signature, "code_digest", lambda: "0" * 64)
    assert not signature.fresh(project / "schemas", project / "generated", project / "docs")


def test_files_added_or_lost_are_caught(project: Path) -> None:
    """A generated file removed, or a marked file added by hand, is not what generation writes."""
    folders = (project / "schemas", project / "generated", project / "docs")
    (project / "generated" / "__init__.py").rename(project / "init.bak")
    assert not signature.fresh(*folders)
    (project / "init.bak").rename(project / "generated" / "__init__.py")
    assert signature.fresh(*folders)
    copy = (project / "generated" / "execution_plan.py").read_text()
    (project / "generated" / "extra.py").write_text(copy)
    assert not signature.fresh(*folders)
    (project / "generated" / "extra.py").unlink()
    (project / "docs" / "gone.md").write_text((project / "docs" / "execution_plan.md").read_text())
    assert not signature.fresh(*folders)


def test_sign_then_verify() -> None:
    """A signed text verifies against its inputs only, and any one-character change breaks it."""
    text = f"{HEADER_MARK} from x: DO NOT EDIT.\n# more header\n\nclass A:\n    pass\n"
    signed = signature.sign(text, "inputs")
    assert signature.verify(signed, "inputs")
    assert not signature.verify(signed, "other inputs")
    assert not signature.verify(signed.replace("pass", "paas"), "inputs")
    assert signed.split("\n")[2].startswith("# signature: sha256:")
