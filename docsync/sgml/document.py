"""The document tree: elements, text, comments and processing instructions with source positions.

This is the only SGML API the rest of docsync uses. Nodes are built once by ``docsync.sgml.parse``
and treated as read-only afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docsync.model import Finding, Location
from docsync.sgml.source import SourceFile


class Node:
    """Anything in the tree; knows the file and character offset where it starts."""

    __slots__ = ("offset", "parent", "source")

    def __init__(self, source: SourceFile, offset: int) -> None:
        self.source = source
        self.offset = offset
        self.parent: Element | None = None

    @property
    def location(self) -> Location:
        """Where the node starts: path (relative to the docs root), line, column."""
        return self.source.location(self.offset)

    @property
    def line(self) -> int:
        return self.source.position(self.offset)[0]


class Text(Node):
    """A run of character data, entity and character references already decoded."""

    __slots__ = ("text",)

    def __init__(self, source: SourceFile, offset: int, text: str, parent: Element | None = None) -> None:
        # No super().__init__: a book has ~50,000 text runs and this is on the hot path.
        self.source = source
        self.offset = offset
        self.parent = parent
        self.text = text

    def __repr__(self) -> str:
        return f"Text({self.text[:30]!r})"


class Comment(Node):
    """A comment declaration's text (without ``<!--`` and ``-->``); comments are data here."""

    __slots__ = ("text",)

    def __init__(self, source: SourceFile, offset: int, text: str) -> None:
        super().__init__(source, offset)
        self.text = text

    def __repr__(self) -> str:
        return f"Comment({self.text[:30]!r})"


class Pi(Node):
    """A processing instruction's text (between ``<?`` and ``>``)."""

    __slots__ = ("text",)

    def __init__(self, source: SourceFile, offset: int, text: str) -> None:
        super().__init__(source, offset)
        self.text = text


class Element(Node):
    """An element: lower-case tag, attributes, children, and the span of its source."""

    __slots__ = ("attrs", "children", "end_offset", "end_source", "tag")

    def __init__(
        self, source: SourceFile, offset: int, tag: str, attrs: dict[str, str], parent: Element | None = None
    ) -> None:
        self.source = source
        self.offset = offset
        self.parent = parent
        self.tag = tag
        self.attrs = attrs
        self.children: list[Node] = []
        self.end_offset: int | None = None  # offset just past the end tag (or last content)
        self.end_source: SourceFile | None = None

    def __repr__(self) -> str:
        return f"<{self.tag} {self.attrs}>" if self.attrs else f"<{self.tag}>"

    @property
    def id(self) -> str | None:
        return self.attrs.get("id")

    def get(self, name: str, default: str | None = None) -> str | None:
        return self.attrs.get(name, default)

    @property
    def end_location(self) -> Location:
        """Where the element's source ends (just past its end tag)."""
        source = self.end_source or self.source
        return source.location(self.end_offset if self.end_offset is not None else self.offset)

    def elements(self) -> Iterator[Element]:
        """Child elements, in order."""
        for child in self.children:
            if isinstance(child, Element):
                yield child

    def iter(self, *tags: str) -> Iterator[Element]:
        """This element and its descendants in document order, optionally only the given tags."""
        wanted = frozenset(tags)
        if not wanted or self.tag in wanted:
            yield self
        # A stack of child iterators: no list is built per element (a book has ~30,000).
        stack = [iter(self.children)]
        while stack:
            for child in stack[-1]:
                if type(child) is Element:
                    if not wanted or child.tag in wanted:  # type: ignore[attr-defined]
                        yield child  # type: ignore[misc]
                    stack.append(iter(child.children))  # type: ignore[attr-defined]
                    break
            else:
                stack.pop()

    def find(self, tag: str) -> Element | None:
        """The first child element with this tag."""
        return next((c for c in self.elements() if c.tag == tag), None)

    def text_content(self) -> str:
        """All character data inside the element, comments and PIs left out."""
        parts: list[str] = []
        add = parts.append
        # The same walk as ``iter``: a stack of child iterators, node types tested by identity.
        stack = [iter(self.children)]
        while stack:
            for child in stack[-1]:
                kind = type(child)
                if kind is Text:
                    add(child.text)  # type: ignore[attr-defined]
                elif kind is Element:
                    stack.append(iter(child.children))  # type: ignore[attr-defined]
                    break
            else:
                stack.pop()
        return "".join(parts)

    def ancestors(self) -> Iterator[Element]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


def _ancestors(node: Node) -> Iterator[Element]:
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


@dataclass
class Document:
    """A parsed SGML document: its root element, the files it was read from, and any problems."""

    path: Path
    root_dir: Path
    root: Element | None
    files: dict[str, SourceFile] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    doctype: str | None = None
    _tops: dict[str, list[Node]] | None = field(default=None, repr=False, compare=False)
    # Its sections and blocks (``docsync.segment.segmentation``), made by the first reader that
    # needs them and kept here for the others: a document is segmented once per run. (Typed
    # Any: the reader cannot name a type of the layer above it.)
    segments: Any = field(default=None, repr=False, compare=False)

    def iter(self, *tags: str) -> Iterator[Element]:
        if self.root is None:
            return iter(())
        return self.root.iter(*tags)

    def iter_in(self, paths: frozenset[str] | None, *tags: str) -> Iterator[Element]:
        """``iter``, but only elements of the files in ``paths`` (by display path; None: every
        file); subtrees holding nothing of those files are not walked."""
        if self.root is None:
            return
        if paths is None:
            yield from self.root.iter(*tags)
            return
        holders = self.holders(paths)
        wanted = frozenset(tags)
        stack = [self.root]
        while stack:
            el = stack.pop()
            mine = el.source.display in paths
            if not mine and id(el) not in holders:
                continue
            if mine and (not wanted or el.tag in wanted):
                yield el
            stack.extend(reversed([c for c in el.children if type(c) is Element]))

    def holders(self, paths: frozenset[str]) -> frozenset[int]:
        """``id`` of every element of another file that holds content of the files in ``paths``
        (the way down to that content from the root): a walk over those files enters these."""
        tops = self.file_tops()
        return frozenset(id(a) for p in paths for node in tops.get(p, ()) for a in _ancestors(node))

    def file_tops(self) -> dict[str, list[Node]]:
        """Per file (display path): its nodes whose parent is of another file, in document order
        (a book has a few hundred). The reader records them as it adds nodes; the walk below is
        the definition, and builds the index for a tree made otherwise."""
        if self._tops is not None:
            return self._tops
        tops: dict[str, list[Node]] = {}
        root = self.root
        if root is not None:
            tops[root.source.display] = [root]
            stack = [iter(root.children)]
            parents = [root]
            while stack:
                for child in stack[-1]:
                    parent = parents[-1]
                    if child.source is not parent.source and child.source.display != parent.source.display:
                        tops.setdefault(child.source.display, []).append(child)
                    if type(child) is Element:
                        stack.append(iter(child.children))  # type: ignore[attr-defined]
                        parents.append(child)  # type: ignore[arg-type]
                        break
                else:
                    stack.pop()
                    parents.pop()
        self._tops = tops
        return tops

    def by_id(self) -> dict[str, Element]:
        """Elements by (lower-case) id; the first one wins, as in SGML."""
        ids: dict[str, Element] = {}
        for el in self.iter():
            ident = el.attrs.get("id")
            if ident is not None and ident not in ids:
                ids[ident] = el
        return ids
