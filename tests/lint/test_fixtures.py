"""tests/fixtures/conf/{pass,fail}: files that carry their own expectations (``# expect: rule``)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from docsync.lint.engine import lint_bytes
from docsync.lint.settings import LintSettings

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "conf"
EXPECT = re.compile(rb"#\s*expect:\s*([a-z0-9-]+)")
SETTINGS = LintSettings()


@pytest.mark.parametrize("path", sorted((FIXTURES / "pass").glob("*.conf")), ids=lambda p: p.name)
def test_pass_fixtures_report_nothing(path: Path) -> None:
    findings = lint_bytes(path.read_bytes(), str(path), SETTINGS).findings
    assert findings == (), "\n".join(f"{f.location} {f.code} {f.message}" for f in findings)


@pytest.mark.parametrize("path", sorted((FIXTURES / "fail").glob("*.conf")), ids=lambda p: p.name)
def test_fail_fixtures_report_what_they_expect(path: Path) -> None:
    data = path.read_bytes()
    expected = Counter(m.decode() for m in EXPECT.findall(data))
    assert expected, f"{path.name} has no '# expect:' line"
    got = Counter(f.name for f in lint_bytes(data, str(path), SETTINGS).findings)
    assert got == expected
