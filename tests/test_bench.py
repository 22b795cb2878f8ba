"""The benchmark scripts keep working: their corpus loads, their baselines are faithful, the weight
table prints. (What they measure is never asserted here: speeds are for bench/, not tests.)"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from bangkit import create_app
from bangkit.content import load
from support.paths import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import anchor_builds  # noqa: E402 - bench/ is not a package
import serve_baselines  # noqa: E402
from common import this_tree  # noqa: E402
from corpus import make_corpus  # noqa: E402
from variants import rendering_per_request  # noqa: E402


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    folder = tmp_path_factory.mktemp("corpus") / "content"
    return folder, make_corpus(folder, 300)


def test_the_synthetic_corpus_loads_in_both_languages(corpus: tuple[Path, int]) -> None:
    folder, count = corpus
    site = load(folder)
    assert len(site.pages) == count and 290 <= count <= 300
    page = site.get("en", "archive/part-002/page-00060")
    assert (
        page is not None and site.counterpart(page, "id").path == "arsip/bagian-002/halaman-00060"
    )
    words = len(page.html.split())
    assert 450 < words < 900, words
    assert "<table>" in page.html and "<h2" in page.html and page.html.count('<a href="') >= 4


def test_rendering_per_request_gives_the_same_pages(corpus: tuple[Path, int]) -> None:
    folder, _ = corpus
    config = {"CONTENT_DIR": str(folder), "SECRET_KEY": "t", "TESTING": True}
    config["DATABASE_URL"] = "sqlite://"
    once = create_app(config).test_client()
    per_request = rendering_per_request(create_app(config)).test_client()
    for url in ("/arsip/bagian-001/halaman-00007/", "/en/archive/part-003/page-00101/"):
        assert once.get(url).data == per_request.get(url).data


def test_the_anchor_builders_get_the_same_bodies_as_the_site(
    corpus: tuple[Path, int], tmp_path: Path
) -> None:
    folder, count = corpus
    site = load(folder)
    pages = anchor_builds.plain_pages(folder)
    assert len(pages) == count
    sources = anchor_builds.write_sources(pages, tmp_path)
    name = "en/archive/part-002/page-00060.md"
    eleventy = (sources["eleventy"] / "pages" / name).read_text()
    assert eleventy == (sources["hugo"] / "content" / name).read_text()
    head, _, body = eleventy.removeprefix("---\n").partition("\n---\n")
    page = site.get("en", "archive/part-002/page-00060")
    assert page is not None and yaml.safe_load(head) == {"title": page.title}
    assert body == (folder / name).read_text().split("\n---\n", 1)[1]
    # Hugo takes a folder's index.md for a bundle that swallows its pages: it gets _index.md.
    assert (sources["hugo"] / "content/en/archive/part-002/_index.md").is_file()
    assert not list((sources["hugo"] / "content").rglob("index.md"))
    assert len(list((sources["eleventy"] / "pages").rglob("index.md"))) == len(
        list(folder.rglob("index.md"))
    )


def test_a_change_reaches_every_copy_of_one_page(tmp_path: Path) -> None:
    make_corpus(tmp_path / "content", 150)
    pages = anchor_builds.plain_pages(tmp_path / "content")
    sources = anchor_builds.write_sources(pages, tmp_path / "sources")
    name = anchor_builds.page_to_change(tmp_path / "content")
    assert not name.endswith("index.md")
    copies = [
        tmp_path / "content" / name,
        sources["hugo"] / "content" / anchor_builds.hugo_name(name),
        sources["eleventy"] / "pages" / name,
    ]
    before = [path.read_text() for path in copies]
    anchor_builds.change_page(tmp_path / "content", sources, name, 0)
    assert [path.read_text() for path in copies] == [
        text + "\nDiubah pada putaran 1.\n" for text in before
    ]
    page = load(tmp_path / "content").get("id", name.removeprefix("id/").removesuffix(".md"))
    assert page is not None and "Diubah pada putaran 1." in page.html


def test_peak_memory_counts_the_whole_process_tree(tmp_path: Path) -> None:
    """A parent that starts a child holding 64 MiB: the tree's RSS includes the child's."""
    child = "b = bytearray(64 << 20); import time; time.sleep(30)"
    parent = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {child!r}])"
    process = subprocess.Popen([sys.executable, "-c", parent])
    try:
        deadline, seen = time.monotonic() + 20, 0
        while seen < 64 << 10 and time.monotonic() < deadline:
            seen = anchor_builds.tree_rss_kib(process.pid)
            time.sleep(0.05)
        assert seen >= 64 << 10
    finally:
        for pid in _descendants(process.pid):
            os.kill(pid, signal.SIGTERM)
        process.terminate()
        process.wait(timeout=10)
    assert anchor_builds.tree_rss_kib(process.pid) == 0


def _descendants(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def test_same_tree_compares_names_and_bytes(tmp_path: Path) -> None:
    for side in ("a", "b"):
        (tmp_path / side / "x").mkdir(parents=True)
        (tmp_path / side / "x" / "page.html").write_bytes(b"<p>one</p>")
    assert anchor_builds.same_tree(tmp_path / "a", tmp_path / "b")
    (tmp_path / "b" / "x" / "page.html").write_bytes(b"<p>two</p>")
    assert not anchor_builds.same_tree(tmp_path / "a", tmp_path / "b")
    (tmp_path / "b" / "x" / "page.html").write_bytes(b"<p>one</p>")
    (tmp_path / "b" / "extra.html").write_bytes(b"")
    assert not anchor_builds.same_tree(tmp_path / "a", tmp_path / "b")


def test_the_bare_flask_baseline_is_one_empty_route_and_nothing_else() -> None:
    app = serve_baselines.bare()
    assert [rule.rule for rule in app.url_map.iter_rules()] == ["/static/<path:filename>", "/"]
    assert not app.before_request_funcs and not app.after_request_funcs
    with app.test_client().get("/") as response:
        assert response.status_code == 200 and response.data == b""


def test_the_bare_insert_route_commits_one_row_per_post_in_wal_mode(tmp_path: Path) -> None:
    database = tmp_path / "bench.sqlite"
    app = serve_baselines.insert(str(database))
    client = app.test_client()
    for phone in ("081200000001", "081200000002"):
        with client.post("/", data={"phone": phone, "full_name": "Siti"}) as response:
            assert response.status_code == 303
    connection = sqlite3.connect(database)
    try:
        table = serve_baselines.TABLE
        phones = connection.execute(f"SELECT phone FROM {table} ORDER BY id").fetchall()
        assert phones == [("081200000001",), ("081200000002",)]
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    finally:
        connection.close()
        for kept in app.extensions["bench_insert"]:
            kept.close()


@pytest.mark.slow
def test_the_weight_table_lists_the_heaviest_page_first(build: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "page_weight.py"), str(build)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    rows = [line.split("|") for line in result.stdout.splitlines() if line.startswith("| /")]
    totals = [int(row[6].strip().replace(",", "")) for row in rows]
    assert len(rows) == len(list(build.rglob("*.html")))
    assert totals == sorted(totals, reverse=True) and totals[0] > 0


def test_the_benchmarks_import_this_trees_bangkit(tmp_path: Path) -> None:
    """Their commands import the package beside them, even when another comes first on the
    path (an editable install of another checkout): a bangkit planted there is not the one."""
    planted = tmp_path / "bangkit"
    planted.mkdir()
    (planted / "__init__.py").write_text("")
    env = this_tree({**os.environ, "PYTHONPATH": str(tmp_path)})
    found = subprocess.run(
        [sys.executable, "-c", "import bangkit; print(bangkit.__file__)"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert Path(found) == ROOT / "site" / "bangkit" / "__init__.py"
