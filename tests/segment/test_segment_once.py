"""One segmentation per document per run: extract, drift and check read the same walk (issue 9).

The real walker runs; the test only counts, per file, how often its share of a document is
segmented. The count is written to a file, so that work done in forked children (a whole-book
check reads blocks in one, drift aligns pairs in another) counts too.
"""

from __future__ import annotations

import os
import shutil
from collections import Counter
from pathlib import Path

import pytest

import docsync.segment.walk as walk_module
from docsync.cli import main

from ..conftest import WHOLE_DOCS_COMMANDS, run_on_project_docs


@pytest.fixture
def segmented(monkeypatch, tmp_path: Path):
    """A function returning how often each file (display path) was segmented so far."""
    log = tmp_path / "segmented.log"
    real = walk_module.segment_part

    def counting(display, tops, shown=None):
        fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            os.write(fd, f"{display}\n".encode())  # one write per line: forks append whole lines
        finally:
            os.close(fd)
        return real(display, tops, shown)

    monkeypatch.setattr(walk_module, "segment_part", counting)
    return lambda: Counter(log.read_text().splitlines()) if log.exists() else Counter()


def _more_than_once(counts: Counter[str]) -> dict[str, int]:
    return {display: n for display, n in counts.items() if n != 1}


def test_a_whole_book_check_segments_each_document_once(upstream: Path, segmented, capsys) -> None:
    # No output directory to compare (upstream has none): the blocks are read in a forked
    # child while drift aligns here.
    main(["check", "--no-cache", "--exit-zero", "--docs", str(upstream / "V4_3_STABLE")])
    capsys.readouterr()
    counts = segmented()
    assert len(counts) > 100  # every chapter of both books
    assert "doc/src/sgml/example-cluster.sgml" in counts and "doc.ja/src/sgml/config.sgml" in counts
    assert _more_than_once(counts) == {}


@pytest.mark.parametrize("command", WHOLE_DOCS_COMMANDS)
def test_project_docs_are_segmented_once(command: list[str], tmp_path: Path, segmented, capsys) -> None:
    run_on_project_docs(command, tmp_path)
    capsys.readouterr()
    counts = segmented()
    assert any(d.endswith("example-cluster.sgml") for d in counts), "the command segmented nothing"
    assert _more_than_once(counts) == {}


def test_an_incremental_check_segments_each_document_once(upstream: Path, tmp_path: Path, segmented, capsys,
                                                          monkeypatch) -> None:
    docs = tmp_path / "V4_3_STABLE"
    shutil.copytree(upstream / "V4_3_STABLE" / "doc", docs / "doc", symlinks=True)
    shutil.copytree(upstream / "V4_3_STABLE" / "doc.ja", docs / "doc.ja", symlinks=True)
    monkeypatch.chdir(tmp_path)  # (the cache lands here)
    main(["check", "--exit-zero", "--docs", str(docs)])
    chapter = docs / "doc" / "src" / "sgml" / "example-cluster.sgml"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "<!-- edited -->\n", encoding="utf-8")
    before = segmented()
    main(["check", "--exit-zero", "--docs", str(docs)])  # incremental: only a chapter changed
    capsys.readouterr()
    counts = segmented() - before
    assert counts["doc/src/sgml/example-cluster.sgml"] == 1  # read by the blocks and by drift
    assert _more_than_once(counts) == {}
