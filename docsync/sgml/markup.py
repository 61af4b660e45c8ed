"""Markup inside content that is not a tag: attribute lists, marked sections, entity references.

Each function reads one piece for the parser (``parse.py``) and hands what it finds to the
tree (``builder.py``): an attribute list becomes a dict (values of name-token attributes
folded to lower case, references expanded), a marked section is included, skipped or taken
as data by its keyword, and a reference becomes a character, an internal entity's text or
an external entity's file, parsed in place.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from docsync.sgml.builder import TreeBuilder
from docsync.sgml.dialect import ATTR, iso_entities, marked_section_keywords
from docsync.sgml.entities import LimitReached
from docsync.sgml.source import SourceFile


def marked_section(tree: TreeBuilder, source: SourceFile, pos: int, mend: int, end: int) -> int:
    """``<![ keyword [ ... ]]>``: INCLUDE parses on, IGNORE skips, CDATA/RCDATA are data."""
    text = source.text
    found = marked_section_keywords(text, mend, end)
    if found is None:
        tree.report("SGM008", source, pos, "unterminated marked section")
        tree.add_data(text[pos:mend], source, pos)
        return mend
    spec, content = found
    keyword = tree.entities.ms_keyword(spec, source, pos)
    line_start = pos == 0 or text[pos - 1] == "\n"
    if keyword == "INCLUDE":
        tree.ms_depth[-1] += 1
        if sum(tree.ms_depth) > tree.limits.max_marked_section_depth:
            tree.report(
                "SGM015", source, pos,
                f"marked sections nest more than {tree.limits.max_marked_section_depth} deep; reading stopped here",
            )
            raise LimitReached
        tree.markup_line = line_start
        return content
    close = tree.entities.find_ms_end(text, content) if keyword == "IGNORE" else text.find("]]>", content, end)
    if close < 0 or close > end:
        tree.report("SGM008", source, pos, "unterminated marked section")
        return end
    if keyword == "CDATA":
        tree.add_data(text[content:close], source, content)
    elif keyword == "RCDATA":
        tree.add_data(tree.entities.expand_refs(text[content:close], source, content), source, content)
    tree.markup_line = keyword == "IGNORE" and line_start
    return close + 3


def read_attributes(
    tree: TreeBuilder, source: SourceFile, offset: int, spec: str, tag: str, folded: frozenset[str]
) -> dict[str, str]:
    """Attributes of a start tag from the text between its name and ``>``."""
    attrs: dict[str, str] = {}
    pos = 0
    n = len(spec)
    while pos < n:
        m = ATTR.match(spec, pos)
        if m is None or m.end() == pos:
            if spec[pos:].strip():
                tree.report("SGM008", source, offset + pos, f"cannot read the attributes of <{tag}>")
            break
        name = m.group("name").lower()
        value = m.group("dq")
        if value is None:
            value = m.group("sq")
        if value is None:
            value = m.group("bare")
        if value is None:
            # A minimised attribute: the value alone, its name implied by the DTD.
            value = name
        elif "&" in value:
            value = tree.entities.expand_refs(value, source, offset + m.start())
        if name in folded:
            value = value.lower()
        attrs.setdefault(name, value)
        pos = m.end()
    return attrs


def reference(
    tree: TreeBuilder, parse: Callable[[SourceFile], None], name: str, source: SourceFile, m: re.Match[str], end: int
) -> int:
    """``&name;``: an ISO character, an internal entity's text (parsed by ``parse`` when it
    holds markup) or an external entity's file, parsed in place; findings for the rest."""
    text = source.text
    pos = m.end()
    if pos < end and text[pos] == ";":
        pos += 1
    elif pos < end and text[pos] == "\n":
        pos += 1  # a record end may close a reference, and is then part of it
    ent = tree.entities.general.get(name)
    if ent is None:
        iso = iso_entities()
        if name in iso:
            tree.add_data(iso[name], source, m.start())
        else:
            tree.report("SGM003", source, m.start(), f"undefined entity &{name};")
            tree.add_data(text[m.start():pos], source, m.start())
        return pos
    tree.entities.resolve(ent)
    if ent.refused:
        tree.report("SGM006", source, m.start(), f"entity &{name}; {ent.refused}")
        return pos
    ref = f"&{name};"
    if ent.path is None:
        value = ent.text or ""
        tree.entities.charge(len(value), source, m.start(), ref)
        if ent.kind in ("CDATA", "SDATA") or ("<" not in value and "&" not in value):
            tree.add_data(value, source, m.start())
        elif tree.entities.enter(name, source, m.start(), ref):
            # Replacement text with markup: parse it, placing its nodes at the reference.
            try:
                parse(EntityText(source, m.start(), value))
            finally:
                tree.entities.open_entities.pop()
        return pos
    tree.entities.charge(0, source, m.start(), ref)
    if not tree.entities.enter(name, source, m.start(), ref):
        return pos
    try:
        sub = tree.entities.open_external(ent, source, m.start(), ref)
        if sub is None:
            return pos
        saved_at_start = tree.at_start
        parse(sub)
    finally:
        tree.entities.open_entities.pop()
    tree.at_start = saved_at_start and not tree.stack[-1].children
    return pos


class EntityText(SourceFile):
    """An internal entity's replacement text, located at the reference that used it."""

    def __init__(self, at: SourceFile, offset: int, text: str) -> None:
        super().__init__(at.path, at.display, text)
        self._at = at
        self._offset = offset

    def position(self, offset: int) -> tuple[int, int]:
        return self._at.position(self._offset)
