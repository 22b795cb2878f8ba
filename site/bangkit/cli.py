"""Staff commands until the staff pages exist: `flask enrolments export|count|by-ref`."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from typing import Any

import click
from flask.cli import AppGroup
from sqlalchemy import func, select

from bangkit.db import db
from bangkit.export import WIB, write_csv
from bangkit.models import Enrolment, Status

enrolments = AppGroup("enrolments", help="Export or count the pre-enrolments.")


def _start_of(day: dt.datetime) -> dt.datetime:
    # In UTC, as stored: SQLite keeps no zone, so a WIB time would compare 7 hours off.
    return day.replace(tzinfo=WIB).astimezone(dt.UTC)


@enrolments.command("export")
@click.argument("file", type=click.Path(dir_okay=False, writable=True))
@click.option("--workshop", help="Only this workshop (its key, e.g. las).")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="From this day (WIB), inclusive.")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="To this day (WIB), inclusive.")
def export(
    file: str, workshop: str | None, since: dt.datetime | None, until: dt.datetime | None
) -> None:
    """Write the enrolments to FILE as CSV (UTF-8 with BOM, formulas neutralised)."""
    query = select(Enrolment).order_by(Enrolment.created_at, Enrolment.id)
    if workshop:
        query = query.where(Enrolment.workshop == workshop)
    if since:
        query = query.where(Enrolment.created_at >= _start_of(since))
    if until:
        query = query.where(Enrolment.created_at < _start_of(until) + dt.timedelta(days=1))
    with open(file, "w", encoding="utf-8-sig", newline="") as out:
        count = write_csv(db.session.scalars(query), out)
    click.echo(f"wrote {count} enrolments to {file}")


@enrolments.command("count")
def count() -> None:
    """Print how many enrolments each workshop has, by status."""
    rows = db.session.execute(select(Enrolment.workshop, Enrolment.status)).all()
    counts = Counter((workshop, Status(status)) for workshop, status in rows)
    _print_table("workshop", counts, sorted({w for w, _ in counts}), list(Status))


@enrolments.command("by-ref")
def by_ref() -> None:
    """Print how many enrolments each referral code (a union's ?ref=) brought, per workshop."""
    query = select(Enrolment.referral, Enrolment.workshop, func.count()).group_by(
        Enrolment.referral, Enrolment.workshop
    )
    counts = Counter({(ref, workshop): n for ref, workshop, n in db.session.execute(query)})
    refs = sorted({ref for ref, _ in counts}, key=lambda ref: (ref is None, ref or ""))
    workshops = sorted({workshop for _, workshop in counts})
    _print_table("ref", counts, refs, workshops, label=lambda ref: ref or "(none)")


def _print_table(
    corner: str,
    counts: Counter,
    rows: list[Any],
    columns: list[Any],
    label: Callable[[Any], str] = str,
) -> None:
    """Print counts[(row, column)] tab-separated, with a total column and a total row."""
    click.echo("\t".join([corner, *map(str, columns), "total"]))
    for row in rows:
        numbers = [counts[(row, column)] for column in columns]
        click.echo("\t".join([label(row), *map(str, numbers), str(sum(numbers))]))
    totals = [sum(counts[(row, column)] for row in rows) for column in columns]
    click.echo("\t".join(["total", *map(str, totals), str(sum(totals))]))
