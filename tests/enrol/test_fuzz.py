"""Hostile input to the enrolment POST: thousands of generated submissions, never a 5xx.

Random text, huge fields, control characters, invalid UTF-8, wrong content types, missing and
repeated fields. Every answer must be 303, 422, 403, 413 or 429 (the test client raises any
exception a view lets out), and every row stored must pass the form's own validation.
"""

from __future__ import annotations

import functools
import itertools
import json
from urllib.parse import quote_from_bytes

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from bangkit.database import db
from bangkit.enrol.forms import EnrolForm
from bangkit.enrol.models import Enrolment
from bangkit.extensions import site
from support.fuzzing import examples

# Each generated form starts from its own number. A drawn one was often the same (Hypothesis
# favours small integers such as 0), and the app rightly stores a number and workshop once: a
# run could keep as few as 3 rows of 200 forms and fail the count below (1 seed in 30).
NUMBERS = itertools.count()
ANSWERED = {303, 422, 403, 413, 429}
FIELDS = ["workshop", "full_name", "phone", "email", "birth_year", "education", "city"]
FIELDS += ["laid_off", "jkp", "union", "consent", "ref", "website"]
PATHS = ["/daftar/las/", "/daftar/", "/en/enrol/las/", "/en/enrol/"]
LIKELY = ["", "las", "tik", "Siti Nur'aini", "Ni Luh Putu", "081234567890", "+62 812-3456-7890"]
LIKELY += ["1990", "2020", "sma", "phd", "yes", "no", "unknown", "y", "on", "spsi-bekasi"]
LIKELY += ["a@b.co", "x@", "Kota Bekasi", '=HYPERLINK("http://x")', "<script>x</script>"]


def _valid(number: int) -> list[tuple[str, str]]:
    """A whole, valid form, with its own number (so that it is not a duplicate)."""
    return [
        ("workshop", "las"),
        ("full_name", "Siti Nur'aini"),
        ("phone", f"0812{number:08d}"),
        ("birth_year", "1990"),
        ("education", "sma"),
        ("city", "Kota Bekasi"),
        ("laid_off", "yes"),
        ("jkp", "unknown"),
        ("consent", "y"),
    ]


text = st.one_of(
    st.sampled_from(LIKELY),
    st.text(max_size=40),  # any script, emoji, combining marks
    st.text(st.characters(categories=["Cc", "Cf", "Zl", "Zp", "Co"]), max_size=10),
    st.builds(lambda c, n: c * n, st.characters(), st.integers(90, 70_000)),  # huge
)


def _utf8(t: str) -> bytes:
    # st.characters() also draws lone surrogates, which strict UTF-8 cannot encode: they go in
    # as the invalid bytes a broken client would send.
    return t.encode("utf-8", "surrogatepass")


value = st.one_of(
    text.map(_utf8),
    st.binary(max_size=30),  # mostly invalid UTF-8
    st.builds(lambda t, b: _utf8(t) + b, text, st.sampled_from([b"\xff", b"\xc3", b"\x00"])),
)
name = st.one_of(st.sampled_from(FIELDS), st.sampled_from(["", "x", "phone[]", "__proto__"]))
change = st.tuples(st.sampled_from(["set", "add", "drop"]), name, value)


@st.composite
def submission(draw: st.DrawFn) -> tuple[str, bytes, str, dict[str, str]]:
    """A path, a body, its content type and headers: often a valid form spoiled a little."""
    fields = [(k, v.encode()) for k, v in _valid(next(NUMBERS))]
    if not draw(st.booleans()):
        fields = []  # from nothing
    for action, key, data in draw(st.lists(change, max_size=8)):
        if action != "add":  # set or drop: remove what is there (set puts one back)
            fields = [(k, v) for k, v in fields if k != key]
        if action != "drop":
            fields.append((key, data))  # "add" repeats a field that is already there
    body, kind = draw(st.sampled_from(ENCODINGS))(fields)
    kind = draw(st.one_of(st.just(kind), st.sampled_from(CONTENT_TYPES)))
    origin = draw(
        st.sampled_from(
            [None, None, None, "http://localhost", "http://localhost"]
            + ["https://evil.example", "null"]
        )
    )
    headers = {"Origin": origin} if origin else {}
    return draw(st.sampled_from(PATHS)), body, kind, headers


def _urlencoded(fields: list[tuple[str, bytes]]) -> tuple[bytes, str]:
    pairs = (quote_from_bytes(k.encode()) + "=" + quote_from_bytes(v) for k, v in fields)
    return "&".join(pairs).encode(), "application/x-www-form-urlencoded"


def _raw(fields: list[tuple[str, bytes]]) -> tuple[bytes, str]:
    # Not %-encoded: bytes that are not UTF-8 (or are & and =) go into the body as they are.
    return b"&".join(k.encode() + b"=" + v for k, v in fields), "application/x-www-form-urlencoded"


def _multipart(fields: list[tuple[str, bytes]], files: bool = False) -> tuple[bytes, str]:
    """With `files`, every other field is sent as an uploaded file, as no browser form would."""
    parts = [
        b'--B\r\nContent-Disposition: form-data; name="'
        + k.encode()
        + (b'"; filename="a.txt' if files and i % 2 == 0 else b"")
        + b'"\r\n\r\n'
        + v
        + b"\r\n"
        for i, (k, v) in enumerate(fields)
    ]
    return b"".join(parts) + b"--B--\r\n", "multipart/form-data; boundary=B"


def _json(fields: list[tuple[str, bytes]]) -> tuple[bytes, str]:
    data = {
        k: [v.decode("latin-1"), 1, None] if k == "phone" else v.decode("latin-1")
        for k, v in fields
    }
    return json.dumps(data).encode(), "application/json"


NOT_TEXT = [123, 1.5, True, None, [1, 2], [], {"a": 1}]


def _json_not_text(fields: list[tuple[str, bytes]]) -> tuple[bytes, str]:
    """A JSON body whose values are numbers, booleans, null, lists or objects; or no object."""
    if len(fields) % 3 == 0:
        return json.dumps([k for k, _ in fields] or "abc").encode(), "application/json"
    data = {k: NOT_TEXT[i % len(NOT_TEXT)] for i, (k, _) in enumerate(fields)}
    return json.dumps(data).encode(), "application/json"


ENCODINGS = [
    _urlencoded,
    _urlencoded,
    _raw,
    _multipart,
    functools.partial(_multipart, files=True),
    _json,
    _json_not_text,
]
CONTENT_TYPES = [
    "application/x-www-form-urlencoded; charset=latin-1",
    "multipart/form-data",  # no boundary
    "multipart/form-data; boundary=",
    "text/plain",
    "application/octet-stream",
    "application/json",
    "",
]


def _fuzz(app: Flask, client: FlaskClient, count: int) -> None:
    app.config["ENROL_RATE_LIMIT"] = "1000000 per minute"  # 429 would hide everything else

    @given(submission())
    @settings(
        max_examples=count,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    def send(example: tuple[str, bytes, str, dict[str, str]]) -> None:
        path, body, kind, headers = example
        response = client.post(path, data=body, content_type=kind, headers=headers)
        assert response.status_code in ANSWERED, (response.status_code, example)
        if headers.get("Origin") not in (None, "http://localhost"):
            assert response.status_code == 403

    send()


# The form's checks are the same on both databases: 2,000 on SQLite, and enough on PostgreSQL
# to catch what only it refuses (a NUL character in text, for one). Under the "fast" Hypothesis
# profile (`pytest -m "not slow"`) a tenth of each: support/fuzzing.py.
@pytest.mark.parametrize(
    ("db_url", "full"),
    [
        pytest.param("sqlite", 2000, id="sqlite"),
        pytest.param("postgresql", 300, id="postgresql", marks=pytest.mark.slow),
    ],
    indirect=["db_url"],
)
def test_hostile_submissions_get_proper_answers_and_store_only_valid_rows(
    app: Flask, client: FlaskClient, full: int
) -> None:
    count = examples(full)
    _fuzz(app, client, count)
    with app.app_context():
        rows = list(db.session.scalars(db.select(Enrolment)))
    assert len(rows) > count // 50  # the valid forms among them were kept: it reached the store
    for row in rows:
        assert _still_valid(app, row), row.id


def _still_valid(app: Flask, row: Enrolment) -> bool:
    """Would the form accept this row's values, as they are stored?"""
    data = {
        "workshop": row.workshop,
        "full_name": row.full_name,
        "phone": row.phone,
        "email": row.email or "",
        "birth_year": str(row.birth_year),
        "education": row.education,
        "city": row.city,
        "laid_off": "yes" if row.laid_off else "no",
        "jkp": row.jkp.value,
        "union": row.union_name or "",
        "consent": "y",
        "ref": row.referral or "",
    }
    with app.test_request_context(f"/{'en/' if row.lang == 'en' else ''}"):
        names = {page.key: page.label for page in site().workshops(row.lang)}
        form = EnrolForm(formdata=MultiDict(data)).with_workshops(names)
        return form.validate() and row.referral == form.ref.data
