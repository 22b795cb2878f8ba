from __future__ import annotations

import datetime as dt
import posixpath
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bangkit.content import ContentError, load, relative_path
from support.paths import FIXTURE_CONTENT, REAL_CONTENT


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A writable copy of the fixture content."""
    return Path(shutil.copytree(FIXTURE_CONTENT, tmp_path / "content"))


def test_fixture_content_loads_into_plain_data() -> None:
    site = load(FIXTURE_CONTENT)
    page = site.get("id", "pelatihan/las")
    assert page is not None
    assert page.title == "Teknik Las uji"
    assert page.layout == "workshop"
    assert page.checked == dt.date(2026, 11, 28)
    assert page.programmes[0].name == "SMAW"
    assert site.counterpart(page, "en").path == "training/welding"
    assert site.get("id", "").layout == "page"
    assert [p.key for p in site.menu("en")] == ["home", "jkp", "workshops", "news", "about"]


def test_links_between_pages_become_relative_urls() -> None:
    home = load(FIXTURE_CONTENT).get("id", "")
    assert 'href="jkp/"' in home.html
    assert 'href="pelatihan/las/#siapa-yang-boleh-ikut"' in home.html
    jkp = load(FIXTURE_CONTENT).get("id", "jkp")
    assert 'href="../"' in jkp.html


def test_links_end_in_index_html_for_the_static_copy() -> None:
    site = load(FIXTURE_CONTENT, index_html=True)
    assert 'href="pelatihan/las/index.html#siapa-yang-boleh-ikut"' in site.get("id", "").html
    assert 'href="../index.html"' in site.get("id", "jkp").html


def test_real_content_loads_and_every_page_has_its_counterpart() -> None:
    site = load(REAL_CONTENT)
    for page in site.pages.values():
        other = "en" if page.lang == "id" else "id"
        assert site.counterpart(page, other).key == page.key


def _edit(file: Path, old: str, new: str) -> None:
    text = file.read_text()
    assert old in text
    file.write_text(text.replace(old, new, 1))


BAD = [
    ("missing title", "id/jkp.md", "title: JKP uji\n", "", "id/jkp.md: field 'title': missing"),
    (
        "unknown field",
        "id/jkp.md",
        "menu: 2",
        "menu: 2\nauthor: Budi",
        "id/jkp.md: field 'author': unknown field",
    ),
    (
        "bad date",
        "en/jkp.md",
        "checked: 2026-11-28",
        "checked: kemarin",
        "en/jkp.md: field 'checked': must be a date",
    ),
    ("not YAML", "id/jkp.md", "menu: 2", "menu: [2", "id/jkp.md: front matter: not valid YAML"),
    (
        "no counterpart",
        "en/jkp.md",
        "key: jkp",
        "key: jkp-en",
        "id/jkp.md: field 'key': no page in content/en/ has key 'jkp'",
    ),
    (
        "broken link",
        "id/jkp.md",
        "(index.md)",
        "(hilang.md)",
        "id/jkp.md: link 'hilang.md': no such page id/hilang.md",
    ),
    (
        "news without date",
        "en/news/visit.md",
        "date: 2021-11-08\n",
        "",
        "en/news/visit.md: field 'date': missing",
    ),
    (
        "unknown layout",
        "id/jkp.md",
        "menu: 2",
        "menu: 2\nlayout: fancy",
        "id/jkp.md: field 'layout': must be one of",
    ),
    (
        "duplicate short link",
        "en/training/welding.md",
        "programmes: []",
        "programmes: []\nshort: las",
        "field 'short': 'las' is also used by",
    ),
]


@pytest.mark.parametrize(
    ("file", "old", "new", "message"), [b[1:] for b in BAD], ids=[b[0] for b in BAD]
)
def test_bad_content_names_the_file_and_the_field(
    tree: Path, file: str, old: str, new: str, message: str
) -> None:
    _edit(tree / file, old, new)
    with pytest.raises(ContentError, match=re.escape(message)):
        load(tree)


def test_two_files_with_one_url(tree: Path) -> None:
    (tree / "id" / "jkp").mkdir()
    shutil.copy(tree / "id" / "jkp.md", tree / "id" / "jkp" / "index.md")
    with pytest.raises(
        ContentError, match=r"id/jkp\.md: field 'url': /jkp/ is also the URL of id/jkp/index\.md"
    ):
        load(tree)


def test_a_file_without_front_matter(tree: Path) -> None:
    (tree / "id" / "kosong.md").write_text("Hanya teks.\n")
    with pytest.raises(ContentError, match=r"id/kosong\.md: front matter: the file must start"):
        load(tree)


def test_a_lazy_load_renders_every_body_as_a_full_load_does() -> None:
    eager, lazy = (
        load(REAL_CONTENT, index_html=True),
        load(REAL_CONTENT, index_html=True, lazy=True),
    )
    assert eager.pages.keys() == lazy.pages.keys()
    for key, page in eager.pages.items():
        assert not isinstance(lazy.pages[key].rendered, str)  # kept as a way to read it
        assert lazy.pages[key].html == page.html, key


def test_a_body_changed_after_a_lazy_load_is_refused_naming_the_file(tree: Path) -> None:
    site = load(tree, lazy=True)
    with (tree / "id" / "jkp.md").open("a", encoding="utf-8") as file:
        file.write("\nDitambah saat membangun.\n")
    with pytest.raises(ContentError, match=r"id/jkp\.md: changed while the site was being built"):
        assert site.get("id", "jkp").html
    assert "<h2" in site.get("id", "pelatihan/las").html  # the others still render


_SEGMENTS = st.lists(st.sampled_from(["a", "b", "jkp", "en", "x.y", "syarat"]), max_size=4)


@given(_SEGMENTS, _SEGMENTS, st.booleans(), st.booleans())
def test_relative_path_is_relpath_on_url_paths(
    target: list[str], start: list[str], target_slash: bool, start_slash: bool
) -> None:
    """The Markdown links' relative URL, by way of what the two paths share, is relpath's."""
    a = "/" + "/".join(target) + ("/" if target and target_slash else "")
    b = "/" + "/".join(start) + ("/" if start and start_slash else "")
    assert relative_path(a, b) == posixpath.relpath(a, b)
