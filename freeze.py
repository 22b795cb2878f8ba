"""Write the whole site as static files: `python freeze.py [--out DIR]`."""

from __future__ import annotations

import argparse
import contextvars
import gzip
import sys
import time
from pathlib import Path

import brotli
from flask_frozen import Freezer

from bangkit import create_app, enrol, http, jkp, pages, share
from bangkit.stale import STALE_MONTHS, stale

# Every public URL of the site, by feature; each generator yields (endpoint, values).
URL_GENERATORS = (
    pages.frozen_urls,
    jkp.views.frozen_urls,
    enrol.views.frozen_urls,
    share.views.frozen_urls,
    http.frozen_urls,
)


class _Freezer(Freezer):
    def _build_one(self, url: str, last_modified: object = None) -> Path:
        # Frozen-Flask builds each page inside the request context it opened to list the URLs,
        # so every page would share one `g` (and with it Flask-Babel's locale and any flag a
        # view sets there). A fresh context gives each page its own, as a live request has.
        return contextvars.Context().run(super()._build_one, url, last_modified)


# Text files a static host can send pre-compressed (nginx's gzip_static and brotli_static).
TEXT = {".html", ".css", ".js", ".xml", ".txt", ".svg", ".json", ".webmanifest", ".atom"}


def precompress(folder: Path) -> int:
    """Write a .gz and a .br copy beside every text file in `folder`; return how many."""
    files = [f for f in sorted(folder.rglob("*")) if f.suffix in TEXT and f.is_file()]
    for file in files:
        data = file.read_bytes()
        # mtime=0 keeps builds identical. Brotli 10 is within 2% of 11 on our pages, at less than
        # half its time (bench/freeze shows the cost).
        file.with_name(file.name + ".gz").write_bytes(gzip.compress(data, 9, mtime=0))
        file.with_name(file.name + ".br").write_bytes(brotli.compress(data, quality=10))
    return len(files)


def freeze(
    config: dict | None = None, quiet: bool = False, compress: bool = True
) -> tuple[int, int]:
    """Freeze every public URL the app lists, then precompress; return (files written, bytes).

    The bytes are those of the site itself, without the compressed copies. Unless quiet, it
    warns, one line each, about content whose facts were last checked long ago.
    """
    app = create_app({"FREEZING": True, **(config or {})})
    out = Path(app.config["BUILD_DIR"]).resolve()
    app.config.update(FREEZER_DESTINATION=str(out), FREEZER_RELATIVE_URLS=True)
    freezer = _Freezer(app, with_no_argument_rules=False)
    for generator in URL_GENERATORS:
        freezer.register_generator(generator)
    total = len(set(freezer.all_urls()))
    done = 0
    for done, _ in enumerate(freezer.freeze_yield(), start=1):
        if not quiet:
            print(f"\r{done}/{max(done, total)} files", end="", file=sys.stderr, flush=True)
    if not quiet:
        print(file=sys.stderr)
        for item in stale(app):
            print(
                f"warning: not checked for {STALE_MONTHS} months or more: "
                f"{item.file} ({item.checked.isoformat()})",
                file=sys.stderr,
            )
    size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    if compress:
        precompress(out)
    return done, size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", help="the folder to write (default: BUILD_DIR, ./build)")
    args = parser.parse_args()
    started = time.perf_counter()
    try:
        files, size = freeze({"BUILD_DIR": args.out} if args.out else None)
    except Exception as error:  # noqa: BLE001 - report any failure as one clear line
        print(f"\nfreeze failed: {error}", file=sys.stderr)
        return 1
    print(f"froze {files} files, {size:,} bytes, in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
