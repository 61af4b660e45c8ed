"""The one walk: each file's section tree, and the same walk in document order across files."""

from __future__ import annotations

from pathlib import Path

import pytest

from docsync.errors import UsageError
from docsync.extract.blocks import extract_blocks
from docsync.extract.ruleset import load_rules
from docsync.segment import BlockKind, Event, segmentation
from docsync.sgml import load_document

BOOK = """<!DOCTYPE book PUBLIC "-//OASIS//DTD DocBook V4.2//EN" [
<!ENTITY setup SYSTEM "setup.sgml">
]>
<book id="b"><title>Book</title>
<chapter id="intro"><title>Intro</title>
<para>Edit <filename>postgresql.conf</filename>:
<programlisting>
port = 5432
</programlisting>
then <filename>pgpool.conf</filename>.</para>
<!-- a note -->
<para>Then:</para>
<programlisting>
listen_addresses = '*'
</programlisting>
</chapter>
&setup;
</book>
"""

SETUP = """<chapter id="setup"><title>Setup</title>
<sect1 id="start"><title>Start</title>
<screen>
[all servers]# systemctl start pgpool
</screen>
</sect1>
</chapter>
"""


@pytest.fixture
def book(tmp_path: Path):
    (tmp_path / "book.sgml").write_text(BOOK, encoding="utf-8")
    (tmp_path / "setup.sgml").write_text(SETUP, encoding="utf-8")
    return load_document(tmp_path / "book.sgml")


def test_each_file_is_its_own_section_tree(book) -> None:
    seg = segmentation(book)
    assert set(seg.parts) == {"book.sgml", "setup.sgml"}
    intro = seg.parts["book.sgml"].segment().root.children[0]
    # A listing inside a paragraph is a block of its own, right after the paragraph.
    assert [(b.kind, b.tag) for b in intro.blocks] == [
        (BlockKind.TITLE, "title"), (BlockKind.PARA, "para"), (BlockKind.CODE, "programlisting"),
        (BlockKind.PARA, "para"), (BlockKind.CODE, "programlisting"),
    ]
    assert [n.text for n in intro.blocks[3].comments] == [" a note "]
    setup = seg.parts["setup.sgml"].segment().root
    assert (setup.tag, setup.id, setup.title, setup.children[0].id) == ("chapter", "setup", "Setup", "start")
    assert seg.parts["setup.sgml"].segment() is seg.parts["setup.sgml"].segment()  # segmented once


def test_the_walk_in_document_order_crosses_files(book) -> None:
    seen = [
        (event.value, value.tag if event is not Event.SECTION else value.id)  # type: ignore[attr-defined]
        for event, value in segmentation(book).events()
        if event is not Event.BLOCK or value.kind is BlockKind.CODE  # type: ignore[attr-defined]
    ]
    # The file named after the nested listing comes after it, as in the source; the included
    # chapter's events come where the entity stands.
    assert seen == [
        ("section", "b"), ("section", "intro"), ("inline", "filename"), ("block", "programlisting"),
        ("inline", "filename"), ("block", "programlisting"), ("section", "setup"), ("section", "start"),
        ("block", "screen"),
    ]


def test_extract_reads_the_same_sections_and_listings(book) -> None:
    blocks = extract_blocks(book, "en").blocks
    assert [b.tag for b in blocks] == ["programlisting", "programlisting", "screen"]
    # The file named before each listing, in document order (not the one after it).
    assert [b.target for b in blocks[:2]] == ["postgresql.conf", "pgpool.conf"]
    assert blocks[2].section_id == "start" and blocks[2].start.path == "setup.sgml"
    # One Section type: extract's enclosing sections are the walk's own.
    tree = segmentation(book).parts["setup.sgml"].segment().root
    assert blocks[2].sections[-2:] == (tree, tree.children[0])


def test_a_file_hint_must_be_inline_code_of_the_document_model(tmp_path: Path) -> None:
    rules = Path(__file__).resolve().parents[2] / "rules" / "blocks.toml"
    edited = tmp_path / "blocks.toml"
    text = rules.read_text(encoding="utf-8")
    edited.write_text(text.replace("file_hint_elements = ['filename']", "file_hint_elements = ['para']"),
                      encoding="utf-8")
    with pytest.raises(UsageError, match=r"file_hint_elements must be inline code elements of segments\.toml: para"):
        load_rules(edited)


def test_a_listing_in_a_table_is_part_of_the_table_and_still_a_listing(tmp_path: Path) -> None:
    (tmp_path / "t.sgml").write_text(
        """<sect1 id="t"><title>T</title>
<informaltable><tgroup cols="1"><tbody><row><entry>
<para>In <filename>postgresql.conf</filename>:</para>
<programlisting>
port = 5432
</programlisting>
</entry></row></tbody></tgroup></informaltable>
</sect1>
""",
        encoding="utf-8",
    )
    doc = load_document(tmp_path / "t.sgml")
    section = segmentation(doc).parts["t.sgml"].segment().root
    assert [b.kind for b in section.blocks] == [BlockKind.TITLE, BlockKind.TABLE]  # drift's unit: the table
    (listing,) = extract_blocks(doc, "en").blocks
    assert (listing.tag, listing.target, listing.section_id) == ("programlisting", "postgresql.conf", "t")
