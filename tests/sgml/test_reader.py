"""The SGML reader on small inputs of our own: structure, positions, and broken markup."""

from __future__ import annotations

from pathlib import Path

import pytest

from docsync.errors import InputError
from docsync.sgml import Comment, Element, Text, load_document
from docsync.sgml.dialect import load_dialect


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def codes(doc) -> list[tuple[str, int, int]]:
    return sorted((f.code, f.location.line, f.location.column) for f in doc.findings)


def test_dialect_features(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "version.sgml": '<!ENTITY version "4.3.5">\n',
        "filelist.sgml": "",
        "ch.sgml": (
            '<Sect1 ID="Intro-Page">\n'
            "<title>Version &version; &mdash; <xref linkend=OTHER></>\n"
            "<para>a &lt;b&gt; &amp c &#65;<colspec colname='c1'></para>\n"
            "<programlisting>\n"
            "line one\n"
            "  line two\n"
            "</programlisting>\n"
            "<!-- an English original -->\n"
            "</sect1>\n"
        ),
    })
    doc = load_document(tmp_path / "ch.sgml")
    assert doc.findings == []
    root = doc.root
    assert isinstance(root, Element) and root.tag == "sect1" and root.id == "intro-page"
    title = root.find("title")
    assert title.text_content() == "Version 4.3.5 \u2014 "
    xref = title.find("xref")
    assert xref.attrs == {"linkend": "other"} and xref.children == []
    para = root.find("para")
    assert para.text_content() == "a <b> & c A"
    assert para.find("colspec").attrs == {"colname": "c1"}
    listing = root.find("programlisting")
    # Record ends right after the start tag and right before the end tag are not data.
    assert listing.text_content() == "line one\n  line two"
    assert listing.location.line == 4 and listing.location.column == 1
    assert listing.children[0].location.line == 5
    comments = [c for c in root.children if isinstance(c, Comment)]
    assert [c.text for c in comments] == [" an English original "]
    assert comments[0].location.line == 8
    assert xref.location.line == 2 and xref.location.column == 34


def test_positions_count_characters_not_bytes(tmp_path: Path) -> None:
    write_tree(tmp_path, {"ja.sgml": "<sect1 id=a>\n<para>日本語の<literal>x</literal></para></sect1>\n"})
    doc = load_document(tmp_path / "ja.sgml")
    literal = next(doc.iter("literal"))
    assert (literal.location.line, literal.location.column) == (2, 11)


def test_book_with_external_entities_and_marked_sections(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "book.sgml": (
            '<!DOCTYPE book PUBLIC "-//OASIS//DTD DocBook V4.2//EN" [\n'
            '<!ENTITY % filelist SYSTEM "files.sgml"> %filelist;\n'
            '<!ENTITY % hidden "IGNORE">\n'
            "]>\n"
            "<book id=b><title>B</title>&one;\n"
            "<![%hidden;[<chapter id=gone><title>x</title></chapter>]]>\n"
            "<![ CDATA [<not-a-tag> & ]]>\n"
            "</book>\n"
        ),
        "files.sgml": '<!ENTITY one SYSTEM "sub/one.sgml">\n',
        "sub/one.sgml": "<chapter id=one>\n<title>One</title>\n</chapter>\n",
    })
    doc = load_document(tmp_path / "book.sgml")
    assert doc.findings == []
    chapters = list(doc.iter("chapter"))
    assert [c.id for c in chapters] == ["one"]
    assert chapters[0].location.path == "sub/one.sgml" and chapters[0].location.line == 1
    assert "<not-a-tag> & " in doc.root.text_content()
    assert set(doc.files) == {"book.sgml", "files.sgml", "sub/one.sgml"}


BROKEN = [
    ("unclosed", "<sect1 id=a><para>text <literal>value</para></sect1>", [("SGM001", 1, 24)]),
    ("mismatched", "<sect1 id=a><para>text</sect2></para></sect1>", [("SGM002", 1, 23)]),
    ("never closed", "<sect1 id=a><para>text\n", [("SGM001", 1, 1), ("SGM001", 1, 13)]),
    ("undefined entity", "<sect1 id=a><para>&nosuch;</para></sect1>", [("SGM003", 1, 19)]),
    ("stray ampersand", "<sect1 id=a><para>a && b</para></sect1>", [("SGM004", 1, 21), ("SGM004", 1, 22)]),
    ("unterminated tag", "<sect1 id=a><para>x <literal value</para></sect1>", [("SGM008", 1, 21)]),
    ("unterminated comment", "<sect1 id=a><!-- never closed\n<para>x</para></sect1>",
     [("SGM001", 1, 1), ("SGM008", 1, 13)]),
    ("xml empty syntax", "<sect1 id=a><para>x<xref linkend=b/></para></sect1>", [("SGM008", 1, 20)]),
    ("no element", "just text\n", [("SGM008", 1, 1)]),
]


@pytest.mark.parametrize(("name", "source", "expected"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_markup_gives_findings_with_positions(tmp_path: Path, name: str, source: str, expected) -> None:
    write_tree(tmp_path, {"ch.sgml": source})
    doc = load_document(tmp_path / "ch.sgml")
    assert codes(doc) == sorted(expected)


def test_entity_outside_root_is_refused_and_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    docs = tmp_path / "docs"
    write_tree(docs, {
        "book.sgml": (
            '<!DOCTYPE book PUBLIC "-//OASIS//DTD DocBook V4.2//EN" [\n'
            '<!ENTITY up SYSTEM "../secret.txt">\n'
            '<!ENTITY abs SYSTEM "/etc/passwd">\n'
            '<!ENTITY url SYSTEM "http://example.invalid/x.sgml">\n'
            '<!ENTITY % pe SYSTEM "../../etc/shadow"> %pe;\n'
            "]>\n<book id=b><title>t</title><para>&up; &abs; &url;</para></book>\n"
        ),
    })
    doc = load_document(docs / "book.sgml")
    assert [f.code for f in doc.findings] == ["SGM006"] * 4
    assert "TOP-SECRET" not in doc.root.text_content()
    assert all(f.location.path == "book.sgml" for f in doc.findings)


def test_symlink_escaping_root_is_refused(tmp_path: Path) -> None:
    (tmp_path / "outside.sgml").write_text("<para>outside</para>", encoding="utf-8")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "link.sgml").symlink_to(tmp_path / "outside.sgml")
    write_tree(docs, {"book.sgml": '<!DOCTYPE book [<!ENTITY l SYSTEM "link.sgml">]>\n<book id=b>&l;</book>\n'})
    doc = load_document(docs / "book.sgml")
    assert [f.code for f in doc.findings] == ["SGM006"]


def test_missing_entity_file_and_recursion(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "book.sgml": (
            '<!DOCTYPE book [<!ENTITY gone SYSTEM "gone.sgml"><!ENTITY self SYSTEM "self.sgml">]>\n'
            "<book id=b>&gone;&self;</book>\n"
        ),
        "self.sgml": "<para>&self;</para>",
    })
    doc = load_document(tmp_path / "book.sgml")
    assert sorted(f.code for f in doc.findings) == ["SGM007", "SGM009"]


def test_binary_and_non_utf8_input(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "latin1.sgml": "<sect1 id=a><para>caf\xe9</para></sect1>\n".encode("latin-1"),
        "stray-nul.sgml": b"<sect1 id=a><para>" + b"text " * 20 + b"\x00</para></sect1>",
        "binary.sgml": b"<sect1 id=a>\x00\x01\x02</sect1>",
    })
    latin = load_document(tmp_path / "latin1.sgml")
    assert codes(latin) == [("SGM005", 1, 22)]
    stray = load_document(tmp_path / "stray-nul.sgml")
    assert [f.code for f in stray.findings] == ["SGM005"]
    assert "NUL" in stray.findings[0].message
    binary = load_document(tmp_path / "binary.sgml")
    # Mostly control bytes: reported once, before any parsing, and nothing is read from it.
    assert codes(binary) == [("SGM010", 1, 1)]
    assert binary.root is None


def test_unreadable_inputs_raise_one_line_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(InputError, match="no such file"):
        load_document(tmp_path / "missing.sgml")
    with pytest.raises(InputError, match="directory"):
        load_document(tmp_path)
    big = tmp_path / "big.sgml"
    with big.open("wb") as fh:
        fh.truncate(load_dialect().limits.max_file_bytes + 1)  # sparse: refused from its size alone
    doc = load_document(big)
    assert codes(doc) == [("SGM011", 1, 1)]
    assert doc.findings[0].category.value == "limit"


def test_crlf_and_bom_do_not_shift_positions(tmp_path: Path) -> None:
    write_tree(tmp_path, {"w.sgml": b"\xef\xbb\xbf<sect1 id=a>\r\n<para>x</para>\r\n</sect1>\r\n"})
    doc = load_document(tmp_path / "w.sgml")
    assert doc.findings == []
    assert next(doc.iter("para")).location.line == 2
    assert not any(isinstance(t, Text) and "\r" in t.text for t in doc.root.children)


def test_element_after_the_document_element_is_one_finding(tmp_path: Path) -> None:
    """Recovery keeps the later element inside the document element; reopening that element
    is not a second problem (it used to be reported as never closed as well)."""
    path = tmp_path / "rows.sgml"
    path.write_text("<row>\n<entry>A</entry>\n</row>\n\n<row><entry>B</entry></row>\n")
    doc = load_document(path)
    assert codes(doc) == [("SGM002", 5, 1)]
    assert [c.tag for c in doc.root.children if isinstance(c, Element)] == ["entry", "row"]
    path.write_text("<row>\n<entry>A</entry>\n</row>\n<row><entry>B</entry>\n")
    assert codes(load_document(path)) == [("SGM001", 4, 1), ("SGM002", 4, 1)]
