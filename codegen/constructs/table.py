"""The README's keyword table, built from the registry: every JSON Schema 2020-12 keyword and what we do with it.

Written once, here, from the constructs themselves (which keywords each owns, its
summary) and from ``REFUSED`` (why the rest are refused), in the spirit of buf's
rule table: the README is never edited by hand for it; ``codegen keywords`` prints it
and a test checks the README holds exactly that.
"""

from __future__ import annotations

from codegen.constructs import ANNOTATIONS, CONSTRUCTS, REFUSED

__all__ = ["END", "KEYWORDS_2020_12", "START", "keyword_table", "with_table"]

START = "<!-- keyword table: `codegen keywords --write README.md` -->"
END = "<!-- end of keyword table -->"

KEYWORDS_2020_12 = (
    # core
    "$schema", "$id", "$ref", "$anchor", "$dynamicRef", "$dynamicAnchor", "$vocabulary", "$comment", "$defs",
    # applicators
    "allOf", "anyOf", "oneOf", "not", "if", "then", "else", "dependentSchemas", "prefixItems", "items",
    "contains", "properties", "patternProperties", "additionalProperties", "propertyNames",
    "unevaluatedItems", "unevaluatedProperties",
    # validation
    "type", "const", "enum", "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum",
    "maxLength", "minLength", "pattern", "maxItems", "minItems", "uniqueItems", "maxContains", "minContains",
    "maxProperties", "minProperties", "required", "dependentRequired",
    # format, meta-data, content
    "format", "title", "description", "default", "deprecated", "readOnly", "writeOnly", "examples",
    "contentEncoding", "contentMediaType", "contentSchema",
)  # fmt: skip
"""Every keyword of the Draft 2020-12 vocabularies, in the specification's order."""

_ANNOTATION_NOTE = "annotation: no effect on which payloads are valid (docs, defaults and examples are checked)"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def keyword_table() -> str:
    """A Markdown table: each keyword, whether it is supported, and by which construct or why not."""
    owners: dict[str, list[str]] = {}
    for construct in CONSTRUCTS:
        for keyword in sorted(construct.keywords):
            owners.setdefault(keyword, []).append(f"`{construct.name}`: {construct.summary}")
    if "type" not in owners:
        owners["type"] = ["names the construct: " + ", ".join(sorted({t for c in CONSTRUCTS for t in c.types}))]
    lines = ["| keyword | status | how, or why not |", "| --- | --- | --- |"]
    for keyword in KEYWORDS_2020_12:
        if keyword in owners:
            status, why = "supported", "<br>".join(owners[keyword])
        elif keyword in ANNOTATIONS:
            status, why = "supported", _ANNOTATION_NOTE
        else:
            status, why = "refused", REFUSED.get(keyword, "the generated model could not enforce it exactly")
        lines.append(f"| `{keyword}` | {status} | {_cell(why)} |")
    return "\n".join(lines) + "\n"


def with_table(text: str) -> str | None:
    """``text`` (a README) with the table between its markers replaced by today's; None without markers."""
    start, end = text.find(START), text.find(END)
    if start < 0 or end < start:
        return None
    return text[: start + len(START)] + "\n\n" + keyword_table() + "\n" + text[end:]
