"""The low-bandwidth budget: what each page of a static build costs a reader, gzipped.

Shared by the gate (tests/test_quality.py) and the table (bench/weight), so both count the same
way: every file gzipped on its own at level 9 with mtime 0 (as `gzip -9n`; the same bytes on
every run), since each is its own response.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

KB = 1024
PAGE_BUDGET = 14 * KB  # HTML + render-blocking CSS: what fits in the first round trip
SCRIPT_BUDGET = 32 * KB  # a page with a form or a script: all of it, scripts included
IMAGE_BUDGET = 30 * KB  # any one image, as it is (images are already compressed)
FONTS = {".woff", ".woff2", ".ttf", ".otf", ".eot"}
IMAGES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg", ".ico"}


def gzipped(data: bytes) -> int:
    """The size of `data` gzipped at level 9 with mtime 0."""
    return len(gzip.compress(data, compresslevel=9, mtime=0))


class _Loads(HTMLParser):
    """The render-blocking stylesheets and the scripts one page loads, and whether it has a form."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.css: list[str] = []
        self.js: list[str] = []
        self.form = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        rel = (a.get("rel") or "").lower().split()
        # A print stylesheet does not hold up the first paint.
        if tag == "link" and "stylesheet" in rel and a.get("href") and a.get("media") != "print":
            self.css.append(a["href"] or "")
        elif tag == "script" and a.get("src"):
            self.js.append(a["src"] or "")
        elif tag == "form":
            self.form = True


@dataclass
class Weight:
    """One page: its gzipped HTML, render-blocking CSS and scripts, in bytes."""

    page: str
    html: int
    css: int = 0
    js: int = 0
    form: bool = False
    missing: list[str] = field(default_factory=list)  # files it loads that could not be read

    @property
    def first(self) -> int:
        """What must arrive before the page can show: HTML and render-blocking CSS."""
        return self.html + self.css

    @property
    def total(self) -> int:
        return self.html + self.css + self.js

    def problems(self) -> list[str]:
        """Each way this page breaks the budget, as one readable line."""
        found = [f"{self.page}: loads {url}, which is not in the build" for url in self.missing]
        if self.first > PAGE_BUDGET:
            found.append(
                f"{self.page}: HTML {self.html:,} + CSS {self.css:,} = {self.first:,} bytes "
                f"gzipped, over the {PAGE_BUDGET:,} of the first round trip"
            )
        if (self.form or self.js) and self.total > SCRIPT_BUDGET:
            found.append(
                f"{self.page}: HTML {self.html:,} + CSS {self.css:,} + JS {self.js:,} = "
                f"{self.total:,} bytes gzipped, over the {SCRIPT_BUDGET:,} of a page with a "
                "form or script"
            )
        return found


def measure(html: bytes, url: str, fetch: Callable[[str], bytes | None]) -> Weight:
    """Weigh the page at URL path `url`; `fetch(path)` gives the bytes of what it loads."""
    loads = _Loads()
    loads.feed(html.decode("utf-8"))
    weight = Weight(url, gzipped(html), form=loads.form)
    for kind, urls in (("css", loads.css), ("js", loads.js)):
        for src in dict.fromkeys(urls):  # a file named twice is fetched once
            data = fetch(urljoin(url, src))
            if data is None:
                weight.missing.append(src)
            else:
                setattr(weight, kind, getattr(weight, kind) + gzipped(data))
    return weight


def measure_build(build: Path, site_url: str = "") -> list[Weight]:
    """Every HTML page of a static build, heaviest first.

    URLs on `site_url` (the 404 pages link absolutely) are read from the build too.
    """

    def fetch(address: str) -> bytes | None:
        if site_url and address.startswith(site_url.rstrip("/") + "/"):
            address = address[len(site_url.rstrip("/")) :]
        parts = urlsplit(address)
        if parts.scheme or parts.netloc:
            return None  # another host: never part of the build
        file = build / parts.path.lstrip("/")
        if parts.path.endswith("/"):
            file = file / "index.html"
        return file.read_bytes() if file.is_file() else None

    pages = [
        measure(f.read_bytes(), "/" + f.relative_to(build).as_posix(), fetch)
        for f in sorted(build.rglob("*.html"))
    ]
    return sorted(pages, key=lambda w: (-w.total, w.page))


def _files(build: Path, suffixes: set[str]) -> Iterator[Path]:
    return (f for f in sorted(build.rglob("*")) if f.suffix.lower() in suffixes and f.is_file())


FONT_FACE = re.compile(rb"@font-face", re.IGNORECASE)


def asset_problems(build: Path) -> list[str]:
    """Web fonts of any kind, and images over the budget, in a static build."""
    found = [f"{f.relative_to(build)}: a web font" for f in _files(build, FONTS)]
    found += [
        f"{f.relative_to(build)}: @font-face (a web font)"
        for f in _files(build, {".css"})
        if FONT_FACE.search(f.read_bytes())
    ]
    found += [
        f"{f.relative_to(build)}: {size:,} bytes, over the {IMAGE_BUDGET:,} of an image"
        for f in _files(build, IMAGES)
        if (size := f.stat().st_size) > IMAGE_BUDGET
    ]
    return found
