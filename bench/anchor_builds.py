"""The site's freeze next to two static-site builders, given the same Markdown: the anchors.

Usage: bench/anchors [--size 4000] [--runs 3]
The bench corpus (bench/corpus.py: the real content/ plus synthetic pages) is built four ways in
each run: `freeze.py` as it is (with its .gz/.br copies), the same freeze without them, Eleventy 3
(npm, pinned in package.json) and Hugo (Debian's package). Eleventy and Hugo get every page of the
corpus as a plain Markdown file: the same body the site renders, front matter with only a title,
and a one-file layout (html lang, title, h1, the body); they write one HTML file per page and
nothing else (no feeds, sitemap or taxonomies). The site's freeze writes what it always writes.

Each build is a command in its own process, timed from start to exit, writing to a fresh folder on
a tmpfs. Peak memory: the largest sum of RSS over the command's process tree, read from
/proc/PID/statm (and each task's children) every 20 ms, and never less than the kernel's own
maximum RSS of the command (wait4). A page a parent shares with the workers it forked counts in
each of their RSS; "peak PSS" is the largest sum of their proportional set sizes
(/proc/PID/smaps_rollup, read every 0.5 s: see RSS_EVERY), which counts it once. Then one page's
body changes and each tool builds again into the output it just wrote ("after one change"):
freeze.py renders only what changed (bangkit.export); Hugo and Eleventy run the same cold command,
so their cold builds are the anchors. The next run's cold build is of the changed corpus, so each
rebuild is compared with it, file by file. Tables give medians.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from common import ROOT, machine, median, scratch, table, this_tree
from corpus import make_corpus

LANGS = ("id", "en")
PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024
# The sampler shares the machine with the build it measures. RSS (statm) costs about 0.15 ms a
# read; PSS (smaps_rollup, a walk of every page table) about 10 ms for a 200 MiB process, which
# every 20 ms took most of a core from a build that uses both (and nothing from one that uses a
# single core). So RSS every 20 ms, PSS every 25th time (0.5 s): a few per cent of one core.
RSS_EVERY = 0.02
PSS_EVERY = 25
ELEVENTY = ROOT / "node_modules" / "@11ty" / "eleventy"
FREEZE_WITHOUT = (  # freeze.py's own freeze(), minus the .gz/.br step it has no flag for
    "import sys, freeze; freeze.freeze({'BUILD_DIR': sys.argv[1]}, compress=False)"
)
HUGO_CONFIG = """\
baseURL = "/"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
"""
HUGO_LAYOUT = """\
<!doctype html>
<html lang="{{ .Section }}"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main><h1>{{ .Title }}</h1>
{{ .Content }}</main></body></html>
"""
ELEVENTY_CONFIG = """\
export default function (eleventyConfig) {
  eleventyConfig.addGlobalData("layout", "page.liquid");
  // Markdown as Markdown: not run through Liquid first, as the other two do not template bodies.
  return { dir: { input: "pages" }, templateFormats: ["md"], markdownTemplateEngine: false };
}
"""
ELEVENTY_LAYOUT = """\
{% assign parts = page.url | split: "/" %}<!doctype html>
<html lang="{{ parts[1] }}"><head><meta charset="utf-8"><title>{{ title | escape }}</title></head>
<body><main><h1>{{ title | escape }}</h1>
{{ content }}</main></body></html>
"""


# --- the same Markdown for every tool ---


def plain_pages(corpus: Path) -> dict[str, tuple[str, str]]:
    """Every page of the corpus as the site reads it: relative path -> (title, Markdown body)."""
    from bangkit.content import _split

    pages = {}
    for lang in LANGS:
        for file in sorted((corpus / lang).rglob("*.md")):
            name = file.relative_to(corpus).as_posix()
            meta, body = _split(file.read_text(encoding="utf-8"), name)
            pages[name] = (str(meta["title"]), body)
    return pages


def plain_file(title: str, body: str) -> str:
    """A Markdown file with the least front matter: a title (JSON is valid YAML)."""
    return f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n---\n{body}"


def hugo_name(name: str) -> str:
    """Hugo reads index.md as a leaf bundle (its folder's other pages become files of it);
    _index.md is the folder's own page, as index.md is for the site and Eleventy."""
    folder, _, file = name.rpartition("/")
    return f"{folder}/_index.md" if file == "index.md" else name


def write_sources(pages: dict[str, tuple[str, str]], folder: Path) -> dict[str, Path]:
    """Hugo's and Eleventy's source folders under `folder`; return them by tool."""
    hugo, eleventy = folder / "hugo", folder / "eleventy"
    for name, (title, body) in pages.items():
        for path in (hugo / "content" / hugo_name(name), eleventy / "pages" / name):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(plain_file(title, body), encoding="utf-8")
    (hugo / "hugo.toml").write_text(HUGO_CONFIG)
    (hugo / "layouts" / "_default").mkdir(parents=True)
    for layout in ("single.html", "list.html"):
        (hugo / "layouts" / "_default" / layout).write_text(HUGO_LAYOUT)
    (eleventy / "eleventy.config.mjs").write_text(ELEVENTY_CONFIG)
    (eleventy / "pages" / "_includes").mkdir()
    (eleventy / "pages" / "_includes" / "page.liquid").write_text(ELEVENTY_LAYOUT)
    return {"hugo": hugo, "eleventy": eleventy}


def page_to_change(corpus: Path) -> str:
    """A synthetic page (a real one if there are none): the one whose body changes."""
    found = sorted(corpus.glob("id/*/*/*.md")) or sorted(corpus.glob("id/*.md"))
    return next(f for f in found if f.name != "index.md").relative_to(corpus).as_posix()


def change_page(corpus: Path, sources: dict[str, Path], name: str, run: int) -> None:
    """Add one sentence to the end of one page's body, in every tool's copy."""
    line = f"\nDiubah pada putaran {run + 1}.\n"
    targets = [corpus / name, sources["hugo"] / "content" / hugo_name(name)]
    for path in [*targets, sources["eleventy"] / "pages" / name]:
        with path.open("a", encoding="utf-8") as file:
            file.write(line)


# --- measuring one command ---


def tree_rss_kib(pid: int, pss: bool = False) -> int:
    """The resident memory of a process and all its descendants, in KiB (0 if it is gone).

    pss: the proportional set size instead (smaps_rollup): a page shared by n processes (a
    parent and the workers it forked) counts 1/n in each, so the sum counts it once.
    """
    total, todo, seen = 0, [pid], set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            if pss:
                rollup = Path(f"/proc/{current}/smaps_rollup").read_text()
                total += int(rollup.split("\nPss:", 1)[1].split()[0])
            else:
                total += int(Path(f"/proc/{current}/statm").read_text().split()[1]) * PAGE_KIB
            for task in os.listdir(f"/proc/{current}/task"):
                children = Path(f"/proc/{current}/task/{task}/children").read_text()
                todo += [int(child) for child in children.split()]
        except (OSError, ValueError, IndexError):
            continue  # it ended while we looked
    return total


@dataclass
class Measured:
    seconds: float
    peak_kib: int
    peak_pss_kib: int = 0


def measure(command: list[str], cwd: Path, env: dict[str, str], log: Path) -> Measured:
    """Run `command` to its end: wall seconds and the peak RSS of its process tree."""
    peak, done = [0, 0], threading.Event()
    with log.open("wb") as output:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=output, stderr=output)

        def sample() -> None:
            ticks = 0
            while not done.wait(RSS_EVERY):
                peak[0] = max(peak[0], tree_rss_kib(process.pid))
                if ticks % PSS_EVERY == 0:
                    peak[1] = max(peak[1], tree_rss_kib(process.pid, pss=True))
                ticks += 1

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        done.set()
        sampler.join()
        process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        tail = log.read_text(errors="replace")[-3000:]
        sys.exit(f"{' '.join(command)} failed ({process.returncode}):\n{tail}")
    return Measured(seconds, max(peak[0], usage.ru_maxrss), peak[1])


def same_tree(a: Path, b: Path) -> bool:
    """Whether two folders hold the same files with the same bytes."""
    files_a = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    return files_a == files_b and all((a / f).read_bytes() == (b / f).read_bytes() for f in files_a)


# --- the four builds ---


@dataclass
class Tool:
    name: str
    command: Callable[[Path], list[str]]  # the command that builds into this folder
    cwd: Path
    env: dict[str, str]


def tools(tmp: Path, corpus: Path, sources: dict[str, Path]) -> list[Tool]:
    python = sys.executable
    site_env = {
        **this_tree(os.environ),
        "BANGKIT_CONTENT_DIR": str(corpus),
        "BANGKIT_INSTANCE_PATH": str(tmp / "instance"),
        "BANGKIT_SECRET_KEY": "bench",
        "BANGKIT_SITE_URL": "https://bangkit.example",  # freeze.py refuses a local address
    }
    version = json.loads((ELEVENTY / "package.json").read_text())["version"]
    eleventy = ["node", str(ELEVENTY / "cmd.cjs"), "--quiet"]
    hugo_version = subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout
    hugo_version = hugo_version.split()[1].split("+")[0].lstrip("v") if hugo_version else ""
    return [
        Tool(
            "`freeze.py` (with .gz/.br)",
            lambda out: [python, "freeze.py", "--out", str(out)],
            ROOT,
            site_env,
        ),
        Tool(
            "freeze without .gz/.br",
            lambda out: [python, "-c", FREEZE_WITHOUT, str(out)],
            ROOT,
            site_env,
        ),
        Tool(
            f"Eleventy {version}",
            lambda out: [*eleventy, f"--output={out}"],
            sources["eleventy"],
            dict(os.environ),
        ),
        Tool(
            f"Hugo {hugo_version} (Debian)",
            lambda out: [
                "hugo",
                "--quiet",
                "--source",
                str(sources["hugo"]),
                "--destination",
                str(out),
                "--cacheDir",
                str(out.parent / (out.name + "-cache")),
            ],
            sources["hugo"],
            dict(os.environ),
        ),
    ]


def ratio(value: float, anchor: float) -> str:
    return f"{value / anchor:.2f}"


def rows_of(
    results: dict[str, list[Measured]],
    files: dict[str, int],
    anchors: tuple[float, float],
    extra: dict[str, str] | None = None,
) -> list[tuple[object, ...]]:
    """Table rows: medians, and ratios to Eleventy's and Hugo's cold builds."""
    rows = []
    for name, found in results.items():
        seconds = median([m.seconds for m in found])
        row: tuple[object, ...] = (
            name,
            f"{files[name]:,}",
            f"{seconds:.2f}",
            ratio(seconds, anchors[0]),
            ratio(seconds, anchors[1]),
            f"{median([m.peak_kib for m in found]) / 1024:.0f}",
            f"{median([m.peak_pss_kib for m in found]) / 1024:.0f}",
        )
        rows.append(row + ((extra[name],) if extra is not None else ()))
    return rows


def count_files(folder: Path) -> int:
    return sum(1 for p in folder.rglob("*") if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=4000, help="pages in the corpus")
    parser.add_argument("--runs", type=int, default=3, help="cold builds (and rebuilds) per tool")
    args = parser.parse_args()
    if not shutil.which("hugo"):
        sys.exit("hugo is missing: apt-get install hugo")
    if not (ELEVENTY / "cmd.cjs").exists() or not shutil.which("node"):
        sys.exit("Eleventy is missing: npm ci (it is pinned in package.json)")

    print(f"Anchors: {machine()}", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-anchors-", dir=scratch()) as name:
        tmp = Path(name)
        corpus = tmp / "content"
        pages = make_corpus(corpus, args.size)
        sources = write_sources(plain_pages(corpus), tmp / "sources")
        changed = page_to_change(corpus)
        builds = tools(tmp, corpus, sources)
        cold: dict[str, list[Measured]] = {t.name: [] for t in builds}
        again: dict[str, list[Measured]] = {t.name: [] for t in builds}
        files: dict[str, int] = {}
        matches: dict[str, list[bool]] = {t.name: [] for t in builds}
        previous: dict[str, Path] = {}
        for run in range(args.runs):
            # The order turns each run, so drift on the shared machine touches every tool alike.
            order = builds[run % len(builds) :] + builds[: run % len(builds)]
            outs = {t.name: tmp / "out" / f"{builds.index(t)}-run{run}" for t in order}
            for tool in order:
                out = outs[tool.name]
                log = tmp / f"{out.name}.log"
                cold[tool.name].append(measure(tool.command(out), tool.cwd, tool.env, log))
                files.setdefault(tool.name, count_files(out))
                if tool.name in previous:  # a rebuild next to the cold build of the same corpus
                    rebuilt = previous.pop(tool.name)
                    matches[tool.name].append(same_tree(rebuilt, out))
                    shutil.rmtree(rebuilt)
            change_page(corpus, sources, changed, run)
            for tool in order:
                out = outs[tool.name]
                log = tmp / f"{out.name}-again.log"
                again[tool.name].append(measure(tool.command(out), tool.cwd, tool.env, log))
                previous[tool.name] = out
            done = ", ".join(f"{t.name} {cold[t.name][-1].seconds:.1f} s" for t in builds)
            print(f"run {run + 1}/{args.runs} cold: {done}", file=sys.stderr, flush=True)
        anchors = (
            median([m.seconds for m in cold[builds[2].name]]),
            median([m.seconds for m in cold[builds[3].name]]),
        )
        headers = ("build", "files", "wall s", "÷ Eleventy", "÷ Hugo", "peak MiB", "peak PSS MiB")
        print(f"\nCold builds of {pages:,} pages, median of {args.runs} (outputs on {scratch()}):")
        print(table(headers, rows_of(cold, files, anchors)))
        same = {
            name: f"{sum(found)} of {len(found)}" if found else "not checked"
            for name, found in matches.items()
        }
        print(f"\nAfter one change ({changed}), into the output of the cold build:")
        print(
            table(
                (*headers[:3], "÷ Eleventy cold", "÷ Hugo cold", *headers[5:], "= cold"),
                rows_of(again, files, anchors, same),
            )
        )
        print(
            f"\n= cold: the rebuild matched the next run's cold build, file by file. "
            f"Load at the end {os.getloadavg()[0]:.1f}."
        )


if __name__ == "__main__":
    main()
