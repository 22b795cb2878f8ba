"""Make the link-preview images (static/share-id.png, share-en.png).

Run: `python site/tools/share_image.py`.

Each is an HTML card drawn by Debian's Chromium through Playwright, saved as PNG and reduced to a
small palette with Debian's pngquant (`apt-get install pngquant`): about 15 KB, far under
WhatsApp's 300 KB limit and the site's 30 KB for an image. The same input gives the same bytes.
Run it again after changing the text or the colours, and commit the images with it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "site"))

from bangkit.urls import SHARE_IMAGES  # noqa: E402 - after the path is set

TEXT = {
    "id": (
        "Kena PHK? Kenali hak JKP Anda dan pelatihan gratis di BBPVP Bekasi.",
        "Situs informasi independen · bahasa sederhana · ringan di HP",
    ),
    "en": (
        "Laid off? Know your JKP rights and the free training at BBPVP Bekasi.",
        "An independent information site · plain words · light on phones",
    ),
}

CARD = """<!doctype html><html lang="{lang}"><meta charset="utf-8"><style>
html,body{{margin:0}}
body{{width:{width}px;height:{height}px;box-sizing:border-box;padding:70px 80px;
background:#fff;color:#1b1b1b;font-family:"DejaVu Sans",sans-serif;border-bottom:40px solid #00703c;
display:flex;flex-direction:column;justify-content:space-between}}
.brand{{font-size:96px;font-weight:700;color:#00703c;letter-spacing:-2px}}
.line{{font-size:54px;line-height:1.25;font-weight:700;margin:0;text-wrap:balance}}
.small{{font-size:32px;color:#505a5f}}
</style><div class="brand">Bangkit</div><p class="line">{line}</p><div class="small">{small}</div>
</html>"""


def main() -> int:
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        for lang, (name, width, height) in SHARE_IMAGES.items():
            page = browser.new_page(viewport={"width": width, "height": height})
            line, small = TEXT[lang]
            html = CARD.format(lang=lang, width=width, height=height, line=line, small=small)
            page.set_content(html)
            out = ROOT / "site" / "bangkit" / "static" / name
            page.screenshot(path=str(out), type="png")
            # Flat colours and text need few colours: a palette keeps the file small.
            quantize = ["pngquant", "--quality=60-90", "--speed=1", "--strip", "--force"]
            subprocess.run([*quantize, "--output", str(out), str(out)], check=True)
            print(f"{out.relative_to(ROOT)}: {out.stat().st_size:,} bytes")
            page.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
