"""Stale facts: `flask content stale` lists what was last checked long ago; freeze.py warns."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from flask import Flask

from bangkit import create_app
from bangkit.clock import today
from bangkit.stale import stale
from support.paths import FIXTURE_CONTENT, FROZEN_SITE_URL


def _set_checked(file: Path, day: dt.date) -> None:
    text = file.read_text(encoding="utf-8")
    file.write_text(re.sub(r"checked: \d{4}-\d{2}-\d{2}", f"checked: {day}", text, count=1))


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """The fixture content, every file checked today but two pages and the checker's rules."""
    root = Path(shutil.copytree(FIXTURE_CONTENT, tmp_path / "content"))
    for file in [*root.rglob("*.md"), *root.glob("rules/*.yaml")]:
        _set_checked(file, today())
    _set_checked(root / "id" / "jkp.md", dt.date(2020, 1, 31))
    _set_checked(root / "en" / "about.md", today() - dt.timedelta(days=200))
    _set_checked(root / "rules" / "jkp-checker.yaml", dt.date(2021, 6, 1))
    return root


@pytest.fixture
def stale_app(tree: Path, tmp_path: Path) -> Flask:
    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "t",
            "CONTENT_DIR": str(tree),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}",
        }
    )


def test_the_command_lists_what_was_checked_more_than_six_months_ago(stale_app: Flask) -> None:
    result = stale_app.test_cli_runner().invoke(args=["content", "stale"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    # Oldest first, one line each: the date and the file inside the content folder.
    assert lines[:3] == [
        "2020-01-31\tid/jkp.md",
        "2021-06-01\trules/jkp-checker.yaml",
        f"{today() - dt.timedelta(days=200)}\ten/about.md",
    ]
    assert lines[3] == "3 not checked for 6 months or more"


def test_months_changes_the_limit(stale_app: Flask) -> None:
    runner = stale_app.test_cli_runner()
    result = runner.invoke(args=["content", "stale", "--months", "12"])
    assert "en/about.md" not in result.output and "id/jkp.md" in result.output
    assert "2 not checked for 12 months or more" in result.output
    result = runner.invoke(args=["content", "stale", "--months", "0"])
    assert result.exit_code != 0  # at least one month


def test_nothing_is_stale_when_everything_was_checked_today(tree: Path, tmp_path: Path) -> None:
    _set_checked(tree / "id" / "jkp.md", today())
    _set_checked(tree / "en" / "about.md", today())
    _set_checked(tree / "rules" / "jkp-checker.yaml", today())
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "CONTENT_DIR": str(tree)})
    assert stale(app) == []
    result = app.test_cli_runner().invoke(args=["content", "stale"])
    assert result.output == "0 not checked for 6 months or more\n"


def test_months_are_calendar_months(stale_app: Flask) -> None:
    # Checked on 31 January 2020: six months before 31 July 2020 is 31 January, not stale yet.
    assert stale(stale_app, 6, on=dt.date(2020, 7, 31)) == []
    assert [s.file for s in stale(stale_app, 6, on=dt.date(2020, 8, 1))] == ["id/jkp.md"]


@pytest.mark.slow
def test_freeze_warns_about_stale_content_one_line_each(
    tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from freeze import freeze

    config = {"BUILD_DIR": str(tmp_path / "build"), "CONTENT_DIR": str(tree), "SECRET_KEY": "t"}
    freeze({**config, "SITE_URL": FROZEN_SITE_URL})
    warnings = [line for line in capsys.readouterr().err.splitlines() if "warning" in line]
    assert warnings == [
        "warning: not checked for 6 months or more: id/jkp.md (2020-01-31)",
        "warning: not checked for 6 months or more: rules/jkp-checker.yaml (2021-06-01)",
        f"warning: not checked for 6 months or more: en/about.md "
        f"({today() - dt.timedelta(days=200)})",
    ]
