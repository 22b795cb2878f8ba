"""The staff pages: the enrolment list, one enrolment with its history, the export, the counts."""

from __future__ import annotations

import io
from typing import Any

from flask import flash, g, redirect, request, session, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from bangkit.clock import utcnow
from bangkit.database import db
from bangkit.enrol.models import Enrolment, Status
from bangkit.i18n import route
from bangkit.staff import audit, listing
from bangkit.staff.audit import record_export, record_view
from bangkit.staff.blueprint import (
    back_to_list,
    bp,
    find_or_404,
    here,
    page_number,
    paths,
    render,
)
from bangkit.staff.display import workshop_names
from bangkit.staff.forms import FilterForm, StatusForm, options
from bangkit.staff.models import Access, StatusChange
from bangkit.staff.spreadsheet import write_csv

PER_PAGE = 25
VIEWS_SHOWN = 20  # on an enrolment's page, the latest; the activity page has them all


def _selection(lang: str, formdata: MultiDict) -> tuple[FilterForm, dict[str, Any]]:
    """The filter form read from `formdata`, and the values of its valid fields."""
    form = FilterForm(formdata=formdata, meta={"csrf": False})  # a POST's token: see the guard
    form.workshop.choices = options(workshop_names(lang), _("Any workshop"))
    form.validate()
    return form, {f.name: f.data for f in form if not f.errors and f.data}


def _args(values: dict[str, Any]) -> dict[str, str]:
    """The filters for a URL: everything but the search (see FilterForm.q)."""
    return {k: str(v) for k, v in values.items() if k != "q"}


@route(bp, paths(id="/", en="/"), methods=["GET", "POST"])
def enrolments(lang: str) -> Response:
    """The enrolments, newest first; posting the filter form keeps the search and comes back.

    A posted filter that is not right answers 422: the form with its message and what was typed,
    and the list by the filters that are right. Only a valid search is kept.
    """
    status = 200
    if request.method == "POST":
        form, values = _selection(lang, request.form)
        session["q"] = values.get("q", "")
        args: dict[str, Any] = {**_args(values), "lang": lang}
        if not form.errors:
            return redirect(url_for("staff.enrolments", **args), 303)
        status, back = 422, url_for("staff.enrolments", **args)
    else:
        filters = MultiDict(request.args)
        filters["q"] = session.get("q", "")
        form, values = _selection(lang, filters)
        back = here()
    session["list"] = back  # an enrolment's page leads back to this very list
    page = db.paginate(
        listing.enrolments(values),
        page=page_number(),
        per_page=PER_PAGE,
        error_out=False,
    )
    return render(
        "staff/list.html",
        status,
        form=form,
        page=page,
        args=_args(values),
        names=workshop_names(lang),
        back=back,  # where marking one contacted without JavaScript comes back to
        marked=None,
        title=_("Enrolments"),
    )


@route(bp, paths(id="/ekspor.csv", en="/export.csv"))
def export(lang: str) -> Response:
    """The listed enrolments (same filters and search) as CSV, safe to open in a spreadsheet."""
    filters = MultiDict(request.args)
    filters["q"] = session.get("q", "")
    _form, values = _selection(lang, filters)
    out = io.StringIO()
    out.write("\ufeff")  # the BOM, as in the command-line export: Excel then reads UTF-8
    rows = write_csv(db.session.scalars(listing.enrolments(values)), out)
    # Recorded before anything leaves: an export that cannot be recorded is not sent.
    record_export(values, rows, g.staff.name, searched=bool(values.get("q")))
    response = Response(out.getvalue(), mimetype="text/csv")
    day = utcnow().date().isoformat()
    response.headers["Content-Disposition"] = f'attachment; filename="enrolments-{day}.csv"'
    return response


@route(bp, paths(id="/angka/", en="/counts/"))
def counts(lang: str) -> Response:
    """How many enrolments per workshop and per referral code, in each status."""
    form, values = _selection(lang, MultiDict(request.args))
    by_workshop = listing.counts(values, Enrolment.workshop)
    return render(
        "staff/counts.html",
        form=form,
        by_workshop=by_workshop,
        by_referral=listing.counts(values, Enrolment.referral),
        totals=sum((row[1] for row in by_workshop), start=listing.Counter()),
        names=workshop_names(lang),
        title=_("Counts"),
    )


@route(
    bp,
    paths(id="/pendaftaran/<reference>/", en="/enrolments/<reference>/"),
    methods=["GET", "POST"],
)
def detail(lang: str, reference: str) -> Response:
    """One enrolment with every field and its history; a POST records a status or a note."""
    enrolment = find_or_404(reference)
    form = StatusForm(data={"status": enrolment.status.value})
    status = 200
    if request.method == "POST":
        if form.validate() and _record(enrolment, Status(form.status.data), form.note.data):
            flash(_("Saved."))
            return redirect(url_for("staff.detail", lang=lang, reference=reference), 303)
        if not form.errors:
            form.note.errors = [_("Choose a different status, or write a note")]
        status = 422
    record_view(reference, g.staff.name)  # the page shows every field: who saw them, and when
    history = select(StatusChange).filter_by(enrolment_id=enrolment.id)
    return render(
        "staff/detail.html",
        status,
        enrolment=enrolment,
        form=form,
        history=db.session.scalars(history.order_by(StatusChange.at, StatusChange.id)).all(),
        views=db.session.scalars(audit.activity(Access.VIEW, reference).limit(VIEWS_SHOWN)).all(),
        view_count=db.session.scalar(
            select(func.count()).select_from(audit.activity(Access.VIEW, reference).subquery())
        ),
        names=workshop_names(lang),
        back=back_to_list(lang, session.get("list")),  # the list it was found in
        title=_("Enrolment %(reference)s", reference=reference),
    )


def _record(enrolment: Enrolment, new: Status, note: str | None) -> bool:
    """Change the status and write the history; False if there is nothing to record."""
    if new == enrolment.status and not note:
        return False
    db.session.add(
        StatusChange(
            enrolment_id=enrolment.id,
            staff_name=g.staff.name,
            from_status=enrolment.status,
            to_status=new,
            note=note or None,
        )
    )
    enrolment.status = new
    enrolment.updated_at = utcnow()  # a note alone is a change too: retention counts from here
    db.session.commit()
    return True
