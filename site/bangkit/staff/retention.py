"""How long personal data is kept: RETENTION_MONTHS after an enrolment last changed, and
RETENTION_MONTHS after a record of who saw it was made."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, func, select

from bangkit.clock import months_before, utcnow
from bangkit.database import db
from bangkit.enrol.models import Enrolment
from bangkit.staff.models import DataAccess, StatusChange


def cutoff(months: int, now: dt.datetime | None = None) -> dt.datetime:
    """Enrolments last changed before this time are past the retention period."""
    return months_before(now or utcnow(), months)


def purge(months: int, dry_run: bool = False) -> int:
    """Delete the enrolments past the period, with their history; return how many."""
    expired = select(Enrolment.id).where(Enrolment.updated_at < cutoff(months))
    count = db.session.scalar(select(func.count()).select_from(expired.subquery())) or 0
    if dry_run or not count:
        return count
    # The history first: SQLite enforces no foreign keys unless asked, so no cascade there.
    db.session.execute(delete(StatusChange).where(StatusChange.enrolment_id.in_(expired)))
    db.session.execute(delete(Enrolment).where(Enrolment.id.in_(expired)))
    db.session.commit()
    return count


def purge_records(months: int, dry_run: bool = False) -> int:
    """Delete the records of who saw personal data (staff/audit.py) made before the period."""
    expired = DataAccess.at < cutoff(months)
    count = db.session.scalar(select(func.count(DataAccess.id)).where(expired)) or 0
    if dry_run or not count:
        return count
    db.session.execute(delete(DataAccess).where(expired))
    db.session.commit()
    return count
