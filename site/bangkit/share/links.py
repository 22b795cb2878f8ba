"""The committed lists of published short links and of moved pages, checked against the content.

Printed flyers and old WhatsApp messages live for years, so a published address may never stop
working: content/short-links.yaml lists every short code ever published and
content/moved-pages.yaml every old page address. Knows nothing of Flask.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bangkit.content import LANGS, ContentError, Site, url_of
from bangkit.frontmatter import load_yaml

SHORT_FILE = "short-links.yaml"
MOVED_FILE = "moved-pages.yaml"


@dataclass(frozen=True)
class Target:
    """Where a short code leads: a content page (by translation key) or another view."""

    key: str | None = None
    view: str | None = None  # an endpoint that takes `lang`, for pages not in content/
    titles: dict[str, str] = field(default_factory=dict)  # a view's name per language


@dataclass(frozen=True)
class Links:
    """Every published short code and moved page address, in the order of their files."""

    short: dict[str, Target] = field(default_factory=dict)
    moved: dict[str, tuple[str, str]] = field(default_factory=dict)  # old path: (lang, key)
    code_of: dict[str, str] = field(default_factory=dict)  # key: the code its page shows


def _read(path: Path) -> dict[Any, Any]:
    if not path.is_file():
        return {}
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise ContentError(f"{path.name}: not valid YAML: {error}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ContentError(f"{path.name}: expected 'name: value' lines")
    return data


def _target(code: Any, value: Any) -> Target:
    where = f"{SHORT_FILE}: '{code}'"
    if not (isinstance(code, str) and code.isascii() and code.replace("-", "").isalnum()):
        raise ContentError(f"{where}: a code is letters, digits and '-'")
    if isinstance(value, str):
        return Target(key=value)
    titles = value.get("title") if isinstance(value, dict) else None
    if (
        isinstance(value, dict)
        and set(value) == {"view", "title"}
        and isinstance(value["view"], str)
        and isinstance(titles, dict)
        and set(titles) == set(LANGS)
        and all(isinstance(t, str) and t.strip() for t in titles.values())
    ):
        return Target(view=value["view"], titles=titles)
    raise ContentError(
        f"{where}: the target is a page key, or {{view: endpoint, title: {{id: ..., en: ...}}}}"
    )


def load_links(content_dir: str | Path, site: Site) -> Links:
    """Read both lists and check them against the pages' front matter; fail naming the entry."""
    root = Path(content_dir)
    short = {code: _target(code, value) for code, value in _read(root / SHORT_FILE).items()}
    keys = {key for (_, key) in site.by_key}
    code_of: dict[str, str] = {}
    for page in sorted(site.pages.values(), key=lambda p: LANGS.index(p.lang)):
        if page.short is None:
            continue
        where = f"{page.file}: field 'short'"
        if page.key in code_of:
            raise ContentError(
                f"{where}: the other language already has code '{code_of[page.key]}'; "
                "one code serves both languages (/s/CODE/ and /en/s/CODE/)"
            )
        if page.short not in short:
            raise ContentError(f"{where}: '{page.short}' is not listed in content/{SHORT_FILE}")
        if short[page.short].key != page.key:
            raise ContentError(
                f"{where}: content/{SHORT_FILE} says '{page.short}' opens the page with key "
                f"'{short[page.short].key}', not '{page.key}'"
            )
        code_of[page.key] = page.short
    for code, target in short.items():
        if target.key is None:
            continue
        if target.key not in keys:
            raise ContentError(
                f"{SHORT_FILE}: published short link '{code}' opens the page with key "
                f"'{target.key}', which no longer exists: point it at another page's key"
            )
        if target.key not in code_of:
            raise ContentError(
                f"{SHORT_FILE}: published short link '{code}' disappeared from the front matter "
                f"of {site.by_key[(LANGS[0], target.key)].file}: put back 'short: {code}'"
            )
    return Links(short=short, moved=_moved(_read(root / MOVED_FILE), site, keys), code_of=code_of)


def _moved(raw: dict[Any, Any], site: Site, keys: set[str]) -> dict[str, tuple[str, str]]:
    current = {url_of(p.lang, p.path) for p in site.pages.values()}
    moved = {}
    for old, key in raw.items():
        where = f"{MOVED_FILE}: '{old}'"
        if not (isinstance(old, str) and old.startswith("/") and old.endswith("/")):
            raise ContentError(f"{where}: an old address starts and ends with '/'")
        if key not in keys:
            raise ContentError(f"{where}: no page has key '{key}'")
        if old in current:
            raise ContentError(f"{where}: a page has this address now; remove it from the list")
        moved[old] = ("en" if old.startswith("/en/") else LANGS[0], key)
    return moved
