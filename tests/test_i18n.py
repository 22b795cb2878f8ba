from __future__ import annotations

import contextvars

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po
from flask import Flask
from flask_babel import get_translations
from jinja2 import Environment

from bangkit.config import StaticRendering, start_static_rendering
from support.paths import ROOT

TRANSLATIONS = ROOT / "site" / "bangkit" / "translations"
# The README's extract command's keywords: pybabel's own and lazy_gettext (the consent label).
KEYWORDS = {**DEFAULT_KEYWORDS, "lazy_gettext": None}


def test_every_ui_string_has_an_indonesian_translation() -> None:
    """Msgids are English; a string missing from the catalog would show English on /."""
    with open(TRANSLATIONS / "id" / "LC_MESSAGES" / "messages.po", "rb") as po:
        catalog = read_po(po, locale="id")
    method_map = [("site/**.py", "python"), ("templates/**.html", "jinja2")]
    found = {
        message if isinstance(message, str) else message[0]
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, keywords=KEYWORDS
        )
    }
    assert found, "no UI strings were extracted"
    missing = sorted(m for m in found if not (catalog.get(m) and catalog.get(m).string))
    fuzzy = sorted(m.id for m in catalog if m.id and m.fuzzy)
    assert missing == [], f"untranslated (run the update in README's 'Translations'): {missing}"
    assert fuzzy == [], f"fuzzy translations to review: {fuzzy}"


def test_compiled_catalog_is_used(client) -> None:  # noqa: ANN001 - pytest fixture
    assert "Langsung ke isi" in client.get("/").get_data(as_text=True)
    assert "Skip to content" in client.get("/en/").get_data(as_text=True)


@pytest.mark.parametrize(
    "source",
    [
        '{{ _("Copy") }}',  # translated, no variables
        '{{ _("Not a string we translate: 100%% & <b>") }}',  # %% is %, and & < stay text
        '{{ _("Ask to join: %(name)s", name=name) }}',  # translated, a variable escaped
        '{{ gettext("Ask to join: %(name)s", name=name) }}',
        '{% set x = _("Copy") %}{{ x }}{{ x|length }}',
    ],
)
@pytest.mark.parametrize("autoescape", [True, False])
@pytest.mark.parametrize("path", ["/x/", "/en/x/"])
def test_templates_gettext_gives_what_jinjas_newstyle_gettext_gives(
    app: Flask, source: str, autoescape: bool, path: str
) -> None:
    """bangkit.urls puts its own `_` in the templates (one call, not Jinja's three, and kept for
    strings without variables; `gettext` stays Jinja's): the same text, escaped the same way, in
    both languages, live and in a static rendering."""
    name = "<Las & Bubut>"
    with app.test_request_context(path):
        translations = get_translations()
        jinja = Environment(extensions=["jinja2.ext.i18n"], autoescape=autoescape)
        jinja.install_gettext_callables(  # type: ignore[attr-defined]
            translations.ugettext, translations.ungettext, newstyle=True
        )
        expected = jinja.from_string(source).render(name=name)
        ours = app.jinja_env.overlay(autoescape=autoescape).from_string(source)
        assert ours.render(name=name) == expected

        def static() -> str:  # in a copy of the context, as render.py does: it ends with it
            start_static_rendering(StaticRendering(path))
            return ours.render(name=name)

        assert contextvars.copy_context().run(static) == expected
