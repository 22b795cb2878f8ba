"""bangkit.export: a rebuild renders only what changed, and gives the files a cold build gives."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bangkit.export import Keys, file_of
from freeze import freeze
from support.apps import app_with
from support.paths import FIXTURE_CONTENT, FROZEN_SITE_URL

PAGE = "id/pelatihan/las.md"  # its files: pelatihan/las/index.html and the .gz, .br copies


def _content(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    return content


def _freeze(content: Path, out: Path, compress: bool = True, **settings: object) -> None:
    config = {"CONTENT_DIR": str(content), "BUILD_DIR": str(out), "SECRET_KEY": "t"}
    config |= {"SITE_URL": FROZEN_SITE_URL, **settings}
    freeze(config, quiet=True, compress=compress)


def _tree(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file: its bytes and modification time."""
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _same_files(a: Path, b: Path) -> None:
    tree_a, tree_b = _tree(a), _tree(b)
    assert sorted(tree_a) == sorted(tree_b)
    assert [name for name in tree_a if tree_a[name][0] != tree_b[name][0]] == []


def _rewritten(before: dict[str, tuple[bytes, int]], after: Path) -> set[str]:
    now = _tree(after)
    return {name for name in now if name not in before or now[name][1] != before[name][1]}


@pytest.mark.slow
def test_a_rebuild_after_one_body_changed_rewrites_that_page_only(tmp_path: Path) -> None:
    content, out = _content(tmp_path), tmp_path / "build"
    _freeze(content, out)
    before = _tree(out)
    with (content / PAGE).open("a", encoding="utf-8") as file:
        file.write("\nSatu kalimat baru.\n")
    _freeze(content, out)
    page = "pelatihan/las/index.html"
    assert _rewritten(before, out) == {page, page + ".gz", page + ".br"}
    assert "Satu kalimat baru." in (out / page).read_text()
    _freeze(content, tmp_path / "cold")
    _same_files(out, tmp_path / "cold")


@pytest.mark.slow
def test_a_change_to_front_matter_or_settings_gives_what_a_cold_build_gives(
    tmp_path: Path,
) -> None:
    content, out = _content(tmp_path), tmp_path / "build"
    _freeze(content, out)
    text = (content / PAGE).read_text(encoding="utf-8")
    (content / PAGE).write_text(text.replace("Teknik Las uji", "Las baru", 1), encoding="utf-8")
    (out / "stray.html").write_text("left from an older build")
    _freeze(content, out, SITE_NAME="Bangkit Uji")
    assert "Las baru" in (out / "pelatihan" / "index.html").read_text()  # the list of workshops
    _freeze(content, tmp_path / "cold", SITE_NAME="Bangkit Uji")
    _same_files(out, tmp_path / "cold")
    # Without compression the copies go; with it again they come back, as a cold build's.
    _freeze(content, out, compress=False, SITE_NAME="Bangkit Uji")
    assert not list(out.rglob("*.gz")) and not list(out.rglob("*.br"))
    _freeze(content, out, SITE_NAME="Bangkit Uji")
    _same_files(out, tmp_path / "cold")


@pytest.mark.slow
def test_an_unchanged_build_writes_nothing_and_a_damaged_file_is_made_again(
    tmp_path: Path,
) -> None:
    content, out = _content(tmp_path), tmp_path / "build"
    _freeze(content, out)
    before = _tree(out)
    _freeze(content, out)
    assert _rewritten(before, out) == set()
    (out / "jkp" / "index.html").write_text("damaged")
    (out / "sitemap.xml.gz").unlink()
    _freeze(content, out)
    assert _rewritten(before, out) == {"jkp/index.html", "sitemap.xml.gz"}
    assert (out / "jkp" / "index.html").read_bytes() == before["jkp/index.html"][0]


def test_a_pages_key_depends_on_the_bodies_its_rendering_read(tmp_path: Path) -> None:
    app = app_with(tmp_path)
    keys = Keys(app, compress=True)
    own, other = "id/pelatihan/las.md", "id/jkp.md"
    assert keys("/pelatihan/las/", [own]) != keys("/pelatihan/las/", [own, other])
    assert keys("/pelatihan/las/", [own]) != keys("/jkp/", [own])
    assert keys("/pelatihan/las/", [own]) == Keys(app, compress=True)("/pelatihan/las/", [own])
    assert keys("/x/", []) != Keys(app, compress=False)("/x/", [])
    assert file_of("/") == "index.html" and file_of("/s/las/qr.svg") == "s/las/qr.svg"


@pytest.mark.slow
def test_a_page_added_then_removed_appears_and_goes_as_in_a_cold_build(tmp_path: Path) -> None:
    """The URL list comes from the cache only while no front matter changed: a new file's
    pages (and the feeds and sitemap that list it) are built, and go again with the file."""
    content, out = _content(tmp_path), tmp_path / "build"
    _freeze(content, out)
    new = [content / "id" / "berita" / "baru.md", content / "en" / "news" / "new.md"]
    for file, title in zip(new, ("Berita baru uji", "New item test"), strict=True):
        file.write_text(
            f"---\ntitle: {title}\ndescription: Baru\nkey: baru\nlayout: news\n"
            "date: 2026-11-20\nchecked: 2026-11-28\n---\nIsi baru.\n",
            encoding="utf-8",
        )
    _freeze(content, out)
    assert "Isi baru." in (out / "berita" / "baru" / "index.html").read_text()
    assert "berita/baru/" in (out / "sitemap.xml").read_text()
    _freeze(content, tmp_path / "cold")
    _same_files(out, tmp_path / "cold")
    for file in new:
        file.unlink()
    _freeze(content, out)
    assert not (out / "berita" / "baru").exists() and not (out / "en" / "news" / "new").exists()
    _freeze(content, tmp_path / "cold2")
    _same_files(out, tmp_path / "cold2")
