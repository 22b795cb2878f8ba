"""Write the whole site as static files: `python freeze.py [--out DIR]`."""

from __future__ import annotations

import argparse
import gc
import ipaddress
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask
from flask_frozen import Freezer

from bangkit import create_app, enrol, http, jkp, pages, share
from bangkit.export import write
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


class NoPublicAddress(ValueError):
    """The copy would send its readers to an address only the machine that froze it can reach."""


def local_address(url: str | None) -> bool:
    """True unless `url` names a host others can reach: not localhost, 127.x, ::1 or 0.0.0.0."""
    try:
        host = (urlsplit(url or "").hostname or "").rstrip(".").lower()
    except ValueError:
        return True
    if not host or host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False  # a name
    return ip.is_loopback or ip.is_unspecified


def check_addresses(config: dict) -> None:
    """Refuse to freeze with a local public address (the default): every canonical link, link
    preview, short link, QR code, feed and the sitemap of the copy would lead readers to their
    own phone. A preview with no absolute links would lose all of those; `flask run` is the
    preview."""
    for setting, required in (("SITE_URL", True), ("ENROL_SERVICE_URL", False)):
        url = config.get(setting)
        if (url or required) and local_address(url):
            raise NoPublicAddress(
                f"{setting} is {url!r}, an address only this machine can reach, and the copy "
                f"would link to it. Set BANGKIT_{setting} to the public address, e.g. "
                f"BANGKIT_{setting}=https://bangkit.example python freeze.py"
            )


def freeze(
    config: dict | None = None, quiet: bool = False, compress: bool = True
) -> tuple[int, int]:
    """Freeze every public URL the app lists, with .gz/.br copies; return (files, bytes).

    Only what changed since the last freeze into the same folder is rendered and written
    (bangkit.export). The bytes are those of the site itself, without the compressed copies.
    It refuses a local SITE_URL or ENROL_SERVICE_URL (NoPublicAddress) before writing anything.
    Unless quiet, it counts the files on a terminal (only there: in a log, `\r` makes one
    endless line), and warns, one line each, about content whose facts were last checked long ago.
    """
    app = create_app({"FREEZING": True, **(config or {})})
    check_addresses(app.config)
    out = Path(app.config["BUILD_DIR"]).resolve()
    counting = not quiet and sys.stderr.isatty()

    def count(done: int, total: int) -> None:
        if counting:
            print(f"\r{done}/{total} files", end="", file=sys.stderr, flush=True)

    built = write(app, lambda: all_urls(app), out, compress, count)
    if counting:
        print(file=sys.stderr)
    if not quiet:
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
        end_of_count = "\n" if sys.stderr.isatty() else ""
        print(f"{end_of_count}freeze failed: {error}", file=sys.stderr)
        return 1
    print(f"froze {files} files, {size:,} bytes, in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    status = main()
    # All that is left is for Python to end. With every object frozen, its shutdown skips the
    # collector's passes over them: on the 4,000-page bench corpus that took the exit from 0.2
    # to 0.27 s down to 0.03 s, of a rebuild after one change that takes about 2 s in all.
    gc.freeze()
    sys.exit(status)
