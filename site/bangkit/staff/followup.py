"""Following up from the list: one action marks an enrolment contacted, with its history."""

from __future__ import annotations

from flask import flash, g, redirect, request
from flask_babel import gettext as _
from sqlalchemy import update
from werkzeug.wrappers import Response

from bangkit.clock import utcnow
from bangkit.database import db
from bangkit.enrol.models import Enrolment, Status
from bangkit.htmx import wants_fragment
from bangkit.i18n import route
from bangkit.staff.blueprint import back_to_list, bp, find_or_404, paths, render
from bangkit.staff.display import workshop_names
from bangkit.staff.models import StatusChange


def mark_contacted(enrolment: Enrolment, staff_name: str) -> bool:
    """New → contacted, with a line in the history; False if it is no longer new.

    One conditional UPDATE, so two staff members tapping at once record it once.
    """
    now = utcnow()
    changed = db.session.execute(
        update(Enrolment)
        .where(Enrolment.id == enrolment.id, Enrolment.status == Status.NEW)
        .values(status=Status.CONTACTED, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if changed.rowcount != 1:  # type: ignore[attr-defined]
        db.session.rollback()
        return False
    db.session.add(
        StatusChange(
            enrolment_id=enrolment.id,
            at=now,
            staff_name=staff_name,
            from_status=Status.NEW,
            to_status=Status.CONTACTED,
        )
    )
    db.session.commit()
    return True


@route(
    bp,
    paths(id="/pendaftaran/<reference>/dihubungi/", en="/enrolments/<reference>/contacted/"),
    methods=["POST"],
)
def contacted(lang: str, reference: str) -> Response:
    """Mark one enrolment contacted: htmx gets its row back, a plain form 303 to the same list."""
    enrolment = find_or_404(reference)
    marked = mark_contacted(enrolment, g.staff.name)
    db.session.refresh(enrolment)  # as it is now, whoever changed it
    back = back_to_list(lang, request.form.get("next"))
    response: Response
    if wants_fragment():
        names = workshop_names(lang)
        response = render(
            "staff/_enrolment.html", e=enrolment, marked=marked, back=back, names=names
        )
    else:
        if marked:
            flash(_("%(reference)s is marked contacted.", reference=reference))
        else:
            flash(_("%(reference)s was no longer new: nothing changed.", reference=reference))
        response = redirect(back, 303)
    response.vary.add("HX-Request")  # one URL, two answers (see bangkit.htmx)
    return response
