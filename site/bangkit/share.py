"""What a page offers for sharing: its link, WhatsApp and e-mail links, ready-to-paste texts."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from flask import Flask
from markupsafe import escape

from bangkit.content import LANGS, Page
from bangkit.links import absolute
from bangkit.short import links, short_link

# The preview image per language: file under static/, width, height
# (made by site/tools/share_image.py).
SHARE_IMAGES = {lang: (f"share-{lang}.png", 1200, 630) for lang in LANGS}


@dataclass(frozen=True)
class Share:
    """A page's link (its short link when it has one) and the texts that carry it."""

    title: str
    description: str
    url: str
    code: str | None

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


def share(page: Page) -> Share:
    """The sharing texts of a content page."""
    url = short_link(page.lang, page.key)
    if url is None:
        url = absolute("pages.page", lang=page.lang, path=page.path)
    return Share(page.title, page.description, url, links().code_of.get(page.key))


def share_image(lang: str) -> tuple[str, int, int]:
    """The preview image of a language: its absolute URL, width and height."""
    name, width, height = SHARE_IMAGES[lang]
    return absolute("static", filename=name), width, height


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(share=share, share_image=share_image)
