"""Reading QR codes for real, with Debian's zbarimg (zbar-tools)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

# The public https address the QR tests deploy the site at (QR codes hold absolute links).
SITE = "https://bangkit.example.org"


def zbar(image: Path) -> str:
    """What zbarimg reads in an image file (it fails when it finds no code)."""
    zbarimg = shutil.which("zbarimg")
    assert zbarimg, "zbarimg is missing: apt-get install zbar-tools (see .ci/test)"
    result = subprocess.run(
        [zbarimg, "--quiet", "--raw", str(image)], capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()
