"""What drift reads from the document model: each block's language-neutral content, and which
comments are embedded originals.

The sections and blocks are the document model's (``docsync.segment``: one walk, shared with
extract and check). Drift reads a block's language-neutral content from its element the first
time a file is compared (``read_content``): the text of prose (inline code, links, numbers),
a listing's text, a table's cells. Whether a comment is an embedded English original or
language-neutral (a release-note commit stamp) is decided later, by ``classify_comments``,
since that needs the other language.
"""

from __future__ import annotations

import re

from docsync.drift.normalize import has_cjk, squash
from docsync.segment import (
    NESTED_BLOCKS,
    Block,
    BlockKind,
    Link,
    LinkKind,
    Note,
    Section,
    Segmented,
    Vocabulary,
    load_vocabulary,
    segment_file,
)
from docsync.sgml import Document, Element, Text

# What a pair of sections is to the checks that compare pairs (blocks pair by their kind).
SECTION = "section"


def xref_text(linkend: str) -> str:
    """How an empty cross-reference reads in block text and messages: ``[see runtime-ssl]``."""
    return f"[see {linkend.lower()}]"


def segment(doc: Document, shown: str | None = None) -> Segmented:
    """A file's section tree with its blocks' content read (``segment_file``, ``read_content``)."""
    return read_content(segment_file(doc, shown))


def heading(sec: Section) -> str:
    """A section's title as drift shows it: its title block's text."""
    first = sec.blocks[0] if sec.blocks else None
    return first.text if first is not None and first.kind == BlockKind.TITLE else ""


def read_content(seg: Segmented) -> Segmented:
    """Read every block's language-neutral content from its element (once per file)."""
    if not seg.content_read:
        seg.content_read = True
        vocab = load_vocabulary()
        for block in seg.blocks():
            el = block.element
            if el is None:
                continue
            mine = el.source.display
            ids = [Link(LinkKind.ID, i) for i in block.anchors]
            if block.kind == BlockKind.CODE:
                _code(el, block, ids, vocab)
            elif block.kind in (BlockKind.TABLE, BlockKind.FIGURE):
                _atomic(el, block, ids, vocab, mine)
            else:
                _prose(el, block, ids, vocab, mine)
    return seg


def _prose(el: Element, block: Block, ids: list[Link], vocab: Vocabulary, mine: str) -> None:
    text: list[str] = []
    plain: list[str] = []
    inline: list[tuple[str, str]] = []
    links: list[Link] = ids + ([Link(LinkKind.ID, el.id)] if el.id else [])

    def walk(node: Element, in_code: bool) -> None:
        for child in node.children:
            if isinstance(child, Text):
                text.append(child.text)
                if not in_code:
                    plain.append(child.text)
            elif isinstance(child, Element):
                tag = child.tag
                if tag in vocab.skip or child.source.display != mine:
                    continue
                if tag in vocab.nested_containers or vocab.kind_of_tag.get(tag) in NESTED_BLOCKS:
                    text.append(" ")  # a block of its own (after this one)
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


def _code(el: Element, block: Block, ids: list[Link], vocab: Vocabulary) -> None:
    parts: list[str] = []
    links: list[Link] = ids + ([Link(LinkKind.ID, el.id)] if el.id else [])

    def walk(node: Element) -> None:
        for child in node.children:
            if isinstance(child, Text):
                parts.append(child.text)
            elif isinstance(child, Element) and child.tag not in vocab.skip:
                _link(child, links, vocab)
                if child.tag == "replaceable":
                    parts.append(vocab.placeholder)
                else:
                    walk(child)

    walk(el)
    block.text = "".join(parts)
    block.links = frozenset(links)
    start = (el.children[0] if el.children else el).location
    block.code_line, block.code_column = start.line, start.column


def _atomic(el: Element, block: Block, ids: list[Link], vocab: Vocabulary, mine: str) -> None:
    links: list[Link] = ids + ([Link(LinkKind.ID, el.id)] if el.id else [])
    inline: list[tuple[str, str]] = []
    rows: list[tuple[str, ...]] = []
    for node in el.iter():
        if node.source.display != mine:
            continue
        _link(node, links, vocab)
        if node.tag in vocab.inline_code:
            inline.append((node.tag, squash(node.text_content())))
        elif node.tag == "row":
            rows.append(tuple(squash(e.text_content()) for e in node.elements() if e.tag == "entry"))
    block.links = frozenset(links)
    block.inline = tuple(i for i in inline if i[1])
    block.rows = tuple(rows)
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
