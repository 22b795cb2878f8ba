"""Pre-enrolment for training: the form pages, the per-field check and the confirmation."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge
from werkzeug.wrappers import Response as BaseResponse

from bangkit import htmx, ratelimit
from bangkit.config import frozen
from bangkit.content import LANGS, Page
from bangkit.enrol import guards
from bangkit.enrol.answers import REFERENCE, NotSaved, new_reference
from bangkit.enrol.forms import EnrolForm, WorkshopForm
from bangkit.extensions import site
from bangkit.i18n import route
from bangkit.operator import operator
from bangkit.urls import referral_code

bp = Blueprint("enrol", __name__)  # the form pages: also in the static copy
live = Blueprint("enrol_live", __name__)  # answers only the running service can give


FORM = {"id": "/daftar/", "en": "/en/enrol/"}
CHECK = {"id": "/daftar/periksa/<field>/", "en": "/en/enrol/check/<field>/"}
DONE = {
    "id": "/daftar/<key>/terima-kasih/<reference>/",
    "en": "/en/enrol/<key>/thank-you/<reference>/",
}


def _workshop(lang: str, key: str | None) -> Page | None:
    """The workshop page for `key` (None for the general form); 404 for an unknown key."""
    found = [p for p in site().workshops(lang) if p.key == key]
    if key is not None and not found:
        abort(404)
    return found[0] if found else None


def _form(lang: str, key: str | None) -> EnrolForm:
    if key is None:
        form = EnrolForm().with_workshops({p.key: p.label for p in site().workshops(lang)})
    else:
        form = WorkshopForm()
    holder = operator()
    if holder.named:  # the consent names who will hold the details (UU 27/2022)
        # Lazy: translated only if the form is shown (a form sent without fault never is).
        form.consent.label.text = lazy_gettext(
            "I agree that %(name)s may use these details to contact me about training.",
            name=holder.name,
        )
    return form


def _takes_enrolments() -> bool:
    """Only a copy that names who runs it, and so who holds the data, takes enrolments."""
    return operator().named


@route(bp, FORM, defaults={"key": None}, methods=["GET", "POST"])
@route(bp, {lang: path + "<key>/" for lang, path in FORM.items()}, methods=["GET", "POST"])
def form(lang: str, key: str | None) -> BaseResponse:
    """The form; a POST answers 303 to the confirmation, or 422 with the form and its messages
    (500 with them and an apology when the database does not store the request)."""
    if request.method == "POST":
        ratelimit.limit("ENROL_RATE_LIMIT", "enrol")  # per client address; reading is not limited
        if not _takes_enrolments():
            abort(404)  # nobody is named to hold the details or follow them up
        guards.refuse_foreign_origin()  # before reading the body
    workshop = _workshop(lang, key)
    form = _form(lang, key)
    if request.method != "POST":  # GET, or HEAD: the same answer without its body
        form.ref.data = referral_code(request.args.get("ref"))
        return _page(form, lang, workshop)
    if form.website.data:  # the honeypot: a bot is answered as a person, and nothing is kept
        return _confirm(lang, key or site().workshops(lang)[0].key, new_reference())
    if not form.validate():
        return _page(form, lang, workshop, 422)
    chosen = key or form.workshop.data
    from bangkit.enrol.models import save  # here: a freeze renders the form without a database

    try:
        reference = save(form.answers(chosen, lang))
    except NotSaved:  # logged by save(); the reader keeps what they typed, and is told
        problem = _(
            "Sorry: because of a fault on our side your request was not saved, and nothing of "
            "it was kept. Your answers are still below. Please try sending them again later."
        )
        return _page(form, lang, workshop, 500, problem=problem)
    return _confirm(lang, chosen, reference)


def _heading(workshop: Page | None) -> str:
    if workshop is None:
        return _("Ask to join training at BBPVP Bekasi")
    return _("Ask to join: %(name)s", name=workshop.title)


def _page(
    form: EnrolForm, lang: str, workshop: Page | None, status: int = 200, **extra: Any
) -> Response:
    heading = _heading(workshop)
    problem = form.errors or extra.get("problem")
    # Live, the form posts to itself (htmx on top); frozen, to the enrolment service if any.
    # A copy that names nobody to hold the details shows the other ways to ask instead.
    action: str | None = url_for("enrol.form", lang=lang, key=workshop.key if workshop else None)
    service = current_app.config["ENROL_SERVICE_URL"]
    if frozen():
        action = f"{service.rstrip('/')}{action}" if service else None
    if not _takes_enrolments():
        action = None
    response = htmx.render(
        "enrol/form.html",
        "enrol/_form.html",
        status,
        form=form,
        lang=lang,
        workshop=workshop,
        heading=heading,
        title=_("Error:") + " " + heading if problem else heading,
        description=_("How to ask for a place in training at BBPVP Bekasi."),
        action=action,
        **extra,
    )
    if request.method == "POST":
        response.headers["Cache-Control"] = "no-store"  # it holds what the reader typed
    return response


def _confirm(lang: str, key: str, reference: str) -> BaseResponse:
    # 303: the browser GETs the confirmation, so a refresh never sends the form again. With
    # htmx, fetch follows it too (keeping HX-Request), and the confirmation is swapped in.
    return redirect(url_for("enrol_live.done", lang=lang, key=key, reference=reference), 303)


@route(live, CHECK, methods=["POST"])
def check(lang: str, field: str) -> Response:
    """One field's markup with its message, if any: htmx asks as the reader leaves the field."""
    ratelimit.limit("ENROL_CHECK_RATE_LIMIT", "enrol-check")
    if not _takes_enrolments():
        abort(404)
    guards.refuse_foreign_origin()
    form = _form(lang, None)
    if field not in {f.name for f in form.questions()}:
        abort(404)
    form[field].validate(form)
    html = render_template("enrol/_field.html", f=form[field], lang=lang)
    return Response(html, headers={"Cache-Control": "no-store"})


@route(live, DONE)
def done(lang: str, key: str, reference: str) -> Response:
    """The confirmation: the reference and what happens next; nothing about the reader.

    Any well-formed reference shows the same page, so guessing references reveals nothing.
    """
    workshop = _workshop(lang, key)
    if workshop is None or not REFERENCE.fullmatch(reference) or not _takes_enrolments():
        abort(404)
    # A form frozen into the static copy posted here: lead the reader back to that copy.
    back = url_for("pages.page", lang=lang, path=workshop.path)
    static = current_app.config["STATIC_SITE_URL"]
    response = htmx.render(
        "enrol/done.html",
        "enrol/_done.html",
        lang=lang,
        workshop=workshop,
        reference=reference,
        heading=_heading(workshop),
        title=_("Request received"),
        description=_("Your request to join the training has been received."),
        back=static.rstrip("/") + back if static else back,
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.errorhandler(403)
@bp.errorhandler(413)
@bp.errorhandler(429)
@live.errorhandler(403)
@live.errorhandler(413)
@live.errorhandler(429)
def refused(error: HTTPException) -> Response:
    """403, 413 and 429 from the enrolment views: a page that says what happened and what to do."""
    if request.endpoint == "enrol_live.check":
        return Response(status=204)  # a check that cannot run leaves the field as it was
    lang = (request.view_args or {}).get("lang", LANGS[0])
    key = (request.view_args or {}).get("key")
    if error.code == 429 and request.endpoint == "enrol.form":
        problem = _(
            "Too many forms were sent from your connection. Wait a few minutes, then try again."
        )
        try:  # the form again, with what the reader typed and the reason at the top
            return _page(_form(lang, key), lang, _workshop(lang, key), 429, problem=problem)
        except RequestEntityTooLarge:
            pass
    return htmx.render(
        "enrol/refused.html",
        "enrol/_refused.html",
        error.code or 400,
        lang=lang,
        code=error.code,
        title=_("Error:") + " " + _("The form was not sent"),
        description=_("The form was not sent."),
        retry=url_for("enrol.form", lang=lang, key=key),
    )


def frozen_urls() -> Iterator[tuple[str, dict[str, Any]]]:
    """The form pages, for freeze.py: the general one and one per workshop, in each language."""
    for lang in LANGS:
        yield "enrol.form", {"lang": lang}
        for page in site().workshops(lang):
            yield "enrol.form", {"lang": lang, "key": page.key}
