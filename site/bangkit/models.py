"""The one table the site writes: pre-enrolments for training."""

from __future__ import annotations

import datetime as dt
import enum
import re
import secrets

from sqlalchemy import DateTime, Enum, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bangkit.db import db

# Read out over the phone: no 0/O, 1/I/L, so every character is heard one way.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
REFERENCE = re.compile(f"[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}")


def new_reference() -> str:
    """A fresh public reference like 'K7QM-4XPD': 31**8 (about 8.5e11) possibilities."""
    code = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"{code[:4]}-{code[4:]}"


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Status(enum.StrEnum):
    """Where staff are with a pre-enrolment."""

    NEW = "new"
    CONTACTED = "contacted"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class Jkp(enum.StrEnum):
    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


def _enum(cls: type[enum.Enum], name: str) -> Enum:
    # A VARCHAR with a CHECK constraint, not a native enum type: the same on SQLite and PostgreSQL.
    # create_constraint: SQLAlchemy leaves the CHECK out unless asked (since 1.4).
    return Enum(
        cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=20,
        values_callable=_values,
    )


def _values(cls: type[enum.Enum]) -> list[str]:
    return [member.value for member in cls]


class Enrolment(db.Model):
    """A reader's request to be contacted about one workshop (not the official registration)."""

    __tablename__ = "enrolment"
    # One row per number and workshop, enforced by the database itself: two tabs or a double
    # click racing each other cannot both insert.
    __table_args__ = (UniqueConstraint("phone", "workshop", name="uq_enrolment_phone_workshop"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(9), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
    workshop: Mapped[str] = mapped_column(String(40))
    full_name: Mapped[str] = mapped_column(String(100))
    phone: Mapped[str] = mapped_column(String(20))  # E.164, e.g. +6281234567890
    email: Mapped[str | None] = mapped_column(String(254))
    birth_year: Mapped[int]
    education: Mapped[str] = mapped_column(String(20))
    city: Mapped[str] = mapped_column(String(100))
    laid_off: Mapped[bool]
    jkp: Mapped[Jkp] = mapped_column(_enum(Jkp, "enrolment_jkp"))
    union_name: Mapped[str | None] = mapped_column(String(100))
    referral: Mapped[str | None] = mapped_column(String(40))
    lang: Mapped[str] = mapped_column(String(5))
    consent_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    consent_version: Mapped[str] = mapped_column(String(20))
    status: Mapped[Status] = mapped_column(
        _enum(Status, "enrolment_status"), default=Status.NEW, index=True
    )
