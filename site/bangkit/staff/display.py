"""How staff pages show stored values: times in WIB, numbers as dialled (and links to call or
WhatsApp them), codes as words."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

from babel.dates import format_datetime
from flask import current_app
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _

from bangkit.clock import in_wib
from bangkit.enrol.forms import EDUCATION, JKP
from bangkit.enrol.models import Enrolment
from bangkit.extensions import site
from bangkit.operator import operator
from bangkit.staff.blueprint import bp
from bangkit.staff.phones import national, whatsapp_digits


def workshop_names(lang: str) -> dict[str, str]:
    """Each workshop's key and its short name in `lang`."""
    return {p.key: p.label or p.title for p in site().workshops(lang)}


@bp.app_template_filter("wib")
def wib(when: dt.datetime | None) -> str:
    """A stored time as a reader in Bekasi says it, e.g. '28 Nov 2026 14.05 WIB'."""
    if when is None:
        return ""
    return format_datetime(in_wib(when), "d MMM y HH:mm", locale=get_locale()) + " WIB"


bp.add_app_template_filter(national, "national")  # 0812-3456-7890


@bp.app_template_global()
def whatsapp(enrolment: Enrolment) -> str:
    """A wa.me link to the reader's number, with a greeting in the READER's language (the
    language of the form they sent, whatever the staff page's) naming the workshop and the
    reference, ready to edit and send."""
    lang = enrolment.lang
    values = {
        "who": operator().follows_up(lang),  # whoever calls readers back (see bangkit.operator)
        "site": current_app.config["SITE_NAME"],
        "workshop": workshop_names(lang).get(enrolment.workshop, enrolment.workshop),
        "reference": enrolment.reference,
    }
    with force_locale(lang):
        if values["who"]:
            greeting = _(
                "Hello. This is %(who)s, following up the request you sent through %(site)s to "
                "join the %(workshop)s training (reference %(reference)s). When would be a good "
                "time to talk?",
                **values,
            )
        else:  # a copy that names nobody takes no enrolments, but may still hold some
            greeting = _(
                "Hello. We are following up the request you sent through %(site)s to join the "
                "%(workshop)s training (reference %(reference)s). When would be a good time to "
                "talk?",
                **values,
            )
    return f"https://wa.me/{whatsapp_digits(enrolment.phone)}?text={quote(greeting, safe='')}"


@bp.app_template_filter("answer")
def answer(value: object, question: str) -> str:
    """A stored answer code in the reader's language (education, jkp, laid_off)."""
    if question == "laid_off":
        return _("Yes") if value else _("No")
    labels: dict[str, object] = {"education": EDUCATION, "jkp": JKP}[question]
    code = str(getattr(value, "value", value))
    return str(labels.get(code, code))
