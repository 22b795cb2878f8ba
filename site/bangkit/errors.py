"""The one error bad content raises, from any file under content/."""

from __future__ import annotations


class ContentError(ValueError):
    """Bad content: the message names the file and the field."""
