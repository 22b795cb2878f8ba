"""Every answer as people's phones and keyboards really type it: spaces of every kind, invisible
characters, combining marks alone, names in any script. Generated for every field of the form.

For each example one answer of an otherwise valid form is replaced. The form answers 303 or 422,
never 5xx; a 303 stores exactly the normalised answer (tidy, then E.164 for the number,
email-validator's spelling for the address); an answer with nothing visible in it is "missing";
a real answer in any script, padded with any spaces, is accepted; and the per-field check (htmx)
judges the answer as the whole form does.

What these strategies never produce (the fuzz test, tests/enrol/test_fuzz.py, covers the first
four): bytes that are not UTF-8, other content types, several answers wrong at once, the English
form; and characters newer than Python's Unicode tables, numbers in other scripts' digits
(١٩٩٠, ０８１２…), look-alike letters (an answer can be visible and still be nonsense: the form
refuses only what it can tell), and answers made longer than a field's limit by spaces alone.
"""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete

from bangkit.database import db
from bangkit.enrol.forms import EDUCATION, JKP, YES_NO
from bangkit.enrol.models import Enrolment, Jkp
from bangkit.enrol.validators import (
    BLANK_LOOKING,
    SPACES,
    ZERO_WIDTH,
    _tidy,
    e164,
    hidden,
    normal_email,
    tidy,
)
from bangkit.urls import REFERRAL
from support.enrolments import answers, stored, text
from support.fuzzing import examples

GENERAL_FORM = "/daftar/"  # the form with every field, the workshop too
# Every character Python calls a space, every space separator, and the invisible ones.
BLANKS = sorted(
    {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()}
    | {chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Zs"}
    | {chr(c) for c in ZERO_WIDTH}
    | BLANK_LOOKING
    | {"\u200c", "\u200d", "\u00ad", "\u034f", "\u180e"}  # joiners, soft hyphen, CGJ, MVS
)
# The spaces a person might type or paste between words (not newlines or tabs: those are
# control characters, refused inside an answer).
BETWEEN = [c for c in BLANKS if unicodedata.category(c) == "Zs" or ord(c) in ZERO_WIDTH]
MARKS = st.characters(categories=["Mn", "Me"])
LETTERS = st.characters(categories=["Lu", "Ll", "Lt", "Lm", "Lo"], exclude_characters=BLANK_LOOKING)
SCRIPTS = [
    "Siti",
    "Nur'aini",
    "Алия",
    "Ωμέγα",
    "عبد",
    "الله",
    "देवी",
    "王芳",
    "김민준",
    "สมชาย",
    "Nguyễn",
    "Tiêu",
    "ꦱꦶꦠꦶ",  # Javanese script
    "Ṣàlàkọ́",
]

blank = st.text(st.sampled_from(BLANKS), min_size=1, max_size=12)
marks_alone = st.text(st.one_of(MARKS, st.sampled_from(BLANKS)), min_size=1, max_size=8).filter(
    lambda s: any(unicodedata.category(c)[0] == "M" for c in s)
)
word = st.one_of(
    st.sampled_from(SCRIPTS),
    st.text(LETTERS, min_size=1, max_size=6),
    st.builds(lambda w, m: w + m, st.sampled_from(SCRIPTS), st.text(MARKS, max_size=2)),
)
spaces = st.text(st.sampled_from(BETWEEN), min_size=1, max_size=3)
mixed_scripts = st.builds(
    lambda words, gaps: "".join(w + g for w, g in zip(words, gaps, strict=False)),
    st.lists(word, min_size=1, max_size=4),
    st.lists(spaces, min_size=4, max_size=4),
)
pad = st.text(st.sampled_from(BETWEEN), max_size=4)

# A real answer for each field (accepted however it is padded), and its stored form.
VALID = {
    "full_name": mixed_scripts,
    "city": mixed_scripts,
    "union": mixed_scripts,
    "phone": st.sampled_from(["081234567890", "+62 812-3456-7890", "62 812 3456 7890"]),
    "email": st.sampled_from(["siti@contoh.example", "Siti.N@Example.COM"]),
    "birth_year": st.sampled_from(["1990", "1971", "2001"]),
}
CHOICES = {
    "education": list(EDUCATION),
    "laid_off": list(YES_NO),
    "jkp": list(JKP),
    "workshop": ["las"],
    "consent": ["y"],
    "ref": ["spsi-bekasi"],
    "website": [""],
}
REQUIRED = {
    "full_name": "Tulis nama lengkap Anda",
    "phone": "Tulis nomor HP atau WhatsApp Anda",
    "birth_year": "Tulis tahun lahir Anda",
    "city": "Tulis kota atau kabupaten tempat tinggal Anda",
}
FIELDS = [*VALID, *CHOICES]


@st.composite
def answer(draw: st.DrawFn, field: str) -> tuple[str, bool]:
    """An answer for `field`, and whether the form must accept it."""
    real = VALID.get(field, st.sampled_from(CHOICES.get(field, [""])))
    kind = draw(st.sampled_from(["blank", "marks", "mixed", "padded", "spaced", "any"]))
    if kind == "blank":
        return draw(blank), field in VALID and field not in REQUIRED
    if kind == "marks":
        return draw(marks_alone), field in VALID and field not in REQUIRED
    if kind == "mixed":
        return draw(mixed_scripts), field in ("full_name", "city", "union")
    if kind == "padded":  # a real answer with spaces of any kind around it
        return draw(pad) + draw(real) + draw(pad), field in VALID
    if kind == "spaced":  # and inside it, between its words or digits
        value = draw(real)
        return (draw(spaces).join(value.split(" ")), field in VALID and field != "birth_year")
    return draw(st.text(st.one_of(st.sampled_from(BLANKS), MARKS, LETTERS), max_size=20)), False


def expected(field: str, value: str) -> dict[str, object] | None:
    """The stored columns a 303 must give for this answer; None when nothing may be stored."""
    cleaned = tidy(value)
    if field == "website":
        return {} if not cleaned else None  # the honeypot: anything visible is a bot
    text_columns = {"full_name": "full_name", "city": "city"}
    if field in text_columns:
        return {text_columns[field]: cleaned}
    return {
        "union": lambda: {"union_name": cleaned or None},
        "phone": lambda: {"phone": e164(cleaned)},
        "email": lambda: {"email": normal_email(cleaned) if cleaned else None},
        "birth_year": lambda: {"birth_year": int(cleaned)},
        "education": lambda: {"education": value},
        "laid_off": lambda: {"laid_off": value == "yes"},
        "jkp": lambda: {"jkp": Jkp(value)},
        "workshop": lambda: {"workshop": value},
        "consent": lambda: {},
        "ref": lambda: {"referral": value if REFERRAL.fullmatch(value) else None},
    }[field]()


def _rows(app: Flask) -> Iterator[Enrolment]:
    yield from stored(app)
    with app.app_context():
        db.session.execute(delete(Enrolment))
        db.session.commit()


def _check(app: Flask, client: FlaskClient, field: str, example: tuple[str, bool]) -> None:
    value, must_accept = example
    data = answers(**{"workshop": "las", field: value})
    response = client.post(GENERAL_FORM, data=data)
    assert response.status_code in (303, 422), response.status_code
    html = text(response)
    rows = list(_rows(app))
    if must_accept:
        assert response.status_code == 303, html[html.find("error-summary") :][:600]
    missing = field in REQUIRED and tidy(value) == ""
    if missing:  # nothing visible: the answer is missing, and the reader is told so
        assert response.status_code == 422 and REQUIRED[field] in html
    if response.status_code == 422:
        assert rows == []
        assert f'id="{field}-error"' in html  # refused for this answer, not another
        return
    want = expected(field, value)
    if want is None:
        assert rows == []
        return
    [row] = rows
    for column, stored_value in want.items():
        assert getattr(row, column) == stored_value, (column, getattr(row, column))
    for column in ("full_name", "city", "union_name"):
        saved = getattr(row, column)
        if saved is not None:  # what a tidied text is, whatever was typed
            assert saved == tidy(saved) == unicodedata.normalize("NFC", saved) == saved.strip()
            assert not set(saved) & {chr(c) for c in ZERO_WIDTH} and not SPACES.search(
                saved.replace(" ", "")
            )
    # The check htmx runs as the reader leaves the field judges the answer the same way.
    if field not in ("website", "workshop"):
        check = text(client.post(f"/daftar/periksa/{field}/", data=data))
        assert ("error-message" in check) is (response.status_code == 422)


@pytest.mark.parametrize(
    ("db_url", "full"),
    [
        pytest.param("sqlite", 100, id="sqlite"),
        pytest.param("postgresql", 30, id="postgresql", marks=pytest.mark.slow),
    ],
    indirect=["db_url"],
)
@pytest.mark.parametrize("field", FIELDS)
def test_every_answer_is_stored_as_normalised_or_refused_never_a_5xx(
    app: Flask, client: FlaskClient, field: str, full: int
) -> None:
    app.config["ENROL_RATE_LIMIT"] = app.config["ENROL_CHECK_RATE_LIMIT"] = "1000000 per minute"

    @given(answer(field))
    @settings(
        max_examples=examples(full),
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    def send(example: tuple[str, bool]) -> None:
        _check(app, client, field, example)

    send()


@given(st.text(st.one_of(st.sampled_from(BLANKS), MARKS, LETTERS, st.characters())))
def test_tidy_is_idempotent_and_leaves_something_visible_or_nothing(value: str) -> None:
    once = tidy(value)
    assert tidy(once) == once
    assert once == "" or once.strip() == once


def test_the_space_pattern_matches_every_space_separator_python_knows() -> None:
    zs = [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Zs"]
    assert all(SPACES.fullmatch(c) for c in zs)
    assert not SPACES.search("".join(c for c in BLANKS if c not in zs))


# tidy() and plain_text() take a short way for most answers; it must give what the long way gives.


@given(st.text(st.characters(max_codepoint=127)))
@example("")
@example("   ")
@example(" \t Siti  Nur\n ")
@example("\x1c\x1f")  # separators Python strips
@example("\x00")
@example("\x7f")  # a control character strip() keeps
def test_an_ascii_answer_is_tidied_as_any_other(value: str) -> None:
    assert tidy(value) == _tidy(value)


def test_no_printable_character_is_hidden() -> None:
    # plain_text() looks closer only at an answer that is not all printable. Character by
    # character, every code point: then no all-printable answer has a hidden character.
    printable = (chr(c) for c in range(sys.maxunicode + 1) if chr(c).isprintable())
    assert [c for c in printable if hidden(c)] == []
