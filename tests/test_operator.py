"""Who runs a copy of the site is a setting, and every page that speaks of it reads it from there.

With no operator named (the default), the copy names nobody, promises nothing for the centre and
takes no enrolments. A named operator is the data controller on the privacy page and in the
consent; only the centre itself speaks for the centre.
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from bangkit import create_app
from bangkit.database import db
from bangkit.operator import SettingError
from support.paths import REAL_CONTENT

NOBODY = {"OPERATOR_NAME": None, "OPERATOR_CONTACT": None}
UNION = {"OPERATOR_NAME": "SP Contoh Bekasi", "OPERATOR_CONTACT": "halo@sp-contoh.example"}
CENTRE = {
    "OPERATOR_NAME": "BBPVP Bekasi",
    "OPERATOR_CONTACT": "https://bbpvpbekasi.kemnaker.go.id",
    "OPERATOR_IS_CENTRE": True,
}
# What only the centre may say: that its people will contact the reader.
FOR_THE_CENTRE = re.compile(r"(staff|petugas) (of )?BBPVP Bekasi", re.IGNORECASE)
ANSWERS = {
    "full_name": "Siti",
    "phone": "0812-3456-7890",
    "birth_year": "1990",
    "education": "sma",
    "city": "Kota Bekasi",
    "laid_off": "yes",
    "jkp": "unknown",
    "consent": "y",
}


def _app(tmp_path: Path, content: Path = REAL_CONTENT, **settings: Any) -> Flask:
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "t",
            "CONTENT_DIR": str(content),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}",
            **settings,
        }
    )
    if not app.config["FREEZING"]:  # a freezing app has no database
        with app.app_context():
            db.create_all()
    return app


def _text(app: Flask, url: str, **kw: Any) -> str:
    return unescape(app.test_client().get(url, **kw).get_data(as_text=True))


def test_by_default_the_copy_names_nobody_and_takes_no_enrolments(tmp_path: Path) -> None:
    app = _app(tmp_path, **NOBODY)
    client = app.test_client()
    home = _text(app, "/")
    assert "tidak menyebut siapa pengelolanya, jadi tidak mengambil data pribadi" in home
    form = client.get("/daftar/las/")
    assert form.status_code == 200
    page = unescape(form.get_data(as_text=True))
    assert "<form" not in page and "tidak menerima permintaan ikut pelatihan" in page
    assert "skillhub.kemnaker.go.id" in page  # the other ways to ask for a place
    assert client.post("/daftar/las/", data=ANSWERS).status_code == 404
    assert client.post("/daftar/periksa/phone/", data=ANSWERS).status_code == 404
    privacy = _text(app, "/en/privacy/")
    assert "does not say who runs it, so it takes no requests" in privacy
    assert "personal data controller" not in privacy


def test_by_default_no_real_page_speaks_for_the_centre(tmp_path: Path) -> None:
    app = _app(tmp_path, **NOBODY)
    site = app.extensions["bangkit.site"]
    urls = [f"/{p.path}/" if p.lang == "id" else f"/en/{p.path}/" for p in site.pages.values()]
    urls = [u.replace("//", "/") for u in urls] + ["/daftar/", "/en/enrol/las/", "/staf/masuk/"]
    for url in urls:
        html = _text(app, url)
        assert not FOR_THE_CENTRE.search(html), (url, FOR_THE_CENTRE.search(html))
        assert "will contact you" not in html and "akan menghubungi Anda" not in html, url


def test_a_union_is_named_as_the_data_controller_and_in_the_consent(tmp_path: Path) -> None:
    app = _app(tmp_path, **UNION)
    privacy = _text(app, "/privasi/")
    assert "Data Anda dikelola oleh SP Contoh Bekasi" in privacy
    assert "pengendali data pribadi menurut UU 27/2022" in privacy
    assert '<a href="mailto:halo@sp-contoh.example">halo@sp-contoh.example</a>' in privacy
    assert "SP Contoh Bekasi bukan BBPVP Bekasi" in privacy
    assert "paling lama 12 bulan" in privacy  # RETENTION_MONTHS
    form = _text(app, "/en/enrol/las/")
    assert "Leave your details and SP Contoh Bekasi will contact you" in form
    assert "I agree that SP Contoh Bekasi may use these details" in form
    assert "SP Contoh Bekasi is not BBPVP Bekasi and cannot promise a place" in form
    assert not FOR_THE_CENTRE.search(form)
    assert "This site is run by SP Contoh Bekasi. It is not an official site" in form
    done = app.test_client().post("/en/enrol/las/", data=ANSWERS)
    assert done.status_code == 303
    confirmation = _text(app, done.headers["Location"])
    assert "sent a WhatsApp message, by SP Contoh Bekasi on the number you gave" in confirmation
    login = _text(app, "/en/staff/login/")
    assert "For the people at SP Contoh Bekasi who follow up requests" in login


def test_someone_else_may_follow_up_and_the_privacy_page_says_so(tmp_path: Path) -> None:
    follow_up = {"id": "pengurus serikat", "en": "union officers"}
    app = _app(tmp_path, **UNION, FOLLOW_UP_BY=follow_up)
    assert "hanya meneruskan data Anda kepada pengurus serikat" in _text(app, "/privasi/")
    assert "Leave your details and union officers will contact you" in _text(app, "/en/enrol/las/")


def test_only_the_centre_itself_speaks_for_the_centre(tmp_path: Path) -> None:
    app = _app(tmp_path, **CENTRE)
    home = _text(app, "/en/")
    assert "This site is run by BBPVP Bekasi, the training centre itself." in home
    assert "not an official site" not in home
    privacy = _text(app, "/en/privacy/")
    assert "Your details are held by BBPVP Bekasi." in privacy
    assert "is not BBPVP Bekasi" not in privacy
    form = _text(app, "/en/enrol/las/")
    assert "This request tells the centre you are interested." in form


def test_the_frozen_pages_read_the_same_settings(tmp_path: Path) -> None:
    app = _app(tmp_path, FREEZING=True, **UNION)
    assert "Situs ini dikelola oleh SP Contoh Bekasi." in _text(app, "/")


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"OPERATOR_NAME": "SP Contoh", "OPERATOR_CONTACT": None}, "set both"),
        ({"OPERATOR_NAME": None, "OPERATOR_CONTACT": "a@b.example"}, "set both"),
        ({**NOBODY, "OPERATOR_IS_CENTRE": True}, "OPERATOR_IS_CENTRE: also set"),
        ({**UNION, "OPERATOR_IS_CENTRE": "yes"}, "OPERATOR_IS_CENTRE: must be true or false"),
        ({**NOBODY, "FOLLOW_UP_BY": "pengurus"}, "FOLLOW_UP_BY: also set"),
        ({**UNION, "FOLLOW_UP_BY": {"id": "pengurus"}}, "FOLLOW_UP_BY: a text, or"),
        ({**UNION, "OPERATOR_NAME": "  "}, "OPERATOR_NAME: must be a text"),
    ],
)
def test_settings_that_cannot_work_stop_the_site_naming_them(
    tmp_path: Path, settings: dict[str, Any], message: str
) -> None:
    with pytest.raises(SettingError, match=re.escape(message)):
        _app(tmp_path, **settings)
