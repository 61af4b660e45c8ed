"""Golden cases: tests/golden/<case>/{en.sgml, ja.sgml, expected.txt}.

expected.txt is the text report of ``docsync drift --en en.sgml --ja ja.sgml`` run inside the
case directory. Refresh every case after an intended change with:

    DOCSYNC_UPDATE_GOLDEN=1 .venv/bin/pytest tests/drift/test_golden.py

and review the diff before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from docsync.drift.run import drift_files
from docsync.model import Severity
from docsync.report import ReportContext, format_text

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "en.sgml").is_file())


def render(case: Path) -> str:
    report = drift_files(case / "en.sgml", case / "ja.sgml", en_display="en.sgml", ja_display="ja.sgml")
    return "\n".join(format_text(report.findings, ReportContext(severity=Severity.INFO))) + "\n"


@pytest.mark.parametrize("name", CASES)
def test_golden(name: str) -> None:
    case = GOLDEN / name
    got = render(case)
    expected = case / "expected.txt"
    if os.environ.get("DOCSYNC_UPDATE_GOLDEN") == "1":
        expected.write_text(got, encoding="utf-8")
    assert got == expected.read_text(encoding="utf-8")


def test_every_case_is_complete() -> None:
    assert len(CASES) >= 4
    for name in CASES:
        assert (GOLDEN / name / "ja.sgml").is_file() and (GOLDEN / name / "expected.txt").is_file(), name
