"""The issue's done-when cases on upstream's docs (../shared/pgpool-docs, read at test time)."""

from __future__ import annotations

import re
from functools import cache

import pytest

from docsync.drift.run import drift_book
from docsync.model import Finding
from tests.conftest import BRANCHES, require_upstream, upstream_cases

# Translation noise the glossary must remove: none of it may show up in a finding.
NOISE = re.compile(r"全サーバ|いずれかのサーバ|ユーザのパスワード|以下を追加|任意の文字列|PCPコマンドパスワード")


@cache
def _cluster(branch: str) -> tuple[Finding, ...]:
    root = require_upstream() / branch
    return tuple(drift_book(root, ["example-cluster.sgml"]).findings)


def _messages(branch: str, code: str) -> list[str]:
    return [f.message for f in _cluster(branch) if f.code == code]


def test_master_section_id_mismatch() -> None:
    found = [f for f in _cluster("master") if f.code == "DRF002"]
    assert len(found) == 1
    assert "example-cluster-verify-starting-stopping" in found[0].message
    assert "example-cluster-start-stop" in found[0].message
    assert found[0].location.path == "doc/src/sgml/example-cluster.sgml"
    assert found[0].related[0].location.path == "doc.ja/src/sgml/example-cluster.sgml"


def test_master_rhel_and_cat_vi() -> None:
    code = _messages("master", "DRF020")
    assert any("`rhel-9-x86_64`" in m and "`rhel-10-x86_64`" in m for m in code)
    assert any("EN `cat` vs JA `vi`" in m for m in code)


def test_v43_watchdog_outputs_and_data_path() -> None:
    code = _messages("V4_3_STABLE", "DRF020")
    watchdog = [m for m in code if "LEADER 0 MEMBER" in m]
    assert len(watchdog) == 3  # the three pcp_watchdog_info outputs
    assert any("`/var/lib/pgsql/13/data`" in m and "`/var/lib/pgsql/14/data`" in m for m in code)
    # 28 of the 73 listings differ raw; after the glossary only the real differences remain.
    assert len(code) <= 8
    assert any("12" in m and "14" in m for m in _messages("V4_3_STABLE", "DRF051"))


def test_v42_95_vs_9_5() -> None:
    found = [f for f in _cluster("V4_2_STABLE") if f.code == "DRF030" and "English 95" in f.message]
    assert len(found) == 1 and "Japanese 9.5" in found[0].message
    # At the number, not at the <para> on line 9 that holds it, in both languages.
    root = require_upstream() / "V4_2_STABLE"
    en, ja = found[0].location, found[0].related[0].location
    assert (en.line, en.column) == (11, 75)
    en_line = (root / en.path).read_text(encoding="utf-8").splitlines()[en.line - 1]
    ja_line = (root / ja.path).read_text(encoding="utf-8").splitlines()[ja.line - 1]
    assert en_line[en.column - 1 :].startswith("95")
    assert ja_line[ja.column - 1 :].startswith("9.5")


@pytest.mark.parametrize("branch", upstream_cases(BRANCHES))
def test_no_prompt_or_placeholder_noise(branch: str) -> None:
    noisy = [f"{f.location}: {f.message}" for f in _cluster(branch) if NOISE.search(f.message)]
    assert noisy == []


@cache
def _book(branch: str):
    return drift_book(require_upstream() / branch)


def test_whole_book_runs_with_both_modes() -> None:
    report = _book("master")
    assert report.files >= 90
    codes = {f.code for f in report.findings}
    assert {"DRF010", "DRF020", "DRF002"} <= codes  # embedded-original and structural files
    for f in report.findings:
        if f.code.startswith("SGM"):
            continue  # the reader's findings are about each file itself, in either language
        assert f.location.path.startswith("doc/src/sgml/")
        assert not f.related or f.related[0].location.path.startswith("doc.ja/src/sgml/")


def test_a_file_alone_reports_what_the_book_run_reports_for_it() -> None:
    # The book run parses each language once and splits it by file; a named file is read alone.
    in_book = [
        (f.location.line, f.code)
        for f in _book("master").findings
        if f.location.path == "doc/src/sgml/example-cluster.sgml"
    ]
    name = "doc/src/sgml/example-cluster.sgml"
    alone = [(f.location.line, f.code) for f in _cluster("master") if f.location.path == name]
    assert in_book == alone
