"""QR codes for short links, made with segno once at start-up and kept in memory."""

from __future__ import annotations

import io
from dataclasses import dataclass

import segno

SVG_SCALE = 4  # pixels per module on screen: about 150 px for a short link
PNG_SCALE = 12  # for word processors: about 4 cm wide at 300 dpi


@dataclass(frozen=True)
class Qr:
    """One QR code: what it encodes, as SVG and PNG, and the SVG's width in pixels."""

    url: str
    svg: bytes
    png: bytes
    size: int


def make_qr(url: str) -> Qr:
    """The QR code of `url`.

    Error level M at least (segno raises it when the symbol does not grow): a printed code
    on a notice board gets scuffed.
    """
    code = segno.make(url, error="m", micro=False)
    svg, png = io.BytesIO(), io.BytesIO()
    code.save(svg, kind="svg", scale=SVG_SCALE, xmldecl=False, svgclass=None, lineclass=None)
    code.save(png, kind="png", scale=PNG_SCALE)
    return Qr(url, svg.getvalue(), png.getvalue(), int(code.symbol_size(scale=SVG_SCALE)[0]))
