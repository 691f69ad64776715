"""Judging one payload's bytes against one schema: a fast exact verdict, and an explanation for failures.

Every payload is parsed with orjson and judged with jsonschema-rs (Rust ``regex``,
which reads the portable patterns that ``codegen.schema.patterns`` admits exactly as
ECMA-262 does). A payload that fails is explained by jsonschema-rs's own error
iterator (``codegen.validation.explain``: pointer, keyword, message), which names
the same places and keywords as the ECMA validator at about a tenth of its cost.
Where jsonschema-rs's verdict is not exact (a pattern outside the portable subset)
or an error is of a kind ``explain`` does not know, ``codegen.schema.ecma``
(python-jsonschema with an ECMA-262 ``pattern``, the contract) explains instead.
Where orjson's reading is not exact (duplicate keys, which it merges silently, and
integers beyond 64 bits, which it turns into floats), the payload is re-read strictly
with the standard library; cheap counts on the raw bytes decide when that is needed.

Nothing here imports the code generator or python-jsonschema up front: this is the
start-up path of ``codegen validate``.
"""

from __future__ import annotations

import json
import re
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any

import jsonschema_rs
import orjson

from codegen.errors import SchemaError
from codegen.schema.drafts import dialect_of_document, dialect_problem, upgrade
from codegen.schema.formats import FORMATS
from codegen.schema.loading import SCHEMA_SUFFIX, is_library, pointer_of, reject_duplicate_keys
from codegen.schema.patterns import PatternProblem, check_portable
from codegen.schema.refs import check_refs
from codegen.schema.walk import subschema_values
from codegen.textsafe import ECHO_LIMIT, shorten, shorten_repr
from codegen.validation.explain import Explained, rust_explanations
from codegen.validation.recall import Recall, independent_members

__all__ = [
    "FLAT_TYPES",
    "MAX_DEPTH",
    "SAFE_FLOAT",
    "Engine",
    "Found",
    "LoadedSchema",
    "default_schema_dir",
    "flat_numbers",
    "load_schema",
]

Found = tuple[int | None, str, str, str]  # (line, pointer, keyword, message) inside one payload
FLAT_TYPES = frozenset({str, int, bool, type(None)})  # value types that need no further look
# orjson reads integers beyond 64 bits as floats, all at least 2**63; and jsonschema-rs
# divides floats for multipleOf, which is exact only below 2**53 (1e308 "is a multiple
# of 5" to it; the I-JSON value, int(1e308), is not). A float this large is re-read
# strictly and judged by the ECMA validator.
SAFE_FLOAT = float(2**53)
# The generated models parse with pydantic-core, whose JSON parser refuses a value inside
# more than 200 containers (measured: `[` * 200 + `1` parses, `[` * 201 + `1` gives
# "recursion limit exceeded"; `[` * 201 + `]` * 201 parses, its innermost value, `[]`,
# being inside 200; the same for objects, at the root or inside a property). validate
# draws the line at the same depth, so both refuse the same payloads as too deep; orjson
# (1024), the json module (about 990 frames) and python-jsonschema's repr of a failing
# value (about 1000) all reach further.
MAX_DEPTH = 200
MESSAGE_LIMIT = 1000  # characters of one message: room for a few shortened values and the schema's words
_TOO_DEEP: Found = (
    None,
    "",
    "json",
    f"not JSON this tool accepts: nested more than {MAX_DEPTH} levels deep (the generated models' limit)",
)


@dataclass(frozen=True)
class LoadedSchema:
    """The chosen schema and the other files of its folder (for cross-file ``$ref``)."""

    path: Path
    document: dict[str, Any]
    folder: tuple[tuple[Path, str, dict[str, Any]], ...] = field(default=())  # (path, uri, document)

    @property
    def checks_beyond_schema(self) -> list[str]:
        """The ``x-check`` functions the schema (or a file it refers to) relies on: validate cannot run them.

        They are a team's Python rules beyond JSON Schema, which only the generated
        models call; validate judges the schema alone and says so (see the README).
        """
        by_name = {path.name: document for path, _, document in self.folder}
        found: list[str] = []
        seen: set[int] = set()
        stack: list[Any] = [self.document]
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                if id(item) in seen:
                    continue
                seen.add(id(item))
                checks = item.get("x-check")
                found += [checks] if isinstance(checks, str) else [c for c in checks or [] if isinstance(c, str)]
                ref = item.get("$ref")
                if isinstance(ref, str) and ref.partition("#")[0].removeprefix("./") in by_name:
                    stack.append(by_name[ref.partition("#")[0].removeprefix("./")])
                stack.extend(value for _, value in subschema_values(item))
            elif isinstance(item, list):
                stack.extend(item)
        return sorted(set(found))


def default_schema_dir() -> Path:
    """The project's own schema folder: beside the package in a checkout, or installed as data."""
    here = Path(__file__).resolve().parents[2] / "schemas"
    if here.is_dir():
        return here
    import sys  # noqa: PLC0415

    return Path(sys.prefix) / "share" / "codegen-toolkit" / "schemas"


def _read_schema(path: Path) -> dict[str, Any]:
    try:
        document = orjson.loads(path.read_bytes())
    except OSError as error:
        raise SchemaError(path, "", f"cannot read schema: {error.strerror or error}") from None
    except orjson.JSONDecodeError as error:
        raise SchemaError(path, "", f"not JSON: {error}") from None
    if not isinstance(document, dict):
        raise SchemaError(path, "", "a schema file must hold a JSON object")
    return document


def load_schema(name: str, schema_dir: Path) -> LoadedSchema:
    """The schema named ``name`` (file stem, file name or ``title``) in ``schema_dir``; ``SchemaError`` if none.

    Draft-07 and 2019-09 files are upgraded in memory to 2020-12 (``codegen.schema.drafts``),
    as every other command reads them; the chosen file is checked against its own draft's
    metaschema first.
    """
    if not schema_dir.is_dir():
        raise SchemaError(schema_dir, "", "schema folder not found")
    read = [(path, _read_schema(path)) for path in sorted(schema_dir.glob(f"*{SCHEMA_SUFFIX}"))]
    chosen = next(
        (
            (path, document)
            for path, document in read
            if name in (path.name[: -len(SCHEMA_SUFFIX)], path.name, document.get("title"))
        ),
        None,
    )
    if chosen is None:
        known = ", ".join(str(doc.get("title") or p.name) for p, doc in read) or "none"
        raise SchemaError(schema_dir, "", f"no schema named {name!r} (known: {known})")
    chosen_path, chosen_document = chosen
    problem = dialect_problem(chosen_document)
    if problem is not None:
        raise SchemaError(chosen_path, "/$schema", problem)
    try:
        # jsonschema-rs picks the metaschema of the draft the file declares.
        jsonschema_rs.meta.validate(chosen_document)
    except (jsonschema_rs.ValidationError, jsonschema_rs.ReferencingError) as error:
        raise SchemaError(chosen_path, "", f"violates the metaschema: {str(error).splitlines()[0]}") from None
    dialects = {path.name: dialect_of_document(document) for path, document in read}
    folder = []
    for path, original in read:
        document = upgrade(original, path, lambda url: dialects.get(url.rsplit("/", 1)[-1]))
        folder.append((path, str(document.get("$id") or path.resolve().as_uri()), document))
        if path == chosen_path:
            chosen_document = document
    if is_library(chosen_document):
        raise SchemaError(
            chosen_path,
            "",
            "a library of $defs has no root schema (as one it accepts any JSON): validate with a schema that uses it",
        )
    check_refs(folder)
    return LoadedSchema(path=chosen_path, document=chosen_document, folder=tuple(folder))


def _patterns(node: Any) -> Iterator[str]:
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if isinstance(item.get("pattern"), str):
                yield item["pattern"]
            if isinstance(item.get("patternProperties"), dict):
                yield from item["patternProperties"]
            stack.extend(value for _, value in subschema_values(item))
        elif isinstance(item, list):
            stack.extend(item)


def _portable(document: dict[str, Any]) -> bool:
    """True when every regex in the schema reads the same in Rust ``regex`` and ECMA-262."""
    try:
        for pattern in _patterns(document):
            check_portable(pattern)
    except PatternProblem:
        return False
    return True


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _finite_float(text: str) -> float:
    number = float(text)
    if number in (float("inf"), float("-inf")):
        raise ValueError(f"number {text[:40]} is beyond the range of a double")
    return number


def _audit(value: Any) -> tuple[int, int, bool, int]:
    """Keys in every object, colons in every string and key, whether a float may be a big integer, and the depth.

    The depth is the most containers around any one value, as pydantic-core counts
    it: ``{}`` and ``[]`` are 0, ``[1]`` and ``[[]]`` are 1, ``{"a": [1]}`` is 2.
    """
    keys = colons = deepest = 0
    big = False
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        kind = type(item)
        if kind is dict:
            if item:
                keys += len(item)
                deepest = max(deepest, depth + 1)
                for key, member in item.items():
                    colons += key.count(":")
                    stack.append((member, depth + 1))
        elif kind is list:
            if item:
                deepest = max(deepest, depth + 1)
                stack.extend((member, depth + 1) for member in item)
        elif kind is str:
            colons += item.count(":")
        elif kind is float and abs(item) >= SAFE_FLOAT:
            big = True
    return keys, colons, big, deepest


# In the keys joined by NUL: an empty key, or one that starts with "+" or "0" and goes on
# (a key holding NUL itself may match too: then the ECMA validator explains, still exact).
_MISREAD_KEY = re.compile("(?:^|\x00)(?:[+0][^\x00]|\x00|$)")


def _keys_read_exactly(keys: tuple[str, ...]) -> bool:
    return _MISREAD_KEY.search("\x00".join(keys)) is None


def _rust_reads_exactly(
    value: Any, flat_keys: Callable[[tuple[str, ...]], bool] = _keys_read_exactly, *, flat: bool = False
) -> bool:
    """Whether jsonschema-rs's errors for ``value`` carry exact paths and verdicts.

    Its Python binding rebuilds an error's instance path from a JSON pointer, so an
    empty key vanishes from the path and a key that reads as a number with a sign or
    leading zeros (``"01"``, ``"+1"``) comes back as the integer 1; and a float past
    2**53 may be judged inexactly (``SAFE_FLOAT``). Such values are explained by the
    ECMA validator instead. ``flat_keys`` judges the keys of a flat object (the
    engine passes a memo of it: a file's objects share a few key sets); ``flat`` says
    the caller knows ``value`` is one.
    """
    if flat or (type(value) is dict and set(map(type, value.values())) <= FLAT_TYPES):  # the common case
        return flat_keys(tuple(value))
    stack = [value]
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind is dict:
            for key, member in item.items():
                if not key or (len(key) > 1 and key[0] in "+0"):
                    return False
                stack.append(member)
        elif kind is list:
            stack.extend(item)
        elif kind is float and abs(item) >= SAFE_FLOAT:
            return False
    return True


def _needs_strict_read(data: bytes, keys: int, colons: int, big: bool) -> bool:
    """Whether orjson's reading may differ from the text: a duplicate key, or an integer past 64 bits.

    Every object member has exactly one colon outside strings, so with no duplicate
    the raw colons number the members plus the colons inside strings; without
    ``\\u`` escapes those are exactly the colons of the parsed strings.
    """
    raw = data.count(b":")
    return big or not (raw == keys or (b"\\u" not in data and raw - colons == keys))


def _pointer(parts: list[str | int]) -> str:
    """The JSON pointer of ``parts``, a key longer than ``ECHO_LIMIT`` cut (and marked) so the line stays short."""
    return pointer_of([shorten(part) if isinstance(part, str) else part for part in parts])


class _Memo(dict[tuple[Any, ...], Any]):
    """A bounded memo of a pure function of a tuple of keys or indexes.

    A journal's failures repeat a few paths and key sets, not millions; a tuple whose
    strings are long (a hostile payload's 16 MiB key) is computed and not kept, so the
    memo stays within about 4 MiB.
    """

    def __init__(self, function: Callable[[tuple[Any, ...]], Any], size: int = 4096) -> None:
        super().__init__()
        self.function = function
        self.size = size

    def __missing__(self, key: tuple[Any, ...]) -> Any:
        value = self.function(key)
        if sum(len(part) for part in key if isinstance(part, str)) <= _MEMO_TEXT:
            if len(self) >= self.size:
                self.clear()
            self[key] = value
        return value


_MEMO_TEXT = 1024  # characters of the strings of one memo key, at most
_SOURCE = itemgetter(3)  # an Explained's source: its schema path and kind


def _message(error: Any) -> str:
    """python-jsonschema's message, with the value it quotes and the whole line bounded."""
    message = str(error.message)
    if len(message) <= ECHO_LIMIT:  # too short to quote a value past the limit
        return message
    quoted = repr(error.instance)  # python-jsonschema quotes the failing value with repr
    if len(quoted) > ECHO_LIMIT and quoted in message:
        message = message.replace(quoted, shorten_repr(error.instance))
    return shorten(message, MESSAGE_LIMIT)


_SCALARS = frozenset({"string", "integer", "number", "boolean", "null"})
_KIND_OF = {str: "string", int: "integer", float: "number", bool: "boolean", type(None): "null"}


def _scalar_kinds(node: Any, root: dict[str, Any], depth: int = 0) -> frozenset[str] | None:
    """The JSON types a subschema can accept, when it accepts scalars only; None when it may accept a container.

    Any one constraint that bounds the types is enough (a valid value meets them all):
    ``type``, ``enum``/``const`` values, a ``$ref`` into this file, or ``anyOf`` branches.
    """
    if not isinstance(node, dict) or depth > 20:  # a ref chain that long is not worth following
        return None
    if isinstance(node.get("type"), (str, list)):
        types = frozenset([node["type"]] if isinstance(node["type"], str) else node["type"])
        if types <= _SCALARS:
            return types
    for values in ([node["const"]] if "const" in node else None, node.get("enum")):
        if isinstance(values, list) and all(type(value) in _KIND_OF for value in values):
            return frozenset(_KIND_OF[type(value)] for value in values)
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/") and "/" not in ref[len("#/$defs/") :]:
        found = _scalar_kinds(root.get("$defs", {}).get(ref[len("#/$defs/") :]), root, depth + 1)
        if found is not None:
            return found
    branches = node.get("anyOf")
    if isinstance(branches, list) and branches:
        kinds = [_scalar_kinds(branch, root, depth + 1) for branch in branches]
        if all(kind is not None for kind in kinds):
            return frozenset().union(*(kind for kind in kinds if kind is not None))
    return None


def _bounded(document: dict[str, Any], numbers: tuple[str, ...]) -> dict[str, Any]:
    """``document`` with each property of ``numbers`` also bounded to (-2**53, 2**53): a subset of its payloads.

    The bounds are siblings of the property's own keywords (an ``allOf`` costs a fifth
    of the verdict's time), each the tighter of its own and the schema's.
    """
    properties = dict(document["properties"])
    for name in numbers:
        node = dict(properties[name])
        low, high = node.get("exclusiveMinimum"), node.get("exclusiveMaximum")
        node["exclusiveMinimum"] = max(low, -(2**53)) if isinstance(low, (int, float)) else -(2**53)
        node["exclusiveMaximum"] = min(high, 2**53) if isinstance(high, (int, float)) else 2**53
        properties[name] = node
    return {**document, "properties": properties}


def flat_numbers(document: dict[str, Any]) -> tuple[str, ...] | None:
    """For a closed object whose every property holds scalars only: the properties that may hold a number.

    A payload such a schema accepts is an object of scalars (no container, so no depth
    to measure and no nested duplicate key), and the only values orjson may read
    inexactly are the floats of those properties: the check ``codegen validate``'s
    fast loop makes per payload (``codegen.validation.runner``). ``None`` for any
    other schema, which takes the general path.
    """
    if document.get("type") != "object" or document.get("additionalProperties") is not False:
        return None
    if "patternProperties" in document:  # a key it matches is not "additional": its value may be anything
        return None
    properties = document.get("properties", {})
    if not isinstance(properties, dict):
        return None
    numbers = []
    for name, node in properties.items():
        kinds = _scalar_kinds(node, document)
        if kinds is None:
            return None
        if kinds & {"integer", "number"}:
            numbers.append(name)
    return tuple(numbers)


class Engine:
    """Judges payload bytes against one schema; ``check`` returns nothing for a valid payload."""

    def __init__(self, schema: LoadedSchema) -> None:
        self.schema = schema
        self._ecma: Any = None
        # The fast verdict; None when a pattern is not portable, and then every payload takes the ECMA path.
        self.fast: Callable[[Any], bool] | None = None
        self._rust: Any = None
        # For a schema whose payloads are objects of scalars (flat_numbers): the fast verdict
        # with every numeric property bounded to (-2**53, 2**53), where orjson reads exactly.
        self.flat_fast: Callable[[Any], bool] | None = None
        self.recall: Recall | None = None  # failures explained again from memory (codegen.validation.recall)
        self._flat_keys = _Memo(_keys_read_exactly)
        self._pointers = _Memo(lambda path: _pointer(list(path)))
        if _portable(schema.document):
            registry = jsonschema_rs.Registry([(uri, doc) for _, uri, doc in schema.folder])
            self._rust = self._compile(registry, schema.document)
            self.fast = self._rust.is_valid
            numbers = flat_numbers(schema.document)
            if numbers is not None:
                bounded = _bounded(schema.document, numbers)
                self.flat_fast = self._compile(registry, bounded).is_valid
                if independent_members(schema.document):
                    self.recall = Recall(
                        bounded,
                        lambda document: self._compile(registry, document).is_valid,
                        lambda name: self._pointers[(name,)],
                        MESSAGE_LIMIT,
                    )

    def _compile(self, registry: Any, document: dict[str, Any]) -> Any:
        try:
            return jsonschema_rs.Draft202012Validator(
                document,
                registry=registry,
                pattern_options=jsonschema_rs.RegexOptions(),
                # Formats are asserted with the ECMA validator's own checkers: jsonschema-rs's
                # date-time and date accept year 0000, which no Python model can hold.
                validate_formats=True,
                formats=FORMATS,
                base_uri=str(self.schema.document.get("$id") or self.schema.path.resolve().as_uri()),
            )
        except (jsonschema_rs.ValidationError, jsonschema_rs.ReferencingError, ValueError) as error:
            raise SchemaError(self.schema.path, "", f"cannot compile: {str(error).splitlines()[0]}") from None

    def check(self, data: bytes, parsed: tuple[Any, int] | None = None) -> tuple[Found, ...]:
        """The problems of one payload's bytes; empty when it is valid.

        ``parsed`` is what the caller already has: orjson's reading of ``data`` and the
        colons in ``data`` (the NDJSON loop has both for a line it could not pass).
        """
        if parsed is not None:
            value, raw_colons = parsed
        else:
            try:
                value = orjson.loads(data)
            except orjson.JSONDecodeError as error:
                # "number is infinity": maybe an integer too long for a double
                return self._strict(data) if error.msg.startswith("number is infinity") else (_syntax(data, error),)
            raw_colons = -1
        kind = type(value)
        tried = False
        if parsed is not None and kind is dict and self.recall is not None and raw_colons == len(value):
            # Failed by the caller's bounded verdict, and its colons all separate its members
            # (no key repeated, no object inside): from memory first. An object the memory
            # explains is one of scalars (see Recall.recall), which the checks below pass, so
            # a journal's repeated faults are spared them (the flat-type set test took 0.34 µs
            # of the 2.5 µs of a bad plan's check, in a loop over the benchmark's bad lines).
            found = self.recall.recall(value)
            if found is not None:
                return found
            tried = True
        if kind is dict or kind is list:
            # A flat object whose colons all separate members needs no walk (the common case).
            flat = kind is dict and set(map(type, value.values())) <= FLAT_TYPES
            if flat and raw_colons < 0:
                raw_colons = data.count(b":")
            if not (flat and raw_colons == len(value)):
                keys, colons, big, depth = _audit(value)
                if depth > MAX_DEPTH:
                    return (_TOO_DEEP,)
                if _needs_strict_read(data, keys, colons, big):
                    return self._strict(data)
        if parsed is None and self.fast is not None and self.fast(value):
            return ()
        # Failed by the caller's fast verdict (parsed) or by ours: from memory (an object of
        # scalars whose members the schema judges one by one), or explained straight away.
        recall = self.recall if kind is dict and flat else None
        found = recall.recall(value) if recall is not None and not tried else None
        if found is None:
            passes = parsed is not None
            found = self.explain(value, passes=passes) if recall is None else self._learnt(value, recall, passes=passes)
        return found

    def _strict(self, data: bytes) -> tuple[Found, ...]:
        try:
            value = json.loads(
                data.decode("utf-8"),
                object_pairs_hook=reject_duplicate_keys,
                parse_constant=_reject_constant,
                parse_float=_finite_float,
            )
        except RecursionError:
            return (_TOO_DEEP,)
        except json.JSONDecodeError as error:
            return ((error.lineno, "", "json", f"not JSON: {error.msg} (line {error.lineno} column {error.colno})"),)
        except ValueError as error:  # duplicate keys, integers with too many digits
            return (_not_accepted(data, error),)
        _, _, big, depth = _audit(value)
        if depth > MAX_DEPTH:
            return (_TOO_DEEP,)
        if big:  # a float past 2**53: jsonschema-rs's multipleOf is not exact there
            return self.explain_ecma(value)
        return () if self._fast_valid(value) else self.explain(value)

    def _fast_valid(self, value: Any) -> bool:
        try:
            return self.fast is not None and self.fast(value)
        except (ValueError, OverflowError):
            return False  # a number jsonschema-rs cannot hold: the ECMA validator reads it exactly

    def _learnt(self, value: dict[str, Any], recall: Recall, *, passes: bool) -> tuple[Found, ...]:
        """The problems of an object of scalars the memory could not explain, remembered for the next one.

        ``passes``: the bounded verdict failed it, so no error is a pass (a number past
        its range); see ``explain`` and ``codegen.validation.recall``.
        """
        explained = self._rust_explained(value, flat=True)
        if explained is None or not (explained or passes):
            return self.explain_ecma(value)
        found = self._found(explained)
        recall.learn(value, found, list(map(_SOURCE, explained)))
        return found

    def _rust_explained(self, value: Any, *, flat: bool = False) -> list[Explained] | None:
        """jsonschema-rs's errors in the engine's order (empty: valid); None where they may not be exact, or known."""
        if self._rust is None or not _rust_reads_exactly(value, self._flat_keys.__getitem__, flat=flat):
            return None
        try:
            found = rust_explanations(self._rust.iter_errors(value))
        except (ValueError, OverflowError):  # a number jsonschema-rs cannot hold: the ECMA validator reads it
            return None
        if found is not None and len(found) > 1:
            found.sort(key=lambda item: ([str(part) for part in item[0]], item[1]))
        return found

    def _found(self, explained: list[Explained]) -> tuple[Found, ...]:
        pointers = self._pointers
        return tuple(
            (None, pointers[tuple(path)], keyword, shorten(message, MESSAGE_LIMIT))
            for path, keyword, message, _ in explained
        )

    def explain(self, value: Any, *, passes: bool = False) -> tuple[Found, ...]:
        """Every violation of the schema: by jsonschema-rs where its verdict is exact, else by the ECMA validator.

        With ``passes``, no error from jsonschema-rs is a valid verdict (its verdict is
        exact where its errors are); without, the value is known to be invalid, and
        the ECMA validator says why if jsonschema-rs finds nothing.
        """
        explained = self._rust_explained(value)
        if explained or (explained is not None and passes):
            return self._found(explained)
        return self.explain_ecma(value)

    def explain_ecma(self, value: Any) -> tuple[Found, ...]:
        """Every violation of the schema, by the ECMA-262-correct validator (the contract)."""
        if self._ecma is None:
            self._ecma = _ecma_validator(self.schema)
        try:
            errors = sorted(
                self._ecma.iter_errors(value),
                key=lambda error: ([str(part) for part in error.absolute_path], error.validator),
            )
        except RecursionError:  # python-jsonschema recurses per level (a recursive $ref, say): still a verdict
            return ((None, "", "json", "nested too deeply for the detailed validator to explain"),)
        return tuple(
            (None, _pointer(list(error.absolute_path)), str(error.validator), _message(error)) for error in errors
        )


class _Members(list[tuple[str, Any]]):
    """An object's members in text order, as parsed with no merging of duplicate keys."""


def _duplicate_at(data: bytes) -> list[str | int]:
    """The path to the first key that repeats within one object of ``data`` (breadth first), or ``[]``."""
    try:
        value = json.loads(data.decode("utf-8"), object_pairs_hook=_Members)
    except (ValueError, RecursionError):
        return []
    queue: deque[tuple[Any, list[str | int]]] = deque([(value, [])])
    while queue:
        item, parts = queue.popleft()
        if isinstance(item, _Members):
            seen = set()
            for key, member in item:
                if key in seen:
                    return [*parts, key]
                seen.add(key)
                queue.append((member, [*parts, key]))
        elif isinstance(item, list):
            queue.extend((member, [*parts, index]) for index, member in enumerate(item))
    return []


def _not_accepted(data: bytes, error: ValueError) -> Found:
    """The problem for a text the strict read refused: the repeated key and its pointer, or the reason."""
    parts = _duplicate_at(data)
    if not parts:
        return (None, "", "json", f"not JSON this tool accepts: {shorten(str(error), MESSAGE_LIMIT)}")
    message = f"duplicate key {shorten_repr(parts[-1])} in one object (parsers disagree on which value wins)"
    return (None, _pointer(parts), "json", f"not JSON this tool accepts: {message}")


def _ecma_validator(schema: LoadedSchema) -> Any:
    from codegen.schema.ecma import ecma_validator  # noqa: PLC0415 (python-jsonschema: only for failures)
    from codegen.schema.loading import SchemaFile, registry_of  # noqa: PLC0415

    files = [SchemaFile(path=path, text="", document=document) for path, _, document in schema.folder]
    return ecma_validator(schema.document, registry_of(files))


def _syntax(data: bytes, error: orjson.JSONDecodeError) -> Found:
    if data.startswith(b"\xef\xbb\xbf"):
        return (1, "", "json", "not JSON: starts with a UTF-8 byte-order mark, which JSON texts must not carry")
    if "UTF-8" in error.msg:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as bad:
            line = data.count(b"\n", 0, bad.start) + 1
            return (line, "", "json", f"not UTF-8 text: invalid byte 0x{data[bad.start]:02x} at offset {bad.start}")
        return (error.lineno, "", "json", f"not JSON: {error.msg}")
    if not data.strip():
        return (None, "", "json", "empty file: expected a JSON object")
    if error.msg == "depth limit exceeded":  # orjson stops at 1024, far past the models' limit
        return _TOO_DEEP
    return (error.lineno, "", "json", f"not JSON: {error.msg} (line {error.lineno} column {error.colno})")
