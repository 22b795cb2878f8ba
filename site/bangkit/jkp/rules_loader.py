"""Read the checker's rules from YAML into rules.Node objects, checking every field.

Each failure is a ContentError saying where and what is wrong. Every text may hold rule figures
as {{ name }} (bangkit.figures): they are filled in here, once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from bangkit.content import LANGS, ContentError, Source
from bangkit.figures import Figures
from bangkit.frontmatter import load_yaml
from bangkit.jkp.rules import LINKS, SLUG, TOOLS, VERDICTS, Node, Rules, Step, Text, check_graph


def load_rules(file: str | Path, page_keys: Iterable[str], figures: Figures) -> Rules:
    """Read and check the rules; `page_keys` are the content keys a step may link to, and
    `figures` the rule figures the texts may name."""
    name = Path(file).as_posix()
    try:
        data = load_yaml(Path(file).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ContentError(f"{name}: cannot be read: {error}") from None
    _fields(data, name, ("checked", "start", "sources", "steps", "nodes"))
    if not isinstance(data["checked"], dt.date):
        raise ContentError(f"{name}: checked: must be a date written YYYY-MM-DD")
    sources = {
        key: Source(**_texts(value, f"{name}: source '{key}'", ("title", "url")))
        for key, value in _table(data["sources"], f"{name}: sources").items()
    }
    keys = set(page_keys)
    steps = {
        key: _step(value, f"{name}: step '{key}'", keys, figures)
        for key, value in _table(data["steps"], f"{name}: steps").items()
    }
    nodes = {
        key: _node(
            key, value, f"{name}: node '{key}'", key == data["start"], steps, sources, figures
        )
        for key, value in _table(data["nodes"], f"{name}: nodes").items()
    }
    rules = Rules(name, data["checked"], data["start"], nodes)
    check_graph(rules)
    return rules


def _text(value: Any, where: str, figures: Figures) -> Text:
    """A text in every language, with the rule figures filled in."""
    return {lg: figures.fill(t, lg, where) for lg, t in _texts(value, where, LANGS).items()}


def _step(value: Any, where: str, page_keys: set[str], figures: Figures) -> Step:
    _fields(value, where, LANGS, LINKS)
    links = {kind: value[kind] for kind in LINKS if kind in value}
    if len(links) > 1:
        raise ContentError(f"{where}: links to more than one of {', '.join(LINKS)}")
    if "page" in links and links["page"] not in page_keys:
        raise ContentError(f"{where}: page: no content page has key '{links['page']}'")
    if "tool" in links and links["tool"] not in TOOLS:
        raise ContentError(f"{where}: tool: must be one of {', '.join(TOOLS)}")
    if "url" in links and not str(links["url"]).startswith("https://"):
        raise ContentError(f"{where}: url: must be a full https:// address")
    return Step(_text({lg: value[lg] for lg in LANGS}, where, figures), **links)


def _node(
    name: str,
    value: Any,
    where: str,
    start: bool,
    steps: dict[str, Step],
    sources: dict[str, Source],
    figures: Figures,
) -> Node:
    own = () if start else ("slug",)  # the start lives at the checker's own address
    if isinstance(value, dict) and "question" in value:
        _fields(value, where, ("question", "answers", *own), ("hint",))
        return Node(
            name,
            _slug(value, where),
            question=_text(value["question"], f"{where}: question", figures),
            hint=_text(value["hint"], f"{where}: hint", figures) if "hint" in value else None,
            answers=tuple(
                _answer(answer, f"{where}: answer {number}", figures)
                for number, answer in enumerate(_items(value["answers"], where, 2), 1)
            ),
        )
    if start:
        raise ContentError(f"{where}: the start must be a question")
    _fields(value, where, ("verdict", "title", "why", "next", "sources", *own))
    if value["verdict"] not in VERDICTS:
        raise ContentError(f"{where}: verdict: must be one of {', '.join(VERDICTS)}")
    return Node(
        name,
        _slug(value, where),
        verdict=value["verdict"],
        title=_text(value["title"], f"{where}: title", figures),
        why=tuple(_text(p, f"{where}: why", figures) for p in _items(value["why"], where)),
        next=tuple(_named(steps, s, f"{where}: next") for s in _items(value["next"], where)),
        sources=tuple(
            _named(sources, s, f"{where}: sources") for s in _items(value["sources"], where)
        ),
    )


def _slug(value: dict[str, Any], where: str) -> Text:
    if "slug" not in value:
        return {}
    slug = _texts(value["slug"], f"{where}: slug", LANGS)
    if not all(SLUG.fullmatch(s) for s in slug.values()):
        raise ContentError(f"{where}: slug: lower-case letters, digits and '-' only")
    return slug


def _answer(value: Any, where: str, figures: Figures) -> tuple[Text, str]:
    _fields(value, where, (*LANGS, "next"))
    return _text({lg: value[lg] for lg in LANGS}, where, figures), str(value["next"])


def _fields(
    value: Any, where: str, required: Iterable[str], optional: Iterable[str] = ()
) -> dict[str, Any]:
    """A mapping with every required field and nothing outside `required` and `optional`."""
    if not isinstance(value, dict):
        raise ContentError(f"{where}: must be 'field: value' lines")
    unknown = sorted(set(value) - set(required) - set(optional))
    missing = [name for name in required if name not in value]
    if unknown:
        raise ContentError(f"{where}: unknown field '{unknown[0]}'")
    if missing:
        raise ContentError(f"{where}: missing field '{missing[0]}'")
    return value


def _texts(value: Any, where: str, names: Iterable[str]) -> dict[str, str]:
    """The named fields of a mapping, each a text that is not blank."""
    value = _fields(value, where, names)
    found = {name: value[name] for name in names}
    for name, text in found.items():
        if not isinstance(text, str) or not text.strip():
            raise ContentError(f"{where}: '{name}' must be text")
    return {name: text.strip() for name, text in found.items()}


def _table(value: Any, where: str) -> dict[str, Any]:
    """A non-empty mapping of names to entries."""
    if not isinstance(value, dict) or not value:
        raise ContentError(f"{where}: must be a list of 'name: ...' entries")
    return value


def _items(value: Any, where: str, least: int = 1) -> list[Any]:
    """A list of at least `least` items."""
    if not isinstance(value, list) or len(value) < least:
        raise ContentError(f"{where}: must be a list of at least {least}")
    return value


def _named(entries: dict[str, Any], name: Any, where: str) -> Any:
    """The entry with this name."""
    if name not in entries:
        raise ContentError(f"{where}: '{name}' is not defined in the file")
    return entries[name]
