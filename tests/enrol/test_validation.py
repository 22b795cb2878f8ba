"""The form's answers: each wrong one gets its message; names and numbers as people write them."""

from __future__ import annotations

import datetime as dt

import phonenumbers
import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import example, given
from hypothesis import strategies as st

from bangkit.enrol.validators import e164
from support.enrolments import FORM, answers, stored, text


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
    assert stored(app) == []


# Found by tests/enrol/test_fuzz.py: InputRequired looked at the raw answer, before the `tidy`
# filter stripped it, so an answer of only spaces passed and was stored empty (a phone number of
# spaces reached the database as none, and the reader got a 500). Now the check reads the tidied
# answer: tests/enrol/test_unicode_answers.py generates many more.
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("full_name", "   ", "Tulis nama lengkap Anda"),
        ("full_name", "\u2003 ", "Tulis nama lengkap Anda"),
        ("full_name", "\u200b\ufeff", "Tulis nama lengkap Anda"),
        ("full_name", "\u0301", "Tulis nama lengkap Anda"),  # a combining mark alone
        ("full_name", "\u3164", "Tulis nama lengkap Anda"),  # the Hangul filler: shows nothing
        ("phone", "   ", "Tulis nomor HP atau WhatsApp Anda"),
        ("phone", "\u00a0", "Tulis nomor HP atau WhatsApp Anda"),
        ("birth_year", " \u3000 ", "Tulis tahun lahir Anda"),
        ("city", "\u3000", "Tulis kota atau kabupaten tempat tinggal Anda"),
        ("city", " \u200b ", "Tulis kota atau kabupaten tempat tinggal Anda"),
    ],
)
def test_a_required_answer_of_only_spaces_is_refused(
    app: Flask, client: FlaskClient, field: str, value: str, message: str
) -> None:
    response = client.post(FORM, data=answers(**{field: value}))
    assert stored(app) == []
    assert response.status_code == 422 and message in text(response)


@pytest.mark.postgres
def test_spaces_of_any_kind_are_tidied_as_the_answer_is_stored(
    app: Flask, client: FlaskClient
) -> None:
    sent = answers(
        full_name="\ufeff Siti\u00a0\u00a0Nur'aini\u200b ",
        phone="\u00a00812\u20093456\u30007890",
        email=" \u200bsiti@contoh.example\u3000",
        city="Kota\u3000Bekasi\u2003",
        union="\u00a0",
    )
    assert client.post(FORM, data=sent).status_code == 303
    [row] = stored(app)
    assert (row.full_name, row.phone, row.email, row.city, row.union_name) == (
        "Siti Nur'aini",
        "+6281234567890",
        "siti@contoh.example",
        "Kota Bekasi",
        None,
    )


def test_messages_are_in_the_pages_language(client: FlaskClient) -> None:
    html = text(client.post("/en/enrol/las/", data=answers(phone="12345")))
    assert "<title>Error: Ask to join: Welding test" in html
    assert "Enter a mobile number that starts with 08, 62 or +62" in html


@pytest.mark.postgres
@pytest.mark.parametrize(
    "name", ["Siti Nur'aini", "Ni Luh Putu", "Tiêu", "Ωmega", "Nguyễn Văn An", "عبد الله", "김민준"]
)
def test_names_in_any_script_are_welcome(app: Flask, client: FlaskClient, name: str) -> None:
    assert client.post(FORM, data=answers(full_name=f"  {name} ")).status_code == 303
    assert [r.full_name for r in stored(app)] == [name]


@pytest.mark.parametrize("phone", ["081234567890", "+62 812-3456-7890", "62 812 3456 7890"])
def test_indonesian_numbers_are_stored_the_same_way(
    app: Flask, client: FlaskClient, phone: str
) -> None:
    assert client.post(FORM, data=answers(phone=phone)).status_code == 303
    assert [r.phone for r in stored(app)] == ["+6281234567890"]


@pytest.mark.parametrize("phone", ["+44 7911 123456", "+60 12-345 6789", "0215550123"])
def test_a_foreign_mobile_or_a_landline_is_refused_with_the_number_kept(
    app: Flask, client: FlaskClient, phone: str
) -> None:
    response = client.post(FORM, data=answers(phone=phone))
    html = text(response)
    assert response.status_code == 422 and stored(app) == []
    assert "Tulis nomor HP yang diawali 08, 62 atau +62" in html
    assert f'value="{phone}"' in html


@example("0", "81234567890")  # a mobile number
@example("0", "215550123")  # a landline in Jakarta
@example("+44", "7911123456")  # a British mobile: refused, as a foreign one
@example("+60", "123456789")  # a Malaysian mobile: refused too
@given(
    st.sampled_from(["0", "62", "+62", "+1", "+44", "+60", "+65", ""]),
    st.text(alphabet="0123456789", min_size=0, max_size=14),
)
def test_a_number_is_accepted_exactly_when_phonenumbers_calls_it_a_valid_indonesian_mobile(
    prefix: str, digits: str
) -> None:
    """e164 asks phonenumbers one question (the number's type), not also whether it is valid:
    the type of a number that is not valid is UNKNOWN, so the answers are the same. A valid
    mobile of another country is refused: the hint asks for 08 or +62."""
    typed = prefix + digits
    try:
        number = phonenumbers.parse("+" + typed if typed.startswith("62") else typed, "ID")
    except phonenumbers.NumberParseException:
        number = None
    mobile = (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    )
    valid_mobile = (
        number is not None
        and phonenumbers.is_valid_number(number)
        and phonenumbers.region_code_for_number(number) == "ID"
        and phonenumbers.number_type(number) in mobile
    )
    assert (e164(typed) is not None) == valid_mobile
