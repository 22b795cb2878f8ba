"""Every way the site builds a URL, and every helper templates call, registered in one place.

Live, links are root-relative. In the static copy's rendering (render.py), which the live app
also serves for pages that are the same for everyone, they are relative (by way of the root:
_relative), so the copy works from any folder and from disk. Link previews,
canonical links, feeds and QR codes need the public address: `absolute`.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import posixpath
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from babel import dates
from flask import Flask, current_app, g, request, url_for
from flask_babel import get_translations
from jinja2 import FileSystemBytecodeCache, pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from bangkit.config import frozen, static_rendering
from bangkit.content import LANGS, Page
from bangkit.extensions import site
from bangkit.http import csp_meta
from bangkit.i18n import LOCALES, current_lang, other_lang
from bangkit.operator import operator

# The link-preview image per language: file under static/, width, height
# (made by site/tools/share_image.py).
SHARE_IMAGES = {lang: (f"share-{lang}.png", 1200, 630) for lang in LANGS}
# A union's code in a link (?ref=): lower-case letters, digits and '-'.
REFERRAL = re.compile(r"[a-z0-9-]{1,40}")


def absolute(endpoint: str, **values: Any) -> str:
    """The URL on the configured public site address."""
    return current_app.config["SITE_URL"].rstrip("/") + _from_root(endpoint, values)


def _from_root(endpoint: str, values: dict[str, Any]) -> str:
    """url_for; while rendering the static copy, remembered: every such rendering has one host
    and no script root, so the same values always give the same URL (a page has ~40 links)."""
    state = static_rendering()
    if state is None:
        return url_for(endpoint, **values)
    key = (endpoint, *sorted(values.items()))
    found = state.urls.get(key)
    if found is None:
        found = state.urls[key] = url_for(endpoint, **values)
    return found


def _depth(here: str) -> int:
    """How many folders deep the page at URL path `here` is: / 0, /jkp/ 1, /sitemap.xml 0."""
    if not here.endswith("/"):
        here = posixpath.dirname(here)
    return len([part for part in here.split("/") if part])


def _relative(target: str, here: str) -> str:
    """The URL from the root made relative to this page's folder, as the static copy links:
    up to the root, then down to the target, with index.html added to a folder's URL.

    Always by way of the root (../../jkp/index.html, not ../index.html from /jkp/syarat/), so
    a link depends only on how deep the page is: the frame of every page at one depth is
    the same bytes, and is rendered once (frame()).
    """
    path, mark, fragment = target.partition("#")
    path, question, query = path.partition("?")
    if path.endswith("/"):
        path += "index.html"
    return "../" * _depth(here) + path.lstrip("/") + question + query + mark + fragment


def use_absolute_links() -> None:
    """Make every link of this static rendering absolute: for a page served at any depth
    (404.html). Live answers link from the root, which works at any depth already."""
    state = static_rendering()
    if state is not None:
        state.absolute_links = True


def url(endpoint: str, **values: Any) -> str:
    """The URL templates link with: relative in the static copy's rendering (ending in
    index.html), absolute where asked, else from the root."""
    state = static_rendering()
    if state is None:
        return url_for(endpoint, **values)
    if state.absolute_links:
        return absolute(endpoint, **values)
    return _relative(_from_root(endpoint, values), state.path)


def link_to(lang: str, external: bool = False) -> str:
    """This page in `lang`.

    A view whose other-language URL differs in more than `lang` sets g.alternates to
    {lang: (endpoint, values)}; a request that matched no route gets the home page.
    """
    if "alternates" in g:
        endpoint, values = g.alternates[lang]
    elif request.url_rule is None or request.endpoint is None:
        endpoint, values = "pages.page", {"path": ""}
    else:
        endpoint, values = request.endpoint, {**(request.view_args or {})}
    values = {**values, "lang": lang}
    return absolute(endpoint, **values) if external else url(endpoint, **values)


@functools.cache
def _digest(folder: str, filename: str) -> str:
    return hashlib.sha256((Path(folder) / filename).read_bytes()).hexdigest()[:10]


def asset(filename: str) -> str:
    """A static file's URL with a hash of its content, so it can be cached for a year."""
    return url("static", filename=filename, v=_digest(str(current_app.static_folder), filename))


def page_url(lang: str, key: str, fragment: str = "") -> str:
    """The URL of the page with this translation key."""
    path = site().by_key[(lang, key)].path
    return url("pages.page", lang=lang, path=path) + (f"#{fragment}" if fragment else "")


def share_image(lang: str) -> tuple[str, int, int]:
    """The preview image of a language: its absolute URL, width and height."""
    name, width, height = SHARE_IMAGES[lang]
    return absolute("static", filename=name), width, height


def referral_code(value: str | None) -> str | None:
    """The referral code from a link, if it is a short slug; anything else is ignored."""
    return value if value and REFERRAL.fullmatch(value) else None


def referral() -> str | None:
    """This request's referral code, for links that carry it on to a form."""
    return referral_code(request.args.get("ref"))


# The macros every page calls, as globals: an {% import %} in a page costs each rendering a pass
# over every global (Jinja checks what the page could pass on); a global is looked up once.
PAGE_MACROS = {
    "crumbs": ("macros/crumbs.html", "crumbs"),
    "facts": ("macros/facts.html", "facts"),
    "operator_box": ("macros/operator.html", "box"),
    "who_runs": ("macros/operator.html", "who_runs"),
    "qr_image": ("macros/qr.html", "qr_image"),
}


MODULES = "bangkit.macros"  # app.extensions: templates' macros, by template
TRANSLATIONS = "bangkit.translations"  # app.extensions: the static renderings', by language
FRAMES = "bangkit.frames"  # app.extensions: the frame's parts, by name, arguments and depth


def frame(name: str, *args: Any) -> Markup:
    """A part of every page's frame (templates/macros/frame.html), given only `args`.

    In the static copy's renderings, which link relatively, its bytes depend on nothing but
    its arguments, the settings, the content's menu and the page's depth: it is rendered once
    per app for each of those (4,000 pages of one language and depth share one). Live answers
    made for one request render it each time.
    """
    macro = getattr(_module("macros/frame.html"), name)
    state = static_rendering()
    if state is None:
        return Markup(macro(*args))
    key = (name, args, state.absolute_links, _depth(state.path))
    return _kept(FRAMES, key, lambda: Markup(macro(*args)))


def nav(lang: str, page: object = None) -> Markup:
    """The main menu, with the content page being shown (or the section it is in) marked;
    `page` may be anything a template calls `page` (the staff list's is a page of rows)."""
    here = section = None
    if isinstance(page, Page):
        paths = {p.path for p in site().menu(lang)}
        here = page.path if page.path in paths else None
        section = page.parent if page.parent and page.parent in paths else None
    return frame("nav", lang, here, section)


def _kept(store: str, key: Any, make: Callable[[], Any]) -> Any:
    """app.extensions[store][key], made by `make` the first time this app asks."""
    kept = current_app.extensions.setdefault(store, {})
    if key not in kept:
        kept[key] = make()
    return kept[key]


def _module(template: str) -> Any:
    """A template's macros, looked up once per app (unless templates reload, as in debug)."""
    env = current_app.jinja_env
    if env.auto_reload:
        return env.get_template(template).module
    return _kept(MODULES, template, lambda: env.get_template(template).module)


def _macro(template: str, name: str) -> Callable[..., Any]:
    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(_module(template), name)(*args, **kwargs)

    return call


def _translations() -> Any:
    state = static_rendering()
    if state is None:
        return get_translations()
    if state.translations is None:  # the same for every static rendering of one language
        state.translations = _kept(TRANSLATIONS, current_lang(), get_translations)
    return state.translations


@pass_context
def _gettext(context: Context, string: str, **variables: Any) -> str:
    """`_()` in templates: what Jinja's newstyle gettext gives (jinja2.ext), in one
    call instead of three (its `_` finds `gettext` in the context and calls it through the
    context, which calls these translations through it again): about a seventh of a content
    page's rendering went to its eight or so strings. Markup when the template escapes, and
    always `%` its variables (so "%%" is a percent sign, with variables or without)."""
    if not variables:  # most strings: the same answer every time, for one language
        return _plain(_translations(), string, context.eval_ctx.autoescape)
    found = _translations().ugettext(string)
    return (Markup(found) if context.eval_ctx.autoescape else found) % variables


@functools.lru_cache(maxsize=4096)
def _plain(translations: Any, string: str, autoescape: bool) -> str:
    found = translations.ugettext(string)
    return (Markup(found) if autoescape else found) % {}


@functools.lru_cache(maxsize=1024)
def long_date(day: dt.date, lang: str) -> str:
    """'29 November 2026' in `lang`: what Flask-Babel's format_date gives for the request's
    locale (the language, bangkit.i18n.current_lang), kept: a page shows the same few dates."""
    return dates.format_date(day, "d MMMM y", locale=lang)


def init_app(app: Flask) -> None:
    """Every Jinja global and filter the templates use."""
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    if app.config["FREEZING"]:
        # Compiled templates kept in instance/ (Jinja's own cache, keyed by each template's
        # source): a rebuild after one change compiles none, a fifth of a second of it.
        folder = Path(app.instance_path) / "jinja-cache"
        folder.mkdir(parents=True, exist_ok=True)
        app.jinja_env.bytecode_cache = FileSystemBytecodeCache(str(folder))
    app.jinja_env.globals.update(
        LANGS=LANGS,
        LOCALES=LOCALES,
        other_lang=other_lang,
        site=site,
        url=url,
        absolute=absolute,
        link_to=link_to,
        asset=asset,
        page_url=page_url,
        referral=referral,
        share_image=share_image,
        csp_meta=csp_meta,
        operator=operator,
        frame=frame,
        nav=nav,
    )
    app.jinja_env.globals.update({name: _macro(*at) for name, at in PAGE_MACROS.items()})
    app.jinja_env.filters["date"] = lambda day: long_date(day, current_lang())
    # Flask-Babel's own gettext callables find the request's translations afresh for each of a
    # page's ~20 strings; these find them once per request. The templates' `_` is _gettext (the
    # same answer in one call); `gettext` and `{% trans %}` keep Jinja's, which none uses now.
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda s: _translations().ugettext(s),
        ngettext=lambda s, p, n: _translations().ungettext(s, p, n),
        pgettext=lambda c, s: _translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _translations().unpgettext(c, s, p, n),
        newstyle=True,
    )
    app.jinja_env.globals["_"] = _gettext
    app.context_processor(lambda: {"frozen": frozen()})
