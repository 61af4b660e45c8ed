"""Document -> each file's section tree of blocks: the one walk over the tree every job reads.

A file's share of a document (a chapter pulled in by an entity, or the elements
config-last.sgml adds to the chapter config.sgml opens) is segmented on its own, on first use,
and once: ``segmentation(doc)`` keeps the result on the document for every later reader. The
walk records, per file, what it met in document order (sections opening, blocks, inline code,
another file's elements), so that a reader of the whole document in its order (extract's
listings) follows the same walk across the files.

Lists, notes and examples are containers: their paragraphs become blocks. A listing, a table
or a list inside a paragraph is a block of its own, after the paragraph that holds it.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, cast

from docsync.model import Location
from docsync.segment.model import Block, Note, Section, Segmented
from docsync.segment.vocabulary import NESTED_BLOCKS, BlockKind, load_vocabulary
from docsync.selection import parse_ignore_comment
from docsync.sgml import Comment, Document, Element, Node
from docsync.suppress import Span


class Event(enum.Enum):
    """What the walk met, in document order (``Segmentation.events``)."""

    SECTION = "section"  # a section opens (the Section)
    BLOCK = "block"  # a block (the Block)
    INLINE = "inline"  # an inline code element outside a listing (the Element)
    OTHER = "other"  # an element of another file (the Element): that file's walk goes on there


_SECTION, _BLOCK, _INLINE, _OTHER = Event.SECTION, Event.BLOCK, Event.INLINE, Event.OTHER
_CODE, _TABLE, _FIGURE = BlockKind.CODE, BlockKind.TABLE, BlockKind.FIGURE


class _Walker:
    """One file's walk: its sections, blocks, comments and suppressions, and its events."""

    def __init__(self, display: str, shown: str | None = None) -> None:
        self.display = display
        self.shown = shown or display  # the path findings show (as given on the command line)
        self.pending_notes: list[Note] = []
        self.pending_ids: list[str] = []
        self.pending_suppress: list[tuple[tuple[str, ...], str]] = []
        self.comments: list[Note] = []
        self.suppressions: list[Span] = []
        self.events: list[tuple[Event, Any]] = []
        self.sections: dict[int, Section] = {}  # by id() of the element
        self.spans: dict[int, tuple[int, int]] = {}  # id() of a top element -> its events
        self.vocab = vocab = load_vocabulary()
        # The vocabulary as the hot loops test it (one set lookup per element).
        self.nested = vocab.nested_containers | {tag for tag, k in vocab.kind_of_tag.items() if k in NESTED_BLOCKS}
        self.skip, self.section_tags, self.kinds = vocab.skip, vocab.sections, vocab.kind_of_tag
        self.inline_code = vocab.inline_code

    # -- comments and suppressions ----------------------------------------------------------
    def comment(self, node: Comment) -> Note | None:
        # (Most comments are prose: an ignore comment names docsync before anything is parsed.)
        ignore = parse_ignore_comment(node.text) if "docsync" in node.text else None
        if ignore is not None:
            self.pending_suppress.append(ignore)
            return None
        note = Note(node.text, self.shown, node.source, node.offset, node.offset + 4)  # text: past "<!--"
        self.comments.append(note)
        return note

    def claim_suppressions(self, el: Element) -> None:
        for selectors, _reason in self.pending_suppress:
            self.suppressions.append(Span(self.shown, el.location.line, el.end_location.line, selectors))
        self.pending_suppress.clear()

    def loc(self, node: Node) -> Location:
        loc = node.location
        return loc if self.shown == self.display else Location(self.shown, loc.line, loc.column)

    def mine(self, el: Element) -> bool:
        """Only elements of this file: chapters pulled in by entities are their own file's."""
        return el.source.display == self.display

    # -- sections ---------------------------------------------------------------------------
    def section(self, el: Element) -> Section:
        self.claim_suppressions(el)
        sec = self.sections[id(el)] = Section(el.tag, el.id or "", None, self.loc(el), el)
        self.events.append((_SECTION, sec))
        self.pending_notes.clear()
        self.pending_ids.clear()
        self.container(el, sec)
        return sec

    def container(self, el: Element, sec: Section) -> None:
        for child in el.children:
            kind = type(child)
            if kind is Element:
                self.element(child, sec)  # type: ignore[arg-type]
            elif kind is Comment:
                note = self.comment(child)  # type: ignore[arg-type]
                if note is not None:
                    self.pending_notes.append(note)

    def element(self, el: Element, sec: Section) -> None:
        if el.source.display != self.display:  # another file's: its own walk
            self.events.append((_OTHER, el))
            return
        tag = el.tag
        if tag in self.skip:
            return
        if tag in self.section_tags:
            sec.children.append(self.section(el))
            return
        if self.pending_suppress:
            self.claim_suppressions(el)
        kind = self.kinds.get(tag)
        if kind is None:
            ident = el.attrs.get("id")
            if ident:
                self.pending_ids.append(ident)
            if tag in self.inline_code:
                self.events.append((_INLINE, el))
            self.container(el, sec)
            return
        block = Block(kind, tag, self.shown, el.source, el.offset, _end(el), el, anchors=tuple(self.pending_ids))
        notes = self.pending_notes
        self.pending_notes = []
        if self.pending_ids:
            self.pending_ids = []
        sec.blocks.append(block)
        self.events.append((_BLOCK, block))
        if kind is _CODE:
            self.code(el, notes, tag not in self.vocab.listings)
        elif kind is _TABLE or kind is _FIGURE:
            self.atomic(el, notes)
        else:
            self.prose(el, notes, sec)
        block.comments = tuple(notes)

    # -- inside blocks: comments, inline code, nested blocks ---------------------------------
    def prose(self, el: Element, notes: list[Note], sec: Section) -> None:
        """Comments and inline code of a paragraph; the blocks nested in it (a listing, a
        list) come after it, in document order."""
        skip, nested, inline_code, display = self.skip, self.nested, self.inline_code, self.display
        events = self.events
        stack = [iter(el.children)]
        while stack:
            for child in stack[-1]:
                kind = type(child)
                if kind is Element:
                    tag = child.tag  # type: ignore[attr-defined]
                    if tag in skip:
                        continue
                    if child.source.display != display:
                        events.append((_OTHER, child))
                        continue
                    if tag in nested:
                        self.element(child, sec)  # type: ignore[arg-type]
                        continue
                    if tag in inline_code:
                        events.append((_INLINE, child))
                    stack.append(iter(child.children))  # type: ignore[attr-defined]
                    break
                if kind is Comment:
                    note = self.comment(child)  # type: ignore[arg-type]
                    if note is not None:
                        notes.append(note)
            else:
                stack.pop()

    def code(self, el: Element, notes: list[Note], inline: bool) -> None:
        """Comments inside a code block; inline code too, unless it is a listing (whose own
        markup is not prose)."""
        vocab = self.vocab
        stack = [iter(el.children)]
        while stack:
            for child in stack[-1]:
                kind = type(child)
                if kind is Comment:
                    note = self.comment(child)  # type: ignore[arg-type]
                    if note is not None:
                        notes.append(note)
                elif kind is Element and child.tag not in vocab.skip:  # type: ignore[attr-defined]
                    if inline and child.tag in vocab.inline_code:  # type: ignore[attr-defined]
                        self.events.append((_INLINE, child))
                    stack.append(iter(child.children))  # type: ignore[attr-defined]
                    break
            else:
                stack.pop()

    def atomic(self, el: Element, notes: list[Note]) -> None:
        """Comments inside a table or a figure (a block as a whole), and what it holds in
        document order: inline code, and listings (a listing in a table cell is no block of the
        section, but extract reads it as it reads every listing)."""
        for node in el.iter():
            if not self.mine(node):
                continue
            for child in node.children:
                if type(child) is Comment:
                    note = self.comment(child)  # type: ignore[arg-type]
                    if note is not None:
                        notes.append(note)
        listings, inline_code, display, events = self.vocab.listings, self.inline_code, self.display, self.events
        stack = [iter(el.children)]
        while stack:
            for child in stack[-1]:
                if type(child) is not Element:
                    continue
                node = cast(Element, child)
                if node.source.display != display:
                    events.append((_OTHER, node))
                elif node.tag in listings:
                    listing = Block(_CODE, node.tag, self.shown, node.source, node.offset, _end(node), node)
                    events.append((_BLOCK, listing))
                else:
                    if node.tag in inline_code:
                        events.append((_INLINE, node))
                    stack.append(iter(node.children))
                    break
            else:
                stack.pop()


def _end(el: Element) -> int:
    """Where the element's source ends, in its own file (its start when it ends in another)."""
    return el.end_offset if el.end_offset is not None and el.end_source in (None, el.source) else el.offset


def segment_part(display: str, tops: list[Element], shown: str | None = None) -> tuple[Segmented, _Walker]:
    """One file's elements (``tops``, in document order) as its section tree, and its walk."""
    walker = _Walker(display, shown)
    if len(tops) == 1 and tops[0].tag in walker.vocab.sections:
        top = walker.section(tops[0])
        walker.spans[id(tops[0])] = (0, len(walker.events))
    else:  # a fragment, or a file that contributes several elements: an unnamed section
        first = tops[0]
        top = Section(
            first.tag if len(tops) == 1 else "file",
            (first.id or "") if len(tops) == 1 else "",
            "",
            walker.loc(first),
        )
        for el in tops:
            start = len(walker.events)
            walker.element(el, top)
            walker.spans[id(el)] = (start, len(walker.events))
    return Segmented(top, walker.shown, walker.comments, walker.suppressions), walker


def segment_file(doc: Document, shown: str | None = None) -> Segmented:
    """A document's section tree, only the elements of its own file (not of included files).

    ``shown`` replaces the file's path in locations (the path as given on the command line).
    """
    if doc.root is None:
        return Segmented(None, shown or doc.path.name)
    return segment_part(doc.root.source.display, [doc.root], shown)[0]


@dataclass
class Part:
    """One file's share of a document: its top elements, the files around it whose reading
    can change its segmentation (the files its elements sit in or hold), and (once segmented)
    its section tree and walk."""

    display: str
    tops: list[Element] = field(default_factory=list)
    neighbours: set[str] = field(default_factory=set)
    _done: tuple[Segmented, _Walker] | None = field(default=None, repr=False)

    def segment(self) -> Segmented:
        """The file's section tree (segmented on the first call)."""
        if self._done is None:
            self._done = segment_part(self.display, self.tops)
        return self._done[0]

    def walk(self) -> _Walker:
        self.segment()
        assert self._done is not None
        return self._done[1]


class Segmentation:
    """A document's files, each segmented once (on first use) into its section tree."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.parts: dict[str, Part] = {}
        for display, nodes in doc.file_tops().items():
            for node in nodes:
                if type(node) is not Element:
                    continue
                part = self.parts.get(display)
                if part is None:
                    part = self.parts[display] = Part(display)
                part.tops.append(node)  # type: ignore[arg-type]
                parent = node.parent
                if parent is not None:
                    outer = parent.source.display
                    part.neighbours.add(outer)
                    self.parts.setdefault(outer, Part(outer)).neighbours.add(display)

    def segment_all(self) -> None:
        """Segment every file now (before a fork: the children share the result)."""
        for part in self.parts.values():
            part.segment()

    def segment_around(self, displays: Iterable[str]) -> None:
        """Segment now these files and the files around them (those their elements sit in or
        hold), the files whose reading an edit of them can change."""
        for display in displays:
            part = self.parts.get(display)
            if part is not None:
                part.segment()
                for other in part.neighbours:
                    self.parts[other].segment()

    def events(self) -> Iterator[tuple[Event, Any]]:
        """What the walk met over the whole document, in document order, across its files."""
        root = self.doc.root
        if root is None:
            return
        # A file's events for one of its top elements; at an element of another file, that
        # file's events for it, then on.
        stack = [self._span(root)]
        while stack:
            events, at, end = stack.pop()
            while at < end:
                event = events[at]
                at += 1
                if event[0] is Event.OTHER:
                    stack.append((events, at, end))
                    stack.append(self._span(event[1]))
                    break
                yield event

    def section_of(self, el: Element) -> Section:
        """The Section a section element stands for (its own when the walk did not meet it)."""
        part = self.parts.get(el.source.display)
        found = part.walk().sections.get(id(el)) if part is not None else None
        if found is None:
            found = Section(el.tag, el.id or "", None, el.location, el)
        return found

    def _span(self, top: Element) -> tuple[list[tuple[Event, Any]], int, int]:
        """A top element's events: (its file's events, start, end)."""
        part = self.parts.get(top.source.display)
        if part is None:
            return [], 0, 0
        walker = part.walk()
        start, end = walker.spans.get(id(top), (0, 0))
        return walker.events, start, end


def segmentation(doc: Document) -> Segmentation:
    """The document's segmentation: made once, kept on the document for every later reader."""
    found = doc.segments
    if found is None:
        found = doc.segments = Segmentation(doc)
    return found  # type: ignore[return-value]
