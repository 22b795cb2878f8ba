"""The staff forms: signing in, choosing which enrolments to list, and recording a status."""

from __future__ import annotations

import functools
from typing import Any

# Named _ so that pybabel finds these strings with its default keywords; all are lazy here.
from flask_babel import lazy_gettext as _
from wtforms import (
    DateField,
    PasswordField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional, Regexp

from bangkit.enrol.models import Status
from bangkit.enrol.validators import Optional as Unanswered
from bangkit.enrol.validators import at_most, one_of, plain_text, tidy
from bangkit.forms import TextForm
from bangkit.urls import REFERRAL

STATUS_LABELS = {
    Status.NEW: _("New"),
    Status.CONTACTED: _("Contacted"),
    Status.ACCEPTED: _("Accepted"),
    Status.DECLINED: _("Declined"),
}


def options(labels: dict[Any, Any], anything: Any = None) -> list[SelectChoice]:
    """Choices for a select or radios; `anything` adds a first, empty "any" option."""
    first = [SelectChoice("", anything)] if anything else []
    return first + [SelectChoice(str(value), label) for value, label in labels.items()]


# WTForms has no Indonesian catalogue, so every check here carries a message of the site's own,
# as the enrolment form's do: WTForms' defaults would show in English on an Indonesian page.
STATUS_VALUES = [status.value for status in STATUS_LABELS]
CHOOSE_STATUS = _("Choose a status")


# A referral code, whole: WTForms' Regexp matches at the start only, and "spsi\x00…" would pass.
WHOLE_REFERRAL = rf"(?:{REFERRAL.pattern})\Z"
# A note may have lines (a textarea sends them as CR LF) and tabs; nothing else unprintable.
note_text = functools.partial(plain_text, allowed="\t\n\r")


class LoginForm(TextForm):
    """Name and password; the answer to a wrong one never says which was wrong."""

    name = StringField(
        _("Name"),
        filters=[tidy],
        validators=[InputRequired(message=_("Enter your name")), at_most(40), plain_text],
        render_kw={"autocomplete": "username", "spellcheck": "false", "maxlength": 40},
    )
    password = PasswordField(
        _("Password"),
        validators=[InputRequired(message=_("Enter your password")), at_most(200)],
        render_kw={"autocomplete": "current-password", "maxlength": 200},
    )


class FilterForm(TextForm):
    """Which enrolments to list, count or export. Read from the query string, except `q`."""

    workshop = SelectField(_("Workshop"), validate_choice=False, validators=[plain_text])
    status = SelectField(
        _("Status"),
        choices=options(STATUS_LABELS, _("Any status")),
        validate_choice=False,  # one_of says it in the reader's language
        # Unanswered: WTForms' Optional would also let through a value of spaces or line breaks.
        validators=[Unanswered(), one_of(STATUS_VALUES, CHOOSE_STATUS)],
    )
    since = DateField(_("From (date enrolled)"), validators=[Optional()])
    until = DateField(_("To (date enrolled)"), validators=[Optional()])
    ref = StringField(
        _("Referral code"),
        filters=[lambda v: tidy(v).lower() if v else v],
        validators=[
            Optional(),
            Regexp(
                WHOLE_REFERRAL,
                message=_("A referral code has only small letters, digits and dashes"),
            ),
        ],
        render_kw={"maxlength": 40, "spellcheck": "false"},
    )
    # Names and numbers are personal data: the search is posted and kept in the staff session,
    # never put in a URL (URLs end up in logs and browser history).
    q = StringField(
        _("Name or phone number"),
        filters=[tidy],
        validators=[Optional(), at_most(100), plain_text],
        render_kw={"maxlength": 100, "spellcheck": "false"},
    )

    def validate(self, extra_validators: dict | None = None) -> bool:
        """Check the filters, with a date message in the reader's language (WTForms has no id)."""
        valid = super().validate(extra_validators)
        for field in (self.since, self.until):
            if field.errors:
                field.errors = [_("Enter the date as year-month-day, like 2026-11-28")]
        return valid


class StatusForm(TextForm):
    """A new status and an optional note, for the history."""

    status = RadioField(
        _("Status"),
        choices=options(STATUS_LABELS),
        validate_choice=False,  # one_of says it in the reader's language
        validators=[InputRequired(message=CHOOSE_STATUS), one_of(STATUS_VALUES, CHOOSE_STATUS)],
    )
    note = TextAreaField(
        _("Note (optional)"),
        description=_("What happened, for colleagues. For example: called, will come on Monday."),
        filters=[tidy],
        validators=[
            Optional(),
            Length(max=500, message=_("The note must be 500 characters or fewer")),
            note_text,
        ],
        render_kw={"maxlength": 500, "rows": 3},
    )
