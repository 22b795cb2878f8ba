"""How fast the site freezes: a synthetic corpus of Markdown pages, frozen with the real app.

Usage: bench/freeze [--sizes 1000 4000] [--runs 3]
Each corpus is the real content/ (so every page the templates name exists) plus synthetic pages
in both languages (~600 words, headings, a table, links between pages) up to the size, in a
temporary folder (tmpfs when there is one). Each freeze runs in its own process, which reports its
time and peak memory; the table gives medians. "per request" is the same app with the Markdown
read and rendered on every request (bench/variants.py), the baseline for rendering once.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, machine, median, scratch, table

MODES = ("once", "per request")
PER_SECTION = 50
WORDS = {
    "id": (
        "pekerja pelatihan manfaat klaim syarat upah bulan peserta program kejuruan balai "
        "sertifikat kompetensi las listrik pendingin komputer jaringan hotel dapur pelayanan "
        "informasi daftar jadwal kelas praktik instruktur keterampilan kerja baru usaha gaji "
        "iuran jaminan kehilangan pekerjaan perusahaan serikat keluarga rumah kota hari waktu"
    ).split(),
    "en": (
        "worker training benefit claim requirement wage month participant programme workshop "
        "centre certificate competence welding electrical cooling computer network hotel kitchen "
        "service information register schedule class practice instructor skill work new business "
        "salary contribution insurance job loss company union family home city day time"
    ).split(),
}
LABELS = {
    "id": {"top": "arsip", "part": "bagian", "page": "halaman", "title": "Arsip"},
    "en": {"top": "archive", "part": "part", "page": "page", "title": "Archive"},
}


def _sentence(rng: random.Random, lang: str) -> str:
    words = rng.choices(WORDS[lang], k=rng.randint(8, 14))
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random, lang: str, sentences: int = 5) -> str:
    return " ".join(_sentence(rng, lang) for _ in range(sentences))


def _front(title: str, key: str, order: int, layout: str = "page") -> str:
    return (
        f'---\ntitle: "{title}"\ndescription: "{title}: synthetic page for the benchmark."\n'
        f"key: {key}\nchecked: 2025-06-01\nlayout: {layout}\norder: {order}\n---\n"
    )


def _body(rng: random.Random, lang: str, links: list[tuple[str, str]]) -> str:
    """About 600 words: sections with headings, a table, and links to other pages."""
    rows = "\n".join(f"| {_sentence(rng, lang)} | {rng.randint(1, 99)} | {i} |" for i in range(5))
    parts = [
        _paragraph(rng, lang),
        f"## {_sentence(rng, lang)[:-1]}",
        _paragraph(rng, lang),
        _paragraph(rng, lang),
        f"### {_sentence(rng, lang)[:-1]}",
        _paragraph(rng, lang),
        f"| {WORDS[lang][0]} | {WORDS[lang][1]} | no |\n|---|---:|---:|\n{rows}",
        f"## {_sentence(rng, lang)[:-1]}",
        _paragraph(rng, lang),
        "\n".join(f"- [{text}]({target})" for text, target in links),
        f"## {_sentence(rng, lang)[:-1]}",
        _paragraph(rng, lang),
    ]
    return "\n\n".join(parts) + "\n"


def make_corpus(folder: Path, size: int) -> int:
    """Copy content/ and add synthetic pages until it holds `size` pages; return how many."""
    shutil.copytree(ROOT / "content", folder)
    real = sum(1 for lang in WORDS for _ in (folder / lang).rglob("*.md"))
    per_lang = max(0, (size - real) // 2)  # top index + section indexes + pages
    pages = per_lang - 1
    while pages + math.ceil(pages / PER_SECTION) + 1 > per_lang:
        pages -= 1
    sections = math.ceil(pages / PER_SECTION)
    for lang, names in LABELS.items():
        rng = random.Random(lang)  # the same corpus on every run
        top = folder / lang / names["top"]
        top.mkdir(parents=True)
        (top / "index.md").write_text(
            _front(names["title"], "bench", 900, "section") + _paragraph(rng, lang)
        )
        for s in range(sections):
            part = f"{names['part']}-{s + 1:03d}"
            (top / part).mkdir()
            (top / part / "index.md").write_text(
                _front(f"{names['title']} {s + 1}", f"bench-{s + 1:03d}", s, "section")
                + _paragraph(rng, lang)
            )
        for n in range(pages):
            s, name = n // PER_SECTION, f"{names['page']}-{n + 1:05d}.md"
            other = (n + PER_SECTION) % pages  # a page in another section
            links = [
                ("index", "index.md"),
                ("jkp", "../../jkp/index.md"),
                ("next", f"{names['page']}-{(n + 1) % pages + 1:05d}.md"),
                (
                    "other",
                    f"../{names['part']}-{other // PER_SECTION + 1:03d}/"
                    f"{names['page']}-{other + 1:05d}.md",
                ),
            ]
            if (n + 1) % PER_SECTION == 0 or n + 1 == pages:  # next is in the next section
                links[2] = ("next", f"../{names['part']}-{(s + 1) % sections + 1:03d}/index.md")
            title = f"{names['title']} {n + 1}: {_sentence(rng, lang)[:40].rstrip('.')}"
            (top / f"{names['part']}-{s + 1:03d}" / name).write_text(
                _front(title, f"bench-page-{n + 1:05d}", n) + _body(rng, lang, links)
            )
    return sum(1 for lang in WORDS for _ in (folder / lang).rglob("*.md"))


def child(corpus: str, out: str, mode: str) -> None:
    """One freeze in this process; print its seconds, files and peak memory as JSON."""
    from variants import rendering_per_request

    import freeze as freezing
    from bangkit import create_app

    if mode == "per request":
        freezing.create_app = lambda config: rendering_per_request(create_app(config))
    config = {"CONTENT_DIR": corpus, "BUILD_DIR": out, "SECRET_KEY": "bench"}
    started = time.perf_counter()
    files, _ = freezing.freeze(config, quiet=True, compress=False)
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    freezing.precompress(Path(out))
    compress = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "files": files, "peak_kb": peak_kb, "gz_br": compress}))


def run(corpus: Path, out: Path, mode: str) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--child", str(corpus), str(out), mode],
        capture_output=True,
        text=True,
        timeout=1800,
    )
    if done.returncode:
        sys.exit(f"freeze failed ({mode}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 4000])
    parser.add_argument("--runs", type=int, default=3, help="freezes per size and mode")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return

    print(f"Freeze speed; {machine()}; median of {args.runs} runs; output on {scratch()}")
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-freeze-", dir=scratch()) as tmp:
        for size in args.sizes:
            corpus = Path(tmp) / f"content-{size}"
            pages = make_corpus(corpus, size)
            results: dict[str, list[dict]] = {mode: [] for mode in MODES}
            for i in range(args.runs):  # the modes alternate, so drift touches both alike
                for mode in MODES:
                    out = Path(tmp) / f"build-{size}-{i}-{mode.replace(' ', '-')}"
                    results[mode].append(run(corpus, out, mode))
                    shutil.rmtree(out)
            once = median([r["seconds"] for r in results["once"]])
            for mode in MODES:
                seconds = median([r["seconds"] for r in results[mode]])
                rows.append(
                    (
                        f"{pages:,}",
                        f"{results[mode][0]['files']:,}",
                        mode,
                        f"{seconds:.1f}",
                        f"{pages / seconds:.0f}",
                        f"{seconds / once:.2f}×",
                        f"{median([r['peak_kb'] for r in results[mode]]) / 1024:.0f}",
                        f"{median([r['gz_br'] for r in results[mode]]):.1f}",
                    )
                )
            print(table(HEADERS, rows[-2:]), flush=True)
            shutil.rmtree(corpus)
    print("\nAll sizes:")
    print(table(HEADERS, rows))


HEADERS = (
    "pages",
    "files",
    "Markdown rendered",
    "s",
    "pages/s",
    "time ÷ once",
    "peak MB",
    "+ .gz/.br s",
)

if __name__ == "__main__":
    main()
