"""Inline suppressions in SGML: ``<!-- docsync: ignore[CODE,...] reason -->`` right before an element.

The comment covers findings inside the element that follows it (only whitespace in between),
from its start line to its end line; selectors are codes, prefixes, names or categories. Every
command that reads SGML honours them the same way (``finish.py`` applies them).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from docsync.finish import Suppressed
from docsync.model import Finding, Rule
from docsync.selection import ignored_by, parse_ignore_comment, rule_of
from docsync.sgml.document import Comment, Document, Element, Text


@dataclass(frozen=True)
class Span:
    """Lines of one file where some rules are suppressed."""

    path: str
    start: int
    end: int
    selectors: tuple[str, ...]


def _next_element(parent: Element, i: int) -> Element | None:
    for node in parent.children[i + 1 :]:
        if isinstance(node, Element):
            return node
        if isinstance(node, Text) and node.text.strip():
            return None
    return None


def suppression_spans(docs: Iterable[Document], paths: frozenset[str] | None = None) -> list[Span]:
    """Every inline suppression of these documents and the lines it covers (only those that
    cover files in ``paths``, when given)."""
    spans: list[Span] = []
    for doc in docs:
        # A suppression is a comment, so its text is in some file the document was read from.
        if doc.root is None or not any("docsync:" in f.text for f in doc.files.values()):
            continue
        for el in doc.root.iter():
            for i, node in enumerate(el.children):
                if not isinstance(node, Comment) or "docsync:" not in node.text:
                    continue
                ignore = parse_ignore_comment(node.text)
                target = _next_element(el, i) if ignore else None
                if ignore is None or target is None:
                    continue
                if paths is not None and target.source.display not in paths:
                    continue
                selectors = ignore[0]
                end = target.end_location
                spans.append(Span(target.source.display, target.line, end.line, selectors))
    return spans


def covered_by(spans: Sequence[Span]) -> Suppressed | None:
    """Whether a span covers a finding: its file and line, or those of its first related
    location (a drift finding's place in the other language), and a selector naming its rule;
    None when there are no spans."""
    if not spans:
        return None

    def at(path: str, line: int, rule: Rule) -> bool:
        return any(s.path == path and s.start <= line <= s.end and ignored_by(s.selectors, rule) for s in spans)

    def covered(f: Finding) -> bool:
        rule = rule_of(f)
        if at(f.location.path, f.location.line, rule):
            return True
        return bool(f.related) and at(f.related[0].location.path, f.related[0].location.line, rule)

    return covered
