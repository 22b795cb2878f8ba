"""The rule figures of content/rules/jkp-numbers.yaml: read once, written the way each language
writes them, and put into page texts wherever `{{ name }}` stands. Knows nothing of Flask.

One figure, one line in one file: when a rule changes, the pages, the checker and the calculator
all change with that one edit.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import yaml
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

from bangkit.errors import ContentError
from bangkit.frontmatter import load_yaml

FILE = Path("rules") / "jkp-numbers.yaml"  # inside the content folder
# {{ name }}: lower-case letters, digits and '-', spaces inside the braces allowed.
PLACEHOLDER = re.compile(r"\{\{\s*([a-z0-9-]+)\s*\}\}")
KINDS = ("percent", "rupiah", "count", "date", "text")
LANGS = ("id", "en")


def rupiah(amount: Decimal | int) -> str:
    """An amount written the Indonesian way, in either language: Rp3.000.000."""
    return format_currency(amount, "IDR", locale="id_ID")


@dataclass(frozen=True)
class Figure:
    """One figure: its value, how it is written, the rule it comes from and its sources."""

    name: str
    kind: str
    value: Any  # Decimal (percent, rupiah), int (count), date, or {lang: text}
    rule: str = ""
    sources: tuple[str, ...] = ()

    @property
    def number(self) -> Decimal:
        """The value to compute with: a percent as a fraction (60 -> 0.60)."""
        if self.kind == "percent":
            return Decimal(self.value) / 100
        return Decimal(self.value)

    def text(self, lang: str) -> str:
        """The figure as the page writes it in `lang`."""
        if self.kind == "percent":
            # 60 -> "60%"; a fraction of a percent always with two decimals: "0,10%", "0.36%".
            whole = self.value == self.value.to_integral_value()
            return format_decimal(self.value, "#,##0" if whole else "#,##0.00", locale=lang) + "%"
        if self.kind == "rupiah":
            return rupiah(self.value)
        if self.kind == "date":
            return format_date(self.value, "d MMMM y", locale=lang)
        if self.kind == "text":
            return str(self.value[lang])
        return str(self.value)


@dataclass(frozen=True)
class Figures:
    file: str
    checked: dt.date
    figures: dict[str, Figure]

    def __getitem__(self, name: str) -> Figure:
        return self.figures[name]

    def fill(self, text: str, lang: str, where: str) -> str:
        """Put each figure's text where `{{ name }}` stands; an unknown name is an error."""

        def one(match: re.Match[str]) -> str:
            name = match[1]
            if name not in self.figures:
                raise ContentError(f"{where}: {{{{ {name} }}}}: no figure '{name}' in {self.file}")
            return self.figures[name].text(lang)

        return PLACEHOLDER.sub(one, text) if "{{" in text else text  # most texts have none


def load_figures(content_dir: str | Path) -> Figures:
    """Read and check content/rules/jkp-numbers.yaml; a mistake names the file and the figure."""
    path = Path(content_dir) / FILE
    name = path.as_posix()
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ContentError(f"{name}: cannot be read: {error}") from None
    if not isinstance(data, dict) or set(data) != {"checked", "figures"}:
        raise ContentError(f"{name}: must have exactly 'checked' and 'figures'")
    if not isinstance(data["checked"], dt.date):
        raise ContentError(f"{name}: checked: must be a date written YYYY-MM-DD")
    if not isinstance(data["figures"], dict) or not data["figures"]:
        raise ContentError(f"{name}: figures: must be a list of 'name: {{...}}' entries")
    figures: dict[str, Figure] = {}
    for key, entry in data["figures"].items():
        where = f"{name}: figure '{key}'"
        if not isinstance(key, str) or not PLACEHOLDER.fullmatch("{{" + key + "}}"):
            raise ContentError(f"{where}: a name is lower-case letters, digits and '-'")
        figures[key] = _figure(key, entry, where, figures)
    return Figures(name, data["checked"], figures)


def _figure(key: str, entry: Any, where: str, known: Mapping[str, Figure]) -> Figure:
    if not isinstance(entry, dict):
        raise ContentError(f"{where}: must be 'field: value' lines")
    unknown = set(entry) - {"kind", "value", "product", "rule", "sources"}
    if unknown:
        raise ContentError(f"{where}: unknown field '{sorted(unknown)[0]}'")
    kind = entry.get("kind")
    if kind not in KINDS:
        raise ContentError(f"{where}: kind: must be one of {', '.join(KINDS)}")
    if ("value" in entry) == ("product" in entry):
        raise ContentError(f"{where}: give either 'value' or 'product'")
    value = _product(entry["product"], where, known) if "product" in entry else entry["value"]
    value = _checked_value(kind, value, where)
    sources = entry.get("sources", [])
    if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
        raise ContentError(f"{where}: sources: must be a list of texts")
    if "product" not in entry and not sources:
        raise ContentError(f"{where}: sources: a figure needs at least one source")
    return Figure(key, kind, value, str(entry.get("rule", "")), tuple(sources))


def _product(names: Any, where: str, known: Mapping[str, Figure]) -> Decimal:
    """A figure worked out from others, rounded to the rupiah as JKP cash is paid."""
    if not isinstance(names, list) or len(names) < 2:
        raise ContentError(f"{where}: product: must list two or more figures above it")
    total = Decimal(1)
    for other in names:
        if other not in known:
            raise ContentError(f"{where}: product: no figure '{other}' above it")
        total *= known[other].number
    return total.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def _checked_value(kind: str, value: Any, where: str) -> Any:
    if kind == "date":
        if not isinstance(value, dt.date):
            raise ContentError(f"{where}: value: must be a date written YYYY-MM-DD")
        return value
    if kind == "text":
        if isinstance(value, str):
            value = {lang: value for lang in LANGS}
        if not isinstance(value, dict) or set(value) != set(LANGS):
            raise ContentError(f"{where}: value: a text, or one text for each of id and en")
        return value
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise ContentError(f"{where}: value: must be a number")
    number = Decimal(str(value))
    if kind == "count":
        if number != number.to_integral_value() or number < 0:
            raise ContentError(f"{where}: value: a count is a whole number")
        return int(number)
    return number
