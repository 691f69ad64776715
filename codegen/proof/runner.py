"""Running the proof over a schema folder and its generated package; results as values.

Each schema's root model is proven; a library file (only ``$defs``, no root model:
``codegen.schema.loading.is_library``) has each ``$defs`` entry that became a model
proven instead, judged in place in its file. For each, payloads are drawn in
hypothesis examples (derandomized, no database, no shrinking: a failure already
quotes its exact text), each example a valid payload and its mutants. Every text
goes to both judges; every text the model accepts is dumped (``model_dump_json()`` and ``model_dump(mode="json")``) and
the dump must be accepted by the schema, read back equal and dump the same text
again. Both directions of the published contract are checked on every text too: the
schema the model publishes (``model_json_schema()`` in validation and serialization
mode, what FastAPI serves) must judge it as the hand-written schema does, and
Python-mode validation of the parsed text (what FastAPI runs on a body it parsed)
must give the JSON read's verdict and value. The first disagreement ends that
model's run and is kept with its text.
"""

from __future__ import annotations

import importlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pydantic

from codegen.constructs.all_of import is_base_shape, members_of
from codegen.errors import UsageError
from codegen.schema.loading import SchemaFile, load_folder, pointer_of, registry_of
from codegen.schema.refs import Resolver

__all__ = ["Disagreement", "ProofResult", "prove_folder"]


@dataclass(frozen=True)
class Disagreement:
    """Where the model and the schema part: ``verdict``, ``dump``, ``published`` (the schema the model
    publishes judges a text otherwise) or ``python-mode`` (validating the parsed text differs)."""

    kind: str
    text: str
    detail: str


@dataclass(frozen=True)
class ProofResult:
    """One schema's proof: how many texts both judged, how many the schema accepted, and the first disagreement."""

    module: str
    model: str
    payloads: int
    accepted: int
    dumps: int
    disagreement: Disagreement | None
    beyond: int = 0  # accepted by the schema, rejected only by the model's x-check functions (not a disagreement)

    @property
    def ok(self) -> bool:
        return self.disagreement is None


class _Enough(Exception):
    """Enough payloads are judged: ends the hypothesis run early, as a pass."""


class _Stop(Exception):
    def __init__(self, disagreement: Disagreement) -> None:
        self.disagreement = disagreement


def _import_package(out_dir: Path) -> str:
    """Import the generated package from ``out_dir`` under its own name (its modules import each other by it)."""
    package = out_dir.name
    if not (out_dir / "__init__.py").is_file():
        raise UsageError(f"{out_dir}: no generated package here; run `codegen generate --out {out_dir}` first")
    loaded = sys.modules.get(package)
    if loaded is not None and Path(str(loaded.__file__)).resolve().parent != out_dir.resolve():
        raise UsageError(f"a package named {package!r} is already imported from {loaded.__file__}")
    sys.path.insert(0, str(out_dir.resolve().parent))
    try:
        importlib.import_module(package)
    except Exception as error:  # a generated package that does not import is what the proof must report
        raise UsageError(f"{out_dir}: the generated package does not import: {error}") from None
    return package


def root_model(schema: SchemaFile, package: str, resolver: Resolver | None = None) -> type[pydantic.BaseModel]:
    """The class a schema file's root becomes: the module's model whose fields are exactly the root's properties.

    ``resolver`` reads the folder's files, where an ``allOf`` base of the root may live (default: the file alone).
    """
    module = importlib.import_module(f"{package}.{schema.module}")
    resolver = resolver or Resolver([(schema.path, schema.uri, schema.document)])

    def lookup(ref: str) -> Any:
        found = resolver.lookup(schema.uri, ref)
        return {} if isinstance(found, str) else found[1]

    # An extension's members include its allOf bases' (codegen.constructs.all_of).
    wanted = set(members_of(schema.document, lookup))
    candidates = [
        value
        for value in vars(module).values()
        if isinstance(value, type)
        and issubclass(value, pydantic.BaseModel)
        and value.__module__ == module.__name__
        and {field.alias or name for name, field in value.model_fields.items()} == wanted
    ]
    title = str(schema.document.get("title", ""))
    candidates.sort(key=lambda cls: cls.__name__ != title.replace(" ", ""))
    if not candidates:
        raise UsageError(f"{schema.path}: no model in {module.__name__} has the root's properties; is it stale?")
    return candidates[0]


def _check_dump(judges: Any, model: pydantic.BaseModel, text: str) -> Disagreement | None:
    dumped = model.model_dump_json()
    if not judges.schema_accepts(dumped):
        return Disagreement("dump", text, f"model_dump_json() gives {dumped[:300]!r}, which the schema rejects")
    again = judges.model_reads(dumped)
    if again != model:
        return Disagreement("dump", text, f"model_dump_json() gives {dumped[:300]!r}, which reads back different")
    if again is not None and again.model_dump_json() != dumped:
        return Disagreement("dump", text, f"model_dump_json() gives {dumped[:300]!r}, whose read dumps another text")
    as_json = json.dumps(model.model_dump(mode="json"))
    if not judges.schema_accepts(as_json):
        return Disagreement("dump", text, f"model_dump(mode='json') gives {as_json[:300]!r}, which the schema rejects")
    return None


@dataclass(frozen=True)
class _Subject:
    """What one run proves: a file's root, or a library's ``$defs`` entry, and the model class it became."""

    schema: SchemaFile
    pointer: str  # "" for the root
    node: dict[str, Any]
    model: type[pydantic.BaseModel]


def _subjects(schema: SchemaFile, package: str, resolver: Resolver) -> list[_Subject]:
    """A file's root and its model; for a library (no root model), each of its ``$defs`` that became a model.

    A library's other entries (a decimal, an enum, a union) are not models, and an open
    base shape is a model only as its extensions close it: each is proven through the
    models that name it.
    """
    if not schema.is_library:
        return [_Subject(schema, "", schema.document, root_model(schema, package, resolver))]
    classes = importlib.import_module(f"{package}._schemas").CLASSES
    subjects = []
    for name, node in schema.document["$defs"].items():
        if is_base_shape(node):
            continue
        pointer = pointer_of(["$defs", name])
        where = classes.get(f"{schema.path.name}#{pointer}")
        if where is None:
            continue
        module, _, class_name = str(where).rpartition(".")
        model = getattr(importlib.import_module(f"{package}.{module}"), class_name, None)
        if isinstance(model, type) and issubclass(model, pydantic.BaseModel):
            subjects.append(_Subject(schema, pointer, node, model))
    return subjects


def _prove(subject: _Subject, files: list[SchemaFile], resolver: Resolver, count: int) -> ProofResult:
    from hypothesis import HealthCheck, Phase, Verbosity, given, settings  # noqa: PLC0415
    from hypothesis import strategies as st  # noqa: PLC0415

    from codegen.proof.judges import Judges  # noqa: PLC0415
    from codegen.proof.payloads import Values, mutants, near_miss_pool, to_text  # noqa: PLC0415
    from codegen.schema.ecma import ecma_validator  # noqa: PLC0415

    schema, model, node = subject.schema, subject.model, subject.node
    # The schemas the model publishes are whole documents (their refs point into their own $defs).
    published = {mode: ecma_validator(model.model_json_schema(mode=mode)) for mode in ("validation", "serialization")}
    # A $defs entry is judged in place, through the registry, so its refs resolve in its own file.
    judged = {"$ref": f"{schema.uri}#{subject.pointer}"} if subject.pointer else schema.document
    judges = Judges(ecma_validator(judged, registry_of(files)), model, published)
    root = Values(resolver, schema.uri)
    valid = root.values(node)
    pool = near_miss_pool([file.document for file in files])
    tally = {"payloads": 0, "accepted": 0, "dumps": 0, "beyond": 0}

    def judge(text: str) -> None:
        tally["payloads"] += 1
        schema_verdict = judges.schema_accepts(text)
        read = judges.model_reads(text)
        if schema_verdict and read is None and judges.only_checks_reject(text):
            tally["beyond"] += 1  # a rule beyond JSON Schema (x-check): the schema cannot say, so no verdict to compare
            return
        if schema_verdict != (read is not None):
            said = "accepts" if schema_verdict else "rejects"
            errors = "; ".join(judges.schema_errors(text)[:3])
            raise _Stop(Disagreement("verdict", text, f"the schema {said} it, the model does not ({errors})"))
        for kind, reason in (
            ("published", judges.published_disagreement(text, schema_verdict)),
            ("python-mode", judges.python_mode_disagreement(text, read)),
        ):
            if reason is not None:
                raise _Stop(Disagreement(kind, text, reason))
        if read is not None:
            tally["accepted"] += 1
            tally["dumps"] += 1
            problem = _check_dump(judges, read, text)
            if problem is not None:
                raise _Stop(problem)

    @settings(
        max_examples=count,  # an upper bound: the run ends once `count` payloads are judged
        derandomize=True,
        database=None,
        deadline=None,
        print_blob=False,
        verbosity=Verbosity.quiet,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        base = data.draw(valid)
        judge(to_text(base, ascii_only=data.draw(st.booleans())))
        for text in data.draw(mutants(base, root, node, pool)):
            judge(text)
        if tally["payloads"] >= count:
            raise _Enough

    disagreement = None
    try:
        run()
    except _Stop as stop:
        disagreement = stop.disagreement
    except _Enough:
        pass
    return ProofResult(
        schema.module,
        model.__name__,
        tally["payloads"],
        tally["accepted"],
        tally["dumps"],
        disagreement,
        tally["beyond"],
    )


def prove_folder(
    schema_dir: Path, out_dir: Path, modules: list[str] | None = None, count: int = 1000
) -> list[ProofResult]:
    """Prove every schema of ``schema_dir`` (or the ``modules`` named) against the package in ``out_dir``."""
    try:
        import hypothesis  # noqa: F401, PLC0415
    except ImportError:
        raise UsageError("codegen prove needs hypothesis: pip install 'codegen-toolkit[prove]'") from None
    files = load_folder(schema_dir)
    by_module = {schema.module: schema for schema in files}
    for name in modules or []:
        if name not in by_module:
            raise UsageError(f"no schema {name!r} in {schema_dir} (known: {', '.join(sorted(by_module))})")
    package = _import_package(out_dir)
    resolver = Resolver([(file.path, file.uri, file.document) for file in files])
    return [
        _prove(subject, files, resolver, count)
        for name in (modules or sorted(by_module))
        for subject in _subjects(by_module[name], package, resolver)
    ]
