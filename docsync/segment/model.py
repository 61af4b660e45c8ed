"""The document model's values: sections, the blocks in them, comments and suppressions.

One ``Section`` type and one ``Block`` type for every job. The walk (``walk.py``) fills the
structure: what each section holds, each block's kind, element, source span and the comments
around it. A block's language-neutral content (text, inline code, links, table cells) is read
from its element by drift (``docsync.drift.blocks``), which is the only job that compares it;
extract reads its listings' lines itself.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from docsync.model import Location
from docsync.segment.links import Link
from docsync.segment.vocabulary import BlockKind
from docsync.sgml import Element
from docsync.sgml.source import SourceFile
from docsync.suppress import Span

_NUMERIC = re.compile(r"[\d.,]+")


def _find_number(text: str, number: str, start: int, end: int) -> int:
    at = text.find(number, start, end)
    while at >= 0:
        before = text[at - 1] if at > 0 else ""
        after = text[at + len(number) : at + len(number) + 2]
        joined_before = before.isdigit() or before == "."
        joined_after = after[:1].isdigit() or (after[:1] == "." and after[1:2].isdigit())
        if not joined_before and not joined_after:
            return at
        at = text.find(number, at + 1, end)
    return -1


@functools.lru_cache(maxsize=1024)
def _words_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"\s+".join(map(re.escape, words)))


def locate(source: SourceFile | None, start: int, end: int, token: str, fallback: Location) -> Location:
    """The line and column of ``token`` in ``source`` between two offsets, shown under
    ``fallback``'s path; ``fallback`` itself when the token is not there as written."""
    token = token.strip()
    if source is None or not token:
        return fallback
    text = source.text
    if _NUMERIC.fullmatch(token):  # a number: not the "3" of "13" or of "3.0"
        at = _find_number(text, token, start, end)
    else:
        at = text.find(token, start, end)
        if at < 0 and " " in token:  # a passage wrapped over lines: any whitespace between words
            for n in (6, 3):  # markup may interrupt a long passage: then its first words
                m = _words_pattern(tuple(token.split()[:n])).search(text, start, end)
                if m:
                    at = m.start()
                    break
    if at < 0:
        return fallback
    line, column = source.position(at)
    return Location(fallback.path, line, column)


@dataclass(frozen=True)
class Note:
    """A comment next to a block: its text and where it is."""

    text: str
    path: str  # the path findings show
    source: SourceFile  # the file, the offset of the comment and of its text
    at: int
    offset: int

    @functools.cached_property
    def location(self) -> Location:
        """Where the comment starts (worked out when asked: most comments are never shown)."""
        line, column = self.source.position(self.at)
        return Location(self.path, line, column)

    def locate(self, token: str) -> Location:
        """Where ``token`` is inside the comment (the comment's start when it is not found)."""
        end = self.offset + len(self.text)
        return locate(self.source, self.offset, end, token, self.location)


@dataclass(eq=False)
class Block:
    """One unit of a document: a title, a paragraph, a term, a listing, a table or a figure.

    The walk sets its kind, element, source span, the comments before and inside it and the
    ids of the containers right before it (``anchors``); the content fields below them are
    read by drift (``docsync.drift.blocks.read_content``), the notes after those by drift's
    ``classify_comments``."""

    kind: BlockKind
    tag: str
    path: str  # the path findings show
    source: SourceFile  # the file and offsets of the element's source
    start: int
    end: int
    element: Element | None = field(default=None, repr=False)
    comments: tuple[Note, ...] = ()  # comments before it and inside it
    anchors: tuple[str, ...] = ()  # ids of the containers that open right before it
    # Content: prose: own text, squashed; code: the listing's raw text.
    text: str = ""
    plain: str = ""  # prose outside inline code: where numbers are read
    inline: tuple[tuple[str, str], ...] = ()  # (tag, text) of literal, filename, command, ...
    links: frozenset[Link] = frozenset()
    rows: tuple[tuple[str, ...], ...] = ()  # table cells, squashed
    code_line: int = 0  # file line and column of the listing's first raw character
    code_column: int = 1
    # Notes: the embedded English original (Japanese only, raw markup), and the comments both
    # languages carry (alignment keys).
    original: str | None = None
    original_at: Location | None = None
    original_notes: tuple[Note, ...] = ()
    neutral: tuple[str, ...] = ()

    @functools.cached_property
    def location(self) -> Location:
        """Where the block starts (worked out when asked)."""
        line, column = self.source.position(self.start)
        return Location(self.path, line, column)

    def locate(self, token: str) -> Location:
        """Where ``token`` is written in the block's source: the number, the value, the
        attribute that differs; the block's start when it is not there as written."""
        return locate(self.source, self.start, self.end, token, self.location)

    def locate_original(self, token: str) -> Location | None:
        """Where ``token`` is in the embedded original (the original's start when not found)."""
        for note in self.original_notes:
            found = note.locate(token)
            if found != note.location:
                return found
        return self.original_at


class Section:
    """A sectioning element (chapter, sect1, refentry...): tag, id ("" when none), title (its
    <title>'s text), where it starts, its own blocks in document order and its subsections."""

    __slots__ = ("_title", "blocks", "children", "element", "id", "location", "tag")

    def __init__(
        self, tag: str, id: str, title: str | None, location: Location, element: Element | None = None
    ) -> None:
        self.tag = tag
        self.id = id
        self._title = title  # None: read from the element when asked
        self.location = location
        self.element = element
        self.blocks: list[Block] = []
        self.children: list[Section] = []

    @property
    def title(self) -> str:
        """The text of the section's <title>, whitespace collapsed ("" when it has none)."""
        if self._title is None:
            title = self.element.find("title") if self.element is not None else None
            self._title = " ".join(title.text_content().split()) if title is not None else ""
        return self._title

    def __repr__(self) -> str:
        # What the section is, not what it holds (a listing's repr names its sections).
        return f"Section(tag={self.tag!r}, id={self.id!r}, title={self.title!r})"

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class Segmented:
    """A file's sections and blocks, its comments and its suppressions."""

    root: Section | None
    path: str
    comments: list[Note] = field(default_factory=list)
    suppressions: list[Span] = field(default_factory=list)  # the ignore comments' (docsync.suppress)
    content_read: bool = False  # drift has read its blocks' content (``read_content``)

    def blocks(self):
        if self.root is not None:
            for section in self.root.walk():
                yield from section.blocks
