"""The JKP cash benefit: read a wage as people write it, and work out the monthly and total cash.

The rule (PP 6/2025, Art. 21): a share of the last wage reported to BPJS Ketenagakerjaan, the wage
capped, for a number of months. The three figures are in content/rules/jkp-numbers.yaml
(cash-rate, wage-cap, benefit-months), read through bangkit.figures. Knows nothing of Flask.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from bangkit.figures import Figures, load_figures
from bangkit.figures import rupiah as rupiah  # re-exported: amounts are written with it here

# Outside these a typing slip is likelier than a real monthly wage ("3500" for 3.500.000).
SMALLEST = Decimal(100_000)
LARGEST = Decimal(1_000_000_000)

REASONS = ("empty", "unreadable", "zero", "negative", "too-small", "too-large")
EXAMPLES = tuple(
    Decimal(w)
    for w in (1_000_000, 2_000_000, 3_000_000, 4_000_000, 5_000_000, 6_000_000, 8_000_000)
)
UNITS = {"juta": 10**6, "jt": 10**6, "ribu": 10**3, "rb": 10**3}
# static/calculator.js reads wages with the same patterns: change both together.
_WAGE = re.compile(
    r"(?P<sign>[-−])?\s*(?:rp\.?|idr)?\s*(?P<minus>[-−])?\s*(?P<number>[0-9][0-9.,\s]*?)\s*"
    r"(?P<unit>juta|jt|ribu|rb)?\s*(?:,-|\.-)?"
)
# The number part: Indonesian grouping first (3.500.000,00), then English (3,500,000.00).
_FORMS = (
    (re.compile(r"[0-9]{1,3}(\.[0-9]{3})+(,[0-9]+)?"), ".", ","),
    (re.compile(r"[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?"), ",", "."),
    (re.compile(r"[0-9]+(,[0-9]+)?"), "", ","),
    (re.compile(r"[0-9]+(\.[0-9]+)?"), "", "."),
)


class WageError(ValueError):
    """Input that is not a usable monthly wage; `reason` says which kind."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # one of REASONS


@dataclass(frozen=True)
class CashRule:
    """The three figures the cash benefit is worked out from."""

    rate: Decimal  # a fraction: 0.6
    cap: Decimal
    months: int

    @classmethod
    def of(cls, figures: Figures) -> CashRule:
        """The rule as content/rules/jkp-numbers.yaml gives it."""
        return cls(
            figures["cash-rate"].number,
            figures["wage-cap"].number,
            int(figures["benefit-months"].value),
        )


@functools.cache
def default_rule() -> CashRule:
    """The rule in the site's own content/ (an app passes the one its CONTENT_DIR holds)."""
    return CashRule.of(load_figures(Path(__file__).resolve().parents[3] / "content"))


@dataclass(frozen=True)
class Benefit:
    wage: Decimal
    base: Decimal  # the wage the rule uses: the wage, or the cap
    monthly: Decimal
    total: Decimal

    @property
    def capped(self) -> bool:
        return self.base < self.wage


def parse_wage(text: str) -> Decimal:
    """Read "3.500.000", "3,5 juta", "Rp 3500000", "Rp3.500.000,00" and the like; or WageError."""
    cleaned = " ".join(text.lower().split())
    if not cleaned:
        raise WageError("empty")
    match = _WAGE.fullmatch(cleaned)
    if not match:
        raise WageError("unreadable")
    number = match["number"].replace(" ", "")
    form = next((f for f in _FORMS if f[0].fullmatch(number)), None)
    if form is None:
        raise WageError("unreadable")
    _pattern, group, decimal = form  # the patterns leave only digits and one decimal mark
    value = Decimal(number.replace(group, "").replace(decimal, "."))
    value *= UNITS.get(match["unit"] or "", 1)
    if match["sign"] or match["minus"]:
        raise WageError("zero" if value == 0 else "negative")
    if value == 0:
        raise WageError("zero")
    if value < SMALLEST:
        raise WageError("too-small")
    if value > LARGEST:
        raise WageError("too-large")
    return value


def benefit(wage: Decimal, rule: CashRule | None = None) -> Benefit:
    """The monthly cash (rounded to the rupiah, as it is paid) and the total for all the months."""
    rule = rule or default_rule()
    base = min(wage, rule.cap)
    monthly = (base * rule.rate).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return Benefit(wage, base, monthly, monthly * rule.months)
