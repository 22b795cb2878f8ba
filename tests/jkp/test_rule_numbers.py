"""The rule figures live in one file (content/rules/jkp-numbers.yaml): pages, the checker and the
calculator read them from there, and no page writes one by hand."""

from __future__ import annotations

import html
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from bangkit import create_app
from bangkit.content import FILLED, ContentError, load
from bangkit.figures import PLACEHOLDER, Figures, load_figures
from bangkit.jkp.benefit import CashRule, benefit
from bangkit.markdown import render
from support.paths import FIXTURE_CONTENT, REAL_CONTENT

FIGURES = load_figures(REAL_CONTENT)
# Month counts are checked everywhere but on the training pages, where months are course lengths.
COURSE_PAGES = ("pelatihan/", "training/")


def _number_forms(value: Decimal) -> list[str]:
    """A number as people write it: 0,36 and 0.36; 5.000.000 and 5,000,000."""
    whole = value == value.to_integral_value()
    if whole:
        n = int(value)
        return sorted({str(n), f"{n:,}".replace(",", "."), f"{n:,}"})
    text = f"{value:.2f}"
    return [text, text.replace(".", ",")]


def by_hand_patterns(figures: Figures) -> dict[str, list[re.Pattern[str]]]:
    """For each figure, the ways a page could write it by hand (rupiah, percent, age, months)."""
    found: dict[str, list[re.Pattern[str]]] = {}
    for name, f in figures.figures.items():
        forms: list[str] = []
        if f.kind == "rupiah":
            n = int(f.value)
            forms += [rf"(?<![\d.,]){re.escape(x)}(?![\d])" for x in _number_forms(Decimal(n))]
            if n % 100_000 == 0:
                juta = format((Decimal(n) / 1_000_000).normalize(), "f")  # "5", "2.4"
                for x in {juta, juta.replace(".", ",")}:
                    forms.append(rf"(?<![\d.,]){re.escape(x)}\s*(juta|jt|million)\b")
        elif f.kind == "percent":
            for x in _number_forms(Decimal(f.value)):
                forms.append(rf"(?<![\d.,]){re.escape(x)}\s*(%|persen|per ?cent)")
        elif name == "age-limit":
            forms.append(rf"\b{f.value}\b")
        elif f.kind == "count" and name.endswith(("-months", "-window")):
            forms.append(rf"\b{f.value}[\s-]*(bulan|months?)\b")
            if name == "benefit-months":
                forms += [rf"\bke-{f.value}\b", rf"\bmonths? \d+ to {f.value}\b"]
        found[name] = [re.compile(p, re.IGNORECASE) for p in forms]
    return found


PATTERNS = by_hand_patterns(FIGURES)
MONTHS = {n for n, f in FIGURES.figures.items() if f.kind == "count"} - {"age-limit"}


def written_by_hand(text: str, months: bool = True) -> list[str]:
    """The figures a text writes by hand: what is left once every {{ name }} is taken out."""
    bare = PLACEHOLDER.sub(" ", text)
    return sorted(
        f"{name}: {match.group(0)!r}"
        for name, patterns in PATTERNS.items()
        if months or name not in MONTHS
        for pattern in patterns
        for match in [pattern.search(bare)]
        if match
    )


def _visible(markdown: str) -> str:
    """The text a reader sees of a Markdown body (no link addresses, no tags)."""
    rendered = render(PLACEHOLDER.sub(" ", markdown))
    return html.unescape(re.sub(r"<[^>]+>", " ", rendered))


def _pages() -> list[tuple[str, dict, str]]:
    found = []
    for file in sorted(REAL_CONTENT.glob("*/**/*.md")):
        head, _, body = file.read_text(encoding="utf-8")[4:].partition("\n---\n")
        found.append((file.relative_to(REAL_CONTENT).as_posix(), yaml.safe_load(head), body))
    return found


@pytest.mark.parametrize(("name", "meta", "body"), _pages(), ids=[p[0] for p in _pages()])
def test_no_page_writes_a_rule_figure_by_hand(name: str, meta: dict, body: str) -> None:
    months = not name.split("/", 1)[1].startswith(COURSE_PAGES)
    texts = [_visible(body), *(str(meta[f]) for f in FILLED if f in meta)]
    problems = [p for text in texts for p in written_by_hand(text, months)]
    assert not problems, f"{name}: write these as {{{{ name }}}} (content/README.md): {problems}"


def test_no_page_names_the_date_of_the_rules_by_hand_where_it_labels_them() -> None:
    date = {lang: FIGURES["in-force"].text(lang) for lang in ("id", "en")}
    for name, meta, _ in _pages():
        label = str(meta.get("regulation", ""))
        assert date[name[:2]] not in label, f"{name}: regulation: write {{{{ in-force }}}}"


def _checker_texts(node: object) -> list[str]:
    """Every text of the checker's rules file, not its sources (titles quote the sources)."""
    if isinstance(node, dict):
        return [t for key, value in node.items() if key != "sources" for t in _checker_texts(value)]
    if isinstance(node, list):
        return [t for value in node for t in _checker_texts(value)]
    return [node] if isinstance(node, str) else []


def test_the_checker_writes_no_rule_figure_by_hand() -> None:
    data = yaml.safe_load((REAL_CONTENT / "rules" / "jkp-checker.yaml").read_text())
    problems = [p for text in _checker_texts(data["nodes"]) for p in written_by_hand(text)]
    problems += [p for text in _checker_texts(data["steps"]) for p in written_by_hand(text)]
    assert not problems, problems


def test_the_finder_catches_the_usual_ways_of_writing_a_figure() -> None:
    for text in (
        "upah paling tinggi Rp5.000.000",
        "a cap of Rp 5.000.000",
        "sampai 5 juta",
        "dapat 60% gaji",
        "60 persen",
        "iuran 0,36%",
        "0.36 percent",
        "di bawah 54 tahun",
        "paling lambat 6 bulan",
        "within 6 months",
        "a 6-month deadline",
        "bulan ke-6",
        "Rp2,4 juta",
        "Rp3.000.000 a month",
    ):
        assert written_by_hand(text), text
    for text in ("{{ wage-cap }}", "{{ cash-rate }} dari upah", "Rp20.000 per hari", "2025"):
        assert not written_by_hand(text), text


def test_the_calculator_and_the_file_agree() -> None:
    rule = CashRule.of(FIGURES)
    assert rule == CashRule(Decimal("0.6"), Decimal(5_000_000), 6)
    most = benefit(rule.cap, rule)
    assert most.monthly == FIGURES["most-monthly"].value
    assert most.total == FIGURES["most-total"].value


def test_a_rule_change_is_one_edit(tmp_path: Path) -> None:
    """Change cash-rate in the file: pages, the checker and the calculator all follow."""
    tree = Path(shutil.copytree(REAL_CONTENT, tmp_path / "content"))
    numbers = tree / "rules" / "jkp-numbers.yaml"
    text = numbers.read_text()
    assert "  cash-rate:\n    kind: percent\n    value: 60\n" in text
    numbers.write_text(text.replace("value: 60\n", "value: 70\n", 1))
    app = create_app(
        {"TESTING": True, "SECRET_KEY": "t", "CONTENT_DIR": str(tree), "DATABASE_URL": "sqlite://"}
    )
    client = app.test_client()
    benefits = client.get("/jkp/manfaat/").get_data(as_text=True)
    assert "70%" in benefits and "Rp3.500.000" in benefits  # 70% of Rp5.000.000
    calculator = client.get("/en/jkp/calculate/?wage=4000000").get_data(as_text=True)
    assert 'data-slot="monthly">Rp2.800.000<' in calculator
    checker = app.extensions["bangkit.checker"]
    assert any("70%" in p["id"] for n in checker.nodes.values() for p in n.why)


def test_an_unknown_figure_stops_the_site_naming_the_file(tmp_path: Path) -> None:
    tree = Path(shutil.copytree(FIXTURE_CONTENT, tmp_path / "content"))
    page = tree / "id" / "jkp.md"
    page.write_text(page.read_text() + "\nBatas: {{ wage-limit }}\n")
    with pytest.raises(ContentError, match=r"id/jkp.md: \{\{ wage-limit \}\}: no figure"):
        load(tree)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["figures"]["wage-cap"].pop("sources"), "figure 'wage-cap': sources"),
        (lambda d: d["figures"]["wage-cap"].update(kind="money"), "figure 'wage-cap': kind"),
        (lambda d: d["figures"]["wage-cap"].update(value="lima juta"), "must be a number"),
        (
            lambda d: d["figures"]["most-monthly"].update(product=["cash-rate", "nope"]),
            "figure 'most-monthly': product: no figure 'nope'",
        ),
    ],
)
def test_a_bad_figure_stops_the_site(tmp_path: Path, change, message: str) -> None:  # noqa: ANN001
    tree = Path(shutil.copytree(FIXTURE_CONTENT, tmp_path / "content"))
    numbers = tree / "rules" / "jkp-numbers.yaml"
    data = yaml.safe_load(numbers.read_text())
    change(data)
    numbers.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    with pytest.raises(ContentError, match=re.escape(message)):
        load_figures(tree)
