"""The JKP eligibility checker: questions and results joined by answers, checked as a whole.

Knows nothing of Flask. The rules are read from one YAML file (rules_loader.py); a mistake
stops the site at start-up, naming the file and the node, so a wrong rule never reaches a reader.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from bangkit.content import LANGS, ContentError, Source

VERDICTS = ("yes", "no", "check")  # likely eligible, not eligible, check with BPJS TK
TOOLS = ("checker", "calculator")
LINKS = ("page", "tool", "url")  # what a step may link to
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
Text = dict[str, str]  # one text in every language: {"id": ..., "en": ...}


@dataclass(frozen=True)
class Step:
    """One line under "What to do next": plain text, or a link to a page, a tool or an address."""

    text: Text
    page: str | None = None
    tool: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Node:
    """A question (with answers) or a result (with a verdict)."""

    name: str
    slug: Text  # empty for the start node, which lives at the checker's own address
    question: Text | None = None
    hint: Text | None = None
    answers: tuple[tuple[Text, str], ...] = ()  # (label, name of the next node)
    verdict: str | None = None
    title: Text | None = None
    why: tuple[Text, ...] = ()
    next: tuple[Step, ...] = ()
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True)
class Rules:
    file: str
    checked: dt.date
    start: str
    nodes: dict[str, Node]

    def find(self, lang: str, slug: str | None) -> Node | None:
        """The node at this address (slug None: the start)."""
        if slug is None:
            return self.nodes[self.start]
        return next((n for n in self.nodes.values() if n.slug.get(lang) == slug), None)


def check_graph(rules: Rules) -> None:
    """Every answer leads somewhere, no path loops, every node is reachable, slugs are unique."""
    where = {name: f"{rules.file}: node '{name}'" for name in rules.nodes}
    if rules.start not in rules.nodes:
        raise ContentError(f"{rules.file}: start: no node named '{rules.start}'")
    for lang in LANGS:
        seen: dict[str | None, str] = {}
        for node in rules.nodes.values():
            other = seen.setdefault(node.slug.get(lang), node.name)
            if other != node.name:
                raise ContentError(f"{where[node.name]}: slug: node '{other}' has it too")
    done: set[str] = set()

    def visit(name: str, path: tuple[str, ...]) -> None:
        if name in path:
            loop = " -> ".join((*path[path.index(name) :], name))
            raise ContentError(f"{where[name]}: answers go round in a circle: {loop}")
        if name in done:
            return
        for _label, target in rules.nodes[name].answers:
            if target not in rules.nodes:
                raise ContentError(f"{where[name]}: an answer leads to '{target}': no such node")
            visit(target, (*path, name))
        done.add(name)

    visit(rules.start, ())
    for name in rules.nodes:
        if name not in done:
            raise ContentError(f"{where[name]}: no answer leads here")
