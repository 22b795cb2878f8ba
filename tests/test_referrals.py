"""Counting enrolments per union: referral codes from a link to the database, and `by-ref`."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner

from bangkit.enrol.models import Enrolment
from bangkit.extensions import db
from support.enrolments import add_enrolment, answers


@pytest.mark.postgres
def test_by_ref_counts_enrolments_per_referral_code_and_workshop(
    app: Flask, runner: FlaskCliRunner
) -> None:
    for workshop, referral in [
        ("las", "sp-bekasi"), ("las", "sp-bekasi"), ("tik", "sp-bekasi"),
        ("las", "kspi"), ("tik", None), ("tik", None), ("tik", None),
    ]:  # fmt: skip
        add_enrolment(app, workshop=workshop, referral=referral)
    result = runner.invoke(args=["enrolments", "by-ref"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "ref\tlas\ttik\ttotal",
        "kspi\t1\t0\t1",
        "sp-bekasi\t2\t1\t3",
        "(none)\t0\t3\t3",
        "total\t3\t4\t7",
    ]


def test_by_ref_with_no_enrolments_prints_an_empty_table(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["enrolments", "by-ref"])
    assert result.output.splitlines() == ["ref\ttotal", "total\t0"]


def test_a_union_code_on_a_short_link_is_stored_with_the_enrolment(app: Flask) -> None:
    # tests/test_enrol.py checks the form itself (a code in its URL is kept, a
    # malformed one ignored); this follows a union's link from the short link to the database.
    client = app.test_client()
    page = client.get("/s/las/?ref=sp-contoh", follow_redirects=True)
    form_url = re.search(r'href="(/daftar/las/\?ref=sp-contoh)"', page.get_data(as_text=True))
    assert form_url, "the workshop page does not pass the code on to its form"
    form = client.get(form_url.group(1)).get_data(as_text=True)
    assert 'name="ref" type="hidden" value="sp-contoh"' in form
    assert client.post("/daftar/las/", data=answers(ref="sp-contoh")).status_code == 303
    bad = answers(phone="0812-3456-7891", ref="SP Contoh!")  # malformed: ignored, not refused
    assert client.post("/daftar/las/", data=bad).status_code == 303
    with app.app_context():
        stored = db.session.scalars(db.select(Enrolment.referral).order_by(Enrolment.id)).all()
    assert stored == ["sp-contoh", None]
