"""What a page offers for sharing: its link (the short link when it has one), its QR code,
WhatsApp and e-mail links, and ready-to-paste texts; and the unions page's kit of them all."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from flask import abort, current_app
from markupsafe import escape

from bangkit.content import LANGS, Page
from bangkit.extensions import site
from bangkit.share.links import Links
from bangkit.share.qr import Qr, make_qr
from bangkit.urls import absolute, url


def links() -> Links:
    """The published short links and moved pages, checked at start-up."""
    return current_app.extensions["bangkit.links"]


def qr(lang: str, code: str) -> Qr:
    """The QR code of a short link (made once, when first asked for); 404 for an unknown code."""
    made = current_app.extensions["bangkit.qr"]
    found = made.get((lang, code))
    if found is None:
        if code not in links().short or lang not in LANGS:
            abort(404)
        found = made[(lang, code)] = make_qr(absolute_short(lang, code))
    return found


def absolute_short(lang: str, code: str) -> str:
    """The public address of a short link, as printed and put in its QR code."""
    return absolute("share.short", lang=lang, code=code)


@dataclass(frozen=True)
class Share:
    """A page's link (its short link when it has one) and the texts that carry it."""

    title: str
    description: str
    url: str
    code: str | None
    qr_size: int = 0  # the QR code's width in pixels, when there is a code

    @property
    def whatsapp_link(self) -> str:
        """wa.me opens WhatsApp with this text ready to send to a chat or group."""
        return "https://wa.me/?text=" + quote(f"{self.title}\n{self.url}", safe="")

    @property
    def mail_link(self) -> str:
        # RFC 6068: spaces as %20 and line breaks as CRLF, which quote() gives and '+' would not.
        body = f"{self.description}\r\n\r\n{self.url}"
        return f"mailto:?subject={quote(self.title, safe='')}&body={quote(body, safe='')}"

    @property
    def whatsapp_text(self) -> str:
        """Plain text for a WhatsApp group: *bold* is WhatsApp's own mark-up."""
        return "\n".join(t for t in (f"*{self.title}*", self.description, self.url) if t)

    @property
    def html_snippet(self) -> str:
        """An HTML paragraph for an e-mail newsletter."""
        title, description, url = (escape(v) for v in (self.title, self.description, self.url))
        more = f"<br>\n{description}" if description else ""
        return f'<p><a href="{url}">{title}</a>{more}</p>'

    @property
    def markdown(self) -> str:
        title = self.title.replace("[", r"\[").replace("]", r"\]")
        return f"[{title}]({self.url})" + (f": {self.description}" if self.description else "")


def _shared(lang: str, title: str, description: str, code: str | None, fallback: str) -> Share:
    if code is None:
        return Share(title, description, fallback, None)
    return Share(title, description, absolute_short(lang, code), code, qr(lang, code).size)


def share(page: Page) -> Share:
    """The sharing texts of a content page."""
    fallback = absolute("pages.page", lang=page.lang, path=page.path)
    code = links().code_of.get(page.key)
    return _shared(page.lang, page.title, page.description, code, fallback)


def union_kit(lang: str) -> list[tuple[Share, str, Page | None]]:
    """Every page with a short link, in the order of content/short-links.yaml.

    Each comes with the link to it and, for a content page, the page (None for a tool).
    """
    found: list[tuple[Share, str, Page | None]] = []
    for code, target in links().short.items():
        if target.view:
            shared = _shared(lang, target.titles[lang], "", code, "")
            found.append((shared, url(target.view, lang=lang), None))
        elif target.key and links().code_of[target.key] == code:  # not an older alias
            page = site().by_key[(lang, target.key)]
            found.append((share(page), url("pages.page", lang=lang, path=page.path), page))
    return found
