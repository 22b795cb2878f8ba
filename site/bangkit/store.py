"""Keeping a pre-enrolment: one row per number and workshop, duplicates answered like the rest."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from bangkit.answers import e164, normal_email
from bangkit.db import db
from bangkit.forms import EnrolForm
from bangkit.models import Enrolment, Jkp, new_reference, utcnow

# The date of the consent wording and the privacy notice a reader agrees to: change it with them.
CONSENT_VERSION = "2026-11-28"


def save(form: EnrolForm, workshop: str, lang: str) -> str:
    """Store a valid form; return the reference to show.

    A second request for the same number and workshop stores nothing and gets a fresh
    reference, so the answer tells nobody whether that number had enrolled before.
    """
    phone = e164(form.phone.data)
    for _attempt in range(3):
        reference = new_reference()
        db.session.add(_row(form, workshop, lang, phone, reference))
        try:
            db.session.commit()
            return reference
        except IntegrityError:
            db.session.rollback()
        known = select(Enrolment.id).filter_by(phone=phone, workshop=workshop)
        if db.session.scalar(known) is not None:
            return reference
        # Otherwise the reference clashed with another (about 1 in 10**11): draw again.
    raise RuntimeError("three reference clashes in a row")


def _row(form: EnrolForm, workshop: str, lang: str, phone: str | None, reference: str) -> Enrolment:
    return Enrolment(
        reference=reference,
        workshop=workshop,
        full_name=form.full_name.data,
        phone=phone,
        email=normal_email(form.email.data) if form.email.data else None,
        birth_year=int(form.birth_year.data),
        education=form.education.data,
        city=form.city.data,
        laid_off=form.laid_off.data == "yes",
        jkp=Jkp(form.jkp.data),
        union_name=form.union.data or None,
        referral=form.ref.data,
        lang=lang,
        consent_at=utcnow(),
        consent_version=CONSENT_VERSION,
    )
