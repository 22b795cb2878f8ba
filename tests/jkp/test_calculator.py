"""The JKP benefit calculator: reading wages, the numbers, and the page live and frozen."""

from __future__ import annotations

import gzip
import re
from decimal import Decimal
from pathlib import Path

import pytest
from flask import Flask

from bangkit.jkp.benefit import WageError, benefit, parse_wage, rupiah

# wage -> (monthly cash, total for 6 months, capped): below, at and above the Rp5.000.000 cap
NUMBERS = [
    (1_000_000, 600_000, 3_600_000, False),
    (3_500_000, 2_100_000, 12_600_000, False),
    (4_000_000, 2_400_000, 14_400_000, False),
    (4_999_999, 2_999_999, 17_999_994, False),  # 2.999.999,4 rounds to the rupiah
    (5_000_000, 3_000_000, 18_000_000, False),
    (5_000_001, 3_000_000, 18_000_000, True),
    (7_000_000, 3_000_000, 18_000_000, True),
    (25_000_000, 3_000_000, 18_000_000, True),
]


@pytest.mark.parametrize(("wage", "monthly", "total", "capped"), NUMBERS)
def test_the_benefit_is_60_percent_of_the_capped_wage_for_6_months(
    wage: int, monthly: int, total: int, capped: bool
) -> None:
    b = benefit(Decimal(wage))
    assert (b.monthly, b.total, b.capped) == (monthly, total, capped)
    assert b.base == min(wage, 5_000_000)


FORMATS = [
    "3500000",
    "3.500.000",
    "3,5 juta",
    "3.5 juta",
    "3,5jt",
    "3500 ribu",
    "Rp 3500000",
    "Rp3.500.000",
    "Rp3.500.000,00",
    "Rp 3.500.000,-",
    "IDR 3.500.000",
    "3,500,000",
    "  3 500 000 ",
    "RP. 3.500.000",
]


@pytest.mark.parametrize("typed", FORMATS)
def test_each_way_of_writing_a_wage_is_understood(typed: str) -> None:
    assert parse_wage(typed) == 3_500_000


BAD = [
    ("", "empty"),
    ("   ", "empty"),
    ("0", "zero"),
    ("Rp 0", "zero"),
    ("-3000000", "negative"),
    ("Rp -3.500.000", "negative"),
    ("tiga juta", "unreadable"),
    ("abc", "unreadable"),
    ("3.50.000", "unreadable"),
    ("3500", "too-small"),
    ("3,5", "too-small"),
    ("2.000.000.000", "too-large"),
    ("99999999999999999999", "too-large"),
]


@pytest.mark.parametrize(("typed", "reason"), BAD)
def test_input_that_is_not_a_wage_says_why(typed: str, reason: str) -> None:
    with pytest.raises(WageError) as error:
        parse_wage(typed)
    assert error.value.reason == reason


def test_amounts_are_written_the_indonesian_way() -> None:
    assert rupiah(Decimal(3_000_000)) == "Rp3.000.000"
    assert rupiah(18_000_000) == "Rp18.000.000"


def _answer(html: str) -> dict[str, str]:
    """The amounts shown: wage, monthly and total."""
    return dict(re.findall(r'data-slot="(wage|monthly|total)">([^<]*)<', html))


@pytest.mark.parametrize(
    ("url", "wage", "monthly", "total"),
    [
        ("/jkp/hitung/?upah=3%2C5+juta", "Rp3.500.000", "Rp2.100.000", "Rp12.600.000"),
        ("/en/jkp/calculate/?wage=Rp+7.000.000", "Rp7.000.000", "Rp3.000.000", "Rp18.000.000"),
    ],
)
def test_the_live_form_answers_without_javascript(
    client,
    url: str,
    wage: str,
    monthly: str,
    total: str,  # noqa: ANN001
) -> None:
    response = client.get(url)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert _answer(html) == {"wage": wage, "monthly": monthly, "total": total}
    assert ('data-slot="cap">' in html) == (wage == "Rp7.000.000")  # the cap note, only if capped
    assert 'method="get"' in html and "<table>" in html
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/jkp/hitung/?upah=", "Tulis upah bulanan Anda"),
        ("/jkp/hitung/?upah=0", "Upah harus lebih dari nol"),
        ("/jkp/hitung/?upah=-5000000", "Upah tidak bisa di bawah nol"),
        ("/jkp/hitung/?upah=sepuluh+juta", "Kami tidak bisa membacanya"),
        ("/jkp/hitung/?upah=3500", "terlalu kecil"),
        ("/en/jkp/calculate/?wage=9000000000000", "more than a thousand million"),
        ("/en/jkp/calculate/?wage=%3Cb%3Eten%3C%2Fb%3E", "We could not read that"),
    ],
)
def test_bad_input_gets_a_clear_message_and_keeps_what_was_typed(
    client,
    url: str,
    message: str,  # noqa: ANN001
) -> None:
    response = client.get(url)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html
    assert html.count(message) == 2  # in the summary at the top and at the field
    typed = url.split("=", 1)[1]
    if typed == "%3Cb%3Eten%3C%2Fb%3E":
        assert 'value="&lt;b&gt;ten&lt;/b&gt;"' in html  # shown back, escaped
    assert 'aria-invalid="true"' in html and 'aria-describedby="wage-hint wage-error"' in html
    assert re.search(r"<title>(Kesalahan|Error):", html)
    assert "data-slot" in html and '<div class="benefit" hidden>' in html


def test_htmx_gets_only_the_calculator_and_the_same_url_varies_on_it(client) -> None:  # noqa: ANN001
    response = client.get("/jkp/hitung/?upah=4000000", headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert "HX-Request" in response.headers["Vary"]
    assert "<html" not in html and html.count('id="calculator"') == 1
    assert _answer(html)["monthly"] == "Rp2.400.000"
    full = client.get("/jkp/hitung/?upah=4000000")
    assert "<html" in full.get_data(as_text=True) and "HX-Request" in full.headers["Vary"]


@pytest.mark.slow
def test_the_frozen_page_has_the_examples_and_a_script_instead_of_a_dead_form(
    build: Path,
) -> None:
    html = (build / "jkp" / "hitung" / "index.html").read_text()
    assert re.search(r'<form id="calc"[^>]* hidden', html)  # JavaScript shows it
    assert 'data-cap="5000000"' in html and 'data-msg-empty="Tulis upah' in html
    assert re.search(r'<script src="../../static/calculator.js\?v=\w+" defer></script>', html)
    assert "<script>" not in html and "htmx" not in html  # no inline script, no htmx
    rows = re.findall(r"<tr><td>(Rp[\d.]+)</td><td>(Rp[\d.]+)[^<]*</td><td>(Rp[\d.]+)</td>", html)
    assert ("Rp4.000.000", "Rp4.000.000", "Rp2.400.000") in rows
    assert ("Rp8.000.000", "Rp5.000.000", "Rp3.000.000") in rows  # above the cap
    assert (build / "en" / "jkp" / "calculate" / "index.html").is_file()


def _gzipped(*files: Path) -> int:
    return sum(len(gzip.compress(f.read_bytes(), 9)) for f in files)


@pytest.mark.slow
def test_the_tools_stay_within_the_page_budget(build: Path, real_app: Flask) -> None:
    static = build / "static"
    css = static / "style.css"
    rules = real_app.extensions["bangkit.checker"]
    for node in rules.nodes.values():
        slug = node.slug.get("id")
        page = build / "jkp" / "cek" / (f"{slug}/index.html" if slug else "index.html")
        assert _gzipped(page, css) <= 14 * 1024, page
    calculator = build / "jkp" / "hitung" / "index.html"
    assert _gzipped(calculator, css, static / "form.css") <= 14 * 1024
    assert _gzipped(calculator, css, static / "form.css", static / "calculator.js") <= 32 * 1024
