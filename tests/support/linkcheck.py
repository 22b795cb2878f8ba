"""Check every link in a static build: each href and src resolves to a file, and #fragments
to an id in it. Used by the freeze tests and the quality gates."""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

LINK_ATTRS = {"href", "src", "action", "poster", "data"}


class Parsed(HTMLParser):
    """The links (tag, attribute, value), ids and <base href> of one HTML file."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str, str, bool]] = []  # tag, attribute, URL, loads it
        self.ids: set[str] = set()
        self.base: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        rel = dict(attrs).get("rel") or ""
        # A link element loads its href only as a stylesheet, icon or preload.
        loads = tag != "a" and (
            tag != "link" or bool({"stylesheet", "icon", "preload"} & set(rel.split()))
        )
        for name, value in attrs:
            if value is None:
                continue
            if name == "id":
                self.ids.add(value)
            elif tag == "base" and name == "href":
                self.base = value
            elif name in LINK_ATTRS:
                self.links.append((tag, name, value, loads))


def parse(file: Path) -> Parsed:
    parsed = Parsed()
    parsed.feed(file.read_text(encoding="utf-8"))
    return parsed


def broken_links(build: Path, mount: str = "/", site_url: str = "") -> list[str]:
    """Every link that does not resolve, with the build served at URL path `mount`.

    Links to `site_url` (the public address, as in canonical links) count as internal.
    """
    mount = "/" + mount.strip("/") + "/" if mount.strip("/") else "/"
    site_url = site_url.rstrip("/")
    cache: dict[Path, Parsed] = {}
    problems = []

    def target_file(url_path: str) -> Path | None:
        if not url_path.startswith(mount):
            return None
        rel = unquote(url_path[len(mount) :])
        file = build / rel
        if url_path.endswith("/") or file.is_dir():
            file = file / "index.html"
        return file if file.is_file() else None

    for html in sorted(build.rglob("*.html")):
        page = cache.setdefault(html, parse(html))
        here = mount + html.relative_to(build).as_posix()
        base = here
        if page.base:
            base = page.base
        for tag, attr, value, loads in page.links:
            url = urljoin(base, value)
            if site_url and url.startswith(site_url + "/"):
                url = mount + url[len(site_url) + 1 :]
            parts = urlsplit(url)
            if parts.scheme in ("http", "https", "mailto", "tel") or parts.netloc:
                if loads and tag != "form":
                    problems.append(f"{here}: <{tag} {attr}={value!r}> loads from another host")
                continue
            if parts.scheme:
                problems.append(f"{here}: <{tag} {attr}={value!r}>: unexpected scheme")
                continue
            path = posixpath.normpath(parts.path)
            if parts.path.endswith("/") and path != "/":
                path += "/"
            file = target_file(path)
            if file is None:
                problems.append(f"{here}: <{tag} {attr}={value!r}> resolves to nothing")
            elif parts.fragment and file.suffix == ".html":
                ids = cache.setdefault(file, parse(file)).ids
                if unquote(parts.fragment) not in ids:
                    problems.append(f"{here}: <{tag} {attr}={value!r}>: no id {parts.fragment!r}")
    return problems


def links_of(html: str, page: str) -> set[str]:
    """Every link of a page (href, src...), resolved against the page's own URL path, as a
    browser follows them: the static copy's `X/index.html` written as `X/`, which the live
    app answers alike. A link to another host keeps its address."""
    parsed = Parsed()
    parsed.feed(html)
    found = set()
    for _tag, _name, value, _loads in parsed.links:
        url = urljoin(page, value)
        path, sep, rest = url.partition("?")
        if path.endswith("/index.html"):
            path = path[: -len("index.html")]
        found.add(path + sep + rest)
    return found
