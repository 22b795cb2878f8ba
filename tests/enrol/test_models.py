"""The enrolment table: one row per number and workshop, and references."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.exc import IntegrityError

from bangkit.clock import utcnow
from bangkit.enrol.models import ALPHABET, REFERENCE, Enrolment, new_reference
from bangkit.extensions import db
from support.enrolments import FORM, answers, stored, text


@pytest.mark.postgres
def test_the_same_number_for_the_same_workshop_creates_no_second_row(
    app: Flask, client: FlaskClient
) -> None:
    first = client.post(FORM, data=answers(phone="081234567890"))
    second = client.post(FORM, data=answers(phone="+62 812 3456 7890", full_name="Someone Else"))
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] != second.headers["Location"]
    [row] = stored(app)
    assert row.full_name == "Siti Nur'aini"
    # Both confirmations read the same: the second reveals nothing about the first.
    pages = [text(client.get(r.headers["Location"])) for r in (first, second)]
    assert len({re.sub(r"[A-Z2-9]{4}-[A-Z2-9]{4}", "REF", page) for page in pages}) == 1


@pytest.mark.postgres
def test_the_database_itself_refuses_a_second_row_for_a_number_and_workshop(app: Flask) -> None:
    def row() -> Enrolment:
        return Enrolment(
            reference=new_reference(),
            workshop="las",
            full_name="A",
            phone="+6281234567890",
            birth_year=1990,
            education="sma",
            city="Bekasi",
            laid_off=True,
            jkp="no",
            lang="id",
            consent_at=utcnow(),
            consent_version="x",
        )

    with app.app_context():
        db.session.add(row())
        db.session.commit()
        db.session.add(row())
        with pytest.raises(IntegrityError):
            db.session.commit()


def test_references_are_unguessable_and_easy_to_read_aloud() -> None:
    made = {new_reference() for _ in range(2000)}
    assert len(made) == 2000
    assert all(REFERENCE.fullmatch(r) for r in made)
    assert not set("".join(made)) & set("0O1IL-") - {"-"}
    assert len(ALPHABET) ** 8 > 10**11
