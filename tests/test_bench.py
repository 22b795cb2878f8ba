"""The benchmark scripts keep working: their corpus loads, their baseline is faithful, the weight
table prints. (What they measure is never asserted here: speeds are for bench/, not tests.)"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bangkit import create_app
from bangkit.content import load
from support.paths import ROOT

sys.path.insert(0, str(ROOT / "bench"))
from corpus import make_corpus  # noqa: E402 - bench/ is not a package
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
