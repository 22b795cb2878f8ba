"""Which enrolments staff see: filters, search, and counts by workshop, status and referral."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from typing import Any

from sqlalchemy import ColumnElement, Select, func, or_, select

from bangkit.clock import day_start
from bangkit.database import db
from bangkit.enrol.models import Enrolment, Status


def _like(text: str) -> str:
    # The search is text, not a pattern: % and _ typed by staff match themselves.
    return "%" + re.sub(r"([\\%_])", r"\\\1", text) + "%"


def search(q: str) -> ColumnElement[bool]:
    """Name contains the text (any case); or, for digits, the number contains them.

    A number typed as 0812… is stored as +62812…, so a leading 0 stands for 62.
    """
    digits = re.sub(r"\D", "", q)
    by_name = Enrolment.full_name.ilike(_like(q), escape="\\")
    if len(digits) < 4 or re.search(r"[^\d\s()+.-]", q):
        return by_name
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    return or_(by_name, Enrolment.phone.like(_like(digits), escape="\\"))


def _bound(day: dt.date, days: int = 0) -> dt.datetime | None:
    """day_start, or None at the ends of the calendar (since 0001-01-01, until 9999-12-31),
    whose bound Python cannot write and which leaves nothing out."""
    try:
        return day_start(day, days)
    except OverflowError:
        return None


def where(filters: dict[str, Any]) -> list[ColumnElement[bool]]:
    """The conditions for a filter form's data (empty fields filter nothing)."""
    conditions = []
    if filters.get("workshop"):
        conditions.append(Enrolment.workshop == filters["workshop"])
    if filters.get("status"):
        conditions.append(Enrolment.status == Status(filters["status"]))
    if filters.get("since") and (start := _bound(filters["since"])):
        conditions.append(Enrolment.created_at >= start)
    if filters.get("until") and (end := _bound(filters["until"], days=1)):
        conditions.append(Enrolment.created_at < end)
    if filters.get("ref"):
        conditions.append(Enrolment.referral == filters["ref"])
    if filters.get("q"):
        conditions.append(search(filters["q"]))
    return conditions


def enrolments(filters: dict[str, Any]) -> Select[Enrolment]:
    """The matching enrolments, newest first."""
    query = select(Enrolment).where(*where(filters))
    return query.order_by(Enrolment.created_at.desc(), Enrolment.id.desc())


def counts(filters: dict[str, Any], column: Any) -> list[tuple[str | None, Counter, int]]:
    """Per value of `column`: how many enrolments in each status, and the total; biggest first."""
    query = select(column, Enrolment.status, func.count()).where(*where(filters))
    by_value: dict[str | None, Counter] = {}
    for value, status, number in db.session.execute(query.group_by(column, Enrolment.status)):
        by_value.setdefault(value, Counter())[Status(status)] += number
    rows = [(value, c, c.total()) for value, c in by_value.items()]
    return sorted(rows, key=lambda row: (-row[2], row[0] or ""))
