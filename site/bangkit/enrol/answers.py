"""What a reader's pre-enrolment is, before the database: the answers, the reference, and the
failure to store it. No SQLAlchemy here: the form and its pages (also in the static copy, which
a freeze renders without the database) need only these; enrol/models.py stores them."""

from __future__ import annotations

import enum
import re
import secrets
from dataclasses import dataclass

# Read out over the phone: no 0/O, 1/I/L, so every character is heard one way.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
REFERENCE = re.compile(f"[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}")


def new_reference() -> str:
    """A fresh public reference like 'K7QM-4XPD': 31**8 (about 8.5e11) possibilities."""
    # One draw from the operating system for all 8 characters (not one each): the number's
    # base-31 digits, each character as likely as with secrets.choice.
    number, code = secrets.randbelow(len(ALPHABET) ** 8), []
    for _ in range(8):
        number, digit = divmod(number, len(ALPHABET))
        code.append(ALPHABET[digit])
    return f"{''.join(code[:4])}-{''.join(code[4:])}"


class Jkp(enum.StrEnum):
    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Answers:
    """What a reader asked for, cleaned as it is stored (phone in E.164, e-mail normalised)."""

    workshop: str
    full_name: str
    phone: str
    email: str | None
    birth_year: int
    education: str
    city: str
    laid_off: bool
    jkp: Jkp
    union_name: str | None
    referral: str | None
    lang: str


class NotSaved(Exception):
    """The database did not store a pre-enrolment: it refused it (other than as a duplicate,
    which is a bug), or it failed. Nothing of it was kept."""
