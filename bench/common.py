"""What the benchmarks share: paths, the machine they ran on, medians and a plain table."""

from __future__ import annotations

import os
import platform
import statistics
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# freeze.py lives at the top, the weight rules in tests/support/: both are imported as modules
# (the weight rules as support.weight, as the tests import them).
for folder in (ROOT, ROOT / "tests", ROOT / "site"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))


def this_tree(env: Mapping[str, str]) -> dict[str, str]:
    """`env` for a command that imports bangkit (freeze.py, `flask --app bangkit`), with this
    tree's site/ first on its path: a benchmark measures the code beside it, not the checkout
    an editable install in the environment points to (a virtualenv shared by two checkouts)."""
    paths = [str(ROOT / "site"), env.get("PYTHONPATH", "")]
    return {**env, "PYTHONPATH": os.pathsep.join(path for path in paths if path)}


def scratch() -> Path:
    """A folder for many small files: tmpfs when the machine has one (the disk is slow to
    create many files right after deleting many)."""
    shm = Path("/dev/shm")
    return shm if shm.is_dir() and os.access(shm, os.W_OK) else Path("/tmp")


def machine() -> str:
    """One line: cores, CPU, Python, and the load average when the benchmark started."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0]  # the machine is shared: say how busy it was
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}, load {load:.1f}"


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A Markdown table (pastes into the README); numbers are right-aligned."""
    cells = [[str(h) for h in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    numeric = [all(_is_number(row[i]) for row in cells[1:]) for i in range(len(headers))]

    def line(row: Sequence[str]) -> str:
        padded = [
            c.rjust(w) if num else c.ljust(w)
            for c, w, num in zip(row, widths, numeric, strict=True)
        ]
        return "| " + " | ".join(padded) + " |"

    rule = [
        "-" * (w + 1) + ":" if num else "-" * (w + 2)
        for w, num in zip(widths, numeric, strict=True)
    ]
    body = [line(row) for row in cells[1:]]
    return "\n".join([line(cells[0]), "|" + "|".join(rule) + "|", *body])


def _is_number(text: str) -> bool:
    return text.replace(",", "").replace(".", "").replace("×", "").replace("-", "").isdigit()
