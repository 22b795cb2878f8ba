"""The pre-enrolment form: views, validation, safety and the static copy's form pages."""

from __future__ import annotations

import datetime as dt
import gzip
import re
from html import unescape
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.exc import IntegrityError

from bangkit.clock import utcnow
from bangkit.enrol.models import ALPHABET, REFERENCE, Enrolment, Status, new_reference
from bangkit.extensions import db
from freeze import URL_GENERATORS, freeze

FORM = "/daftar/las/"
DONE = re.compile(r"^/daftar/las/terima-kasih/([A-Z2-9]{4}-[A-Z2-9]{4})/$")


def answers(**changes: str) -> dict[str, str]:
    """A form a person would send, with some answers changed (None: left out)."""
    data = {
        "full_name": "Siti Nur'aini",
        "phone": "0812-3456-7890",
        "email": "",
        "birth_year": "1990",
        "education": "sma",
        "city": "Kota Bekasi",
        "laid_off": "yes",
        "jkp": "unknown",
        "union": "",
        "consent": "y",
        "ref": "",
        "website": "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def rows(app: Flask) -> list[Enrolment]:
    with app.app_context():
        return list(db.session.scalars(db.select(Enrolment).order_by(Enrolment.id)))


def text(response) -> str:  # noqa: ANN001 - a test response
    return unescape(response.get_data(as_text=True))


def test_a_valid_form_stores_one_row_and_redirects_to_the_confirmation(
    app: Flask, client: FlaskClient
) -> None:
    response = client.post(FORM, data=answers(ref="spsi-bekasi", email="Siti@Example.COM"))
    assert response.status_code == 303
    reference = DONE.match(response.headers["Location"]).group(1)
    [row] = rows(app)
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
    assert [(r.lang, r.workshop) for r in rows(app)] == [("en", "las"), ("id", "las")]

    for choice in (None, "", "elsewhere"):
        missing = client.post("/daftar/", data=answers(workshop=choice))
        assert missing.status_code == 422
        assert "Pilih kejuruan" in text(missing)
    assert 'name="workshop"' not in text(client.get(FORM))  # chosen by the address


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("full_name", "", "Tulis nama lengkap Anda"),
        ("full_name", "x" * 101, "Jawaban ini paling banyak 100 karakter"),
        ("full_name", "12345", "Tulis nama Anda dengan huruf"),
        ("full_name", "Siti\x00Aminah", "Hapus karakter kontrol tersembunyi"),
        ("full_name", "Siti\tAminah", "Hapus karakter kontrol tersembunyi"),
        ("full_name", "Siti\u202eAminah", "Hapus karakter kontrol tersembunyi"),
        ("phone", "", "Tulis nomor HP atau WhatsApp Anda"),
        ("phone", "12345", "Tulis nomor HP yang diawali 08, 62 atau +62"),
        ("phone", "021 5550 1234", "Tulis nomor HP yang diawali 08, 62 atau +62"),  # a landline
        ("email", "siti@", "Tulis alamat email dengan format yang benar"),
        ("birth_year", "", "Tulis tahun lahir Anda"),
        ("birth_year", "19x0", "Tulis tahun lahir dengan 4 angka"),
        (
            "birth_year",
            str(dt.date.today().year - 10),
            "Program pelatihan vokasi nasional Kemnaker menerima peserta mulai umur 17",
        ),
        ("birth_year", "1900", "Periksa lagi tahun lahir Anda"),
        ("education", "", "Pilih pendidikan terakhir Anda"),
        ("education", "phd", "Pilih pendidikan terakhir Anda"),
        ("city", "", "Tulis kota atau kabupaten tempat tinggal Anda"),
        ("laid_off", None, "Pilih apakah Anda kena PHK"),
        ("laid_off", "maybe", "Pilih apakah Anda kena PHK"),
        ("jkp", None, "Pilih apakah Anda menerima JKP"),
        ("union", "u" * 101, "Jawaban ini paling banyak 100 karakter"),
        ("consent", None, "Centang kotak persetujuan"),
    ],
)
def test_each_wrong_answer_gets_its_message_and_keeps_the_values(
    app: Flask, client: FlaskClient, field: str, value: str | None, message: str
) -> None:
    response = client.post(FORM, data=answers(**{"city": "Kabupaten Karawang", field: value}))
    assert response.status_code == 422
    html = text(response)
    summary = html[html.index('class="error-summary"') : html.index("<form")]
    assert message in summary
    hidden = '<span class="visually-hidden">Kesalahan:</span>'
    assert f'id="{field}-error">{hidden} {message}' in html
    assert "<title>Kesalahan: Minta ikut pelatihan: Teknik Las uji" in html
    assert 'class="error-summary" tabindex="-1" autofocus' in html
    wrong = f'id="{field}-0"' if field in ("laid_off", "jkp") else f'id="{field}"'
    assert f'href="#{wrong[4:-1]}"' in html  # the summary links to the field
    assert f'aria-describedby="{field}-hint {field}-error"' in html
    # What the reader typed is shown back.
    if field != "full_name":
        assert 'value="Siti Nur\'aini"' in html
    if field != "city":
        assert 'value="Kabupaten Karawang"' in html
    if field != "education":
        assert '<option selected value="sma">' in html
    if field != "jkp":
        assert 'checked id="jkp-2"' in html
    assert rows(app) == []


def test_messages_are_in_the_pages_language(client: FlaskClient) -> None:
    html = text(client.post("/en/enrol/las/", data=answers(phone="12345")))
    assert "<title>Error: Ask to join: Welding test" in html
    assert "Enter a mobile number that starts with 08, 62 or +62" in html


@pytest.mark.parametrize(
    "name", ["Siti Nur'aini", "Ni Luh Putu", "Tiêu", "Ωmega", "Nguyễn Văn An", "عبد الله", "김민준"]
)
def test_names_in_any_script_are_welcome(app: Flask, client: FlaskClient, name: str) -> None:
    assert client.post(FORM, data=answers(full_name=f"  {name} ")).status_code == 303
    assert [r.full_name for r in rows(app)] == [name]


@pytest.mark.parametrize("phone", ["081234567890", "+62 812-3456-7890", "62 812 3456 7890"])
def test_indonesian_numbers_are_stored_the_same_way(
    app: Flask, client: FlaskClient, phone: str
) -> None:
    assert client.post(FORM, data=answers(phone=phone)).status_code == 303
    assert [r.phone for r in rows(app)] == ["+6281234567890"]


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


def test_a_field_check_for_an_unknown_field_is_404(client: FlaskClient) -> None:
    assert client.post("/daftar/periksa/website/", data={}).status_code == 404
    assert client.post("/daftar/periksa/nope/", data={}).status_code == 404


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Referer": "https://evil.example/form.html"},
        {"Origin": "http://localhost.evil.example"},
    ],
)
def test_a_post_from_another_site_is_refused_with_a_page_that_explains(
    app: Flask, client: FlaskClient, headers: dict[str, str]
) -> None:
    response = client.post(FORM, data=answers(), headers=headers)
    assert response.status_code == 403
    html = text(response)
    assert "<h1>Formulir tidak terkirim</h1>" in html
    assert "hanya bisa dikirim dari halaman situs ini" in html
    assert rows(app) == []
    assert client.post("/daftar/periksa/phone/", data={}, headers=headers).status_code == 204


@pytest.mark.parametrize(
    "headers",
    [
        {},  # neither header: some old and proxy browsers
        {"Origin": "http://localhost"},  # the address the request came to
        {"Origin": "http://127.0.0.1:5000"},  # SITE_URL
        {"Referer": "http://localhost/daftar/las/"},
        {"Origin": "https://copy.example"},  # a configured static copy
        {"Origin": "https://static.example:8443"},  # STATIC_SITE_URL
    ],
)
def test_a_post_from_the_site_or_its_static_copies_is_accepted(
    app: Flask, client: FlaskClient, headers: dict[str, str]
) -> None:
    app.config["STATIC_SITE_ORIGINS"] = ["https://copy.example"]
    app.config["STATIC_SITE_URL"] = "https://static.example:8443/bangkit/"
    assert client.post(FORM, data=answers(), headers=headers).status_code == 303
    assert len(rows(app)) == 1


def test_the_honeypot_drops_a_bot_silently(app: Flask, client: FlaskClient) -> None:
    response = client.post(FORM, data=answers(website="https://spam.example"))
    assert response.status_code == 303 and DONE.match(response.headers["Location"])
    assert rows(app) == []


def test_the_rate_limit_answers_429_with_the_form_and_its_values(
    app: Flask, client: FlaskClient
) -> None:
    app.config["ENROL_RATE_LIMIT"] = "2 per minute"
    app.config["ENROL_CHECK_RATE_LIMIT"] = "1 per minute"
    assert client.post(FORM, data=answers(phone="12")).status_code == 422
    assert client.post(FORM, data=answers(phone="081311112222")).status_code == 303
    limited = client.post(FORM, data=answers(phone="081311113333"))
    assert limited.status_code == 429
    html = text(limited)
    assert "Terlalu banyak formulir dikirim dari sambungan internet Anda" in html
    assert 'value="081311113333"' in html
    assert html.count("<title>Kesalahan:") == 1
    assert len(rows(app)) == 1
    assert client.get(FORM).status_code == 200  # reading the page is not limited
    assert client.post("/daftar/periksa/phone/", data={}).status_code == 200
    assert client.post("/daftar/periksa/phone/", data={}).status_code == 204  # field left as is


def test_an_oversized_body_is_refused_with_413(app: Flask, client: FlaskClient) -> None:
    response = client.post(FORM, data=answers(city="x" * 70_000))
    assert response.status_code == 413
    assert "jauh lebih besar" in text(response)
    assert rows(app) == []


def test_the_same_number_for_the_same_workshop_creates_no_second_row(
    app: Flask, client: FlaskClient
) -> None:
    first = client.post(FORM, data=answers(phone="081234567890"))
    second = client.post(FORM, data=answers(phone="+62 812 3456 7890", full_name="Someone Else"))
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] != second.headers["Location"]
    [row] = rows(app)
    assert row.full_name == "Siti Nur'aini"
    # Both confirmations read the same: the second reveals nothing about the first.
    pages = [text(client.get(r.headers["Location"])) for r in (first, second)]
    assert len({re.sub(r"[A-Z2-9]{4}-[A-Z2-9]{4}", "REF", page) for page in pages}) == 1


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
    assert [r.referral for r in rows(app)] == [None]


def test_each_workshop_page_leads_to_its_form_and_the_footer_to_privacy(
    client: FlaskClient,
) -> None:
    assert 'href="/daftar/las/"' in text(client.get("/pelatihan/las/"))
    assert 'href="/en/enrol/las/"' in text(client.get("/en/training/welding/"))
    assert 'href="/privasi/"' in text(client.get("/"))
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


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.dictionaries(
        st.sampled_from([*answers(), "workshop", "x", ""]),
        st.one_of(st.text(max_size=60), st.sampled_from(["1990", "sma", "yes", "y", "0812"])),
    ),
    path=st.sampled_from([FORM, "/daftar/", "/en/enrol/las/", "/daftar/periksa/phone/"]),
)
def test_nothing_a_visitor_sends_causes_a_500(
    app: Flask, client: FlaskClient, data: dict, path: str
) -> None:
    app.config.update(ENROL_RATE_LIMIT="1000/minute", ENROL_CHECK_RATE_LIMIT="1000/minute")
    assert client.post(path, data=data).status_code in (200, 303, 422)


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (b"\xff\xfe\x00garbage=%ZZ&&==", "application/x-www-form-urlencoded"),
        (b"--x\r\nbroken", "multipart/form-data; boundary=x"),
        (b'{"full_name": "x"}', "application/json"),
        (b"full_name=" + "é".encode("latin-1"), "application/x-www-form-urlencoded"),
    ],
)
def test_nor_does_a_malformed_body(client: FlaskClient, body: bytes, kind: str) -> None:
    assert client.post(FORM, data=body, content_type=kind).status_code in (400, 422)


@pytest.fixture(scope="module")
def frozen(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The fixture site frozen with and without an enrolment service."""
    from conftest import FIXTURE_CONTENT

    builds = {}
    for name, service in (("service", "https://daftar.example/"), ("none", None)):
        out = tmp_path_factory.mktemp(name) / "build"
        config = {"BUILD_DIR": str(out), "CONTENT_DIR": str(FIXTURE_CONTENT), "SECRET_KEY": "t"}
        freeze({**config, "ENROL_SERVICE_URL": service}, quiet=True)
        builds[name] = out
    return builds


def test_frozen_with_a_service_the_form_posts_there_without_htmx(frozen: dict[str, Path]) -> None:
    html = (frozen["service"] / "daftar" / "las" / "index.html").read_text()
    assert '<form id="enrol-form" method="post" action="https://daftar.example/daftar/las/"' in html
    assert "data-hx-" not in html and "htmx" not in html
    assert re.search(r'<script src="\.\./\.\./static/enrol\.js\?v=\w+" defer>', html)
    english = (frozen["service"] / "en" / "enrol" / "index.html").read_text()
    assert 'action="https://daftar.example/en/enrol/"' in english and 'name="workshop"' in english


def test_frozen_without_a_service_the_pages_show_other_ways_to_enrol(
    frozen: dict[str, Path],
) -> None:
    html = (frozen["none"] / "daftar" / "las" / "index.html").read_text()
    assert "<form" not in html and "<script" not in html
    assert 'href="https://skillhub.kemnaker.go.id"' in html
    assert 'href="https://bbpvpbekasi.kemnaker.go.id"' in html
    assert (
        'href="../../daftar/las/index.html"'
        in (frozen["none"] / "pelatihan" / "las" / "index.html").read_text()
    )


def _gzipped(client: FlaskClient, url: str) -> int:
    response = client.get(url)
    size = len(gzip.compress(response.get_data(), compresslevel=6))
    response.close()
    return size


def test_the_form_page_fits_the_low_bandwidth_budget(real_app: Flask) -> None:
    """HTML and CSS in the first round trip (14 KB gzipped); with htmx and our script, 32 KB."""
    client = real_app.test_client()
    html = client.get("/daftar/elektronika/").get_data(as_text=True)
    styles = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert len(styles) == 2 and any("htmx-4.0.1" in s for s in scripts)
    first = len(gzip.compress(html.encode(), compresslevel=6))
    first += sum(_gzipped(client, unescape(url)) for url in styles)
    everything = first + sum(_gzipped(client, unescape(url)) for url in scripts)
    assert first <= 14 * 1024
    assert everything <= 32 * 1024


def test_the_vendored_htmx_is_the_pinned_npm_release() -> None:
    from conftest import ROOT

    assert '"htmx.org": "4.0.1"' in (ROOT / "package.json").read_text()
    vendored = ROOT / "site" / "bangkit" / "static" / "htmx-4.0.1.min.js"
    released = ROOT / "node_modules" / "htmx.org" / "dist" / "htmx.min.js"
    assert vendored.read_bytes() == released.read_bytes()
