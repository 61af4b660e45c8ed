"""One parse per input per run: every command reads each SGML file once (issue 9).

The real reader runs; the test only counts, per path, the documents parsed (``parse_file``)
and the SGML files opened (``os.open``, which the one input opener ``docsync.inputs`` uses
for every document and external entity).
"""

from __future__ import annotations

import os
import shutil
from collections import Counter
from pathlib import Path

import pytest

import docsync.sgml.parse as parse_module
from docsync.cli import main

from ..conftest import PROJECT, WHOLE_DOCS_COMMANDS, run_on_project_docs


@pytest.fixture
def counts(monkeypatch) -> tuple[Counter[str], Counter[str]]:
    """(top-level documents parsed, SGML files opened) per path, counted at ``os.open``: the
    shared opener calls it for the reader in pure Python and compiled with mypyc alike."""
    parses: Counter[str] = Counter()
    reads: Counter[str] = Counter()
    real_open = os.open

    def counting_open(path, flags, *args, **kwargs):
        if str(path).endswith(".sgml") and not flags & (os.O_WRONLY | os.O_RDWR):
            reads[str(Path(path).resolve())] += 1
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", counting_open)
    parse_file = parse_module.parse_file

    def counting_parse(path: Path, **kwargs):
        parses[str(Path(path).resolve())] += 1
        return parse_file(path, **kwargs)

    # Top-level parses are counted in pure Python only (compiled, load_document calls the
    # compiled parse_file directly); the reads above cover both.
    monkeypatch.setattr(parse_module, "parse_file", counting_parse)
    return parses, reads


def _once(counter: Counter[str]) -> dict[str, int]:
    return {path: n for path, n in counter.items() if n != 1}


@pytest.mark.parametrize("command", WHOLE_DOCS_COMMANDS)
def test_project_docs_are_read_once(command: list[str], tmp_path: Path, counts, capsys) -> None:
    run_on_project_docs(command, tmp_path)
    capsys.readouterr()
    parses, reads = counts
    assert reads, "the command read no SGML"
    assert _once(parses) == {} and _once(reads) == {}


def test_upstream_tree_is_read_once(upstream: Path, counts, capsys) -> None:
    main(["check", "--no-cache", "--exit-zero", "--docs", str(upstream / "V4_3_STABLE")])
    capsys.readouterr()
    parses, reads = counts
    assert len(reads) > 100
    assert _once(parses) == {}  # every top-level document is parsed once
    # and every file read once: entity files a chapter outside the book (errcodes-table.sgml)
    # declares again come from the run's reads; files of the book are not read again alone
    assert _once(reads) == {}


def test_upstream_documents_are_parsed_once(upstream: Path, counts, capsys) -> None:
    main(["check", "--no-cache", "--exit-zero", "--docs", str(upstream / "V4_3_STABLE")])
    capsys.readouterr()
    parses, reads = counts
    assert len(reads) > 100 and _once(parses) == {}


def test_an_incremental_check_reads_each_file_once(tmp_path: Path, counts, capsys, monkeypatch) -> None:
    docs = tmp_path / "sgml"
    shutil.copytree(PROJECT / "sgml", docs)
    monkeypatch.chdir(tmp_path)  # (the cache lands here)
    main(["check", "--exit-zero", "--docs", str(docs)])
    chapter = docs / "doc" / "src" / "sgml" / "example-cluster.sgml"
    chapter.write_text(chapter.read_text() + "<!-- edited -->\n")
    parses, reads = counts
    parses.clear()
    reads.clear()
    main(["check", "--exit-zero", "--docs", str(docs)])  # incremental: only a chapter changed
    capsys.readouterr()
    assert str(chapter.resolve()) in reads
    assert _once(parses) == {} and _once(reads) == {}
