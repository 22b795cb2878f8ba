"""Staff accounts and the history of what staff did with each enrolment."""

from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy import DateTime, ForeignKey, String
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
