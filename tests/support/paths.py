"""Where things are: the repository, the real content and the small fixture content tree."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURE_CONTENT = ROOT / "tests" / "content"
REAL_CONTENT = ROOT / "content"
# The public address every test freezes with: freeze.py refuses a local one (test_freeze.py).
FROZEN_SITE_URL = "https://bangkit.example"
