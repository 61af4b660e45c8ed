"""The tree under construction: open elements, queued character data, record ends, findings.

``parse.py`` scans the text and feeds this; what SGML says about the tree while it grows lives
here: adjacent data becomes one Text node, a record end right after a start tag or right
before an end tag is not data (ISO 8879 7.6.1), an end tag for an ancestor closes the elements
in between (SGM001), an element after the document element is kept inside it (SGM002), and
nesting past the dialect's bound stops the reading (SGM014).
"""

from __future__ import annotations

from pathlib import Path

from docsync.model import Finding
from docsync.rules import rule
from docsync.sgml.dialect import load_dialect
from docsync.sgml.document import Document, Element, Node, Text
from docsync.sgml.entities import Entities, LimitReached
from docsync.sgml.source import Reads, SourceFile


def strip_record_end(el: Element, tops: dict[str, list[Node]]) -> None:
    """A record end right before an end tag is not data (ISO 8879 7.6.1)."""
    children = el.children
    if children:
        last = children[-1]
        if type(last) is Text and last.text[-1:] == "\n":
            last.text = last.text[:-1]
            if not last.text:
                children.pop()
                found = tops.get(last.source.display)
                if found and found[-1] is last:  # (it was indexed as a node of another file)
                    found.pop()
                    if not found:
                        del tops[last.source.display]


class TreeBuilder:
    """One document's tree while it is read: the open elements, the queued character data and
    the record-end state; declarations and files go to ``Entities``. The parser (``parse.py``)
    feeds it."""

    def __init__(
        self, doc: Document, includes: tuple[str, ...], display_base: Path, reads: Reads | None = None
    ) -> None:
        self.doc = doc
        self.dialect = load_dialect()
        self.limits = self.dialect.limits
        self.entities = Entities(doc, includes, display_base, self.report, self.limits, reads)
        # Tree-building state. The sentinel holds what lies outside the document element
        # (prolog comments), so the stack is never empty.
        self.sentinel = Element(SourceFile(Path(), "", ""), 0, "#document", {})
        self.stack: list[Element] = [self.sentinel]
        # Queued data: the first piece, then the rest as a list joined when the Text node is
        # made. Appending to a string copies it unless the allocator can grow it in place, which
        # a fragmented heap defeats: a node of many pieces would take quadratic time.
        self.pending: str | None = None
        self.pending_more: list[str] = []  # never rebound: parse_content keeps it in a local
        self.pending_at: tuple[SourceFile, int] = (self.sentinel.source, 0)
        self.at_start = False  # no data or subelement yet in the innermost open element
        self.markup_line = False
        self.ms_depth: list[int] = []  # open INCLUDE marked sections, per entity being parsed
        self.reopened: Element | None = None  # the document element, reopened by SGM002
        # Per file, its nodes whose parent is of another file, in document order: the index
        # Document.file_tops would otherwise build with a walk over the whole tree. Every place
        # that adds a node compares its source with its parent's (identity: nearly free).
        self.tops: dict[str, list[Node]] = {}

    # -- findings -------------------------------------------------------------------------
    def report(self, code: str, source: SourceFile, offset: int, message: str) -> None:
        self.doc.findings.append(Finding.of(rule(code), source.location(offset), message))

    def note_top(self, node: Node, parent: Element) -> None:
        """Index ``node`` if it is of another file than ``parent`` (the caller saw other sources)."""
        if parent is not self.sentinel and node.source.display != parent.source.display:
            self.tops.setdefault(node.source.display, []).append(node)

    # -- content --------------------------------------------------------------------------
    def add_data(self, text: str, source: SourceFile, offset: int) -> None:
        """Queue character data; adjacent pieces (text, references) become one Text node."""
        if not text:
            return
        if self.at_start:
            # A record end right after a start tag is not data (ISO 8879 7.6.1).
            if text[0] == "\n":
                text = text[1:]
                offset += 1
                if not text:
                    return
            self.at_start = False
        if self.pending is None:
            self.pending = text
            self.pending_at = (source, offset)
        else:
            self.pending_more.append(text)

    def queued(self) -> str | None:
        """The queued data as one string (None if there is none)."""
        more = self.pending_more
        if more:
            self.pending = (self.pending or "") + "".join(more)
            more.clear()
        return self.pending

    def flush(self) -> None:
        pending = self.queued()
        if pending is not None:
            source, offset = self.pending_at
            parent = self.stack[-1]
            node = Text(source, offset, pending, parent)
            parent.children.append(node)
            if source is not parent.source:
                self.note_top(node, parent)
            self.pending = None

    def append(self, node) -> None:
        self.flush()
        parent = self.stack[-1]
        node.parent = parent if parent is not self.sentinel else None
        parent.children.append(node)
        if node.source is not parent.source:
            self.note_top(node, parent)

    def start_element(self, el: Element, empty: bool) -> None:
        self.flush()
        self.at_start = False
        if len(self.stack) == 1 and self.doc.root is not None:
            self.report("SGM002", el.source, el.offset, f"element <{el.tag}> after the end of the document element")
            # Keep it, inside the document element, which stays open to the end: that is
            # recovery, not a second problem to report there (SGM001).
            self.stack.append(self.doc.root)
            self.reopened = self.doc.root
        elif self.doc.root is None:
            self.doc.root = el
            self.tops[el.source.display] = [el]
        parent = self.stack[-1]
        if parent is not self.sentinel:
            el.parent = parent
        parent.children.append(el)
        if el.source is not parent.source:
            self.note_top(el, parent)
        if empty:
            el.end_offset = el.offset
            el.end_source = el.source
        else:
            self.stack.append(el)
            self.at_start = True
            if len(self.stack) > self.limits.max_element_depth:
                self.too_deep(el)

    def too_deep(self, el: Element) -> None:
        """Elements nested past the bound: report where, and stop reading."""
        self.report(
            "SGM014", el.source, el.offset,
            f"<{el.tag}> would nest more than {self.limits.max_element_depth} elements deep; reading stopped here",
        )
        raise LimitReached

    def close_top(self, source: SourceFile, end: int) -> None:
        el = self.stack.pop()
        strip_record_end(el, self.tops)
        el.end_offset = end
        el.end_source = source
        self.at_start = False

    def end_element(self, name: str | None, source: SourceFile, offset: int, end: int) -> None:
        self.flush()
        stack = self.stack
        if len(stack) == 1:
            self.report("SGM002", source, offset, f"end tag </{name or ''}> with no open element")
            return
        if name is None or stack[-1].tag == name:
            self.close_top(source, end)
            return
        for depth in range(len(stack) - 1, 0, -1):
            if stack[depth].tag == name:
                while len(stack) > depth + 1:
                    inner = stack[-1]
                    self.report(
                        "SGM001", inner.source, inner.offset,
                        f"<{inner.tag}> is not closed before </{name}> at line {source.position(offset)[0]}",
                    )
                    self.close_top(source, offset)
                self.close_top(source, end)
                return
        self.report("SGM002", source, offset, f"end tag </{name}> does not match the open <{stack[-1].tag}>")
