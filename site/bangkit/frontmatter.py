"""Front matter read fast: the simple lines almost every page has, read here; anything else by
YAML (PyYAML's safe loader, libyaml's parser where built in), which stays the definition.

PyYAML builds each value in Python and takes most of the time content/ takes to load. Pages
are mostly `key: value` lines whose values are text starting with a letter, whole numbers,
dates, true or false: those are read here, exactly as YAML reads them (a test compares the two
on every page and on generated lines); a head with any other line goes to YAML whole.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml

# libyaml's parser where it is built in (PyPI's wheels have it): the same safe loader, faster.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*): (.*)")
_INT = re.compile(r"0|[1-9][0-9]*")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
# Plain text: starts with a letter (not a number, date, indicator or quote), and holds neither
# ": " nor " #" (a mapping or a comment) nor a tab, nor ends with ":".
# YAML also ends a line at NEL, LS and PS, and refuses control characters: none of those either.
_TEXT = re.compile(r"[^\W\d_][^\t\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]*")
# Words YAML 1.1 reads as booleans or null, not as text.
_WORDS = {
    w: v
    for words, v in (("yes true on", True), ("no false off", False), ("null", None))
    for word in words.split()
    for w in (word, word.capitalize(), word.upper())
}


def _value(text: str) -> tuple[bool, Any]:
    """(True, the value) when `text` is simple, else (False, None)."""
    if text != text.strip() or not text:
        return False, None
    if _TEXT.fullmatch(text):
        if ": " in text or " #" in text or text.endswith(":"):
            return False, None
        if text in _WORDS:
            value = _WORDS[text]
            return (True, value) if value is not None else (False, None)
        return True, text
    if _INT.fullmatch(text):
        return True, int(text)
    date = _DATE.fullmatch(text)
    if date:
        try:
            return True, dt.date(*map(int, date.groups()))
        except ValueError:
            return False, None
    if len(text) > 1 and text[0] == text[-1] == '"' and not set(text[1:-1]) & {'"', "\\"}:
        return True, text[1:-1]
    return False, None


def _simple(head: str) -> dict[str, Any] | None:
    """The mapping, when every line of `head` is simple; else None."""
    meta: dict[str, Any] = {}
    for line in head.split("\n"):
        if not line:
            continue
        match = _LINE.fullmatch(line)
        if match is None:
            return None
        ok, value = _value(match[2])
        if not ok or match[1] in meta or match[1] in _WORDS:
            return None
        meta[match[1]] = value
    return meta or None


def load_yaml(text: str) -> Any:
    """yaml.safe_load, with libyaml's parser where it is built in."""
    return yaml.load(text, Loader=_LOADER)


def parse(head: str) -> Any:
    """What yaml.safe_load gives for `head` (raises yaml.YAMLError as it does)."""
    found = _simple(head)
    return found if found is not None else yaml.load(head, Loader=_LOADER)
