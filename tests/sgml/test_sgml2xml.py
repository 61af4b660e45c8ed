"""`docsync sgml2xml`: well-formed XML out, findings and exit codes for broken input."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from docsync.cli import main
from tests.conftest import require_upstream


def test_book_to_wellformed_xml(capsys: pytest.CaptureFixture[str]) -> None:
    book = require_upstream() / "V4_3_STABLE/doc.ja/src/sgml/pgpool.sgml"
    assert main(["sgml2xml", str(book)]) == 0
    out = capsys.readouterr().out
    root = etree.fromstring(out.encode("utf-8"), parser=etree.XMLParser(huge_tree=True))
    assert root.tag == "book"
    assert root.xpath("count(//sect1[@id='example-cluster'])") == 1
    assert root.xpath("count(//comment())") > 100  # comments are kept


def test_comments_can_be_dropped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "c.sgml").write_text("<sect1 id=a><!-- note --><para>x -- y &lt;</para></sect1>", encoding="utf-8")
    assert main(["sgml2xml", "--no-comments", str(tmp_path / "c.sgml")]) == 0
    out = capsys.readouterr().out
    assert "<!--" not in out and "<para>x -- y &lt;</para>" in out


def test_broken_markup_reports_on_stderr_and_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "b.sgml").write_text("<sect1 id=a><para>x</sect2></sect1>", encoding="utf-8")
    assert main(["sgml2xml", str(tmp_path / "b.sgml")]) == 1
    captured = capsys.readouterr()
    etree.fromstring(captured.out.encode())  # stdout stays well-formed
    assert "b.sgml:1:20: SGM002 [error]" in captured.err


@pytest.mark.parametrize("target", ["missing.sgml", "."])
def test_unreadable_input_is_one_line_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], target: str) -> None:
    assert main(["sgml2xml", str(tmp_path / target)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("docsync: error:") and "Traceback" not in err


def test_recovery_after_a_broken_tag_keeps_text_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 8: after `<ulink url="x"manual` (no '>') the text before it came out twice."""
    (tmp_path / "u.sgml").write_text(
        '<sect1 id="a"><title>T</title>\n<para>See the <ulink url="x"manual</ulink> now.</para>\n</sect1>\n',
        encoding="utf-8",
    )
    assert main(["sgml2xml", str(tmp_path / "u.sgml")]) == 1
    out = capsys.readouterr().out
    para = etree.fromstring(out.encode()).find("para")
    assert para is not None
    assert para.text == 'See the <ulink url="x"manual now.'
    assert out.count("See the") == 1
