"""Languages: Indonesian at the root, English under /en/; UI strings through Flask-Babel."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from babel.support import NullTranslations, Translations
from flask import Blueprint, request
from wtforms.i18n import messages_path

from bangkit.content import LANGS

LOCALES = {"id": "id_ID", "en": "en_US"}


def current_lang() -> str:
    """The language of this request: from the route, else from the path (for 404 pages)."""
    lang = (request.view_args or {}).get("lang")
    if lang in LANGS:
        return lang
    return "en" if request.path == "/en" or request.path.startswith("/en/") else "id"


@functools.cache
def _wtforms_messages(locale: str) -> NullTranslations:
    return Translations.load(messages_path(), [locale], domain="wtforms")


def wtforms_messages() -> NullTranslations:
    """WTForms' own messages in this request's language, read from disk once per language
    (Flask-WTF reads the file again for every form)."""
    return _wtforms_messages(LOCALES[current_lang()])


def other_lang(lang: str) -> str:
    return LANGS[1] if lang == LANGS[0] else LANGS[0]


def route(bp: Blueprint, paths: dict[str, str], **options: Any) -> Callable:
    """Register one view under a path per language; `lang` reaches the view as an argument.

    url_for(endpoint, lang="en", ...) then builds the English path.
    """

    defaults = options.pop("defaults", {})

    def register(view: Callable) -> Callable:
        for lang, path in paths.items():
            bp.add_url_rule(path, view_func=view, defaults={**defaults, "lang": lang}, **options)
        return view

    return register
