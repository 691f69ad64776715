"""Small helpers the constructs share for the docs page (Markdown code spans and JSON values)."""

from __future__ import annotations

import json
import re
from typing import Any

__all__ = ["code", "json_text", "one_line"]


def one_line(text: str) -> str:
    """Table cells hold one line: every run of whitespace (U+2028 included) becomes one space."""
    return " ".join(str(text).split())


def code(text: str) -> str:
    """A code span that survives backticks inside ``text``."""
    text = one_line(text)
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    padded = f" {text} " if text.startswith("`") or text.endswith("`") else text
    return f"{fence}{padded}{fence}"


def json_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
