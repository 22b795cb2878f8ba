"""The activity page: who saw personal data, from the records that staff/audit.py keeps."""

from __future__ import annotations

from flask import current_app, request
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from bangkit.database import db
from bangkit.enrol.models import REFERENCE
from bangkit.i18n import route
from bangkit.staff import audit
from bangkit.staff.blueprint import bp, page_number, paths, render
from bangkit.staff.display import workshop_names
from bangkit.staff.models import Access, Via

PER_PAGE = 50


@route(bp, paths(id="/aktivitas/", en="/activity/"))
def activity(lang: str) -> Response:
    """Every export (who, when, filters, rows), or every enrolment page opened (of one)."""
    action = Access.VIEW if request.args.get("action") == Access.VIEW else Access.EXPORT
    reference = request.args.get("reference", "")
    reference = reference if action == Access.VIEW and REFERENCE.fullmatch(reference) else ""
    page = db.paginate(
        audit.activity(action, reference),
        page=page_number(),
        per_page=PER_PAGE,
        error_out=False,
    )
    args = {"action": action.value, **({"reference": reference} if reference else {})}
    return render(
        "staff/activity.html",
        page=page,
        action=action,
        reference=reference,
        args=args,
        Access=Access,
        Via=Via,
        names=workshop_names(lang),
        months=current_app.config["RETENTION_MONTHS"],
        title=_("Activity"),
    )
