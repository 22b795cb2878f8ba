"""The enrolment views: sending the form, htmx fragments, field checks, the confirmation."""

from __future__ import annotations

import io
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from bangkit.enrol.forms import EnrolForm, WorkshopForm
from bangkit.enrol.models import Status
from freeze import URL_GENERATORS
from support.enrolments import DONE, FORM, answers, stored, text
from support.linkcheck import links_of


@pytest.mark.postgres
def test_a_valid_form_stores_one_row_and_redirects_to_the_confirmation(
    app: Flask, client: FlaskClient
) -> None:
    response = client.post(FORM, data=answers(ref="spsi-bekasi", email="Siti@Example.COM"))
    assert response.status_code == 303
    reference = DONE.match(response.headers["Location"]).group(1)
    [row] = stored(app)
    assert (row.reference, row.workshop, row.lang) == (reference, "las", "id")
    assert (row.full_name, row.phone, row.email) == (
        "Siti Nur'aini",
        "+6281234567890",
        "Siti@example.com",
    )
    assert (row.birth_year, row.education, row.city) == (1990, "sma", "Kota Bekasi")
    assert (row.laid_off, row.jkp.value, row.union_name) == (True, "unknown", None)
    assert (row.referral, row.status, row.consent_version) == (
        "spsi-bekasi",
        Status.NEW,
        "2026-11-29",
    )
    assert row.consent_at is not None and row.created_at is not None

    page = client.get(response.headers["Location"])
    assert page.status_code == 200
    assert reference in text(page)
    assert "Siti" not in text(page) and "3456" not in text(page)  # nothing about the reader
    assert page.headers["Cache-Control"] == "no-store"


def test_the_english_form_and_the_general_form_with_its_choice_of_workshop(
    app: Flask, client: FlaskClient
) -> None:
    english = client.post("/en/enrol/las/", data=answers())
    assert re.fullmatch(r"/en/enrol/las/thank-you/[A-Z2-9-]{9}/", english.headers["Location"])
    general = client.post("/daftar/", data=answers(phone="0813 1111 2222", workshop="las"))
    assert DONE.match(general.headers["Location"])
    assert [(r.lang, r.workshop) for r in stored(app)] == [("en", "las"), ("id", "las")]

    for choice in (None, "", "elsewhere"):
        missing = client.post("/daftar/", data=answers(workshop=choice))
        assert missing.status_code == 422
        assert "Pilih kejuruan" in text(missing)
    assert 'name="workshop"' not in text(client.get(FORM))  # chosen by the address


def test_htmx_gets_the_fragment_and_a_plain_request_the_page(client: FlaskClient) -> None:
    wrong = answers(phone="12345")
    plain = client.post(FORM, data=wrong)
    htmx = client.post(FORM, data=wrong, headers={"HX-Request": "true"})
    boosted = client.post(FORM, data=wrong, headers={"HX-Request": "true", "HX-Boosted": "true"})
    restore = client.get(FORM, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    for response in (plain, htmx, boosted, restore, client.get(FORM)):
        assert "HX-Request" in response.headers["Vary"]
    assert text(plain).startswith("<!doctype html>")
    assert text(boosted).startswith("<!doctype html>")
    assert text(restore).startswith("<!doctype html>")
    fragment = text(htmx)
    assert fragment.startswith("<title>Kesalahan: ")  # htmx moves it into the page
    assert '<div id="enrol">' in fragment and "<html" not in fragment and "<h1>" not in fragment
    assert htmx.status_code == 422

    sent = client.post(FORM, data=answers(), headers={"HX-Request": "true"})
    done = client.get(sent.headers["Location"], headers={"HX-Request": "true"})
    assert text(done).startswith("<title>") and '<div id="enrol">' in text(done)
    assert "<html" not in text(done)


def test_the_live_form_uses_htmx_and_works_without_it(client: FlaskClient) -> None:
    html = text(client.get(FORM))
    form = re.search(r"<form [^>]*>", html).group(0)
    assert 'method="post" action="/daftar/las/" novalidate' in form
    assert 'data-hx-post="/daftar/las/"' in form and 'data-hx-sync="drop"' in form
    assert 'data-hx-disable="find button"' in form
    assert 'data-hx-post="/daftar/periksa/phone/" data-hx-trigger="change"' in html
    assert re.search(r'<script src="/static/htmx-4\.0\.1\.min\.js\?v=\w+" defer>', html)
    assert 'autocomplete="tel"' in html and 'inputmode="tel"' in html
    assert 'href="/privasi/"' in html  # the consent box links to the privacy notice
    # Only what staff need: no NIK, no address, no birth date.
    assert set(re.findall(r' name="(\w+)"', html)) == {*answers(), "description", "viewport"}
    assert "htmx" not in text(client.get("/pelatihan/las/"))  # only form pages load htmx


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [("phone", "12345", True), ("phone", "0812 3456 7890", False), ("jkp", "", True)],
)
def test_a_field_check_answers_with_that_fields_markup(
    client: FlaskClient, field: str, value: str, error: bool
) -> None:
    response = client.post(
        f"/daftar/periksa/{field}/", data={field: value}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    html = text(response)
    assert html.startswith(
        f'<div class="field{" field-error" if error else ""}" id="field-{field}"'
    )
    assert html.count('class="field') == 1
    assert ("error-message" in html) is error


NOT_FORM_TEXT = {  # each call: a fresh body (a file is read once)
    "file": lambda: {"data": {"phone": (io.BytesIO(b"081234567890"), "phone.txt")}},
    "number": lambda: {"json": {"phone": 81234567890}},
    "list": lambda: {"json": {"phone": ["081234567890"]}},
    "array": lambda: {"json": ["phone"]},
    "broken-json": lambda: {"data": "{not json", "content_type": "application/json"},
}


@pytest.mark.parametrize("kind", NOT_FORM_TEXT)
def test_answers_sent_as_anything_but_form_text_count_as_missing(
    app: Flask, client: FlaskClient, kind: str
) -> None:
    """Only a form's text fields are answers: a file or a JSON body is not read, so the field
    is missing and the reader is told so (it was a 500: the checks expect text)."""
    sent = NOT_FORM_TEXT[kind]
    check = client.post("/daftar/periksa/phone/", headers={"HX-Request": "true"}, **sent())
    assert check.status_code == 200 and "Tulis nomor HP atau WhatsApp Anda" in text(check)
    form = client.post("/daftar/las/", **sent())
    assert form.status_code == 422 and "Tulis nomor HP atau WhatsApp Anda" in text(form)
    assert stored(app) == []


def test_a_field_check_for_an_unknown_field_is_404(client: FlaskClient) -> None:
    assert client.post("/daftar/periksa/website/", data={}).status_code == 404
    assert client.post("/daftar/periksa/nope/", data={}).status_code == 404


def test_the_confirmation_page_shows_any_well_formed_reference_and_nothing_else(
    client: FlaskClient,
) -> None:
    never_issued = client.get("/daftar/las/terima-kasih/ABCD-EFGH/")
    assert never_issued.status_code == 200  # the same page: guessing reveals nothing
    assert "ABCD-EFGH" in text(never_issued)
    for path in (
        "/daftar/las/terima-kasih/abcd-efgh/",
        "/daftar/las/terima-kasih/ABCD-EFG0/",
        "/daftar/las/terima-kasih/ABCDEFGH/",
        "/daftar/nope/terima-kasih/ABCD-EFGH/",
    ):
        assert client.get(path).status_code == 404, path
    english = text(client.get("/en/enrol/las/thank-you/ABCD-EFGH/"))
    assert "skillhub.kemnaker.go.id" in english and 'href="/en/training/welding/"' in english


def test_the_confirmation_links_back_to_the_static_copy_when_configured(
    app: Flask, client: FlaskClient
) -> None:
    app.config["STATIC_SITE_URL"] = "https://static.example/bangkit/"
    html = text(client.get("/daftar/las/terima-kasih/ABCD-EFGH/"))
    assert 'href="https://static.example/bangkit/pelatihan/las/"' in html


def test_each_workshop_page_leads_to_its_form_and_the_footer_to_privacy(
    client: FlaskClient,
) -> None:
    assert "/daftar/las/" in links_of(text(client.get("/pelatihan/las/")), "/pelatihan/las/")
    english = text(client.get("/en/training/welding/"))
    assert "/en/enrol/las/" in links_of(english, "/en/training/welding/")
    assert "/privasi/" in links_of(text(client.get("/")), "/")
    assert client.get("/privasi/").status_code == client.get("/en/privacy/").status_code == 200
    assert client.get("/daftar/nope/").status_code == 404


def _public_urls(app: Flask) -> list[str]:
    from flask import url_for

    with app.test_request_context():
        return [
            url_for(endpoint, **values)
            for generator in URL_GENERATORS
            for endpoint, values in generator()
        ]


def test_no_public_page_or_answer_sets_a_cookie(app: Flask, client: FlaskClient) -> None:
    urls = _public_urls(app)
    assert FORM in urls and "/en/enrol/" in urls and "/" in urls
    responses = [client.get(url) for url in urls]
    sent = client.post(FORM, data=answers())
    responses += [sent, client.get(sent.headers["Location"]), client.post(FORM, data={})]
    responses += [client.post(FORM, data=answers(), headers={"Origin": "https://evil.example"})]
    responses += [client.post("/daftar/periksa/phone/", data={"phone": "1"})]
    for response in responses:
        assert "Set-Cookie" not in response.headers, response.request.path
        response.close()  # static files are streamed from an open file


def test_a_form_keeps_nothing_of_the_forms_before_it(app: Flask, client: FlaskClient) -> None:
    """A form's fields are copies of fields bound once (forms.py, bind_field): no answer,
    message or label goes from one reader's form to the next, or into the other language."""
    refused = client.post(FORM, data=answers(full_name="Siti Rahayu", phone="12", jkp="maybe"))
    assert refused.status_code == 422
    assert "Siti Rahayu" in text(refused) and 'aria-invalid="true"' in refused.text
    fresh = client.get(FORM)
    assert "Siti Rahayu" not in text(fresh) and 'aria-invalid="true"' not in fresh.text

    with app.test_request_context(FORM, method="POST", data=answers(jkp="maybe")):
        first = WorkshopForm()
        first.consent.label.text = "changed"
        assert not first.validate() and list(first.errors) == ["jkp"]
        assert str(first.full_name.label.text) == "Nama lengkap"
    with app.test_request_context("/daftar/"):
        second = EnrolForm()
    with app.test_request_context("/en/enrol/"):
        assert str(EnrolForm().full_name.label.text) == "Full name"
    assert second.full_name is not first.full_name
    assert second.errors == {} and second.phone.data is None and not second.phone.raw_data
    assert (first.phone.clean, second.phone.clean) == ("+6281234567890", None)
    assert not second.jkp.errors and not second.jkp.raw_data
    assert second.consent.label.text != "changed"
