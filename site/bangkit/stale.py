"""Content not checked for a while: the pages and rule files whose `checked` date is more than
STALE_MONTHS (or a given number of) months old. `flask content stale` lists them, and freeze.py
warns about them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import Flask

from bangkit.clock import months_before, today

STALE_MONTHS = 6  # the default of `flask content stale --months`


@dataclass(frozen=True)
class Stale:
    file: str  # relative to the content folder
    checked: dt.date


def stale(app: Flask, months: int = STALE_MONTHS, on: dt.date | None = None) -> list[Stale]:
    """Every file checked before `months` months ago (counted from `on`, by default today in
    Bekasi), oldest first."""
    cutoff = months_before(on or today(), months)
    site = app.extensions["bangkit.site"]
    found = [Stale(page.file, page.checked) for page in site.pages.values()]
    for rules in (site.figures, app.extensions["bangkit.checker"]):
        found.append(Stale(_relative(app, rules.file), rules.checked))
    return sorted((s for s in found if s.checked < cutoff), key=lambda s: (s.checked, s.file))


def _relative(app: Flask, file: str) -> str:
    """A rule file's name as the pages' are written: inside the content folder."""
    folder = str(app.config["CONTENT_DIR"]).rstrip("/") + "/"
    return file[len(folder) :] if file.startswith(folder) else file
