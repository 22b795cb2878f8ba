"""Read the checker's rules from YAML into checker.Node objects, checking every field."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from bangkit import yamlcheck as check
from bangkit.checker import LINKS, SLUG, TOOLS, VERDICTS, Node, Rules, Step, Text, check_graph
from bangkit.content import LANGS, ContentError, Source


def load_rules(file: str | Path, page_keys: Iterable[str]) -> Rules:
    """Read and check the rules; `page_keys` are the content keys a step may link to."""
    name = Path(file).as_posix()
    try:
        data = yaml.safe_load(Path(file).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ContentError(f"{name}: cannot be read: {error}") from None
    check.fields(data, name, ("checked", "start", "sources", "steps", "nodes"))
    if not isinstance(data["checked"], dt.date):
        raise ContentError(f"{name}: checked: must be a date written YYYY-MM-DD")
    sources = {
        key: Source(**check.texts(value, f"{name}: source '{key}'", ("title", "url")))
        for key, value in check.table(data["sources"], f"{name}: sources").items()
    }
    keys = set(page_keys)
    steps = {
        key: _step(value, f"{name}: step '{key}'", keys)
        for key, value in check.table(data["steps"], f"{name}: steps").items()
    }
    nodes = {
        key: _node(key, value, f"{name}: node '{key}'", key == data["start"], steps, sources)
        for key, value in check.table(data["nodes"], f"{name}: nodes").items()
    }
    rules = Rules(name, data["checked"], data["start"], nodes)
    check_graph(rules)
    return rules


def _step(value: Any, where: str, page_keys: set[str]) -> Step:
    check.fields(value, where, LANGS, LINKS)
    links = {kind: value[kind] for kind in LINKS if kind in value}
    if len(links) > 1:
        raise ContentError(f"{where}: links to more than one of {', '.join(LINKS)}")
    if "page" in links and links["page"] not in page_keys:
        raise ContentError(f"{where}: page: no content page has key '{links['page']}'")
    if "tool" in links and links["tool"] not in TOOLS:
        raise ContentError(f"{where}: tool: must be one of {', '.join(TOOLS)}")
    if "url" in links and not str(links["url"]).startswith("https://"):
        raise ContentError(f"{where}: url: must be a full https:// address")
    return Step(check.texts({lg: value[lg] for lg in LANGS}, where, LANGS), **links)


def _node(
    name: str,
    value: Any,
    where: str,
    start: bool,
    steps: dict[str, Step],
    sources: dict[str, Source],
) -> Node:
    own = () if start else ("slug",)  # the start lives at the checker's own address
    if isinstance(value, dict) and "question" in value:
        check.fields(value, where, ("question", "answers", *own), ("hint",))
        return Node(
            name,
            _slug(value, where),
            question=check.texts(value["question"], f"{where}: question", LANGS),
            hint=check.texts(value["hint"], f"{where}: hint", LANGS) if "hint" in value else None,
            answers=tuple(
                _answer(answer, f"{where}: answer {number}")
                for number, answer in enumerate(check.items(value["answers"], where, 2), 1)
            ),
        )
    if start:
        raise ContentError(f"{where}: the start must be a question")
    check.fields(value, where, ("verdict", "title", "why", "next", "sources", *own))
    if value["verdict"] not in VERDICTS:
        raise ContentError(f"{where}: verdict: must be one of {', '.join(VERDICTS)}")
    return Node(
        name,
        _slug(value, where),
        verdict=value["verdict"],
        title=check.texts(value["title"], f"{where}: title", LANGS),
        why=tuple(check.texts(p, f"{where}: why", LANGS) for p in check.items(value["why"], where)),
        next=tuple(
            check.named(steps, s, f"{where}: next") for s in check.items(value["next"], where)
        ),
        sources=tuple(
            check.named(sources, s, f"{where}: sources")
            for s in check.items(value["sources"], where)
        ),
    )


def _slug(value: dict[str, Any], where: str) -> Text:
    if "slug" not in value:
        return {}
    slug = check.texts(value["slug"], f"{where}: slug", LANGS)
    if not all(SLUG.fullmatch(s) for s in slug.values()):
        raise ContentError(f"{where}: slug: lower-case letters, digits and '-' only")
    return slug


def _answer(value: Any, where: str) -> tuple[Text, str]:
    check.fields(value, where, (*LANGS, "next"))
    return check.texts({lg: value[lg] for lg in LANGS}, where, LANGS), str(value["next"])
