"""bangkit.frontmatter reads the simple lines exactly as YAML does, and leaves the rest to it."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from bangkit.frontmatter import _simple, parse
from support.fuzzing import examples
from support.paths import FIXTURE_CONTENT, REAL_CONTENT


def _heads() -> list[str]:
    heads = []
    for folder in (REAL_CONTENT, FIXTURE_CONTENT):
        for file in sorted(folder.glob("*/**/*.md")):
            text = file.read_text(encoding="utf-8")
            if text.startswith("---\n"):
                heads.append(text[4:].partition("\n---\n")[0])
    return heads


def test_every_page_reads_as_yaml_reads_it() -> None:
    heads = _heads()
    assert len(heads) > 50
    for head in heads:
        assert parse(head) == yaml.safe_load(head), head
    assert sum(_simple(head) is not None for head in heads) > 10  # the others list sources


@pytest.mark.parametrize(
    ("head", "simple"),
    [
        ("title: Syarat JKP\nchecked: 2026-11-28\norder: 3\njkp_tools: true", True),
        ('title: "Arsip 7: kejuruan"\nmenu: 0', True),
        ("title: yes", True),  # a boolean, as YAML 1.1 says
        ("title: Null", False),  # None: left to YAML
        ("on: x", False),  # a boolean key
        ("order: 007", False),  # octal in YAML 1.1
        ("checked: 2026-1-5", False),
        ("checked: 2026-02-30", False),  # not a date: YAML's own error
        ("title: a: b", False),
        ("title: a #b", False),
        ("title: 'quoted'", False),
        ('title: "a \\" b"', False),
        ("sources:\n  - title: a\n    url: b", False),
        ("title: x\ntitle: y", False),
        ("title:  two spaces", False),
        ("title: Ω café, [1] {2}", True),
        ("title: x\u2028y", False),
    ],
)
def test_simple_lines_and_the_rest(head: str, simple: bool) -> None:
    assert (_simple(head) is not None) == simple
    try:
        expected = yaml.safe_load(head)
    except (yaml.YAMLError, ValueError) as error:  # ValueError: a date that does not exist
        with pytest.raises(type(error)):
            parse(head)
        return
    assert parse(head) == expected


_values = st.one_of(
    st.text(min_size=0, max_size=30),
    st.integers(-5, 10**6).map(str),
    st.dates(dt.date(1000, 1, 1), dt.date(9999, 12, 31)).map(dt.date.isoformat),
    st.sampled_from(["true", "False", "YES", "off", "~", "null", "0o7", "1_000", "1.5", ".inf"]),
)


@given(st.lists(st.tuples(st.from_regex(r"[a-z_]{1,8}", fullmatch=True), _values), max_size=6))
@settings(max_examples=examples(300))
def test_generated_lines_read_as_yaml_reads_them(lines: list[tuple[str, str]]) -> None:
    head = "\n".join(f"{key}: {value}" for key, value in lines)
    found = _simple(head)
    if found is None:
        return
    assert found == yaml.safe_load(head), head
