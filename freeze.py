"""Write the whole site as static files: `python freeze.py [--out DIR]`."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from flask import Flask
from flask_frozen import Freezer

from bangkit import create_app, enrol, http, jkp, pages, share
from bangkit.export import TEXT, write
from bangkit.render import compress as pack
from bangkit.stale import STALE_MONTHS, stale

# Every public URL of the site, by feature; each generator yields (endpoint, values).
URL_GENERATORS = (
    pages.frozen_urls,
    jkp.views.frozen_urls,
    enrol.views.frozen_urls,
    share.views.frozen_urls,
    http.frozen_urls,
)


def all_urls(app: Flask) -> list[str]:
    """Every URL of the copy: the generators' and the static files'.

    Frozen-Flask lists them (its url_for over each generator's values, and every file under
    static/); the pages are rendered by bangkit.render, once, as the live app serves them.
    """
    freezer = Freezer(app, with_no_argument_rules=False, log_url_for=False)
    for generator in URL_GENERATORS:
        freezer.register_generator(generator)
    return sorted(set(freezer.all_urls()))


def precompress(folder: Path) -> int:
    """Write a .gz and a .br copy beside every text file in `folder`; return how many."""
    files = [f for f in sorted(folder.rglob("*")) if f.suffix in TEXT and f.is_file()]
    for file in files:
        data = file.read_bytes()
        for suffix, encoding in ((".gz", "gzip"), (".br", "br")):
            file.with_name(file.name + suffix).write_bytes(pack(data, encoding))
    return len(files)


def freeze(
    config: dict | None = None, quiet: bool = False, compress: bool = True
) -> tuple[int, int]:
    """Freeze every public URL the app lists, with .gz/.br copies; return (files, bytes).

    Only what changed since the last freeze into the same folder is rendered and written
    (bangkit.export). The bytes are those of the site itself, without the compressed copies.
    Unless quiet, it counts the files and warns, one line each, about content whose facts were
    last checked long ago.
    """
    app = create_app({"FREEZING": True, **(config or {})})
    out = Path(app.config["BUILD_DIR"]).resolve()
    urls = all_urls(app)

    def count(done: int, total: int) -> None:
        if not quiet:
            print(f"\r{done}/{total} files", end="", file=sys.stderr, flush=True)

    built = write(app, urls, out, compress, count)
    if not quiet:
        print(file=sys.stderr)
        for item in stale(app):
            print(
                f"warning: not checked for {STALE_MONTHS} months or more: "
                f"{item.file} ({item.checked.isoformat()})",
                file=sys.stderr,
            )
    size = sum(b.stats[0][0] for b in built.values())
    return len(built), size


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
