"""How fast the site freezes: a synthetic corpus of Markdown pages, frozen with the real app.

Usage: bench/freeze [--sizes 1000 4000] [--runs 3] [--runs-large 1]
Each corpus is the real content/ (so every page the templates name exists) plus synthetic pages
in both languages (~600 words, headings, a table, links between pages) up to the size, in a
temporary folder (tmpfs when there is one). Each freeze runs in its own process, which reports its
time and peak memory; the table gives medians. "per request" is the same app with the Markdown
read and rendered on every request (bench/variants.py), the baseline for rendering once.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import machine, median, scratch, table
from corpus import make_corpus

MODES = ("once", "per request")


def child(corpus: str, out: str, mode: str, compress: str) -> None:
    """One freeze in this process; print its seconds, files and peak memory as JSON."""
    from variants import rendering_per_request

    import freeze as freezing
    from bangkit import create_app
    from bangkit.export import TEXT
    from bangkit.render import compress as pack

    if mode == "per request":
        freezing.create_app = lambda config: rendering_per_request(create_app(config))
    config = {"CONTENT_DIR": corpus, "BUILD_DIR": out, "SECRET_KEY": "bench"}
    config["SITE_URL"] = "https://bangkit.example"  # freeze.py refuses a local address
    started = time.perf_counter()
    files, _ = freezing.freeze(config, quiet=True, compress=False)
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    if compress == "yes":  # what freeze.py adds for them: a .gz and a .br of every text file
        for file in sorted(Path(out).rglob("*")):
            if file.suffix in TEXT and file.is_file():
                data = file.read_bytes()
                for suffix, encoding in ((".gz", "gzip"), (".br", "br")):
                    file.with_name(file.name + suffix).write_bytes(pack(data, encoding))
    gz_br = time.perf_counter() - started if compress == "yes" else None
    print(json.dumps({"seconds": seconds, "files": files, "peak_kb": peak_kb, "gz_br": gz_br}))


def run(corpus: Path, out: Path, mode: str, compress: bool) -> dict:
    """Freeze `corpus` into `out` in a new process (peak memory is that process's own)."""
    command = [sys.executable, __file__, "--child", str(corpus), str(out), mode]
    command.append("yes" if compress else "no")
    done = subprocess.run(command, capture_output=True, text=True, timeout=3600)
    if done.returncode:
        sys.exit(f"freeze failed ({mode}):\n{done.stderr[-3000:]}")
    shutil.rmtree(out)
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(tmp: Path, size: int, runs: int) -> list[tuple[object, ...]]:
    """The table rows of one corpus size: once and per request."""
    corpus = tmp / f"content-{size}"
    pages = make_corpus(corpus, size)
    results: dict[str, list[dict]] = {mode: [] for mode in MODES}
    for i in range(runs):  # the modes alternate, so drift on the machine touches both alike
        for mode in MODES:
            # A fresh folder each time; the .gz/.br copies are timed once (they cost the same).
            out = tmp / f"build-{size}-{i}-{mode.replace(' ', '-')}"
            results[mode].append(run(corpus, out, mode, compress=i == 0 and mode == "once"))
    shutil.rmtree(corpus)
    once = median([r["seconds"] for r in results["once"]])
    rows = []
    for mode, found in results.items():
        seconds = median([r["seconds"] for r in found])
        gz_br = found[0]["gz_br"]
        rows.append(
            (
                f"{pages:,}",
                f"{found[0]['files']:,}",
                mode,
                len(found),
                f"{seconds:.1f}",
                f"{pages / seconds:.0f}",
                f"{seconds / once:.2f}",
                f"{median([r['peak_kb'] for r in found]) / 1024:.0f}",
                "" if gz_br is None else f"{gz_br:.1f}",
            )
        )
    return rows


HEADERS = (
    "pages",
    "files",
    "Markdown rendered",
    "runs",
    "s",
    "pages/s",
    "time ÷ once",
    "peak MB",
    ".gz/.br s",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 4000])
    parser.add_argument("--runs", type=int, default=3, help="freezes per mode, up to 2,000 pages")
    parser.add_argument("--runs-large", type=int, default=1, help="freezes per mode, above")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return

    print(f"Freeze speed (median seconds, peak memory of the freezing process); {machine()}")
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-freeze-", dir=scratch()) as tmp:
        for size in args.sizes:
            rows += measure(Path(tmp), size, args.runs if size <= 2000 else args.runs_large)
            print(table(HEADERS, rows[-2:]), flush=True)
    print("\nAll sizes:")
    print(table(HEADERS, rows))


if __name__ == "__main__":
    main()
