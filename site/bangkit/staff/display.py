"""How staff pages show stored values: times in WIB, numbers as dialled, codes as words."""

from __future__ import annotations

import datetime as dt

import phonenumbers
from babel.dates import format_datetime
from flask_babel import get_locale
from flask_babel import gettext as _

from bangkit.clock import in_wib
from bangkit.enrol.forms import EDUCATION, JKP
from bangkit.staff.blueprint import bp


@bp.app_template_filter("wib")
def wib(when: dt.datetime | None) -> str:
    """A stored time as a reader in Bekasi says it, e.g. '28 Nov 2026 14.05 WIB'."""
    if when is None:
        return ""
    return format_datetime(in_wib(when), "d MMM y HH:mm", locale=get_locale()) + " WIB"


@bp.app_template_filter("national")
def national(phone: str) -> str:
    """+6281234567890 as it is dialled in Indonesia: 0812-3456-7890."""
    try:
        number = phonenumbers.parse(phone)
    except phonenumbers.NumberParseException:
        return phone
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


@bp.app_template_filter("answer")
def answer(value: object, question: str) -> str:
    """A stored answer code in the reader's language (education, jkp, laid_off)."""
    if question == "laid_off":
        return _("Yes") if value else _("No")
    labels: dict[str, object] = {"education": EDUCATION, "jkp": JKP}[question]
    code = str(getattr(value, "value", value))
    return str(labels.get(code, code))
