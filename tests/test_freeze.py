"""The static copy: the exact set of frozen files, relative links that resolve from any folder."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bangkit import create_app
from bangkit.content import load
from freeze import NoPublicAddress, freeze, local_address
from support.linkcheck import broken_links
from support.paths import FIXTURE_CONTENT, FROZEN_SITE_URL, REAL_CONTENT, ROOT

FIXTURE_FILES = {
    "index.html",
    "jkp/index.html",
    "pelatihan/index.html",
    "pelatihan/las/index.html",
    "tentang/index.html",
    "privasi/index.html",
    "daftar/index.html",
    "daftar/las/index.html",
    "berita/index.html",
    "berita/kunjungan/index.html",
    "jkp/cek/index.html",  # the checker of tests/content/rules/, and the calculator
    "jkp/cek/ya/index.html",
    "jkp/cek/tidak/index.html",
    "jkp/hitung/index.html",
    "serikat/selebaran/jkp/index.html",  # the JKP flyer: the fixture has the page keyed jkp
    "404.html",
    "en/index.html",
    "en/jkp/index.html",
    "en/training/index.html",
    "en/training/welding/index.html",
    "en/about/index.html",
    "en/privacy/index.html",
    "en/enrol/index.html",
    "en/enrol/las/index.html",
    "en/news/index.html",
    "en/news/visit/index.html",
    "en/jkp/check/index.html",
    "en/jkp/check/yes/index.html",
    "en/jkp/check/no/index.html",
    "en/jkp/calculate/index.html",
    "en/unions/flyer/jkp/index.html",
    "en/404.html",
    # Short links with their QR codes, moved pages (tests/content/*.yaml), feeds and flyers.
    "s/las/index.html",
    "s/las/qr.svg",
    "s/las/qr.png",
    "en/s/las/index.html",
    "en/s/las/qr.svg",
    "en/s/las/qr.png",
    "pelatihan/las-lama/index.html",
    "en/training/old-welding/index.html",
    "berita/feed.xml",
    "en/news/feed.xml",
    "serikat/selebaran/las/index.html",
    "en/unions/flyer/las/index.html",
    "sitemap.xml",
    "robots.txt",
    "favicon.ico",
}


def _pages(build: Path) -> set[str]:
    return {
        p.relative_to(build).as_posix()
        for p in build.rglob("*")
        if p.is_file()
        and not p.relative_to(build).as_posix().startswith("static/")
        and p.suffix not in (".gz", ".br")  # the precompressed copies: tests/test_http.py
    }


@pytest.mark.slow
def test_the_exact_set_of_frozen_pages(fixture_build: Path) -> None:
    assert _pages(fixture_build) == FIXTURE_FILES


@pytest.mark.slow
def test_links_in_the_frozen_copy_are_relative(fixture_build: Path) -> None:
    html = (fixture_build / "pelatihan" / "las" / "index.html").read_text()
    assert 'href="../../jkp/index.html"' in html
    assert 'href="../../static/style.css?v=' in html
    assert 'href="../../en/training/welding/index.html"' in html  # the language switch


@pytest.mark.slow
def test_each_frozen_page_gets_its_own_request_context(fixture_build: Path) -> None:
    """Pins freeze.py's override of Frozen-Flask's private `Freezer._build_one`.

    Frozen-Flask builds every page inside the one request context it opened to list the URLs:
    without the override's fresh context per page, the first page's interface language (and any
    flag a view sets on g) leaks into every later page, and the Indonesian pages frozen after an
    English one come out with English interface text. This test then fails.
    """
    for name, skip in [("index.html", "Langsung ke isi"), ("en/index.html", "Skip to content")]:
        for page in [name, name.replace("index.html", "jkp/index.html")]:
            assert skip in (fixture_build / page).read_text(), page


@pytest.mark.slow
def test_the_404_file_keeps_its_links_right_at_any_depth(fixture_build: Path) -> None:
    html = (fixture_build / "en" / "404.html").read_text()
    assert f'href="{FROZEN_SITE_URL}/en/jkp/"' in html
    assert f'href="{FROZEN_SITE_URL}/static/style.css?v=' in html
    assert 'href="#main"' in html


@pytest.mark.slow
@pytest.mark.parametrize("mount", ["/", "/a/sub/folder/"])
def test_every_internal_link_resolves(fixture_build: Path, mount: str) -> None:
    assert broken_links(fixture_build, mount, FROZEN_SITE_URL) == []


def test_the_link_checker_finds_a_broken_link(tmp_path: Path) -> None:
    page = tmp_path / "index.html"
    page.write_text(
        '<a href="nowhere/index.html">x</a><a href="#nope">y</a><a href="/jkp/">z</a>'
        '<script src="https://cdn.example.com/x.js"></script>'
    )
    problems = broken_links(tmp_path, "/sub/")
    assert len(problems) == 4, problems


@pytest.mark.slow
def test_real_site_freezes_with_every_page_and_no_broken_link(build: Path) -> None:
    site = load(REAL_CONTENT)
    for page in site.pages.values():
        prefix = "" if page.lang == "id" else "en/"
        path = f"{prefix}{page.path}/index.html" if page.path else f"{prefix}index.html"
        assert (build / path).is_file(), path
    for name in ("404.html", "en/404.html", "sitemap.xml", "robots.txt"):
        assert (build / name).is_file()
    for mount in ("/", "/mirror/bangkit/"):
        assert broken_links(build, mount, FROZEN_SITE_URL) == []


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:5000",  # the default, for `flask run`
        "http://localhost:8000/",
        "https://bangkit.localhost/",
        "http://[::1]:5000/",
        "http://127.8.9.10/",
        "http://0.0.0.0:5000",
        "",
        "bangkit.example",  # no scheme: no host either
    ],
)
def test_a_local_site_url_is_refused_before_anything_is_written(tmp_path: Path, url: str) -> None:
    out = tmp_path / "build"
    config = {"BUILD_DIR": str(out), "CONTENT_DIR": str(FIXTURE_CONTENT), "SECRET_KEY": "t"}
    with pytest.raises(NoPublicAddress, match=r"Set BANGKIT_SITE_URL to the public address"):
        freeze({**config, "SITE_URL": url}, quiet=True)
    assert not out.exists()


def test_a_local_enrolment_service_is_refused_too(tmp_path: Path) -> None:
    config = {"BUILD_DIR": str(tmp_path / "b"), "CONTENT_DIR": str(FIXTURE_CONTENT)}
    config |= {"SECRET_KEY": "t", "SITE_URL": FROZEN_SITE_URL}
    with pytest.raises(NoPublicAddress, match="BANGKIT_ENROL_SERVICE_URL"):
        freeze({**config, "ENROL_SERVICE_URL": "http://localhost:8000"}, quiet=True)


def test_public_addresses_are_not_local() -> None:
    for url in (FROZEN_SITE_URL, "http://10.1.2.3/", "https://bangkit.example:8443/mirror/"):
        assert not local_address(url), url


def _freeze_py(out: Path, stderr: int, **settings: str) -> subprocess.Popen[bytes]:
    """`python freeze.py --out OUT` on the fixture content, as a person or a CI job runs it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BANGKIT_")}
    env |= {"BANGKIT_CONTENT_DIR": str(FIXTURE_CONTENT), "BANGKIT_SECRET_KEY": "t"}
    env |= {"BANGKIT_INSTANCE_PATH": str(out.parent / "instance"), "DATABASE_URL": ""}
    env |= {f"BANGKIT_{name}": value for name, value in settings.items()}
    return subprocess.Popen(
        [sys.executable, str(ROOT / "freeze.py"), "--out", str(out)],
        cwd=out.parent,
        env=env,
        stdout=subprocess.PIPE,
        stderr=stderr,
    )


def test_without_a_public_address_freeze_py_stops_and_names_the_setting(tmp_path: Path) -> None:
    run = _freeze_py(tmp_path / "build", subprocess.PIPE)
    stdout, stderr = run.communicate(timeout=120)
    assert run.returncode == 1 and stdout == b""
    [line] = stderr.decode().splitlines()
    assert line.startswith("freeze failed: SITE_URL is 'http://127.0.0.1:5000'")
    assert "BANGKIT_SITE_URL=https://bangkit.example python freeze.py" in line
    assert not (tmp_path / "build").exists()


@pytest.mark.slow
def test_off_a_terminal_freeze_py_writes_only_its_summary_and_warnings(tmp_path: Path) -> None:
    run = _freeze_py(tmp_path / "build", subprocess.PIPE, SITE_URL=FROZEN_SITE_URL)
    stdout, stderr = run.communicate(timeout=300)
    assert run.returncode == 0, stderr
    assert re.fullmatch(rb"froze \d+ files, [\d,]+ bytes, in [\d.]+ s\n", stdout), stdout
    assert b"\r" not in stderr
    assert all(line.startswith("warning: ") for line in stderr.decode().splitlines()), stderr
    assert (tmp_path / "build" / "index.html").is_file()


@pytest.mark.slow
def test_on_a_terminal_freeze_py_counts_the_files_as_it_goes(tmp_path: Path) -> None:
    terminal, other_end = pty.openpty()
    run = _freeze_py(tmp_path / "build", other_end, SITE_URL=FROZEN_SITE_URL)
    os.close(other_end)
    seen = b""
    while True:  # until the process closes its end (EIO on Linux)
        try:
            chunk = os.read(terminal, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    os.close(terminal)
    stdout, _ = run.communicate(timeout=300)
    assert run.returncode == 0 and stdout.startswith(b"froze ")
    counts = re.findall(rb"\r(\d+)/(\d+) files", seen)
    assert len(counts) > len(FIXTURE_FILES) and counts[-1][0] == counts[-1][1], seen[-200:]


# One rendering for both: the live app answers every URL of the static copy with the file's bytes,
# but for the few whose static form cannot be the live one (bangkit.render).
LIVE_ONLY = {
    # Live: a form that posts to the app itself, with htmx. Static: a form that posts to
    # ENROL_SERVICE_URL, or (none set, as here) the other ways to enrol.
    "enrol.form",
    # Live: the server computes (without JavaScript too). Static: calculator.js over the table.
    "jkp.calculator",
    # Live: a 301 to the page. Static: a small page that refreshes to it.
    "share.short",
    "moved",
}


@pytest.mark.slow
def test_the_live_app_serves_the_frozen_bytes(fixture_build: Path) -> None:
    from bangkit.export import file_of
    from freeze import all_urls
    from support.apps import app_with

    live = app_with(
        fixture_build.parent / "live",
        CONTENT_DIR=str(FIXTURE_CONTENT),
        SECRET_KEY="t",
        SITE_URL=FROZEN_SITE_URL,
    )
    client = live.test_client()
    adapter = live.url_map.bind("localhost")
    urls = all_urls(create_app({"FREEZING": True, "CONTENT_DIR": str(FIXTURE_CONTENT)}))
    differ = []
    for url in urls:
        endpoint, _ = adapter.match(url)
        frozen = fixture_build / file_of(url)
        with client.get(url) as response:
            if response.status_code == 200 and response.data == frozen.read_bytes():
                continue
        differ.append(endpoint)
    assert set(differ) == LIVE_ONLY
    assert len(urls) > 50 and len(differ) < len(urls) / 3


def test_a_freeze_imports_no_database(tmp_path: Path) -> None:
    """The static copy has no database: a freeze loads neither SQLAlchemy nor the migrations
    (0.7 s and 25 MiB of a rebuild), yet writes the enrolment form's pages. It checks no answer
    and limits no sender either: nor phonenumbers, email-validator or the limits library."""
    script = (
        "import sys, freeze\n"
        f"freeze.freeze({{'BUILD_DIR': {str(tmp_path / 'out')!r}, 'CONTENT_DIR': "
        f"{str(FIXTURE_CONTENT)!r}, 'SITE_URL': {FROZEN_SITE_URL!r}}}, quiet=True)\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'sqlalchemy', 'flask_sqlalchemy', 'flask_migrate', 'alembic', 'phonenumbers', "
        "'email_validator', 'flask_limiter', 'limits'}))\n"
    )
    env = {
        **os.environ,
        "BANGKIT_INSTANCE_PATH": str(tmp_path / "instance"),
        "PYTHONPATH": str(ROOT / "site"),  # this tree's package, however the venv installed it
    }
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
    assert "<h1>" in (tmp_path / "out" / "daftar" / "las" / "index.html").read_text()
