"""Every `flask` command of the site: `enrolments export|count|by-ref|purge`,
`staff create|reset|remove`, `content stale` and `db-backup`."""

from __future__ import annotations

import datetime as dt
import io
import re
import sqlite3
from collections import Counter
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from bangkit.database import db
from bangkit.enrol.models import Enrolment, Status
from bangkit.staff import listing
from bangkit.staff.audit import machine_user, record_export
from bangkit.staff.backup import backup, pg_backup
from bangkit.staff.models import StaffUser, Via, new_token
from bangkit.staff.retention import purge as purge_expired
from bangkit.staff.retention import purge_records
from bangkit.staff.spreadsheet import write_csv
from bangkit.stale import STALE_MONTHS, stale

enrolments = AppGroup("enrolments", help="Export, count or purge the pre-enrolments.")
staff = AppGroup("staff", help="Create, reset or remove staff accounts.")
content = AppGroup("content", help="Check the content in content/.")
NAME = re.compile(r"[a-z0-9][a-z0-9._-]{1,39}")
MIN_PASSWORD = 12


@enrolments.command("export")
@click.argument("file", type=click.Path(dir_okay=False, writable=True))
@click.option("--workshop", help="Only this workshop (its key, e.g. las).")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="From this day (WIB), inclusive.")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="To this day (WIB), inclusive.")
def export(
    file: str, workshop: str | None, since: dt.datetime | None, until: dt.datetime | None
) -> None:
    """Write the enrolments to FILE as CSV (UTF-8 with BOM, formulas neutralised)."""
    # The staff list's own filter (listing.where): the same days, the same ends of the calendar.
    days = {"since": since and since.date(), "until": until and until.date()}
    query = select(Enrolment).where(*listing.where({"workshop": workshop, **days}))
    query = query.order_by(Enrolment.created_at, Enrolment.id)
    text = io.StringIO()
    count = write_csv(db.session.scalars(query), text)
    # Recorded (who ran it, the filters, the rows) before the file is written; see staff/audit.py.
    filters = {"workshop": workshop, "since": since, "until": until}
    record_export(filters, count, machine_user(), via=Via.CLI)
    with open(file, "w", encoding="utf-8-sig", newline="") as out:
        out.write(text.getvalue())
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


def _name(value: str) -> str:
    name = value.strip().lower()
    if not NAME.fullmatch(name):
        raise click.BadParameter("2 to 40 letters, digits, dots, dashes or underscores")
    return name


def _password() -> str:
    """Asked twice, never echoed, never an argument (it would stay in the shell history)."""
    while True:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
        if len(password) >= MIN_PASSWORD:
            return password
        click.echo(f"Use at least {MIN_PASSWORD} characters, for example four unrelated words.")


def _account(name: str) -> StaffUser:
    user = db.session.scalar(select(StaffUser).filter_by(name=name))
    if user is None:
        raise click.ClickException(f"no staff account named {name}")
    return user


@staff.command("create")
@click.argument("name", callback=lambda _ctx, _param, value: _name(value))
def create(name: str) -> None:
    """Create the account NAME; asks for its password."""
    if db.session.scalar(select(StaffUser.id).filter_by(name=name)) is not None:
        raise click.ClickException(f"{name} exists already; use: flask staff reset {name}")
    db.session.add(StaffUser(name=name, password_hash=generate_password_hash(_password())))
    db.session.commit()
    click.echo(f"created {name}")


@staff.command("reset")
@click.argument("name", callback=lambda _ctx, _param, value: _name(value))
def reset(name: str) -> None:
    """Give NAME a new password, unlock it and end its sessions."""
    user = _account(name)
    user.password_hash = generate_password_hash(_password())
    user.failed_logins, user.locked_until, user.session_token = 0, None, new_token()
    db.session.commit()
    click.echo(f"reset {name}")


@staff.command("remove")
@click.argument("name", callback=lambda _ctx, _param, value: _name(value))
def remove(name: str) -> None:
    """Remove the account NAME (its name stays in the history it wrote)."""
    db.session.delete(_account(name))
    db.session.commit()
    click.echo(f"removed {name}")


@enrolments.command("purge")
@click.option("--dry-run", is_flag=True, help="Only say how many would be deleted.")
def purge(dry_run: bool) -> None:
    """Delete enrolments unchanged for RETENTION_MONTHS months, with their history, and the
    records of who saw personal data that are as old."""
    months = int(current_app.config["RETENTION_MONTHS"])
    count = purge_expired(months, dry_run=dry_run)
    records = purge_records(months, dry_run=dry_run)
    verb = "would delete" if dry_run else "deleted"
    click.echo(f"{verb} {count} enrolments unchanged for {months} months or more")
    click.echo(f"{verb} {records} records of staff access older than {months} months")


@content.command("stale")
@click.option(
    "--months",
    type=click.IntRange(min=1),
    default=STALE_MONTHS,
    show_default=True,
    help="List what was last checked longer ago than this.",
)
def content_stale(months: int) -> None:
    """List the pages and rule files whose facts were last checked more than MONTHS ago."""
    found = stale(current_app._get_current_object(), months)  # type: ignore[attr-defined]
    for item in found:
        click.echo(f"{item.checked.isoformat()}\t{item.file}")
    unit = "month" if months == 1 else "months"
    click.echo(f"{len(found)} not checked for {months} {unit} or more")


@click.command("db-backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def db_backup(file: Path) -> None:
    """Copy the database to FILE, safely while the site is running (SQLite: a database file;
    PostgreSQL: a pg_dump archive in its custom format, restored with pg_restore)."""
    url = db.engine.url
    if url.get_backend_name() == "postgresql":
        rows = pg_backup(url, file)
        click.echo(f"dumped {file.stat().st_size:,} bytes ({rows} enrolments) to {file}")
        return
    pages = backup(Path(str(url.database)), file)
    with closing(sqlite3.connect(file)) as copy:
        rows = copy.execute("SELECT count(*) FROM enrolment").fetchone()[0]
    click.echo(f"copied {pages} pages ({rows} enrolments) to {file}")


def init_app(app: Flask) -> None:
    """Add the commands to `flask`."""
    for command in (enrolments, staff, content, db_backup):
        app.cli.add_command(command)
