"""The staff tests' shared fixture: a client signed in."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from support.staff import add_staff, sign_in


@pytest.fixture
def staff(app: Flask, client: FlaskClient) -> FlaskClient:
    """A client signed in as the staff member 'siti'."""
    add_staff(app)
    assert sign_in(client).status_code == 303
    return client
