"""The JKP eligibility checker: the real rules file, walked as a graph and through its pages."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml
from flask import Flask

from bangkit.content import ContentError
from bangkit.figures import load_figures
from bangkit.jkp.rules import Rules
from bangkit.jkp.rules_loader import load_rules
from support.paths import REAL_CONTENT

RULES = REAL_CONTENT / "rules" / "jkp-checker.yaml"
# One question per step (issue 12): the longest path asks every question that can block a claim.
MAX_TAPS = 14


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
    # Each kind of result is there; two say "likely eligible" (the bankrupt or closed company's
    # is the other).
    verdicts = [n.verdict for n in rules.nodes.values() if n.verdict]
    assert set(verdicts) == {"yes", "no", "check"} and verdicts.count("yes") == 2


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
        url = urljoin(url, found[0])  # relative, as in the static copy
    html = client.get(url).get_data(as_text=True)
    return html


LAID_OFF = "laid me off"
# Deadline, work, citizen, age, contributions, in a row, JP, JKN, reported non-active: all fine.
OK = [
    "Less than",
    "No, not yet",
    "Indonesian citizen",
    "Under",
    "12 months or more",
    "in a row",
    "I am in JP",
    "I am in JKN",
    "reported",
]
# (what the reader taps, in English, by a piece of each answer's text) -> the verdict shown
CASES = [
    ([LAID_OFF, *OK, "not behind"], "Likely eligible"),
    (["ended before its end date", *OK, "not behind"], "Likely eligible"),
    # Employer arrears (PP 6/2025 Art. 39 and 39A).
    ([LAID_OFF, *OK, "3 months in a row or less"], "Likely eligible"),
    ([LAID_OFF, *OK, "more than 3", "still running"], "Check with BPJS"),
    (["bankrupt", *OK, "more than 3", "Yes, bankrupt", "6 months or less"], "Likely eligible"),
    (["bankrupt", *OK, "more than 3", "Yes, bankrupt", "More than 6 months"], "Check with BPJS"),
    ([LAID_OFF, *OK, "I don't know"], "Check with BPJS"),
    # The ways a job can end.
    (["ran to its agreed end date"], "Not eligible"),
    (["sign a resignation letter"], "Check with BPJS"),
    (["resigned"], "Not eligible"),
    (["retired"], "Not eligible"),
    (["total permanent disability"], "Not eligible"),
    (["Something else"], "Check with BPJS"),
    # The claim window: 6 months; a layoff before 7 February 2025 is past both deadlines.
    ([LAID_OFF, "More than 6 months ago"], "Not eligible"),
    ([LAID_OFF, "Almost 6 months ago"], "Check with BPJS"),
    # Working again.
    ([LAID_OFF, *OK[:1], "as an employee"], "Not eligible"),
    ([LAID_OFF, *OK[:1], "another way"], "Check with BPJS"),
    # Participation: an Indonesian citizen, under 54 when registered as a participant.
    ([LAID_OFF, *OK[:2], "No"], "Not eligible"),
    ([LAID_OFF, *OK[:3], "54 or older"], "Not eligible"),
    ([LAID_OFF, *OK[:3], "don't know"], "Check with BPJS"),
    # The contribution minimum: 12 months in 24; the 6 in a row, removed but unconfirmed.
    ([LAID_OFF, *OK[:4], "fewer than 12 months"], "Not eligible"),
    ([LAID_OFF, *OK[:4], "close to 12 months"], "Check with BPJS"),
    ([LAID_OFF, *OK[:4], "never registered"], "Check with BPJS"),
    ([LAID_OFF, *OK[:5], "don't know"], "Check with BPJS"),
    # JP where the employer must enrol, JKN, the non-active report.
    ([LAID_OFF, *OK[:6], "don't know", "micro or small", *OK[7:], "not behind"], "Likely eligible"),
    ([LAID_OFF, *OK[:6], "don't know", "medium or large"], "Check with BPJS"),
    ([LAID_OFF, *OK[:7], "don't know"], "Check with BPJS"),
    ([LAID_OFF, *OK[:8], "don't know"], "Check with BPJS"),
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
    html = _walk(real_app, "id", ["kena PHK dari perusahaan", "Kurang dari"])
    assert '<html lang="id">' in html
    assert "Apakah Anda sudah bekerja lagi" in html
    assert 'hreflang="en" href="http://127.0.0.1:5000/en/jkp/check/working-again/"' in html


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
    assert 'href="../../jkp/cek/kapan-phk/index.html"' in first  # relative: works from any folder


def _broken(tmp_path: Path, change) -> str:  # noqa: ANN001 - a function that edits the data
    figures = load_figures(REAL_CONTENT)
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
                "jkp-employers",
                "workshops",
            },
            figures,
        )
    return str(error.value)


def test_the_real_rules_load_with_the_real_page_keys(real_app: Flask) -> None:
    site = real_app.extensions["bangkit.site"]
    keys = {key for (_lang, key) in site.by_key}
    assert load_rules(RULES, keys, site.figures).start == "ending"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["nodes"]["working"]["answers"][0].update(next="nowhere"),
            "node 'working': an answer leads to 'nowhere': no such node",
        ),
        (
            lambda d: d["nodes"]["jkn"]["answers"][0].update(next="contributions"),
            "go round in a circle: contributions -> consecutive -> jp -> jkn -> contributions",
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
