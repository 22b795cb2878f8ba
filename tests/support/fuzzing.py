"""How hard the fuzz tests try: their example counts, scaled by the Hypothesis profile.

tests/conftest.py loads "full" (100 examples, Hypothesis's default) for a full run and "fast"
(10) for `pytest -m "not slow"`; HYPOTHESIS_PROFILE picks either, or a profile of your own.
"""

from __future__ import annotations

from hypothesis import settings

FULL = 100  # max_examples of the "full" profile


def examples(full: int) -> int:
    """`full` examples under the "full" profile, and as many in proportion under another."""
    return max(5, full * settings.default.max_examples // FULL)
