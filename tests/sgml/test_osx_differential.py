"""docsync's SGML tree against OpenSP's osx on the real upstream documents.

See tests/sgml/osx.py for the (few, documented) normalisations. Any difference is listed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from docsync.sgml import Element, load_document
from tests.conftest import BRANCHES, UPSTREAM, require_tool, require_upstream, upstream_cases
from tests.sgml import osx

CHAPTERS = [
    pytest.param(UPSTREAM / b / lang / "src/sgml/example-cluster.sgml", id=f"{b}-{lang}")
    for b in BRANCHES
    for lang in ("doc", "doc.ja")
    if (UPSTREAM / b / lang / "src/sgml/example-cluster.sgml").is_file()
]
BOOKS = [
    pytest.param(UPSTREAM / b / lang / "src/sgml/pgpool.sgml", id=f"{b}-{lang}-book")
    for b in ("master", "V4_3_STABLE")
    for lang in ("doc", "doc.ja")
]


@pytest.fixture(autouse=True)
def _oracle() -> None:
    require_tool("osx")
    require_upstream()


def test_every_branch_has_both_chapters() -> None:
    assert len(CHAPTERS) == 2 * len(BRANCHES) >= 16


@pytest.mark.oracle
@pytest.mark.parametrize("path", upstream_cases(CHAPTERS))
def test_chapter_matches_osx(path: Path) -> None:
    assert osx.compare(path) == []


@pytest.mark.oracle
@pytest.mark.slow
@pytest.mark.parametrize("path", BOOKS)
def test_whole_book_matches_osx(path: Path) -> None:
    doc = load_document(path)
    assert len(doc.files) > 80  # the book really pulled in its chapters
    assert osx.compare(path) == []


@pytest.mark.oracle
def test_comparison_sees_comments_verbatim_text_and_attributes() -> None:
    """The comparison is not vacuous: both sides carry comments, verbatim text and ids."""
    path = UPSTREAM / "V4_3_STABLE/doc.ja/src/sgml/example-basic.sgml"
    ours = osx.events_from_docsync(load_document(path))
    theirs = osx.events_from_osx(osx.run_osx(path))
    for events in (ours, theirs):
        kinds = {e.kind for e in events}
        assert {"start", "end", "text", "comment"} <= kinds
        assert sum(e.kind == "comment" for e in events) > 20  # embedded English originals
        assert any(e.value.startswith("sect2 id=") for e in events)
        assert any("\n" in e.value for e in events if e.kind == "text")  # verbatim kept exactly


@pytest.mark.oracle
def test_comparison_reports_a_difference(monkeypatch: pytest.MonkeyPatch) -> None:
    """A docsync tree that loses one record end in a programlisting is caught."""
    path = UPSTREAM / "master/doc/src/sgml/example-cluster.sgml"
    real_load = osx.load_document

    def broken_load(p, **kw):
        doc = real_load(p, **kw)
        listing = next(doc.iter("programlisting"))
        text = next(c for c in listing.children if hasattr(c, "text"))
        text.text = text.text.replace("\n", "", 1)
        return doc

    monkeypatch.setattr(osx, "load_document", broken_load)
    problems = osx.compare(path)
    assert len(problems) == 1, problems


def test_tree_has_positions() -> None:
    path = require_upstream() / "master/doc/src/sgml/example-cluster.sgml"
    doc = load_document(path)
    assert isinstance(doc.root, Element) and doc.root.tag == "sect1"
    assert doc.root.location.line == 1 and doc.root.location.path == "example-cluster.sgml"
    lines = [el.location.line for el in doc.iter("programlisting")]
    assert lines == sorted(lines) and lines[0] > 1
    source_lines = path.read_text(encoding="utf-8").splitlines()
    for el in doc.iter("programlisting", "screen", "sect2"):
        loc = el.location
        assert source_lines[loc.line - 1][loc.column - 1 :].lower().startswith("<" + el.tag)
