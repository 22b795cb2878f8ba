"""Staff accounts from the command line, and the retention purge of enrolments."""

from __future__ import annotations

import re

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from bangkit.db import db
from bangkit.retention import purge as purge_expired
from bangkit.staff_models import StaffUser, new_token

staff = AppGroup("staff", help="Create, reset or remove staff accounts.")
NAME = re.compile(r"[a-z0-9][a-z0-9._-]{1,39}")
MIN_PASSWORD = 12


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


@click.command("purge")
@with_appcontext  # AppGroup adds this to its own commands; this one joins `enrolments` later
@click.option("--dry-run", is_flag=True, help="Only say how many would be deleted.")
def purge(dry_run: bool) -> None:
    """Delete enrolments unchanged for RETENTION_MONTHS months, with their history."""
    months = int(current_app.config["RETENTION_MONTHS"])
    count = purge_expired(months, dry_run=dry_run)
    verb = "would delete" if dry_run else "deleted"
    click.echo(f"{verb} {count} enrolments unchanged for {months} months or more")
