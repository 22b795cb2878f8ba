"""What a valid answer is: plain text, Indonesian mobile numbers, e-mail addresses, years."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

# Named _ so that pybabel finds these strings with its default keywords; all are lazy here.
from flask_babel import lazy_gettext as _
from flask_wtf import FlaskForm
from wtforms import Field, StringField
from wtforms.validators import Length, StopValidation, ValidationError

# The minimum age of Kemnaker's national training programme (2026); the centre's own limits we
# have not confirmed (fact sheet 3.2).
MIN_AGE = 17
# Bidirectional overrides and isolates: invisible, and they can disguise text in a spreadsheet.
BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


# Invisible characters with no meaning in a name, a number or a place, which pasted text brings
# along: zero-width space, word joiner, zero-width no-break space (the byte-order mark).
ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u2060\ufeff"))
# Every space separator (Unicode category Zs: the no-break, em, ideographic spaces and the like).
SPACES = re.compile("[ \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
# The same, for an ASCII answer: its one space separator, and what `visible` calls visible.
ASCII_SPACES, ASCII_VISIBLE = re.compile(" +"), re.compile("[!-~]")
# Letters and symbols that show nothing: the Hangul fillers and the blank Braille pattern.
BLANK_LOOKING = set("\u115f\u1160\u3164\uffa0\u2800")


def visible(char: str) -> bool:
    """A character that shows something: a letter, digit, punctuation mark or symbol.

    Not a space, a control or formatting character, or a combining mark on its own.
    """
    return unicodedata.category(char)[0] in "LNPS" and char not in BLANK_LOOKING


def tidy(value: Any) -> Any:
    """One spelling per text, and the value that is checked is the value that is stored.

    Unicode NFC; zero-width characters removed; any run of spaces of any kind (no-break,
    ideographic, ...) one plain space; none at the ends. An answer with nothing visible in
    it (only spaces, or combining marks alone) becomes "", so a required answer is missing.
    """
    if not isinstance(value, str):
        return value
    if value.isascii():  # most answers: NFC and the zero-width characters change nothing
        text = ASCII_SPACES.sub(" ", value).strip()
        return text if ASCII_VISIBLE.search(text) else ""
    return _tidy(value)


def _tidy(value: str) -> str:
    """tidy() for any text."""
    text = unicodedata.normalize("NFC", value).translate(ZERO_WIDTH)
    text = unicodedata.normalize("NFC", SPACES.sub(" ", text)).strip()
    return text if any(visible(c) for c in text) else ""


class Optional:
    """An empty answer, as `tidy` leaves it, skips the other checks (and is stored as none).

    (WTForms' Optional reads the raw answer, before filters; DataRequired, for the required
    answers, reads the tidied one.)
    """

    field_flags = {"optional": True}

    def __call__(self, form: FlaskForm, field: Field) -> None:
        if not field.data:
            field.errors[:] = []
            raise StopValidation()


# phonenumbers and email-validator are imported by the checks that use them: they take about a
# tenth of a second to import, and a freeze (which renders the form but checks no answer) or a
# command needs neither.


ID_CODE = 62  # Indonesia's country calling code


def e164(value: str) -> str | None:
    """A mobile number written 08…, +62… or 62… (spaces, dots, dashes allowed), as +62…."""
    import phonenumbers

    digits = re.sub(r"[\s().-]", "", value)
    if digits.startswith("62"):
        digits = "+" + digits
    try:
        number = phonenumbers.parse(digits, "ID")
    except phonenumbers.NumberParseException:
        return None
    # The type of a number that is not valid is UNKNOWN (the test is_valid_number makes).
    # Indonesia's only, as the hint and the message ask: a valid mobile of another country
    # (+44…, +60…) is refused, with that message, rather than stored unasked for.
    kinds = phonenumbers.PhoneNumberType
    if number.country_code != ID_CODE:
        return None
    if phonenumbers.number_type(number) not in (kinds.MOBILE, kinds.FIXED_LINE_OR_MOBILE):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normal_email(value: str) -> str:
    """The address as email-validator normalises it (no network look-up)."""
    from email_validator import validate_email

    return validate_email(value, check_deliverability=False).normalized


def hidden(text: str, allowed: str = "") -> bool:
    """Text with a control character, a lone surrogate, a line or paragraph separator or a
    bidi mark in it, other than those `allowed`."""
    return any(
        (unicodedata.category(c) in ("Cc", "Cs", "Zl", "Zp") or c in BIDI) and c not in allowed
        for c in text
    )


def plain_text(form: FlaskForm, field: Field, allowed: str = "") -> None:
    """No hidden characters (`hidden`), but those `allowed` (a note's line breaks)."""
    text = field.data or ""
    # Every character `hidden` looks for is unprintable (controls, surrogates, the line and
    # paragraph separators, and the bidi marks, which are formatting characters): an answer that
    # is all printable, as most are, needs no closer look.
    if not text.isprintable() and hidden(text, allowed):
        raise ValidationError(_("Remove the hidden control characters from this answer"))


def has_letter(form: FlaskForm, field: Field) -> None:
    if field.data and not any(c.isalpha() for c in field.data):
        raise ValidationError(_("Enter your name in letters"))


class Cleaned(StringField):
    """A text field whose check also leaves the value as it is stored, in `clean`."""

    clean: str | None = None


def mobile_number(form: FlaskForm, field: Field) -> None:
    """A mobile number of Indonesia; keeps it in E.164 (+62…) as field.clean."""
    if not field.data:
        return
    field.clean = e164(field.data)
    if field.clean is None:
        raise ValidationError(_("Enter a mobile number that starts with 08, 62 or +62"))


def valid_email(form: FlaskForm, field: Field) -> None:
    """An e-mail address in the right form; keeps it as email-validator writes it in field.clean."""
    if not field.data:
        return
    from email_validator import EmailNotValidError

    try:
        field.clean = normal_email(field.data)
    except EmailNotValidError:
        raise ValidationError(
            _("Enter an email address in the right format, like name@example.com")
        ) from None


def plausible_year(form: FlaskForm, field: Field) -> None:
    if not re.fullmatch(r"\d{4}", field.data or ""):
        raise ValidationError(_("Enter your year of birth as 4 digits, like 1990"))
    year, this_year = int(field.data), dt.date.today().year
    if year > this_year - MIN_AGE:
        raise ValidationError(
            _("Kemnaker's national training programme takes trainees from age 17")
        )
    if year < this_year - 100:
        raise ValidationError(_("Check your year of birth"))


def at_most(limit: int) -> Length:
    """At most `limit` characters, said in the reader's language (WTForms' own is English)."""
    return Length(
        max=limit, message=_("This answer must be %(limit)s characters or fewer", limit=limit)
    )


def one_of(values: Iterable[str], message: Any) -> Any:
    """A check that the answer is one of `values`, with the reader's-language message."""
    allowed = set(values)

    def check(form: FlaskForm, field: Field) -> None:
        if field.data not in allowed:
            raise ValidationError(message)

    return check
