"""The reader's per-file index (``Document.file_tops``) is what a walk over the tree finds.

The reader records, as it adds each node, those whose parent is of another file; stages that
work per file (check's scoped views, drift's book parts) read it instead of walking the book.
A walk over the finished tree is the definition; the two must agree node for node.
"""

from __future__ import annotations

from pathlib import Path

from docsync.extract import read_documents
from docsync.extract.inputs import resolve_sources
from docsync.sgml.document import Document
from docsync.sgml.load import load_document

from ..conftest import PROJECT


def _by_walk(doc: Document) -> dict[str, list[int]]:
    recorded = doc._tops
    doc._tops = None
    try:
        return {path: [id(n) for n in nodes] for path, nodes in doc.file_tops().items()}
    finally:
        doc._tops = recorded


def _by_reader(doc: Document) -> dict[str, list[int]]:
    assert doc._tops is not None, "the reader recorded no index"
    return {path: [id(n) for n in nodes] for path, nodes in doc._tops.items()}


def _books(tree: Path) -> list[Document]:
    return [doc for source in resolve_sources(tree, "all") for doc in read_documents(source)]


def test_every_upstream_book_and_ours(upstream: Path) -> None:
    trees = [PROJECT / "sgml", *sorted(p for p in upstream.iterdir() if (p / "doc").is_dir())]
    assert len(trees) >= 9
    for tree in trees:
        for doc in _books(tree):
            assert _by_reader(doc) == _by_walk(doc), f"{tree.name}: {doc.path}"


def test_entities_that_end_in_a_record_end_span_files_or_hold_only_text(tmp_path: Path) -> None:
    (tmp_path / "text.sgml").write_text("plain words\n")
    (tmp_path / "open.sgml").write_text("<sect1 id=a><title>A</title>\n<para>starts here\n")
    (tmp_path / "close.sgml").write_text("and ends here</para>\n</sect1>\n")
    (tmp_path / "two.sgml").write_text("<para>one</para>\n<!-- between -->\n<para>two</para>\n")
    (tmp_path / "nl.sgml").write_text("\n")  # a text node the end tag after it removes again
    (tmp_path / "nl2.sgml").write_text("tail\n\n")
    (tmp_path / "book.sgml").write_text(
        '<!DOCTYPE book PUBLIC "-//OASIS//DTD DocBook V4.2//EN" [\n'
        '<!ENTITY text SYSTEM "text.sgml">\n<!ENTITY open SYSTEM "open.sgml">\n'
        '<!ENTITY close SYSTEM "close.sgml">\n<!ENTITY two SYSTEM "two.sgml">\n'
        '<!ENTITY nl SYSTEM "nl.sgml">\n<!ENTITY nl2 SYSTEM "nl2.sgml">\n'
        '<!ENTITY inline "<emphasis>inline</emphasis> text">\n]>\n'
        "<book><chapter id=c><title>C</title>\n<para>&text;</para>\n&open;&close;\n"
        "<sect1 id=b><title>B</title>&two;<para>&inline;</para>\n&text;</sect1>\n"
        "<para><emphasis>x</emphasis>&nl;</para>\n<para><emphasis>y</emphasis>&nl2;</para>\n</chapter></book>\n"
    )
    doc = load_document(tmp_path / "book.sgml", root=tmp_path, display_base=tmp_path)
    walked = _by_walk(doc)
    assert set(walked) == {"book.sgml", "text.sgml", "open.sgml", "close.sgml", "two.sgml", "nl2.sgml"}
    assert _by_reader(doc) == walked
