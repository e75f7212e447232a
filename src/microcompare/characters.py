"""Characters no catalogue text may hold, and how any that slip through are shown.

A control character (C0, DEL, C1) can move a terminal's cursor, clear its screen, set its
title or hide a link; a bidirectional override or isolate makes text read in an order other
than the one stored. Validation refuses both in every catalogue string, and the terminal
renderers and error lines escape them anyway, so text from a file never drives a terminal.
The line and paragraph separators (U+2028, U+2029) break a line as "\n" does: refused where
a line break is, and escaped wherever text is shown.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import Enum
from typing import Any, TypeVar, cast

# C0 controls (tab and carriage return among them), DEL, C1 controls, the Arabic letter mark,
# the left-to-right and right-to-left marks, the bidirectional embeddings and overrides, and
# the isolates: refused in every catalogue string.
CONTROLS = "\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
# The line and paragraph separators break a line as "\n" does, so they are refused where a
# line break is; unlike "\n", they are escaped wherever text is shown.
SEPARATORS = "\u2028\u2029"
# What is never shown as it is: the controls and the separators. (What a catalogue string
# may not hold is compiled in `catalog_files`, the one module that checks it, so a command
# that reads no file compiles only this.)
UNSAFE = re.compile(f"[{CONTROLS}{SEPARATORS}]")

_LINE_BREAKS = frozenset("\n\u2028\u2029")
_BIDIRECTIONAL = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e")


def character_name(character: str) -> str:
    """e.g. "U+001B (a control character)" or "U+202E (a bidirectional control)"."""
    code = ord(character)
    if character in _LINE_BREAKS:
        kind = "a line break"
    elif character in _BIDIRECTIONAL or 0x2066 <= code <= 0x2069:
        kind = "a bidirectional control"
    else:
        kind = "a control character"
    return f"U+{code:04X} ({kind})"


def _escaped(found: re.Match[str]) -> str:
    code = ord(found.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def shown_safely(text: str) -> str:
    """`text` with every unsafe character written as a visible escape (ESC as "\\x1b",
    U+2028 as "\\u2028"), line breaks ("\\n") kept. What the terminal renderers and error
    lines print."""
    return UNSAFE.sub(_escaped, text) if UNSAFE.search(text) else text


T = TypeVar("T")

# Records known to hold nothing to escape, by identity, each kept alive here so that its id
# is never reused: the built-in catalogue's, validated when the package was made.
_VOUCHED: dict[int, object] = {}


def vouch_for(values: Iterable[object]) -> None:
    """Let `with_text_shown_safely` pass these objects by without looking inside.

    Only for immutable records whose every string was validated (no unsafe character can be
    in them): the built-in catalogue's devices and sources, as read from the package. A
    record made from one (`_replace`, a user's file layered over it) is another object, and
    is walked as any other. Each call replaces the last one's records, so that loading the
    catalogue again and again (tests, a long-lived caller) holds on to one copy only; the
    earlier copies are walked like any other records, which is slower but as safe.
    """
    _VOUCHED.clear()
    for value in values:
        if isinstance(value, tuple):
            _VOUCHED[id(value)] = value


def with_text_shown_safely(value: T) -> T:
    """`value` (a result, a record, any nesting of tuples and mappings) with every string in
    it passed through `shown_safely`; what has nothing to escape is returned as it is."""
    return cast(T, _walk(value))


def _walk(value: object) -> object:
    if id(value) in _VOUCHED:
        return value
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
