"""Write the static copy: every URL rendered once (render.py), on every core; only the files
whose bytes changed written, each text file with its .gz and .br copies; and a cache of what
every file was made from, so that a rebuild renders and compresses only what changed.

A file's cache key holds everything its bytes can depend on (keys()):
- the global inputs: the code (the package, freeze.py), the installed libraries, templates,
  translations, static files, content/'s data files (rule figures, the checker, short links,
  moved pages), every setting, the compression levels;
- the front matter of every page: menus, breadcrumbs, lists of children, the language switch,
  the sitemap, the feeds, the flyers and the unions' kit read other pages' titles, labels,
  dates, keys and paths, so a change to any front matter renders every file again;
- the Markdown bodies the rendering read (Page.html notes whose), usually only its own page's.
A cold build and a rebuild after any change give the same files (tests/test_export.py).
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import pickle
import signal
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask

from bangkit import config, render

# Text files a static host can send pre-compressed (nginx's gzip_static and brotli_static).
TEXT = {".html", ".css", ".js", ".xml", ".txt", ".svg", ".json", ".webmanifest", ".atom"}
PACKED = {".gz": "gzip", ".br": "br"}
CACHE_VERSION = "1"
# Below this many files to render, forking workers costs more than it saves.
POOL_FROM = 48


@dataclass
class Built:
    """What the cache keeps of one URL's files."""

    key: str
    file: str  # relative to the build folder
    reads: list[str]  # content files whose body the rendering read
    stats: list[tuple[int, int]]  # (size, mtime_ns) of the file and its .gz, .br copies


def file_of(url: str) -> str:
    """/jkp/ -> jkp/index.html; /sitemap.xml -> sitemap.xml (as Frozen-Flask names them)."""
    return (url + "index.html" if url.endswith("/") else url).lstrip("/")


def copies(file: str, compress: bool) -> list[str]:
    """The file and, for a text file when compressing, its .gz and .br copies."""
    if compress and os.path.splitext(file)[1] in TEXT:
        return [file, *(file + suffix for suffix in PACKED)]
    return [file]


def _digest(parts: Iterable[str | bytes]) -> str:
    h = hashlib.sha1()
    for part in parts:
        h.update(part.encode("utf-8") if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()


def _files(folder: Path, suffixes: tuple[str, ...] = ()) -> Iterable[str | bytes]:
    """Each file's path under `folder` and its bytes, in pathlib's order (part by part).
    os.walk and strings: content/ alone holds 4,000 pages to pass over (pathlib took 0.1 s)."""
    names = []
    for top, dirs, files in os.walk(folder):
        dirs[:] = [name for name in dirs if name != "__pycache__"]
        base = os.path.relpath(top, folder).replace(os.sep, "/")
        names += [
            name if base == "." else f"{base}/{name}"
            for name in files
            if os.path.splitext(name)[1] not in suffixes
        ]
    for name in sorted(names, key=lambda name: name.split("/")):
        yield name
        yield (folder / name).read_bytes()


def global_key(app: Flask, compress: bool) -> str:
    """The digest of every input that every file may depend on (see the module's doc)."""
    package = Path(__file__).parent
    settings = sorted(
        (name, repr(value))
        for name, value in app.config.items()
        if name not in ("BUILD_DIR", "SECRET_KEY") and not name.startswith("FREEZER_")
    )
    libraries = sorted(
        p.name
        for folder in sys.path
        if os.path.isdir(folder)
        for p in Path(folder).glob("*.dist-info")
    )
    return _digest(
        [
            CACHE_VERSION,
            sys.version,
            *libraries,
            *_files(package, (".po", ".pot")),
            *_files(config.ROOT / "templates"),
            (config.ROOT / "freeze.py").read_bytes()
            if (config.ROOT / "freeze.py").exists()
            else b"",
            *_files(Path(app.config["CONTENT_DIR"]), (".md",)),
            *(f"{name}={value}" for name, value in settings),
            f"compress={compress} gzip={render.GZIP_LEVEL} br={render.BROTLI_QUALITY}",
        ]
    )


class Keys:
    """Each URL's cache key, from the global key, every front matter and the bodies it read."""

    def __init__(self, app: Flask, compress: bool) -> None:
        digests = app.extensions["bangkit.site"].digests  # file -> (front matter, body)
        self.bodies = {file: body for file, (_, body) in digests.items()}
        fronts = (f"{file}:{front}" for file, (front, _) in sorted(digests.items()))
        self.base = _digest([global_key(app, compress), *fronts])

    def __call__(self, url: str, reads: Iterable[str]) -> str:
        return _digest([self.base, url, *(f"{f}:{self.bodies.get(f)}" for f in sorted(reads))])


def _stat(path: Path | str) -> tuple[int, int]:
    st = os.stat(path)
    return st.st_size, st.st_mtime_ns


def _write(path: str, data: bytes) -> tuple[int, int]:
    """Write `data` unless the file already holds exactly it (rsync and make see no change);
    return the file's (size, mtime_ns). Plain strings and os calls: a build writes 12,000 files."""
    try:
        st = os.stat(path)
        if st.st_size == len(data):
            with open(path, "rb") as file:
                if file.read() == data:
                    return st.st_size, st.st_mtime_ns
    except FileNotFoundError:
        pass
    with open(path, "wb") as file:
        file.write(data)
    return _stat(path)


def _intact(out: Path, built: Built, compress: bool) -> bool:
    """The files are there as this build left them (same size and modification time)."""
    names = copies(built.file, compress)
    folder = str(out) + "/"
    try:
        return len(names) == len(built.stats) and all(
            _stat(folder + name) == tuple(stat)
            for name, stat in zip(names, built.stats, strict=True)
        )
    except OSError:
        return False


class BuildError(Exception):
    """A URL of the copy could not be rendered (its message starts with the URL)."""


class _Job:
    """What a worker needs; set before the workers fork, so they share it."""

    app: Flask
    folder: str  # the build folder
    compress: bool
    keys: Keys


def _build(url: str) -> tuple[str, Built]:
    """Render one URL, write it (and its compressed copies) if its bytes changed."""
    job = _Job
    try:
        found = render.render(job.app, url)
    except Exception as error:  # noqa: BLE001 - name the URL; a worker's traceback is lost
        raise BuildError(f"{url}: {error}") from None
    file = file_of(url)
    path = os.path.join(job.folder, file)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    stats = [_write(path, found.body)]
    for copy in copies(file, job.compress)[1:]:  # FILE.gz, FILE.br
        suffix = copy[len(file) :]
        stats.append(_write(path + suffix, found.packed(PACKED[suffix])))
    return url, Built(job.keys(url, found.reads), file, sorted(found.reads), stats)


def _cache_file(app: Flask, out: Path) -> Path:
    """The cache of one build folder, in the instance folder (never in the copy itself)."""
    name = hashlib.sha1(str(out).encode()).hexdigest()[:16]
    return Path(app.instance_path) / "freeze-cache" / f"{name}.json"


def _load_cache(path: Path, out: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    if data.get("version") != CACHE_VERSION or data.get("out") != str(out):
        return {}
    return dict(data)


def _save_cache(path: Path, out: Path, base: str, urls: list[str], built: dict[str, Built]) -> None:
    """Write the cache; forget those of build folders that are gone (index.json lists them)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    index_path = path.parent / "index.json"
    try:
        index = json.loads(index_path.read_text())
    except (OSError, ValueError):
        index = {}
    index[path.name] = str(out)
    for name, folder in list(index.items()):
        if not os.path.isdir(folder):
            (path.parent / name).unlink(missing_ok=True)
            del index[name]
    files = {url: vars(b) for url, b in sorted(built.items())}  # vars: no deep copy (asdict's)
    data = {"version": CACHE_VERSION, "out": str(out), "base": base, "urls": urls, "files": files}
    path.write_text(json.dumps(data, separators=(",", ":")))
    index_path.write_text(json.dumps(index, indent=1))


def write(
    app: Flask,
    list_urls: Callable[[], list[str]],
    out: Path,
    compress: bool = True,
    progress: Callable[[int, int], None] = lambda done, total: None,
) -> dict[str, Built]:
    """Make `out` hold exactly the files of every URL (and .gz/.br copies when `compress`);
    render only what the cache does not vouch for. Return what was built, by URL.

    The URLs come from `list_urls`, or from the cache when nothing global and no front matter
    changed since (they depend on nothing else).
    """
    out.mkdir(parents=True, exist_ok=True)
    cache_path = _cache_file(app, out)
    cache = _load_cache(cache_path, out)
    keys = Keys(app, compress)
    urls = cache["urls"] if cache.get("base") == keys.base else list_urls()
    cached = {url: Built(**entry) for url, entry in cache.get("files", {}).items()}
    built: dict[str, Built] = {}
    todo = []
    for url in urls:
        old = cached.get(url)
        if old and old.key == keys(url, old.reads) and _intact(out, old, compress):
            built[url] = old
        else:
            todo.append(url)
    progress(len(built), len(urls))
    _Job.app, _Job.folder, _Job.compress, _Job.keys = app, str(out), compress, keys
    for url, one in _run(todo):
        built[url] = one
        progress(len(built), len(urls))
    _remove_others(out, {name for b in built.values() for name in copies(b.file, compress)})
    _save_cache(cache_path, out, keys.base, urls, built)
    return built


def _run(todo: list[str]) -> Iterable[tuple[str, Built]]:
    """Build every URL of `todo`: here when few; else on every core, this process taking one
    share and a child forked now for each other share (forked after the app and the content
    are loaded, so they share that memory)."""
    cores = len(os.sched_getaffinity(0))
    if cores < 2 or len(todo) < POOL_FROM:
        yield from (_build(url) for url in todo)
        return
    gc.collect()
    gc.freeze()  # the collector would otherwise touch, and so copy, every shared object
    sys.stdout.flush()
    sys.stderr.flush()
    children = [_fork(todo[share::cores]) for share in range(1, cores)]
    try:
        yield from (_build(url) for url in todo[::cores])
        for pid, pipe in children:
            with os.fdopen(pipe, "rb") as results:
                found = pickle.load(results)
            os.waitpid(pid, 0)
            if isinstance(found, Exception):
                raise found
            yield from found
        children = []
    finally:
        gc.unfreeze()
        for pid, pipe in children:  # this process failed: stop the others
            os.kill(pid, signal.SIGTERM)
            os.waitpid(pid, 0)
            os.close(pipe)


def _fork(urls: list[str]) -> tuple[int, int]:
    """A child process that builds `urls` and sends back what it built (or its error)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid:
        os.close(write)
        return pid, read
    os.close(read)
    try:
        found: object = [_build(url) for url in urls]
    except Exception as error:  # noqa: BLE001 - sent to the parent, which raises it
        found = BuildError(str(error))
    with os.fdopen(write, "wb") as results:
        pickle.dump(found, results)
    os._exit(0)


def _remove_others(out: Path, keep: set[str]) -> None:
    """Delete every file of `out` that this build did not make, and folders left empty."""
    top = str(out)
    for folder, _dirs, files in os.walk(top, topdown=False):
        base = "" if folder == top else folder[len(top) + 1 :].replace(os.sep, "/") + "/"
        gone = [name for name in files if base + name not in keep]
        for name in gone:
            os.unlink(os.path.join(folder, name))
        if base and len(gone) == len(files) and not os.listdir(folder):
            os.rmdir(folder)
