"""Characters no catalogue text may hold, and how any that slip through are shown.

A control character (C0, DEL, C1) can move a terminal's cursor, clear its screen, set its
title or hide a link; a bidirectional override or isolate makes text read in an order other
than the one stored. Validation refuses both in every catalogue string, and the terminal
renderers and error lines escape them anyway, so text from a file never drives a terminal.
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Any, TypeVar, cast

# C0 controls (tab and carriage return among them), DEL, C1 controls, the left-to-right and
# right-to-left marks, the bidirectional embeddings and overrides, and the isolates.
UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# A line break is text's own structure, allowed only in prose fields.
UNSAFE_OR_LINE_BREAK = re.compile(UNSAFE.pattern[:-1] + "\n]")


def character_name(character: str) -> str:
    """e.g. "U+001B (a control character)" or "U+202E (a bidirectional control)"."""
    code = ord(character)
    kind = (
        "a line break"
        if character == "\n"
        else ("a bidirectional control" if code >= 0x200E else "a control character")
    )
    return f"U+{code:04X} ({kind})"


def _escaped(found: re.Match[str]) -> str:
    code = ord(found.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def shown_safely(text: str) -> str:
    """`text` with every unsafe character written as a visible escape (ESC as "\\x1b"),
    line breaks kept. What the terminal renderers and error lines print."""
    return UNSAFE.sub(_escaped, text) if UNSAFE.search(text) else text


T = TypeVar("T")


def with_text_shown_safely(value: T) -> T:
    """`value` (a result, a record, any nesting of tuples and mappings) with every string in
    it passed through `shown_safely`; what has nothing to escape is returned as it is."""
    return cast(T, _walk(value))


def _walk(value: object) -> object:
    if isinstance(value, str):
        # An enumeration's value is vocabulary of ours, never a file's text.
        return value if isinstance(value, Enum) else shown_safely(value)
    if isinstance(value, tuple):
        items = [_walk(item) for item in value]
        if all(new is old for new, old in zip(items, value, strict=True)):
            return value
        made: Any = type(value)
        return made._make(items) if hasattr(value, "_fields") else tuple(items)
    if isinstance(value, list):
        return [_walk(item) for item in value]
    if isinstance(value, dict):
        pairs = [(_walk(key), _walk(item)) for key, item in value.items()]
        if all(
            new_key is key and new is old
            for (new_key, new), (key, old) in zip(pairs, value.items(), strict=True)
        ):
            return value
        return dict(pairs)
    return value
