"""The base of the site's forms: a submitted form's answers are the text fields of its body."""

from __future__ import annotations

from typing import Any

from flask import request
from flask_wtf import FlaskForm
from flask_wtf.form import _Auto  # Flask-WTF's "read the request" default (pinned version)


class TextForm(FlaskForm):
    class Meta:
        def wrap_formdata(self, form: FlaskForm, formdata: Any) -> Any:
            """The request's form fields, never its uploaded files or a JSON body, which
            Flask-WTF would also read: their values (a file, a number, a list) are not text, and
            the checks, which expect text, failed on them with a 500. A browser's form sends
            text; a field sent as anything else is missing, and the reader is told so."""
            if formdata is _Auto:
                return request.form if form.is_submitted() else None
            return formdata
