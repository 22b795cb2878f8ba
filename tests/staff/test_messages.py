"""Every message a staff form shows is in the page's language, never one of WTForms' own.

WTForms has no Indonesian catalogue: each check a staff form makes carries its own message.
"""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from support.enrolments import add_enrolment
from support.staff import add_staff, post, sign_in

# WTForms' own English messages, which an Indonesian page must never show.
WTFORMS = ("Not a valid choice", "Field cannot be longer", "Field must be", "Invalid input")
LONG = {"id": "Jawaban ini paling banyak {} karakter", "en": "This answer must be {} characters"}
STATUS = {"id": "Pilih status", "en": "Choose a status"}
PAGES = {
    "id": ("/staf/masuk/", "/staf/", "/staf/pendaftaran/{}/"),
    "en": ("/en/staff/login/", "/en/staff/", "/en/staff/enrolments/{}/"),
}


def shown(html: str, message: str) -> None:
    assert message in html
    assert not any(own in html for own in WTFORMS), html


@pytest.mark.parametrize("lang", ["id", "en"])
def test_sign_in_messages_are_the_pages_language(
    app: Flask, client: FlaskClient, lang: str
) -> None:
    add_staff(app)
    login = PAGES[lang][0]
    response = sign_in(client, name="s" * 41, url=login)
    assert response.status_code == 422
    shown(response.get_data(as_text=True), LONG[lang].format(40))
    response = sign_in(client, password="p" * 201, url=login)
    assert response.status_code == 422
    shown(response.get_data(as_text=True), LONG[lang].format(200))
    html = client.get(login).get_data(as_text=True)
    assert 'maxlength="40"' in html and 'maxlength="200"' in html  # both fields say so


@pytest.mark.parametrize("lang", ["id", "en"])
def test_filter_and_status_messages_are_the_pages_language(
    app: Flask, client: FlaskClient, lang: str
) -> None:
    add_staff(app)
    assert sign_in(client).status_code == 303
    _login, listing, detail = PAGES[lang]
    reference = add_enrolment(app)
    response = client.get(listing + "?status=x")
    assert response.status_code == 200
    shown(response.get_data(as_text=True), STATUS[lang])
    response = post(client, listing, q="x" * 101)
    assert response.status_code == 422
    shown(response.get_data(as_text=True), LONG[lang].format(100))
    response = post(client, detail.format(reference), status="x")
    assert response.status_code == 422
    shown(response.get_data(as_text=True), STATUS[lang])
    response = post(client, detail.format(reference))  # no status at all
    assert response.status_code == 422
    shown(response.get_data(as_text=True), STATUS[lang])
