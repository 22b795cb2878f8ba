"""Pre-enrolments for training: the table, and keeping one (duplicates answered like the rest)."""

from __future__ import annotations

import datetime as dt
import enum

from flask import current_app
from sqlalchemy import DateTime, String, UniqueConstraint, insert
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from bangkit.clock import utcnow
from bangkit.database import Base, broken_rule, db, enum_column, one_writer_at_a_time

# Re-exported: the staff pages and the tests know them as the models'.
from bangkit.enrol.answers import (  # noqa: F401
    ALPHABET,
    REFERENCE,
    Answers,
    Jkp,
    NotSaved,
    new_reference,
)

# The date of the consent wording and the privacy notice a reader agrees to: change it with them.
# 2026-11-29: the consent names the operator, and the privacy notice its data controller.
CONSENT_VERSION = "2026-11-29"

# The only rules save() expects the database to report: the same number and workshop again,
# and (rarely) a reference drawn twice.
DUPLICATE, CLASH = "uq_enrolment_phone_workshop", "uq_enrolment_reference"


class Status(enum.StrEnum):
    """Where staff are with a pre-enrolment."""

    NEW = "new"
    CONTACTED = "contacted"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class Enrolment(Base):
    """A reader's request to be contacted about one workshop (not the official registration)."""

    __tablename__ = "enrolment"
    # One row per number and workshop, enforced by the database itself: two tabs or a double
    # click racing each other cannot both insert.
    __table_args__ = (UniqueConstraint("phone", "workshop", name=DUPLICATE),)

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
    jkp: Mapped[Jkp] = mapped_column(enum_column(Jkp, "enrolment_jkp"))
    union_name: Mapped[str | None] = mapped_column(String(100))
    referral: Mapped[str | None] = mapped_column(String(40))
    lang: Mapped[str] = mapped_column(String(5))
    consent_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    consent_version: Mapped[str] = mapped_column(String(20))
    # Not indexed: staff filter a few thousand rows, and an index costs every enrolment one more
    # page written and synced before its 303 (migration 502dead280a2).
    status: Mapped[Status] = mapped_column(
        enum_column(Status, "enrolment_status"), default=Status.NEW
    )


INSERT = insert(Enrolment)


def save(answers: Answers) -> str:
    """Store a pre-enrolment; return the reference to show.

    A second request for the same number and workshop stores nothing and gets a fresh
    reference, so the answer tells nobody whether that number had enrolled before. A clash of
    references (about 1 in 10**11) draws another. Any other refusal is a bug, and a failing
    database is no better: either is logged (the rule or the error's kind, never the answers),
    not tried again, and raised as NotSaved; nothing is kept.
    """
    row = {"consent_version": CONSENT_VERSION, **vars(answers)}  # vars: a flat copy, no deep one
    for _attempt in range(3):
        reference = new_reference()
        try:
            # One INSERT, committed: SQLAlchemy Core, without the ORM's unit of work (the
            # statement is compiled once; the columns' defaults still apply). SQLite's
            # synchronous=FULL (database.py) makes the commit durable before the 303.
            engine = db.engine
            with one_writer_at_a_time(engine.url), engine.begin() as connection:
                now = utcnow()  # one moment: agreed, created and last changed
                moment = {"consent_at": now, "created_at": now, "updated_at": now}
                connection.execute(INSERT, {**row, **moment, "reference": reference})
            return reference
        except IntegrityError as error:
            rule = broken_rule(error)
        except DBAPIError as error:  # the database did not answer, or failed otherwise
            rule = type(error.orig).__name__
        if rule == DUPLICATE:
            return reference
        if rule != CLASH:
            break
    else:
        rule = "three reference clashes in a row"
    current_app.logger.error("an enrolment was not stored: %s", rule)
    raise NotSaved(rule)
