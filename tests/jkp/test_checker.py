"""The JKP eligibility checker: the real rules file, walked as a graph and through its pages."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from flask import Flask

from bangkit.content import ContentError
from bangkit.jkp.rules import Rules
from bangkit.jkp.rules_loader import load_rules
from support.paths import REAL_CONTENT

RULES = REAL_CONTENT / "rules" / "jkp-checker.yaml"
MAX_TAPS = 6  # the promise: a result in at most six taps from the checker's first page


@pytest.fixture(scope="module")
def rules(real_app: Flask) -> Rules:
    return real_app.extensions["bangkit.checker"]


def _paths(rules: Rules, name: str, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every path from `name` to a result, as the names of the nodes passed through."""
    node = rules.nodes[name]
    if node.verdict:
        return [(*path, name)]
    return [p for _label, target in node.answers for p in _paths(rules, target, (*path, name))]


def test_every_path_reaches_a_result_within_six_taps(rules: Rules) -> None:
    paths = _paths(rules, rules.start)
    assert len(paths) > 20
    assert all(rules.nodes[p[-1]].verdict in ("yes", "no", "check") for p in paths)
    taps = max(len(p) - 1 for p in paths)
    assert taps <= MAX_TAPS, max(paths, key=len)
    # Every node is on some path: nothing unreachable, nothing dead.
    assert {n for p in paths for n in p} == set(rules.nodes)
    # Each kind of result is there, and only one node says "likely eligible".
    verdicts = [n.verdict for n in rules.nodes.values() if n.verdict]
    assert set(verdicts) == {"yes", "no", "check"} and verdicts.count("yes") == 1


def test_every_result_has_its_reason_next_steps_and_sources(rules: Rules) -> None:
    for node in rules.nodes.values():
        if node.verdict:
            assert node.why and node.next and node.sources, node.name
            assert all(s.url.startswith(("https://", "http://")) for s in node.sources)
    eligible = next(n for n in rules.nodes.values() if n.verdict == "yes")
    assert {s.page for s in eligible.next} >= {"jkp-claim", "jkp-deadlines", "jkp-training"}
    assert "calculator" in {s.tool for s in eligible.next}
    assert "https://siapkerja.kemnaker.go.id" in {s.url for s in eligible.next}


class _Links(HTMLParser):
    """The links inside <main>, as (text, href)."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._main = self._href = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "main":
            self._main = True
        elif tag == "a" and self._main:
            self._href, self._text = dict(attrs)["href"], ""

    def handle_data(self, data: str) -> None:
        self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href:
            self.links.append((" ".join(self._text.split()), self._href))
            self._href = None


def _walk(real_app: Flask, lang: str, taps: list[str]) -> str:
    """Tap the answers whose text contains each of `taps`, from the first page; the last page."""
    client = real_app.test_client()
    url = "/jkp/cek/" if lang == "id" else "/en/jkp/check/"
    for tap in taps:
        response = client.get(url)
        assert response.status_code == 200, url
        parser = _Links()
        parser.feed(response.get_data(as_text=True))
        found = [href for text, href in parser.links if tap.lower() in text.lower()]
        assert len(found) == 1, (url, tap, parser.links)
        url = found[0]
    html = client.get(url).get_data(as_text=True)
    return html


LAID_OFF = "laid me off"
OK = ["12 months or more", "Yes, both are true", "Less than 6 months ago", "No, not yet"]
# (what the reader taps, in English, by a piece of each answer's text) -> the verdict shown
CASES = [
    ([LAID_OFF, *OK], "Likely eligible"),
    (["ended before its end date", *OK], "Likely eligible"),
    (["bankrupt", "Yes, both are true", *OK[1:]], "Likely eligible"),
    (["bankrupt", "No, or I don't know"], "Check with BPJS"),
    (["ran to its agreed end date"], "Not eligible"),
    (["resigned"], "Not eligible"),
    (["retired"], "Not eligible"),
    (["total permanent disability"], "Not eligible"),
    (["Something else"], "Check with BPJS"),
    # The contribution minimum: 12 months in 24.
    ([LAID_OFF, "fewer than 12 months"], "Not eligible"),
    ([LAID_OFF, "close to 12 months"], "Check with BPJS"),
    # Participation: an Indonesian citizen, under 54 when first registered.
    ([LAID_OFF, OK[0], "not an Indonesian citizen"], "Not eligible"),
    ([LAID_OFF, OK[0], "54 or older"], "Not eligible"),
    ([LAID_OFF, OK[0], "don't know how old"], "Check with BPJS"),
    # The claim window either side of 6 months, and the 7 February 2025 change of rules.
    ([LAID_OFF, *OK[:2], "Less than 6 months ago", "No, not yet"], "Likely eligible"),
    ([LAID_OFF, *OK[:2], "More than 6 months ago"], "Not eligible"),
    ([LAID_OFF, *OK[:2], "Before 7 February 2025"], "Check with BPJS"),
    # Working again.
    ([LAID_OFF, *OK[:3], "as an employee paid a wage"], "Not eligible"),
    ([LAID_OFF, *OK[:3], "my own business"], "Check with BPJS"),
]


@pytest.mark.parametrize(("taps", "verdict"), CASES, ids=[" / ".join(c[0]) for c in CASES])
def test_a_table_of_cases_gives_the_expected_answer(
    real_app: Flask, taps: list[str], verdict: str
) -> None:
    html = _walk(real_app, "en", taps)
    assert '<p class="verdict verdict-' in html
    shown = html.split('<p class="verdict', 1)[1].split(">", 1)[1].split("<", 1)[0]
    assert shown.startswith(verdict), shown
    assert 'id="sources"' in html and 'id="next"' in html


def test_the_indonesian_checker_answers_in_indonesian(real_app: Flask) -> None:
    html = _walk(real_app, "id", ["di-PHK oleh perusahaan", "12 bulan atau lebih"])
    assert '<html lang="id">' in html
    assert "Apakah Anda warga negara Indonesia" in html
    assert 'hreflang="en" href="http://127.0.0.1:5000/en/jkp/check/participant/"' in html


def test_an_unknown_step_is_not_found(real_app: Flask) -> None:
    client = real_app.test_client()
    assert client.get("/jkp/cek/tidak-ada/").status_code == 404
    assert client.get("/en/jkp/check/iuran/").status_code == 404  # an Indonesian slug


@pytest.mark.slow
def test_every_checker_page_is_in_the_frozen_build(build: Path, rules: Rules) -> None:
    for node in rules.nodes.values():
        for lang, root in (("id", "jkp/cek"), ("en", "en/jkp/check")):
            slug = node.slug.get(lang)
            path = build / root / (f"{slug}/index.html" if slug else "index.html")
            assert path.is_file(), path
    first = (build / "jkp" / "cek" / "index.html").read_text()
    assert 'href="iuran/index.html"' in first  # relative, so the copy works from any folder


def _broken(tmp_path: Path, change) -> str:  # noqa: ANN001 - a function that edits the data
    data = yaml.safe_load(RULES.read_text(encoding="utf-8"))
    change(data)
    file = tmp_path / "jkp-checker.yaml"
    file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ContentError) as error:
        load_rules(
            file,
            {
                "jkp",
                "jkp-claim",
                "jkp-deadlines",
                "jkp-eligibility",
                "jkp-changes-2025",
                "jkp-training",
                "workshops",
            },
        )
    return str(error.value)


def test_the_real_rules_load_with_the_real_page_keys(real_app: Flask) -> None:
    keys = {key for (_lang, key) in real_app.extensions["bangkit.site"].by_key}
    assert load_rules(RULES, keys).start == "ending"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["nodes"]["working"]["answers"][0].update(next="nowhere"),
            "node 'working': an answer leads to 'nowhere': no such node",
        ),
        (
            lambda d: d["nodes"]["working"]["answers"][0].update(next="contributions"),
            "answers go round in a circle: contributions -> participant -> when -> working",
        ),
        (lambda d: d["nodes"]["ending"]["answers"].pop(), "node 'other-ending': no answer leads"),
        (
            lambda d: d["nodes"]["eligible"].update(verdict="maybe"),
            "node 'eligible': verdict: must be one of yes, no, check",
        ),
        (lambda d: d["nodes"]["eligible"]["title"].pop("en"), "node 'eligible': title: missing"),
        (
            lambda d: d["nodes"]["too-old"]["slug"].update(en="not-a-citizen"),
            "slug: node 'not-citizen' has it too",
        ),
        (
            lambda d: d["nodes"]["too-old"].update(sources=["nope"]),
            "node 'too-old': sources: 'nope' is not defined",
        ),
        (
            lambda d: d["steps"]["deadlines"].update(page="jkp-nope"),
            "step 'deadlines': page: no content page has key 'jkp-nope'",
        ),
        (lambda d: d["nodes"]["when"].update(colour="red"), "node 'when': unknown field 'colour'"),
        (lambda d: d.update(start="eligible"), "node 'eligible': the start must be a question"),
    ],
)
def test_bad_rules_stop_the_site_naming_the_file_and_the_node(
    tmp_path: Path,
    change,
    message: str,  # noqa: ANN001
) -> None:
    problem = _broken(tmp_path, change)
    assert problem.startswith(str(tmp_path / "jkp-checker.yaml").replace("\\", "/")), problem
    assert message in problem, problem
