"""QR codes for short links, made with segno when first asked for and kept in memory."""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from typing import Any

import segno

SVG_SCALE = 4  # pixels per module on screen: about 150 px for a short link
PNG_SCALE = 12  # for word processors: about 4 cm wide at 300 dpi


@dataclass(frozen=True)
class Qr:
    """One QR code: what it encodes, its SVG's width in pixels, and its SVG and PNG files.

    A page names the code by its size alone (the image is a file of its own), so each file is
    drawn only when it is asked for: a freeze's worker draws those it writes, not every one.
    """

    url: str
    code: segno.QRCode

    @property
    def size(self) -> int:
        return int(self.code.symbol_size(scale=SVG_SCALE)[0])

    @functools.cached_property
    def svg(self) -> bytes:
        return self._drawn(
            kind="svg", scale=SVG_SCALE, xmldecl=False, svgclass=None, lineclass=None
        )

    @functools.cached_property
    def png(self) -> bytes:
        return self._drawn(kind="png", scale=PNG_SCALE)

    def _drawn(self, **options: Any) -> bytes:
        out = io.BytesIO()
        self.code.save(out, **options)
        return out.getvalue()


def make_qr(url: str) -> Qr:
    """The QR code of `url`.

    Error level M at least (segno raises it when the symbol does not grow): a printed code
    on a notice board gets scuffed.
    """
    return Qr(url, segno.make(url, error="m", micro=False))
