"""A synthetic content folder for bench/freeze: the real content/ plus generated pages.

The real pages make sure every page the templates and blueprints name exists; the generated ones,
in both languages, have ~600 words, headings, a table, and links to other pages by file.
"""

from __future__ import annotations

import math
import random
import re
import shutil
from pathlib import Path

from common import ROOT

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


def _front(title: str, key: str, order: int, checked: str, layout: str = "page") -> str:
    return (
        f'---\ntitle: "{title}"\ndescription: "{title}: synthetic page for the benchmark."\n'
        f"key: {key}\nchecked: {checked}\nlayout: {layout}\norder: {order}\n---\n"
    )


def _newest_check(folder: Path) -> str:
    """The latest `checked` date of the real pages: the synthetic ones are as fresh, so a
    freeze warns about them only when it would warn about the real content too."""
    dates = (re.findall(r"^checked: (\S+)$", p.read_text(), re.M) for p in folder.rglob("*.md"))
    return max(d for found in dates for d in found)


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
    checked = _newest_check(folder)
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
            _front(names["title"], "bench", 900, checked, "section") + _paragraph(rng, lang)
        )
        for s in range(sections):
            part = f"{names['part']}-{s + 1:03d}"
            (top / part).mkdir()
            (top / part / "index.md").write_text(
                _front(f"{names['title']} {s + 1}", f"bench-{s + 1:03d}", s, checked, "section")
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
                _front(title, f"bench-page-{n + 1:05d}", n, checked) + _body(rng, lang, links)
            )
    return sum(1 for lang in WORDS for _ in (folder / lang).rglob("*.md"))
