"""The JKP tools: the eligibility checker (one page per step) and the benefit calculator."""

from __future__ import annotations

from collections.abc import Iterator

from flask import Blueprint, Response, abort, current_app, g, render_template, request
from flask_babel import gettext as _

from bangkit import htmx
from bangkit.content import LANGS
from bangkit.extensions import site
from bangkit.i18n import route
from bangkit.jkp.benefit import (
    EXAMPLES,
    LARGEST,
    REASONS,
    SMALLEST,
    Benefit,
    CashRule,
    WageError,
    benefit,
    parse_wage,
    rupiah,
)
from bangkit.jkp.rules import Rules, Step
from bangkit.render import same_for_everyone
from bangkit.urls import page_url, url

bp = Blueprint("jkp", __name__)

TOOL_ENDPOINTS = {"checker": "jkp.checker", "calculator": "jkp.calculator"}
WAGE_FIELD = {"id": "upah", "en": "wage"}  # the query parameter, in the page's language
BENEFITS_PAGE = "jkp-benefits"  # the content page whose sources back the calculator


def rules() -> Rules:
    """The checker's rules, loaded at start-up."""
    return current_app.extensions["bangkit.checker"]


@route(bp, {"id": "/jkp/cek/", "en": "/en/jkp/check/"}, defaults={"slug": None})
@route(bp, {"id": "/jkp/cek/<slug>/", "en": "/en/jkp/check/<slug>/"})
@same_for_everyone
def checker(lang: str, slug: str | None) -> str:
    """One step of the checker: a question answered by tapping a link, or a result."""
    node = rules().find(lang, slug)
    if node is None:
        abort(404)
    g.alternates = {lg: ("jkp.checker", {"slug": node.slug.get(lg)}) for lg in LANGS}
    return render_template(
        "jkp/checker.html",
        node=node,
        rules=rules(),
        lang=lang,
        node_url=_node_url,
        step_url=_step_url,
    )


def _node_url(lang: str, name: str) -> str:
    return url("jkp.checker", lang=lang, slug=rules().nodes[name].slug.get(lang))


def _step_url(lang: str, step: Step) -> str | None:
    if step.page:
        return page_url(lang, step.page)
    if step.tool:
        return url(TOOL_ENDPOINTS[step.tool], lang=lang)
    return step.url


@route(bp, {"id": "/jkp/hitung/", "en": "/en/jkp/calculate/"})
def calculator(lang: str) -> Response:
    """The benefit for the wage typed in (a GET form); htmx gets just the calculator part."""
    field = WAGE_FIELD[lang]
    typed = request.args.get(field)
    figures = site().figures
    cash = CashRule.of(figures)
    result = error = None
    if typed is not None:
        try:
            result = benefit(parse_wage(typed), cash)
        except WageError as problem:
            error = _message(problem.reason)
    source = site().by_key.get((lang, BENEFITS_PAGE))
    rule = {
        name: figures[figure].text(lang)
        for name, figure in (
            ("rate", "cash-rate"),
            ("cap", "wage-cap"),
            ("months", "benefit-months"),
            ("most", "most-monthly"),
            ("regulation", "regulation"),
        )
    }
    # Local minimum wages against the cap: what most readers' JKP comes to (issue 12, b).
    minimum = {
        name: figures[figure].text(lang)
        for name, figure in (
            ("year", "minimum-wage-year"),
            ("kota_bekasi", "minimum-wage-kota-bekasi"),
            ("kabupaten_bekasi", "minimum-wage-kabupaten-bekasi"),
            ("karawang", "minimum-wage-karawang"),
        )
    }
    heading = _("How much JKP cash would you get?")
    response = htmx.render(
        "jkp/calculator.html",
        "jkp/_calculator.html",
        422 if error else 200,
        lang=lang,
        field=field,
        typed=typed or "",
        error=error,
        result=result and _shown(result),
        examples=[_shown(benefit(wage, cash)) for wage in EXAMPLES],
        rule=rule,
        minimum=minimum,
        heading=heading,
        title=f"{_('Error:')} {heading}" if error else heading,
        description=_(
            "Work out the JKP cash benefit for your wage: %(rate)s of the wage, capped, for up "
            "to %(months)s months.",
            **rule,
        ),
        source=source,
        numbers={
            "rate": cash.rate,
            "cap": cash.cap,
            "months": cash.months,
            "smallest": SMALLEST,
            "largest": LARGEST,
        },
        messages={reason: _message(reason) for reason in REASONS},
    )
    if typed is not None:
        # The wage stays between the reader and this answer: no cache keeps it, no link leaks it.
        response.headers["Cache-Control"] = "no-store"
        response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _shown(b: Benefit) -> dict[str, object]:
    """A benefit with its amounts written the Indonesian way."""
    return {
        "wage": rupiah(b.wage),
        "base": rupiah(b.base),
        "monthly": rupiah(b.monthly),
        "total": rupiah(b.total),
        "capped": b.capped,
    }


def _message(reason: str) -> str:
    """What to tell the reader about input that is not a usable monthly wage."""
    return {
        "empty": _("Type your monthly wage, for example 3.500.000."),
        "unreadable": _(
            "We could not read that as an amount. Write the wage in figures, for example "
            "3.500.000 or 3,5 juta."
        ),
        "zero": _("The wage must be more than zero."),
        "negative": _("The wage cannot be below zero. Write it without a minus sign."),
        "too-small": _(
            "That is very small for a monthly wage. Write the whole amount in rupiah, for "
            "example 3.500.000 or 3,5 juta."
        ),
        "too-large": _(
            "That is more than a thousand million rupiah a month. Check the number of zeros."
        ),
    }[reason]


def frozen_urls() -> Iterator[tuple[str, dict[str, str | None]]]:
    """Every checker step and the calculator, in both languages, for freeze.py."""
    for lang in LANGS:
        for node in rules().nodes.values():
            yield "jkp.checker", {"lang": lang, "slug": node.slug.get(lang)}
        yield "jkp.calculator", {"lang": lang}
