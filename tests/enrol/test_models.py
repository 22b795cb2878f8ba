"""The enrolment table: one row per number and workshop, and references."""

from __future__ import annotations

import multiprocessing
import queue
import re
from dataclasses import asdict, replace
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, func, select
from sqlalchemy import text as sql
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError

from bangkit.clock import utcnow
from bangkit.database import broken_rule, db, one_writer_at_a_time
from bangkit.enrol.models import (
    ALPHABET,
    REFERENCE,
    Answers,
    Enrolment,
    Jkp,
    NotSaved,
    new_reference,
    save,
)
from support.enrolments import FORM, PERSONAL, PRIVATE_ANSWERS, answers, stored, text


@pytest.mark.postgres
def test_the_same_number_for_the_same_workshop_creates_no_second_row(
    app: Flask, client: FlaskClient
) -> None:
    first = client.post(FORM, data=answers(phone="081234567890"))
    second = client.post(FORM, data=answers(phone="+62 812 3456 7890", full_name="Someone Else"))
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] != second.headers["Location"]
    [row] = stored(app)
    assert row.full_name == "Siti Nur'aini"
    # Both confirmations read the same: the second reveals nothing about the first.
    pages = [text(client.get(r.headers["Location"])) for r in (first, second)]
    assert len({re.sub(r"[A-Z2-9]{4}-[A-Z2-9]{4}", "REF", page) for page in pages}) == 1


@pytest.mark.postgres
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


def test_every_character_can_come_in_every_place_of_a_reference() -> None:
    """One draw makes all 8 characters: none of them is left to a smaller range than the rest.
    (A character missing from a place in 3,100 draws has a chance of about e**-100.)"""
    codes = [new_reference().replace("-", "") for _ in range(3100)]
    for place in range(8):
        assert {code[place] for code in codes} == set(ALPHABET), place


def _refuse(app: Flask, city: str) -> None:
    """Make the database itself refuse rows with this city: a rule the code does not expect."""
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            db.session.execute(
                sql(
                    "CREATE TRIGGER refuse BEFORE INSERT ON enrolment "
                    f"WHEN NEW.city = '{city}' BEGIN SELECT RAISE(ABORT, 'refused'); END"
                )
            )
        else:
            db.session.execute(
                sql(f"ALTER TABLE enrolment ADD CONSTRAINT ck_refuse CHECK (city <> '{city}')")
            )
        db.session.commit()


def _inserts(app: Flask) -> list[str]:
    """The INSERT statements sent to the database from now on (a list that grows)."""
    sent: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO ENROLMENT"):
            sent.append(statement)

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", count)
    return sent


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/daftar/las/", "karena ada gangguan di pihak kami permintaan Anda tidak tersimpan"),
        ("/en/enrol/las/", "because of a fault on our side your request was not saved"),
    ],
)
def test_any_other_refusal_is_a_bug_answered_with_the_form_and_not_tried_again(
    app: Flask, client: FlaskClient, caplog: pytest.LogCaptureFixture, path: str, message: str
) -> None:
    """Not a duplicate, not a reference clash: logged without the answers, sent once, the
    reader's form back with an apology in their language, and nothing kept."""
    _refuse(app, "Cikarang Utara")
    inserts = _inserts(app)
    response = client.post(path, data=PRIVATE_ANSWERS)
    assert response.status_code == 500
    html = text(response)
    assert message in html and 'value="Wulandari Kusumawati"' in html  # what they typed
    assert response.headers["Cache-Control"] == "no-store"
    assert len(inserts) == 1  # not retried as if the reference had clashed
    assert stored(app) == []
    [record] = [r for r in caplog.records if "not stored" in r.getMessage()]
    assert record.levelname == "ERROR"
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "refuse" in logged.lower() or "CONSTRAINT_TRIGGER" in logged
    for value in PERSONAL:
        assert value not in logged


def test_with_htmx_the_apology_is_swapped_in_with_the_form(app: Flask, client: FlaskClient) -> None:
    _refuse(app, "Kota Gagal")
    response = client.post(FORM, data=answers(city="Kota Gagal"), headers={"HX-Request": "true"})
    assert response.status_code == 500  # htmx 4 swaps every status but 204 and 304
    html = text(response)
    assert html.lstrip().startswith("<title>Kesalahan:")
    assert 'id="enrol"' in html and "gangguan di pihak kami" in html and "<html" not in html


@pytest.mark.postgres
def test_a_reference_drawn_twice_is_drawn_again(
    app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    taken = text(client.get(client.post(FORM, data=answers()).headers["Location"]))
    [first] = stored(app)
    assert first.reference in taken
    draws = iter([first.reference, "ABCD-EFGH"])
    monkeypatch.setattr("bangkit.enrol.models.new_reference", lambda: next(draws))
    response = client.post(FORM, data=answers(phone="081299990000"))
    assert response.status_code == 303 and "ABCD-EFGH" in response.headers["Location"]
    assert [r.reference for r in stored(app)] == [first.reference, "ABCD-EFGH"]


# Answers as the form hands them to save().
ANSWERS = Answers(
    workshop="las",
    full_name="Siti",
    phone="+6281234567890",
    email=None,
    birth_year=1990,
    education="sma",
    city="Kota Bekasi",
    laid_off=True,
    jkp=Jkp.NO,
    union_name=None,
    referral=None,
    lang="id",
)


@pytest.mark.postgres
def test_save_names_the_broken_rule_the_same_on_both_databases(app: Flask) -> None:
    given = replace(ANSWERS, phone=None)  # a bug upstream of save()
    with app.test_request_context():
        with pytest.raises(NotSaved, match=r"^NOT NULL enrolment\.phone$"):
            save(given)
        assert db.session.scalar(select(func.count()).select_from(Enrolment)) == 0
        save(replace(given, phone="+6281234567890"))
        assert save(replace(given, phone="+6281234567890"))  # a duplicate: no error
        db.session.add(
            Enrolment(
                **asdict(replace(given, phone="+6281234567891")),
                reference=db.session.scalar(select(Enrolment.reference)),
                consent_at=utcnow(),
                consent_version="x",
            )
        )
        with pytest.raises(IntegrityError) as clash:
            db.session.commit()
        db.session.rollback()
        assert broken_rule(clash.value) == "uq_enrolment_reference"


def test_on_sqlite_a_writer_waits_in_the_queue_then_stores(app: Flask) -> None:
    """While one process of the site writes, another's save() waits for it (and is not told the
    database is locked), then stores. The other is a fork of this one: its queue is its own,
    not the descriptor it inherited, on which the lock would not keep it out."""
    fork = multiprocessing.get_context("fork")
    done = fork.Queue()

    def other_process() -> None:
        with app.test_request_context():
            db.engine.dispose(close=False)  # the parent's pooled connections are not the child's
            done.put(save(ANSWERS))

    with app.app_context():
        url = db.engine.url
    with one_writer_at_a_time(url):
        child = fork.Process(target=other_process)
        child.start()
        with pytest.raises(queue.Empty):
            done.get(timeout=0.5)  # waiting in the queue
        assert stored(app) == []
    reference = done.get(timeout=10)
    child.join(timeout=10)
    assert child.exitcode == 0
    assert [row.reference for row in stored(app)] == [reference]


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://u@h/d",
        "sqlite://",
        "sqlite:///:memory:",
        "sqlite:///no-such-folder/bangkit.sqlite",  # SQLite's own error tells the reader
    ],
)
def test_only_a_sqlite_file_has_a_queue(
    url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # where a lock file for a relative name would go
    with one_writer_at_a_time(make_url(url)):
        pass  # no file to lock, nothing to wait for (and no error): these go straight on
    assert list(tmp_path.iterdir()) == []
