"""Document -> Section tree of typed blocks: what drift aligns and compares.

A section (sect1, refentry, ...) holds its own blocks in document order and its subsections.
A block is one unit a translator translates or copies: a title, a paragraph, a term, a listing,
a table or a figure. Lists, notes and examples are containers: their paragraphs become blocks.
Each block carries its language-neutral content (inline code, links, numbers, listing text,
table cells) and the comments around it; whether a comment is an embedded English original or
language-neutral (a release-note commit stamp) is decided later, by ``classify_comments``, since
that needs the other language.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from docsync.drift.links import Link, LinkKind
from docsync.drift.normalize import has_cjk, squash
from docsync.drift.vocabulary import NESTED_BLOCKS, BlockKind, Vocabulary, load_vocabulary
from docsync.model import Location
from docsync.selection import parse_ignore_comment
from docsync.sgml import Comment, Document, Element, Node, Text
from docsync.sgml.source import SourceFile


def xref_text(linkend: str) -> str:
    """How an empty cross-reference reads in block text and messages: ``[see runtime-ssl]``."""
    return f"[see {linkend.lower()}]"


@dataclass(frozen=True)
class Note:
    """A comment next to a block: its text and where it is."""

    text: str
    location: Location
    source: SourceFile | None = None  # the file and offset of the comment's text
    offset: int = 0

    def locate(self, token: str) -> Location:
        """Where ``token`` is inside the comment (the comment's start when it is not found)."""
        end = self.offset + len(self.text)
        return locate(self.source, self.offset, end, token, self.location)


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


@dataclass(eq=False)
class Block:
    """One translatable or copyable unit and its language-neutral content."""

    kind: BlockKind
    tag: str
    location: Location
    text: str = ""  # prose: own text, squashed; code: the listing's raw text
    plain: str = ""  # prose outside inline code: where numbers are read
    inline: tuple[tuple[str, str], ...] = ()  # (tag, text) of literal, filename, command, ...
    links: frozenset[Link] = frozenset()
    comments: tuple[Note, ...] = ()  # comments before it and inside it
    rows: tuple[tuple[str, ...], ...] = ()  # table cells, squashed
    code_line: int = 0  # file line and column of the listing's first raw character
    code_column: int = 1
    original: str | None = None  # Japanese only: the embedded English original (raw markup)
    original_at: Location | None = None
    original_notes: tuple[Note, ...] = ()
    neutral: tuple[str, ...] = ()  # comments that both languages carry (alignment keys)
    source: SourceFile | None = None  # the file and offsets of the element's source
    start: int = 0
    end: int = 0

    @property
    def path(self) -> str:
        return self.location.path

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


@dataclass(eq=False)
class Section:
    """A sectioning element: its id, own blocks and subsections."""

    tag: str
    id: str | None
    location: Location
    blocks: list[Block] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)

    @property
    def title(self) -> str:
        first = self.blocks[0] if self.blocks else None
        return first.text if first is not None and first.kind == BlockKind.TITLE else ""

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class Suppression:
    """``<!-- docsync: ignore[CODES] reason -->``: the codes, and the lines of the next element."""

    path: str
    start: int
    end: int
    codes: tuple[str, ...]
    reason: str


@dataclass
class Segmented:
    """A file's sections and blocks, its comments and its suppressions."""

    root: Section | None
    path: str
    comments: list[Note] = field(default_factory=list)
    suppressions: list[Suppression] = field(default_factory=list)

    def blocks(self):
        if self.root is not None:
            for section in self.root.walk():
                yield from section.blocks


class _Builder:
    def __init__(self, display: str, shown: str | None = None) -> None:
        self.display = display
        self.shown = shown or display  # the path findings show (as given on the command line)
        self.pending_notes: list[Note] = []
        self.pending_ids: list[str] = []
        self.pending_suppress: list[tuple[tuple[str, ...], str]] = []
        self.comments: list[Note] = []
        self.suppressions: list[Suppression] = []
        self.vocab = load_vocabulary()

    # -- comments and suppressions ----------------------------------------------------------
    def comment(self, node: Comment) -> Note | None:
        ignore = parse_ignore_comment(node.text)
        if ignore is not None:
            self.pending_suppress.append(ignore)
            return None
        note = Note(node.text, self.loc(node), node.source, node.offset + 4)  # past "<!--"
        self.comments.append(note)
        return note

    def claim_suppressions(self, el: Element) -> None:
        for codes, reason in self.pending_suppress:
            self.suppressions.append(Suppression(self.shown, el.location.line, el.end_location.line, codes, reason))
        self.pending_suppress.clear()

    def loc(self, node: Node) -> Location:
        loc = node.location
        return loc if self.shown == self.display else Location(self.shown, loc.line, loc.column)

    def mine(self, el: Element) -> bool:
        """Only elements of this file: chapters pulled in by entities are their own file pair."""
        return el.source.display == self.display

    # -- sections ---------------------------------------------------------------------------
    def section(self, el: Element) -> Section:
        self.claim_suppressions(el)
        sec = Section(el.tag, el.id, self.loc(el))
        self.pending_notes.clear()
        self.pending_ids.clear()
        self.container(el, sec)
        return sec

    def container(self, el: Element, sec: Section) -> None:
        for child in el.children:
            if isinstance(child, Comment):
                note = self.comment(child)
                if note is not None:
                    self.pending_notes.append(note)
            elif isinstance(child, Element):
                self.element(child, sec)

    def element(self, el: Element, sec: Section) -> None:
        if not self.mine(el) or el.tag in self.vocab.skip:
            return
        if el.tag in self.vocab.sections:
            sec.children.append(self.section(el))
            return
        kind = self.vocab.kind_of_tag.get(el.tag)
        if kind is None:
            self.claim_suppressions(el)
            if el.id:
                self.pending_ids.append(el.id)
            self.container(el, sec)
            return
        self.claim_suppressions(el)
        block = Block(kind, el.tag, self.loc(el), source=el.source, start=el.offset)
        block.end = el.end_offset if el.end_offset is not None and el.end_source in (None, el.source) else el.offset
        block.comments = tuple(self.pending_notes)
        ids = [Link(LinkKind.ID, i) for i in self.pending_ids]
        self.pending_notes, self.pending_ids = [], []
        sec.blocks.append(block)
        if kind == BlockKind.CODE:
            self.code(el, block, ids)
        elif kind in (BlockKind.TABLE, BlockKind.FIGURE):
            self.atomic(el, block, ids)
        else:
            self.prose(el, block, sec, ids)

    # -- block content ----------------------------------------------------------------------
    def prose(self, el: Element, block: Block, sec: Section, ids: list[Link]) -> None:
        text: list[str] = []
        plain: list[str] = []
        inline: list[tuple[str, str]] = []
        links: list[Link] = ids + ([Link(LinkKind.ID, el.id)] if el.id else [])
        notes: list[Note] = list(block.comments)
        nested: list[Element] = []
        vocab = self.vocab

        def walk(node: Element, in_code: bool) -> None:
            for child in node.children:
                if isinstance(child, Text):
                    text.append(child.text)
                    if not in_code:
                        plain.append(child.text)
                elif isinstance(child, Comment):
                    note = self.comment(child)
                    if note is not None:
                        notes.append(note)
                elif isinstance(child, Element):
                    tag = child.tag
                    if tag in vocab.skip or not self.mine(child):
                        continue
                    if tag in vocab.nested_containers or vocab.kind_of_tag.get(tag) in NESTED_BLOCKS:
                        nested.append(child)
                        text.append(" ")
                        plain.append(" ")
                        continue
                    _link(child, links, vocab)
                    if tag in vocab.xrefs and not child.children and child.attrs.get("linkend"):
                        # An empty cross-reference renders as its target, so that messages
                        # never read "see  for" and an original's xref compares equal.
                        text.append(xref_text(child.attrs["linkend"]))
                        plain.append(" ")
                    elif tag in vocab.inline_code:
                        inline.append((tag, squash(child.text_content())))
                        plain.append(" ")
                        walk(child, True)
                    else:
                        walk(child, in_code)

        walk(el, False)
        block.text = squash("".join(text))
        block.plain = squash("".join(plain))
        block.inline = tuple(i for i in inline if i[1])
        block.links = frozenset(links)
        block.comments = tuple(notes)
        # Nested blocks come after the paragraph that holds them, in document order.
        for child in nested:
            self.element(child, sec)

    def code(self, el: Element, block: Block, ids: list[Link]) -> None:
        parts: list[str] = []
        links: list[Link] = ids + ([Link(LinkKind.ID, el.id)] if el.id else [])
        notes = list(block.comments)

        def walk(node: Element) -> None:
            for child in node.children:
                if isinstance(child, Text):
                    parts.append(child.text)
                elif isinstance(child, Comment):
                    note = self.comment(child)
                    if note is not None:
                        notes.append(note)
                elif isinstance(child, Element) and child.tag not in self.vocab.skip:
                    _link(child, links, self.vocab)
                    if child.tag == "replaceable":
                        parts.append(self.vocab.placeholder)
                    else:
                        walk(child)

        walk(el)
        block.text = "".join(parts)
        block.links = frozenset(links)
        block.comments = tuple(notes)
        start = (el.children[0] if el.children else el).location
        block.code_line, block.code_column = start.line, start.column

    def atomic(self, el: Element, block: Block, ids: list[Link]) -> None:
        links: list[Link] = ids + ([Link(LinkKind.ID, el.id)] if el.id else [])
        inline: list[tuple[str, str]] = []
        rows: list[tuple[str, ...]] = []
        notes = list(block.comments)
        for node in el.iter():
            if not self.mine(node):
                continue
            _link(node, links, self.vocab)
            if node.tag in self.vocab.inline_code:
                inline.append((node.tag, squash(node.text_content())))
            elif node.tag == "row":
                rows.append(tuple(squash(e.text_content()) for e in node.elements() if e.tag == "entry"))
            for child in node.children:
                if isinstance(child, Comment):
                    note = self.comment(child)
                    if note is not None:
                        notes.append(note)
        block.links = frozenset(links)
        block.inline = tuple(i for i in inline if i[1])
        block.rows = tuple(rows)
        block.comments = tuple(notes)
        block.text = squash(el.text_content())


def _link(el: Element, links: list[Link], vocab: Vocabulary) -> None:
    """Record the link targets and ids an element carries."""
    tag = el.tag
    if tag in ("xref", "link") and el.attrs.get("linkend"):
        links.append(Link(LinkKind.LINKEND, el.attrs["linkend"]))
    elif tag == "ulink" and el.attrs.get("url"):
        links.append(Link(LinkKind.URL, el.attrs["url"].strip()))
    elif tag in ("imagedata", "graphic", "inlinegraphic") and el.attrs.get("fileref"):
        links.append(Link(LinkKind.FILE, el.attrs["fileref"]))
    if el.id and tag not in vocab.kind_of_tag:
        links.append(Link(LinkKind.ID, el.id))


def _segment_tops(display: str, tops: list[Element], shown: str | None = None) -> Segmented:
    builder = _Builder(display, shown)
    if len(tops) == 1 and tops[0].tag in builder.vocab.sections:
        top = builder.section(tops[0])
    else:  # a fragment, or a file that contributes several elements: an unnamed section
        first = tops[0]
        top = Section(
            first.tag if len(tops) == 1 else "file",
            first.id if len(tops) == 1 else None,
            builder.loc(first),
        )
        for el in tops:
            builder.element(el, top)
    return Segmented(top, builder.shown, builder.comments, builder.suppressions)


def segment(doc: Document, shown: str | None = None) -> Segmented:
    """A document's section tree, only the elements of its own file (not of included files).

    ``shown`` replaces the file's path in locations (the path as given on the command line).
    """
    if doc.root is None:
        return Segmented(None, shown or doc.path.name)
    return _segment_tops(doc.root.source.display, [doc.root], shown)


@dataclass
class BookPart:
    """One file's share of a book: its top elements, and the files around it whose reading
    can change its segmentation (the files its elements sit in or hold)."""

    display: str
    tops: list[Element] = field(default_factory=list)
    neighbours: set[str] = field(default_factory=set)

    def segment(self) -> Segmented:
        return _segment_tops(self.display, self.tops)


def book_parts(doc: Document) -> dict[str, BookPart]:
    """Every file of a whole book parsed once: each file's elements, to be segmented as its
    own section tree on demand (``BookPart.segment``).

    A file's top elements are those whose parent comes from another file (a chapter pulled in
    by an entity, or the elements config-last.sgml adds to the chapter config.sgml opens).
    """
    parts: dict[str, BookPart] = {}
    tops = doc.file_tops()  # (the document's index of them, shared with other stages)
    for display, nodes in tops.items():
        for node in nodes:
            if type(node) is not Element:
                continue
            part = parts.get(display)
            if part is None:
                part = parts[display] = BookPart(display)
            part.tops.append(node)  # type: ignore[arg-type]
            parent = node.parent
            if parent is not None:
                outer = parent.source.display
                part.neighbours.add(outer)
                parts.setdefault(outer, BookPart(outer)).neighbours.add(display)
    return parts


_ENGLISH_WORD = re.compile(r"\b[A-Za-z]{2,}\b")


def _looks_english(text: str) -> bool:
    """Two or more words and no Japanese: not a commit stamp like ``2021-01-13 [d36cc99]``."""
    return not has_cjk(text) and len(_ENGLISH_WORD.findall(text)) >= 2


def classify_comments(en: Segmented, ja: Segmented) -> None:
    """Split each Japanese block's comments into embedded originals and neutral keys.

    A comment both files carry (release-note commit stamps, file headers) is language-neutral
    and helps alignment; a Japanese comment that reads as English and that the English file
    does not carry is the original the block was translated from. English comments are all
    neutral.
    """
    en_texts = {squash(n.text) for n in en.comments}
    for block in en.blocks():
        block.neutral = tuple(squash(n.text) for n in block.comments)
    for block in ja.blocks():
        neutral: list[str] = []
        originals: list[Note] = []
        for note in block.comments:
            key = squash(note.text)
            if key in en_texts:
                neutral.append(key)
            elif block.kind in (BlockKind.TITLE, BlockKind.PARA, BlockKind.TERM) and _looks_english(note.text):
                originals.append(note)
        block.neutral = tuple(neutral)
        if originals:
            block.original = "\n".join(n.text for n in originals)
            block.original_at = originals[0].location
            block.original_notes = tuple(originals)
