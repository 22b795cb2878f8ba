"""Load every Markdown page under content/ once, into plain data. Knows nothing of Flask."""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import datetime as dt
import functools
import hashlib
import os
import posixpath
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bangkit import frontmatter
from bangkit.errors import ContentError
from bangkit.figures import Figures, load_figures
from bangkit.markdown import render

LANGS = ("id", "en")
# Each has its template, templates/pages/LAYOUT.html, or is shown as a plain page.
LAYOUTS = ("page", "section", "workshops", "workshop", "news-index", "news", "unions", "privacy")


@dataclass(frozen=True)
class Source:
    title: str
    url: str


@dataclass(frozen=True)
class Programme:
    name: str
    note: str = ""
    brief: str = ""  # the year and any caveat, as a flyer prints it in brackets after the name


@dataclass(frozen=True)
class Page:
    """One page in one language, with its body already rendered to HTML."""

    lang: str
    path: str  # URL path inside the language, without slashes: "" or "jkp/syarat"
    file: str  # relative to the content folder, for error messages
    title: str
    description: str
    key: str
    checked: dt.date
    label: str = ""  # the short name in menus and breadcrumbs
    # The body as HTML, or (loaded lazily) what renders it: read it as `html`, which notes who
    # read it.
    rendered: str | Callable[[], str] = ""
    layout: str = "page"
    order: int = 100
    menu: int | None = None
    sources: tuple[Source, ...] = ()
    regulation: str | None = None
    date: dt.date | None = None
    programmes: tuple[Programme, ...] = ()
    short: str | None = None
    jkp_tools: bool = False  # links to the JKP checker and calculator under the title
    operator: bool = False  # says who runs this copy of the site (the settings) under the title

    @property
    def html(self) -> str:
        """The body as HTML. A rendering (render.py) notes whose body it read: its bytes depend
        on them, so freeze.py renders it again when one of them changes."""
        reads = _reads.get()
        if reads is not None:
            reads.add(self.file)
        return self.rendered if isinstance(self.rendered, str) else self.rendered()

    @property
    def parent(self) -> str | None:
        """The path of the section this page sits in (None for the home page)."""
        if not self.path:
            return None
        return posixpath.dirname(self.path)


_reads: contextvars.ContextVar[set[str] | None] = contextvars.ContextVar("reads", default=None)


@contextlib.contextmanager
def bodies_read() -> Iterator[set[str]]:
    """Collect the files whose body (Page.html) is read inside the block."""
    reads: set[str] = set()
    token = _reads.set(reads)
    try:
        yield reads
    finally:
        _reads.reset(token)


def _is_date(value: Any) -> bool:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


def _list_of(keys: tuple[str, ...], required: tuple[str, ...]):
    def check(value: Any) -> bool:
        return isinstance(value, list) and all(
            isinstance(item, dict)
            and set(item) <= set(keys)
            and all(isinstance(item.get(k), str) and item[k].strip() for k in required)
            for item in value
        )

    return check


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


# name: (required, check, what the check wants, for the error message)
FIELDS: dict[str, tuple[bool, Any, str]] = {
    "title": (True, _text, "text"),
    "label": (False, lambda v: _text(v) and len(v) <= 30, "text of at most 30 characters"),
    "description": (True, lambda v: _text(v) and len(v) <= 200, "text of at most 200 characters"),
    "key": (True, _text, "text"),
    "checked": (True, _is_date, "a date written YYYY-MM-DD"),
    "layout": (False, lambda v: v in LAYOUTS, "one of " + ", ".join(LAYOUTS)),
    "order": (False, lambda v: type(v) is int, "a whole number"),
    "menu": (False, lambda v: type(v) is int, "a whole number"),
    "sources": (False, _list_of(("title", "url"), ("title", "url")), "a list of {title, url}"),
    "regulation": (False, _text, "text"),
    "date": (False, _is_date, "a date written YYYY-MM-DD"),
    "programmes": (
        False,
        _list_of(("name", "note", "brief"), ("name",)),
        "a list of {name, note, brief}",
    ),
    "jkp_tools": (False, lambda v: type(v) is bool, "true or false"),
    "operator": (False, lambda v: type(v) is bool, "true or false"),
    "short": (
        False,
        lambda v: isinstance(v, str) and v.isascii() and v.replace("-", "").isalnum(),
        "letters, digits and '-'",
    ),
}


# Fields where a rule figure may stand as {{ name }} (figures.py), besides the body. Not the
# sources: their titles quote what a source says.
FILLED = ("title", "label", "description", "regulation")


def _cut(text: str) -> tuple[str, str, str]:
    """A file's front matter, the closing '---' line (empty if none) and its body."""
    return text[4:].partition("\n---\n")


def _split(text: str, file: str) -> tuple[dict[str, Any], str]:
    """Split a file into its front matter (a mapping) and its Markdown body."""
    if not text.startswith("---\n"):
        raise ContentError(f"{file}: front matter: the file must start with a '---' line")
    head, sep, body = _cut(text)
    if not sep:
        raise ContentError(f"{file}: front matter: no closing '---' line")
    try:
        meta = frontmatter.parse(head)
    except yaml.YAMLError as error:
        raise ContentError(f"{file}: front matter: not valid YAML: {error}") from None
    if not isinstance(meta, dict):
        raise ContentError(f"{file}: front matter: expected 'field: value' lines")
    return meta, body


def _check(meta: dict[str, Any], file: str) -> None:
    for name in meta:
        if name not in FIELDS:
            raise ContentError(f"{file}: field '{name}': unknown field")
    for name, (required, ok, wants) in FIELDS.items():
        if name not in meta:
            if required:
                raise ContentError(f"{file}: field '{name}': missing")
        elif not ok(meta[name]):
            raise ContentError(f"{file}: field '{name}': must be {wants}")
    if meta.get("layout") == "news" and "date" not in meta:
        raise ContentError(f"{file}: field 'date': missing (a news item needs its date)")


def _url_path(relative: str) -> str:
    """content/id/jkp/syarat.md -> 'jkp/syarat'; jkp/index.md -> 'jkp'; index.md -> ''."""
    path = relative.removesuffix(".md")
    return "" if path == "index" else path.removesuffix("/index")


@dataclass
class Site:
    """Every page of the site, looked up by language and path or by translation key."""

    pages: dict[tuple[str, str], Page]
    figures: Figures  # the rule figures the pages were written with (rules/jkp-numbers.yaml)
    # file -> (digest of its front matter, digest of its body): what freeze.py's cache keys on.
    digests: dict[str, tuple[str, str]] = dataclasses.field(default_factory=dict)

    def get(self, lang: str, path: str) -> Page | None:
        return self.pages.get((lang, path))

    def in_lang(self, lang: str) -> list[Page]:
        return self._by_lang[lang]

    def workshops(self, lang: str) -> list[Page]:
        """The workshop pages of one language, in menu order."""
        return [p for p in self._by_lang[lang] if p.layout == "workshop"]

    def counterpart(self, page: Page, lang: str) -> Page:
        return self.by_key[(lang, page.key)]

    def children(self, page: Page) -> list[Page]:
        """Pages directly inside a section, in menu order (news: newest first)."""
        kids = self._children.get((page.lang, page.path), [])
        if page.layout == "news-index":
            return sorted(kids, key=lambda p: p.date or dt.date.min, reverse=True)
        return kids

    def menu(self, lang: str) -> list[Page]:
        return self._menus[lang]

    def __post_init__(self) -> None:
        # Indexes built once at load, so no page view scans every page.
        self.by_key = {(p.lang, p.key): p for p in self.pages.values()}
        ordered = sorted(self.pages.values(), key=lambda p: (p.order, p.title))
        self._by_lang = {lang: [p for p in ordered if p.lang == lang] for lang in LANGS}
        self._children: dict[tuple[str, str], list[Page]] = {}
        for p in ordered:
            if p.parent is not None:
                self._children.setdefault((p.lang, p.parent), []).append(p)
        self._menus = {
            lang: sorted((p for p in pages if p.menu is not None), key=lambda p: p.menu or 0)
            for lang, pages in self._by_lang.items()
        }


def load(content_dir: str | Path, index_html: bool = False, lazy: bool = False) -> Site:
    """Read and check every page, then render each body once, with the rule figures filled in.

    index_html: links between pages end in index.html, as the static copy needs to work
    when opened from disk. lazy: keep no body; read it again from its file and render it when
    it is read (freeze.py renders every page anyway, on every core, and a rebuild only the
    pages that changed). A link to a page that does not exist, or an unknown rule figure, then
    fails when that page is rendered, and so does a body changed since the load.
    """
    root = Path(content_dir)
    raw: dict[tuple[str, str], tuple[dict[str, Any], str, str]] = {}
    by_file: dict[str, tuple[str, str]] = {}
    digests: dict[str, tuple[str, str]] = {}
    for lang in LANGS:
        for name in _markdown_files(root, lang):
            with open(os.path.join(root, name), encoding="utf-8") as file:
                text = file.read()
            meta, body = _split(text, name)
            head = text[: len(text) - len(body)]
            digests[name] = (_digest(head), _digest(body))
            _check(meta, name)
            path = _url_path(name[len(lang) + 1 :])
            if (lang, path) in raw:
                other = raw[(lang, path)][2]
                raise ContentError(
                    f"{name}: field 'url': {url_of(lang, path)} is also the URL of {other}"
                )
            raw[(lang, path)] = (meta, "" if lazy else body, name)  # lazy: read again later
            by_file[name] = (lang, path)
    _check_pairs(raw)
    _check_unique(raw, "short")

    figures = load_figures(root)
    pages = {}
    for (lang, path), (meta, body, name) in raw.items():
        for field in FILLED:
            if field in meta:
                meta[field] = figures.fill(meta[field], lang, f"{name}: field '{field}'")
        link = functools.partial(_link, name, by_file=by_file, index_html=index_html)
        html: str | Callable[[], str]
        if lazy:  # the body is read again when it is rendered: 4,000 pages' bodies are 14 MiB
            where = os.path.join(root, name)
            html = functools.partial(_render_file, where, name, digests[name][1], figures, link)
        else:
            html = render(figures.fill(body, lang, name), name, link, lang)
        pages[(lang, path)] = Page(
            lang=lang,
            path=path,
            file=name,
            rendered=html,
            label=meta.pop("label", meta["title"]),
            sources=tuple(Source(**s) for s in meta.pop("sources", [])),
            programmes=tuple(Programme(**p) for p in meta.pop("programmes", [])),
            **meta,
        )
    return Site(pages, figures, digests)


def _render_file(
    path: str, name: str, digest: str, figures: Figures, link: Callable[[str], str]
) -> str:
    """Read a page's body again and render it, as load() would have; the body must be the one
    load() read (its digest is in the freeze's cache keys)."""
    with open(path, encoding="utf-8") as file:
        text = file.read()
    body = _cut(text)[2]
    if _digest(body) != digest:
        raise ContentError(f"{name}: changed while the site was being built: build it again")
    lang = name.split("/", 1)[0]
    return render(figures.fill(body, lang, name), name, link, lang)


def _markdown_files(root: Path, lang: str) -> list[str]:
    """content/LANG/**/*.md as "LANG/a/b.md", in pathlib's order (part by part)."""
    names = []
    for folder, dirs, files in os.walk(root / lang):
        dirs.sort()
        base = os.path.relpath(folder, root).replace(os.sep, "/")
        names += [f"{base}/{name}" for name in files if name.endswith(".md")]
    return sorted(names, key=lambda name: name.split("/"))


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _check_pairs(raw: dict[tuple[str, str], tuple[dict[str, Any], str, str]]) -> None:
    keys: dict[str, dict[str, str]] = {lang: {} for lang in LANGS}
    for (lang, _), (meta, _, name) in raw.items():
        if meta["key"] in keys[lang]:
            raise ContentError(
                f"{name}: field 'key': '{meta['key']}' is also used by {keys[lang][meta['key']]}"
            )
        keys[lang][meta["key"]] = name
    for lang in LANGS:
        for other in LANGS:
            for key, name in keys[lang].items():
                if key not in keys[other]:
                    raise ContentError(
                        f"{name}: field 'key': no page in content/{other}/ has key '{key}'"
                    )


def _check_unique(raw: dict[tuple[str, str], tuple[dict[str, Any], str, str]], field: str) -> None:
    seen: dict[str, str] = {}
    for meta, _, name in raw.values():
        value = meta.get(field)
        if value is None:
            continue
        if value in seen:
            raise ContentError(f"{name}: field '{field}': '{value}' is also used by {seen[value]}")
        seen[value] = name


def url_of(lang: str, path: str) -> str:
    """The URL path of a page: Indonesian at the root, English under /en/."""
    prefix = "" if lang == LANGS[0] else "/" + lang
    return f"{prefix}/{path}/" if path else f"{prefix}/"


def _link(file: str, target: str, by_file: dict[str, tuple[str, str]], index_html: bool) -> str:
    """Turn a link to another page's .md file into a relative URL; leave other links alone."""
    href, hash_, fragment = target.partition("#")
    if not href.endswith(".md") or "://" in href:
        return target
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(file), href))
    if resolved not in by_file:
        raise ContentError(f"{file}: link '{target}': no such page {resolved}")
    url = relative_path(url_of(*by_file[resolved]), url_of(*by_file[file]))
    url = "" if url == "." else url + "/"
    if index_html:
        url += "index.html"
    return (url or "./") + hash_ + fragment


def relative_path(target: str, start: str) -> str:
    """posixpath.relpath(target, start) for two URL paths from the root ("/a/b/"), without its
    normalising and checks (they are normal already): ".." up to what they share, then down."""
    here = [part for part in start.split("/") if part]
    there = [part for part in target.split("/") if part]
    common = 0
    while common < min(len(here), len(there)) and here[common] == there[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:]) or "."
