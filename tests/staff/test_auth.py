"""Staff sign-in: every page closed without it, sessions, lockout, CSRF, headers, never frozen."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import update

from bangkit.database import db
from bangkit.enrol.models import Enrolment, Status
from bangkit.staff.models import StaffUser, StatusChange
from support.enrolments import add_enrolment
from support.headers import POLICY
from support.staff import LOGIN, PASSWORD, add_staff, post, sign_in, token

NEUTRAL = "Nama atau kata sandi tidak cocok"


def staff_urls(app: Flask, reference: str) -> list[tuple[str, str]]:
    """(method, URL) of every staff view but the sign-in page, in both languages."""
    found = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if not rule.endpoint.startswith("staff.") or rule.endpoint == "staff.login":
                continue
            values = {**(rule.defaults or {}), "reference": reference}
            path = rule.build(values, append_unknown=False)[1]
            found += [(m, path) for m in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    return found


def test_without_signing_in_every_staff_url_redirects_or_refuses(
    app: Flask, client: FlaskClient
) -> None:
    reference = add_enrolment(app, full_name="Rahasia Sekali")
    urls = staff_urls(app, reference)
    assert {p for _, p in urls} >= {"/staf/", "/en/staff/", "/staf/ekspor.csv", "/staf/angka/"}
    assert ("POST", f"/staf/pendaftaran/{reference}/") in urls and ("POST", "/staf/keluar/") in urls
    for method, path in urls:
        response = client.open(path, method=method, data={"status": "declined"})
        body = response.get_data(as_text=True)
        assert "Rahasia" not in body, path
        if method == "GET":
            assert response.status_code == 302, path
            login = "/en/staff/login/" if path.startswith("/en/") else LOGIN
            assert response.headers["Location"] == f"{login}?next={path}", path
        else:
            assert response.status_code == 403, path
            assert "Masuk untuk melanjutkan" in body or "Sign in to continue" in body
    with app.app_context():  # the refused POSTs changed nothing
        assert db.session.scalar(db.select(Enrolment.status)) == Status.NEW
        assert db.session.scalar(db.select(db.func.count(StatusChange.id))) == 0


def test_signing_in_returns_to_the_page_asked_for_but_never_off_the_site(
    app: Flask, client: FlaskClient
) -> None:
    add_staff(app)
    assert sign_in(client, url=LOGIN + "?next=/staf/angka/").headers["Location"] == "/staf/angka/"
    client.post("/staf/keluar/", data={"csrf_token": token(client, "/staf/")})
    for target in ("//evil.example/", "https://evil.example/staf/", "/jkp/", "/staf/\\\\evil"):
        response = sign_in(client, url=f"{LOGIN}?next={target}")
        assert response.headers["Location"] == "/staf/", target
        client.post("/staf/keluar/", data={"csrf_token": token(client, "/staf/")})


def test_a_name_or_password_sent_as_a_file_is_missing_not_a_500(
    app: Flask, client: FlaskClient
) -> None:
    add_staff(app)
    for field in ("name", "password"):
        data = {"csrf_token": token(client, LOGIN), "name": "siti", "password": PASSWORD}
        data[field] = (io.BytesIO(data[field].encode()), "x.txt")
        response = client.post(LOGIN, data=data)
        assert response.status_code == 422, field
        assert ("Tulis nama Anda" if field == "name" else "Tulis kata sandi Anda") in (
            response.get_data(as_text=True)
        )
    assert client.get("/staf/").status_code == 302  # not signed in


def test_wrong_password_and_unknown_name_get_the_same_answer(
    app: Flask, client: FlaskClient
) -> None:
    add_staff(app)
    wrong = sign_in(client, password="not the password")
    unknown = sign_in(client, name="nobody-here")
    assert wrong.status_code == unknown.status_code == 422

    def page(response) -> str:  # noqa: ANN001 - a test response
        return re.sub(r'value="[^"]*"', "", response.get_data(as_text=True))

    assert page(wrong) == page(unknown)
    assert NEUTRAL in page(wrong) and "<title>Kesalahan:" in page(wrong)
    assert PASSWORD not in wrong.get_data(as_text=True)
    assert client.get("/staf/").status_code == 302  # still not signed in


def test_the_session_cookie_is_httponly_lax_and_secure_over_https(app: Flask) -> None:
    add_staff(app)
    plain = app.test_client()
    cookie = sign_in(plain).headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    expires = re.search(r"Expires=([^;]+)", cookie).group(1)
    left = dt.datetime.strptime(expires, "%a, %d %b %Y %H:%M:%S GMT") - dt.datetime.utcnow()
    assert dt.timedelta(hours=7, minutes=55) < left <= dt.timedelta(hours=8)
    secure = app.test_client()
    url = "https://localhost" + LOGIN
    data = {"csrf_token": token(secure, url), "name": "siti", "password": PASSWORD}
    response = secure.post(url, data=data, headers={"Referer": url})
    assert response.status_code == 303
    assert "Secure" in response.headers["Set-Cookie"]


def test_public_pages_never_touch_the_session_even_for_signed_in_staff(
    app: Flask, client: FlaskClient
) -> None:
    add_staff(app)
    sign_in(client)
    for path in ("/", "/en/", "/jkp/", "/daftar/las/", "/tidak-ada/"):
        response = client.get(path)
        assert "Set-Cookie" not in response.headers, path
        assert "Cookie" not in response.vary, path


def test_a_session_ends_after_its_lifetime_and_on_sign_out(app: Flask, client: FlaskClient) -> None:
    add_staff(app)
    sign_in(client)
    assert client.get("/staf/").status_code == 200
    with client.session_transaction("/staf/") as session:
        session["staff"]["since"] -= 8 * 3600 + 1
    assert client.get("/staf/").status_code == 302
    sign_in(client)
    with client.session_transaction("/staf/") as session:
        stolen = dict(session["staff"])
    out = client.post("/staf/keluar/", data={"csrf_token": token(client, "/staf/")})
    assert out.status_code == 303 and out.headers["Location"] == LOGIN
    assert "Anda sudah keluar" in client.get(LOGIN).get_data(as_text=True)
    # A copy of the cookie taken before signing out is worth nothing after it.
    with client.session_transaction("/staf/") as session:
        session["staff"] = stolen
    assert client.get("/staf/").status_code == 302


@pytest.mark.postgres
def test_repeated_failures_lock_the_account_for_a_while(app: Flask, client: FlaskClient) -> None:
    add_staff(app)
    for _ in range(5):
        assert sign_in(client, password="guess").status_code == 422
    locked = sign_in(client)  # the right password, but locked: the same neutral answer
    assert locked.status_code == 422 and NEUTRAL in locked.get_data(as_text=True)
    with app.app_context():
        user = db.session.scalar(db.select(StaffUser))
        assert user.failed_logins == 5
        assert user.locked_until is not None
        db.session.execute(
            update(StaffUser).values(locked_until=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))
        )
        db.session.commit()
    # One more failure after the lock: locked again, for twice as long.
    assert sign_in(client, password="guess").status_code == 422
    with app.app_context():
        user = db.session.scalar(db.select(StaffUser))
        until = (
            user.locked_until.replace(tzinfo=dt.UTC)
            if not user.locked_until.tzinfo
            else user.locked_until
        )
        left = until - dt.datetime.now(dt.UTC)
        assert dt.timedelta(minutes=29) < left <= dt.timedelta(minutes=30)
        db.session.execute(update(StaffUser).values(locked_until=None))
        db.session.commit()
    assert sign_in(client).status_code == 303
    with app.app_context():
        assert db.session.scalar(db.select(StaffUser.failed_logins)) == 0


def test_too_many_failures_from_one_client_answer_429(app: Flask, client: FlaskClient) -> None:
    app.config["LOGIN_RATE_LIMIT"] = "3 per minute"
    add_staff(app)
    assert sign_in(client).status_code == 303  # a success is not counted
    client.post("/staf/keluar/", data={"csrf_token": token(client, "/staf/")})
    for name in ("a1", "b2", "c3"):  # different names: the limit is per client, not per account
        assert sign_in(client, name=name).status_code == 422
    limited = sign_in(client)
    assert limited.status_code == 429
    assert "Terlalu banyak percobaan" in limited.get_data(as_text=True)
    assert client.get(LOGIN).status_code == 200  # the page itself stays readable


def test_a_post_without_its_csrf_token_is_refused(app: Flask, client: FlaskClient) -> None:
    reference = add_enrolment(app)
    add_staff(app)
    refused = client.post(LOGIN, data={"name": "siti", "password": PASSWORD})
    assert refused.status_code == 400 and "token keamanan" in refused.get_data(as_text=True)
    sign_in(client)
    detail = f"/staf/pendaftaran/{reference}/"
    for data in ({"status": "contacted"}, {"status": "contacted", "csrf_token": "forged"}):
        response = client.post(detail, data=data)
        assert response.status_code == 400
        assert response.headers["Content-Security-Policy"] == POLICY
    assert client.post("/staf/keluar/").status_code == 400
    assert client.get("/staf/").status_code == 200  # still signed in
    assert post(client, detail, status="contacted").status_code == 303  # with it, accepted


@pytest.mark.parametrize(
    ("path", "signed_in"),
    [
        ("/staf/masuk/", False),
        ("/en/staff/login/", False),
        ("/staf/", True),
        ("/staf/angka/", True),
    ],
)
def test_staff_pages_are_never_cached_indexed_or_scripted_from_elsewhere(
    app: Flask, client: FlaskClient, path: str, signed_in: bool
) -> None:
    if signed_in:
        add_staff(app)
        sign_in(client)
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Robots-Tag"] == "noindex, nofollow"
    assert response.headers["Content-Security-Policy"] == POLICY
    # No inline script anywhere; the list (only) loads our own copy of htmx, deferred.
    scripts = re.findall(r"<script[^>]*>[^<]*</script>", response.get_data(as_text=True))
    htmx = r'<script src="/static/htmx-4\.0\.1\.min\.js\?v=[0-9a-f]+" defer></script>'
    assert [s for s in scripts if not re.fullmatch(htmx, s)] == []
    assert len(scripts) == (1 if path == "/staf/" else 0)


def test_the_login_page_speaks_both_languages(client: FlaskClient) -> None:
    indonesian = client.get(LOGIN).get_data(as_text=True)
    english = client.get("/en/staff/login/").get_data(as_text=True)
    assert '<html lang="id">' in indonesian and "Masuk petugas" in indonesian
    assert '<html lang="en">' in english and "Staff sign in" in english


@pytest.mark.slow
def test_no_staff_page_is_frozen_or_listed(build: Path) -> None:
    assert not (build / "staf").exists() and not (build / "en" / "staff").exists()
    for name in ("sitemap.xml", "robots.txt"):
        assert "staf" not in (build / name).read_text()
    frozen = [p for p in build.rglob("*.html") if "/staf" in p.read_text()]
    assert frozen == []


def test_the_static_export_app_has_no_staff_urls(tmp_path: Path) -> None:
    from bangkit import create_app

    app = create_app({"FREEZING": True, "BUILD_DIR": str(tmp_path), "SECRET_KEY": "x"})
    assert not [r for r in app.url_map.iter_rules() if r.endpoint.startswith("staff.")]
