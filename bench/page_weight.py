"""The per-page weight table of a static build: gzipped HTML, CSS, JS and total, heaviest first.

Usage: bench/weight [BUILD] [--site-url URL] [--live PATH ...]
Without BUILD it freezes the site into a temporary folder first. --live also weighs pages as the
live app serves them (default: the enrolment forms, which load htmx only there). Sizes are
gzip -9 with mtime 0 (the same rule as the budget test, tests/support/weight.py).
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
from pathlib import Path

from common import machine, scratch, table

from support.weight import PAGE_BUDGET, SCRIPT_BUDGET, Weight, measure, measure_build

LIVE = ["/daftar/las/", "/en/enrol/"]
# The address a build made here is frozen with (freeze.py refuses a local one).
PUBLIC = "https://bangkit.example"


def live(paths: list[str], tmp: Path) -> list[Weight]:
    """Weigh pages as the live app serves them (with a throw-away database)."""
    if not paths:
        return []
    from bangkit import create_app

    # A copy that names its operator, so the form pages carry the form (bangkit/operator.py).
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": f"sqlite:///{tmp / 'weight.sqlite'}",
            "OPERATOR_NAME": "Serikat Pekerja Contoh",
            "OPERATOR_CONTACT": "bangkit@serikat-contoh.example",
        }
    )
    client = app.test_client()

    def fetch(url: str) -> bytes:
        with client.get(url) as response:
            return response.data

    pages = [measure(fetch(path), path, fetch) for path in paths]
    for page in pages:
        page.page = "live " + page.page
    return pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("build", nargs="?", help="a frozen build (default: freeze one now)")
    parser.add_argument(
        "--site-url", help=f"the public address the build was frozen with (default: {PUBLIC})"
    )
    parser.add_argument("--live", nargs="*", default=LIVE, help="paths on the live app")
    args = parser.parse_args()

    # The address the build was frozen with (its 404 pages load their stylesheet from it).
    site_url = args.site_url or os.environ.get("BANGKIT_SITE_URL") or PUBLIC
    folder = Path(tempfile.mkdtemp(prefix="bench-weight-", dir=scratch()))
    try:
        build = Path(args.build) if args.build else folder / "build"
        if not args.build:
            from freeze import freeze

            freeze({"BUILD_DIR": str(build), "SITE_URL": site_url}, quiet=True, compress=False)
        pages = measure_build(build, site_url) + live(args.live, folder)
    finally:
        shutil.rmtree(folder)
    pages.sort(key=lambda w: -w.total)

    rows = [
        (
            w.page,
            f"{w.html:,}",
            f"{w.css:,}",
            f"{w.js:,}",
            f"{w.first:,}",
            f"{w.total:,}",
            "form" if w.form else "",
            "OVER" if w.problems() else "",
        )
        for w in pages
    ]
    headers = ("page", "HTML", "CSS", "JS", "HTML+CSS", "total", "form", "budget")
    print(f"Page weight, bytes gzipped (-9, mtime 0); {machine()}")
    print(table(headers, rows))
    first = max(pages, key=lambda w: w.first)
    print(
        f"\n{len(pages)} pages. Heaviest in total: {pages[0].page}, {pages[0].total:,} bytes. "
        f"Heaviest first round trip (HTML+CSS): {first.page}, {first.first:,} of "
        f"{PAGE_BUDGET:,}. A page with a form or script may weigh {SCRIPT_BUDGET:,}. "
        f"Over budget: {sum(1 for w in pages if w.problems())}."
    )


if __name__ == "__main__":
    main()
