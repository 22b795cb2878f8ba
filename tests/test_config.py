"""The settings: the README's table documents exactly the settings config.py defines."""

from __future__ import annotations

import json
import re
from pathlib import Path

from bangkit.config import DEFAULTS

README = Path(__file__).resolve().parents[1] / "README.md"
# Settings that have no fixed default in DEFAULTS but are documented: made at start-up.
DERIVED = {"SECRET_KEY"}


def _documented() -> dict[str, str]:
    """The README's Configuration table: setting -> its default as written there."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    return dict(re.findall(r"^\| `([A-Z_]+)` \| ([^|]+) \|", section, flags=re.MULTILINE))


def test_every_setting_is_documented_and_nothing_else() -> None:
    assert set(_documented()) == set(DEFAULTS) | DERIVED


def test_the_documented_defaults_are_the_real_ones() -> None:
    for name, written in _documented().items():
        if name in DERIVED or name.endswith("_DIR") or name == "DATABASE_URL":
            continue  # paths and "unset: SQLite in instance/" are described, not quoted
        value = DEFAULTS[name]
        shown = json.dumps(value) if value is None or isinstance(value, bool | list) else value
        assert f"`{shown}`" in written or (value is None and "unset" in written), (name, written)
