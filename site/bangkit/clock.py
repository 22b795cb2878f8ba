"""Time: stored in UTC, shown and counted in Bekasi's time zone (WIB)."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import TypeVar

When = TypeVar("When", dt.date, dt.datetime)

# Bekasi keeps Western Indonesian Time all year (UTC+7, no daylight saving).
WIB = dt.timezone(dt.timedelta(hours=7), "WIB")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def as_utc(when: dt.datetime) -> dt.datetime:
    """A stored time with its zone: SQLite gives times back without one (they are UTC)."""
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def in_wib(when: dt.datetime) -> dt.datetime:
    """A stored time as a clock in Bekasi shows it."""
    return as_utc(when).astimezone(WIB)


def day_start(day: dt.date, days: int = 0) -> dt.datetime:
    """Midnight in Bekasi at the start of `day` (plus `days`), in UTC, as times are stored.

    SQLite keeps no zone, so a WIB time would compare 7 hours off.
    """
    local = dt.datetime.combine(day + dt.timedelta(days=days), dt.time(), tzinfo=WIB)
    return local.astimezone(dt.UTC)


def months_before(when: When, months: int) -> When:
    """The same day or time `months` calendar months earlier (31 March less one month: 28 or 29
    February)."""
    year, month = divmod(when.year * 12 + when.month - 1 - months, 12)
    day = min(when.day, calendar.monthrange(year, month + 1)[1])
    return when.replace(year=year, month=month + 1, day=day)


def today() -> dt.date:
    """Today in Bekasi."""
    return utcnow().astimezone(WIB).date()
