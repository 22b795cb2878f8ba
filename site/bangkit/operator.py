"""Who runs this copy of the site: the settings OPERATOR_NAME, OPERATOR_CONTACT,
OPERATOR_IS_CENTRE and FOLLOW_UP_BY, read once and checked at start-up.

The centre, a union or a civil-society group may run a copy. Every page that speaks of who runs
it, who holds the enrolment data (the controller under UU 27/2022) or who will call a reader back
reads it from here. With no operator named, nobody is accountable for personal data and nobody
would follow requests up, so the copy takes no enrolments at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app

from bangkit.content import LANGS

EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


class SettingError(ValueError):
    """A setting that cannot work: the message names it."""


@dataclass(frozen=True)
class Operator:
    name: str | None
    contact: str | None
    is_centre: bool
    follow_up_by: dict[str, str] | None  # who calls readers back, when not the operator

    @property
    def named(self) -> bool:
        """Someone is named, and can be reached: only then does the copy take enrolments."""
        return bool(self.name and self.contact)

    def follows_up(self, lang: str) -> str:
        """Who will contact a reader who asks to join training."""
        if self.follow_up_by:
            return self.follow_up_by[lang]
        return self.name or ""

    @property
    def contact_href(self) -> str | None:
        """A link for the contact when it is an email or a web address; else None."""
        contact = self.contact or ""
        if EMAIL.fullmatch(contact):
            return f"mailto:{contact}"
        if contact.startswith("https://"):
            return contact
        return None


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise SettingError("must be a text")
    return value.strip()


def from_settings(config: dict[str, Any]) -> Operator:
    """The operator the settings name; a setting that cannot work is a SettingError."""
    try:
        name = _text(config["OPERATOR_NAME"])
    except SettingError as error:
        raise SettingError(f"OPERATOR_NAME: {error}") from None
    try:
        contact = _text(config["OPERATOR_CONTACT"])
    except SettingError as error:
        raise SettingError(f"OPERATOR_CONTACT: {error}") from None
    if bool(name) != bool(contact):
        raise SettingError(
            "OPERATOR_NAME and OPERATOR_CONTACT: set both (who runs this copy, and how readers "
            "reach them), or neither"
        )
    is_centre = config["OPERATOR_IS_CENTRE"]
    if not isinstance(is_centre, bool):
        raise SettingError("OPERATOR_IS_CENTRE: must be true or false")
    if is_centre and not name:
        raise SettingError("OPERATOR_IS_CENTRE: also set OPERATOR_NAME and OPERATOR_CONTACT")
    follow_up = config["FOLLOW_UP_BY"]
    if isinstance(follow_up, str):
        follow_up = {lang: follow_up for lang in LANGS}
    if follow_up is not None:
        if not isinstance(follow_up, dict) or set(follow_up) != set(LANGS):
            raise SettingError('FOLLOW_UP_BY: a text, or {"id": ..., "en": ...}')
        if not name:
            raise SettingError("FOLLOW_UP_BY: also set OPERATOR_NAME and OPERATOR_CONTACT")
        follow_up = {lang: str(_text(text)) for lang, text in follow_up.items()}
    return Operator(name, contact, is_centre, follow_up)


def init_app(app: Flask) -> None:
    """Read the operator once; a setting that cannot work stops the app, naming it."""
    app.extensions["bangkit.operator"] = from_settings(app.config)


def operator() -> Operator:
    """Who runs the app handling this request."""
    return current_app.extensions["bangkit.operator"]
