from __future__ import annotations

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from support.paths import ROOT

TRANSLATIONS = ROOT / "site" / "bangkit" / "translations"


def test_every_ui_string_has_an_indonesian_translation() -> None:
    """Msgids are English; a string missing from the catalog would show English on /."""
    with open(TRANSLATIONS / "id" / "LC_MESSAGES" / "messages.po", "rb") as po:
        catalog = read_po(po, locale="id")
    method_map = [("site/**.py", "python"), ("templates/**.html", "jinja2")]
    found = {
        message if isinstance(message, str) else message[0]
        for _file, _line, message, _comments, _context in extract_from_dir(str(ROOT), method_map)
    }
    assert found, "no UI strings were extracted"
    missing = sorted(m for m in found if not (catalog.get(m) and catalog.get(m).string))
    fuzzy = sorted(m.id for m in catalog if m.id and m.fuzzy)
    assert missing == [], f"untranslated (run the update in README's 'Translations'): {missing}"
    assert fuzzy == [], f"fuzzy translations to review: {fuzzy}"


def test_compiled_catalog_is_used(client) -> None:  # noqa: ANN001 - pytest fixture
    assert "Langsung ke isi" in client.get("/").get_data(as_text=True)
    assert "Skip to content" in client.get("/en/").get_data(as_text=True)
