"""Who saw personal data: each enrolment page opened and each export, recorded in the database.

UU 27/2022 expects whoever controls the data to be able to say who saw it. A record says who
(a staff account, or `cli` with the machine's user), when, and what: the enrolment's reference,
or an export's filters and how many rows it held. A search by name or number is recorded as
used, never its text: the text is itself personal data (a name or a number, perhaps of someone
who never enrolled), and the log must not become a second copy of what it guards.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
from typing import Any

from sqlalchemy import Select, select

from bangkit.database import db
from bangkit.staff.models import Access, DataAccess, Via

# The filters an export records, in the order they are shown.
FILTERS = ("workshop", "status", "since", "until", "ref")


def _plain(filters: dict[str, Any]) -> dict[str, str]:
    """The known filters as text (dates as 2026-11-28), in FILTERS order; empty ones left out."""
    values = {key: filters.get(key) for key in FILTERS}
    return {
        key: value.date().isoformat() if isinstance(value, dt.datetime) else str(value)
        for key, value in values.items()
        if value
    }


def record_view(reference: str, staff_name: str) -> None:
    """An enrolment's page was opened by a staff member."""
    db.session.add(DataAccess(action=Access.VIEW, via=Via.WEB, who=staff_name, reference=reference))
    db.session.commit()


def record_export(
    filters: dict[str, Any], rows: int, who: str, via: Via = Via.WEB, searched: bool = False
) -> None:
    """Enrolments were exported: with which filters (a search only as used) and how many.

    Committed before the file is handed over: an export that cannot be recorded is not made.
    """
    record = DataAccess(
        action=Access.EXPORT,
        via=via,
        who=who[:80],
        filters=_plain(filters),
        searched=searched,
        rows=rows,
    )
    db.session.add(record)
    db.session.commit()


def machine_user() -> str:
    """Who runs a command: the machine's user, and who became it with sudo, if someone did.

    As trustworthy as the machine's accounts: whoever can run the command can also set these.
    """
    user = getpass.getuser()
    sudo = os.environ.get("SUDO_USER")
    return f"{user} (sudo by {sudo})" if sudo and sudo != user else user


def activity(action: Access, reference: str | None = None) -> Select[DataAccess]:
    """Every record of one kind (of one enrolment, if given), newest first."""
    query = select(DataAccess).filter_by(action=action)
    if reference:
        query = query.filter_by(reference=reference)
    return query.order_by(DataAccess.at.desc(), DataAccess.id.desc())
