"""The pre-enrolment form: its questions, hints, limits and messages in the reader's language."""

from __future__ import annotations

from typing import Any

# Named _ so that pybabel finds these strings with its default keywords; all are lazy here.
from babel.support import NullTranslations
from flask_babel import lazy_gettext as _
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    Field,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
)
from wtforms.fields.core import Label, UnboundField
from wtforms.validators import DataRequired

from bangkit.enrol.answers import Answers, Jkp
from bangkit.enrol.validators import (
    Cleaned,
    Optional,
    at_most,
    has_letter,
    mobile_number,
    one_of,
    plain_text,
    plausible_year,
    tidy,
    valid_email,
)
from bangkit.forms import TextForm
from bangkit.i18n import wtforms_messages
from bangkit.urls import referral_code

EDUCATION = {
    "none": _("Did not finish primary school"),
    "sd": _("Primary school (SD or equivalent)"),
    "smp": _("Junior secondary school (SMP or equivalent)"),
    "sma": _("Senior secondary school (SMA, SMK, MA or equivalent)"),
    "diploma": _("Diploma (D1 to D3)"),
    "degree": _("Bachelor's degree (S1) or D4"),
    "postgrad": _("Master's degree or doctorate (S2, S3)"),
}
YES_NO = {"yes": _("Yes"), "no": _("No")}
JKP = {"yes": _("Yes"), "no": _("No"), "unknown": _("I don't know")}


def _options(labels: dict[str, Any], prompt: Any = None) -> list[SelectChoice]:
    """Options for a select or radios; `prompt` adds a first, empty "choose one" option."""
    first = [SelectChoice("", prompt)] if prompt else []
    return first + [SelectChoice(value, label) for value, label in labels.items()]


def _text(
    label: Any,
    hint: Any,
    required: Any,
    limit: int,
    *checks: Any,
    kind: type[StringField] = StringField,
    **attrs: Any,
) -> Any:
    """A text field with its hint, its 'missing' message (None: optional) and a length limit."""
    # DataRequired, not InputRequired: it checks the answer after `tidy`, as it is stored.
    first = [DataRequired(message=required)] if required else [Optional()]
    return kind(
        label,
        description=hint,
        filters=[tidy],
        validators=[*first, at_most(limit), plain_text, *checks],
        render_kw={"maxlength": limit, **attrs},
    )


def _choice(kind: type[Field], label: Any, hint: Any, labels: dict, message: Any, **kw: Any) -> Any:
    return kind(
        label,
        description=hint,
        choices=_options(labels, **kw),
        validate_choice=False,  # one_of says it in the reader's language
        validators=[one_of(labels, message)],
    )


# Each field as first bound, by its declaration, name and messages' language (see bind_field).
_BOUND: dict[tuple[UnboundField, str, str, NullTranslations], Field] = {}


def _fresh(field: Field) -> Field:
    """A copy of a bound field that has not been processed: its own label, the rest shared."""
    twin = object.__new__(type(field))  # not copy.copy: Field.__new__ makes an UnboundField
    twin.__dict__.update(field.__dict__)
    twin.label = Label(field.label.field_id, field.label.text)  # a view may change its text
    return twin


class EnrolForm(TextForm):
    """Only what staff need to follow up; no NIK (the official registration asks for it)."""

    class Meta:
        # No CSRF token: the form has no session to protect, and a frozen page cannot carry a
        # token. The enrolment view checks the Origin header instead (enrol/guards.py).
        csrf = False

        def get_translations(self, form: FlaskForm) -> NullTranslations:
            return wtforms_messages()

        def bind_field(self, form: FlaskForm, unbound: UnboundField, options: dict) -> Field:
            """A copy of the field as it was first bound, not a new binding: Field.__init__
            (label, flags, checks of the validators) was two fifths of building the form, on
            every POST. The kept field is never processed or validated, so it holds nobody's
            answer: a copy's answer, errors and clean value are its own (process() and
            validate() set them), as is its label; the rest (validators, choices, attributes,
            flags) is only read."""
            key = (unbound, options["name"], options["prefix"], options["translations"])
            kept = _BOUND.get(key)
            if kept is None:
                kept = _BOUND[key] = unbound.bind(form=form, **options)
            return _fresh(kept)

    workshop = SelectField(
        _("Workshop"),
        description=_("The training you would like to join."),
        validate_choice=False,
    )
    full_name = _text(
        _("Full name"),
        _("So that the caller knows whom to ask for."),
        _("Enter your full name"),
        100,
        has_letter,
        autocomplete="name",
        spellcheck="false",
    )
    phone = _text(
        _("Mobile or WhatsApp number"),
        _("You will be called or sent a message on this number. Start with 08 or +62."),
        _("Enter your mobile or WhatsApp number"),
        30,
        mobile_number,
        kind=Cleaned,
        type="tel",
        autocomplete="tel",
        inputmode="tel",
    )
    email = _text(
        _("Email address (optional)"),
        _("Only if you would also like a written reply."),
        None,
        254,
        valid_email,
        kind=Cleaned,
        type="email",
        autocomplete="email",
        spellcheck="false",
    )
    birth_year = _text(
        _("Year of birth"),
        _(
            "Kemnaker's national training programme takes trainees from age 17; the centre's "
            "own age limits we have not confirmed. For example, 1990."
        ),
        _("Enter your year of birth"),
        4,
        plausible_year,
        inputmode="numeric",
        autocomplete="bday-year",
    )
    education = _choice(
        SelectField,
        _("Highest education completed"),
        _("Some courses ask for a minimum level of education."),
        EDUCATION,
        _("Choose your highest education"),
        prompt=_("Choose one"),
    )
    city = _text(
        _("Home city or regency"),
        _("For example, Kota Bekasi or Kabupaten Karawang. The centre is in Bekasi."),
        _("Enter your city or regency"),
        100,
        autocomplete="address-level2",
    )
    laid_off = _choice(
        RadioField,
        _("Have you lost your job through a layoff (PHK)?"),
        _("Training is open to others too; this helps whoever calls you to advise you."),
        YES_NO,
        _("Choose whether you were laid off"),
    )
    jkp = _choice(
        RadioField,
        _("Do you receive JKP (job-loss insurance) benefits?"),
        _("JKP includes a training benefit, so you may be pointed to it."),
        JKP,
        _("Choose whether you receive JKP"),
    )
    union = _text(
        _("Trade union (optional)"),
        _("If you are a member of a union, its name. It helps the union follow up with you."),
        None,
        100,
        autocomplete="organization",
    )
    consent = BooleanField(
        # The view names who holds the details: the operator (enrol/views.py, _form).
        _("I agree that these details may be used to contact me about training."),
        validators=[DataRequired(_("Tick the box to agree, so that you can be contacted"))],
    )
    ref = HiddenField(filters=[referral_code])
    # The honeypot: hidden from people by CSS, but bots fill in every field they find.
    website = StringField(
        _("Leave this field empty"), filters=[tidy], render_kw={"autocomplete": "off"}
    )

    def with_workshops(self, names: dict[str, str]) -> EnrolForm:
        """The general form: the workshops to choose from (a workshop's own page uses
        WorkshopForm, which has no choice)."""
        self.workshop.choices = _options(names, _("Choose one"))
        self.workshop.validators = [one_of(names, _("Choose a workshop"))]
        return self

    def questions(self) -> list[Field]:
        """The fields a reader answers, in order (not the hidden ones)."""
        return [f for f in self if f.name not in ("ref", "website")]

    def answers(self, workshop: str, lang: str) -> Answers:
        """The answers of a validated form, cleaned as they are stored."""
        return Answers(
            workshop=workshop,
            full_name=self.full_name.data,
            phone=self.phone.clean,
            email=self.email.clean,
            birth_year=int(self.birth_year.data),
            education=self.education.data,
            city=self.city.data,
            laid_off=self.laid_off.data == "yes",
            jkp=Jkp(self.jkp.data),
            union_name=self.union.data or None,
            referral=self.ref.data,
            lang=lang,
        )


class WorkshopForm(EnrolForm):
    """The form on a workshop's own page: the workshop is in its URL, so there is no choice."""

    workshop = None  # WTForms removes a field set to None in a subclass
