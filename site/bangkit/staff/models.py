"""Staff accounts, the history of what staff did with each enrolment, and who saw what."""

from __future__ import annotations

import datetime as dt
import enum
import secrets
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from bangkit.clock import utcnow
from bangkit.database import Base, enum_column
from bangkit.enrol.models import Status


def new_token() -> str:
    """A random value kept in the session: changing it ends every session of the account."""
    return secrets.token_urlsafe(16)


class StaffUser(Base):
    """Someone at the centre who may read and follow up enrolments."""

    __tablename__ = "staff_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    # Only a Werkzeug hash (scrypt by default), never the password.
    password_hash: Mapped[str] = mapped_column(String(255))
    session_token: Mapped[str] = mapped_column(String(32), default=new_token)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Kept in the database, not in one process's memory, so every copy of the app sees them.
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class StatusChange(Base):
    """One step in an enrolment's history: who, when, from which status to which, and a note."""

    __tablename__ = "status_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(
        ForeignKey("enrolment.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # The name, not a key to the account: the history stays readable after an account is removed.
    staff_name: Mapped[str] = mapped_column(String(40))
    from_status: Mapped[Status] = mapped_column(enum_column(Status, "status_change_from"))
    to_status: Mapped[Status] = mapped_column(enum_column(Status, "status_change_to"))
    note: Mapped[str | None] = mapped_column(String(500))


class Access(enum.StrEnum):
    """What was done with personal data."""

    VIEW = "view"  # an enrolment's page was opened
    EXPORT = "export"  # enrolments were written to a CSV file


class Via(enum.StrEnum):
    WEB = "web"  # the staff pages: `who` is the staff account
    CLI = "cli"  # `flask enrolments export`: `who` is the user of the machine


class DataAccess(Base):
    """One look at personal data, so the site can say who saw it (UU 27/2022): kept for
    RETENTION_MONTHS, like the enrolments."""

    __tablename__ = "data_access"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    action: Mapped[Access] = mapped_column(enum_column(Access, "data_access_action"))
    via: Mapped[Via] = mapped_column(enum_column(Via, "data_access_via"))
    # A name, not a key to the account: the record outlives the account.
    who: Mapped[str] = mapped_column(String(80))
    # A view: the enrolment's reference (not a key: the record outlives the enrolment too).
    reference: Mapped[str | None] = mapped_column(String(9), index=True)
    # An export: its filters (workshop, status, dates, referral code) and how many rows. A
    # search by name or number is noted as used, never its text: that text is personal data.
    filters: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    searched: Mapped[bool] = mapped_column(default=False)
    rows: Mapped[int | None]
