"""Checks for data read from YAML: each failure is a ContentError saying where and what is wrong."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from bangkit.content import ContentError


def fields(
    value: Any, where: str, required: Iterable[str], optional: Iterable[str] = ()
) -> dict[str, Any]:
    """A mapping with every required field and nothing outside `required` and `optional`."""
    if not isinstance(value, dict):
        raise ContentError(f"{where}: must be 'field: value' lines")
    unknown = sorted(set(value) - set(required) - set(optional))
    missing = [name for name in required if name not in value]
    if unknown:
        raise ContentError(f"{where}: unknown field '{unknown[0]}'")
    if missing:
        raise ContentError(f"{where}: missing field '{missing[0]}'")
    return value


def texts(value: Any, where: str, names: Iterable[str]) -> dict[str, str]:
    """The named fields of a mapping, each a text that is not blank."""
    value = fields(value, where, names)
    found = {name: value[name] for name in names}
    for name, text in found.items():
        if not isinstance(text, str) or not text.strip():
            raise ContentError(f"{where}: '{name}' must be text")
    return {name: text.strip() for name, text in found.items()}


def table(value: Any, where: str) -> dict[str, Any]:
    """A non-empty mapping of names to entries."""
    if not isinstance(value, dict) or not value:
        raise ContentError(f"{where}: must be a list of 'name: ...' entries")
    return value


def items(value: Any, where: str, least: int = 1) -> list[Any]:
    """A list of at least `least` items."""
    if not isinstance(value, list) or len(value) < least:
        raise ContentError(f"{where}: must be a list of at least {least}")
    return value


def named(entries: dict[str, Any], name: Any, where: str) -> Any:
    """The entry with this name."""
    if name not in entries:
        raise ContentError(f"{where}: '{name}' is not defined in the file")
    return entries[name]
