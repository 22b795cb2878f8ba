"""Referral codes: from a union's link to the form, and on to the database."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

from bangkit.database import db
from bangkit.enrol.models import Enrolment
from support.enrolments import FORM, answers, stored, text


def test_a_referral_code_from_a_link_reaches_the_form(app: Flask, client: FlaskClient) -> None:
    assert 'name="ref" type="hidden" value="spsi-bekasi"' in text(
        client.get(FORM + "?ref=spsi-bekasi")
    )
    for bad in ("<script>", "SPSI", "x" * 41, "a b"):
        html = text(client.get(FORM, query_string={"ref": bad}))
        assert 'name="ref" type="hidden" value=""' in html
    workshop = text(client.get("/pelatihan/las/?ref=kspi"))
    assert 'href="/daftar/las/?ref=kspi"' in workshop
    client.post(FORM, data=answers(ref="<b>bad</b>"))
    assert [r.referral for r in stored(app)] == [None]


def test_a_union_code_on_a_short_link_is_stored_with_the_enrolment(app: Flask) -> None:
    # The test above checks the form itself (a code in its URL is kept, a malformed one
    # ignored); this follows a union's link from the short link to the database.
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
        codes = db.session.scalars(db.select(Enrolment.referral).order_by(Enrolment.id)).all()
    assert codes == ["sp-contoh", None]
