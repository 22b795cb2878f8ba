"""Stored numbers (E.164, +6281234567890) as people dial them, for pages and spreadsheets."""

from __future__ import annotations

import re

import phonenumbers

# An Indonesian number as dialled at home: a leading 0 and digit groups joined by dashes.
# Nothing else: no spreadsheet runs such a cell as a formula, and the dashes keep it text, so the
# leading 0 is not lost to a number format.
DIALLED = re.compile(r"0[0-9]+(?:-[0-9]+)+")


def national(phone: str) -> str:
    """+6281234567890 as it is dialled in Indonesia: 0812-3456-7890 (unparseable: as it is)."""
    try:
        number = phonenumbers.parse(phone)
    except phonenumbers.NumberParseException:
        return phone
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def dialled(phone: str) -> str | None:
    """The national form if it is plain digits and dashes after a 0, else None."""
    text = national(phone)
    return text if DIALLED.fullmatch(text) else None


def whatsapp_digits(phone: str) -> str:
    """The digits wa.me wants: country code and number, no + and no leading 0."""
    return re.sub(r"\D", "", phone)
