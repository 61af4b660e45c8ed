"""Golden files: the small cluster fixture (EN + JA) and everything extract makes of it.

Refresh after an intended change, then review the diff:
    DOCSYNC_REFRESH_GOLDEN=1 .venv/bin/pytest tests/extract/test_golden.py
"""

from __future__ import annotations

import os
import shutil

import pytest

from docsync.extract import extract
from docsync.extract.sync import apply, plan_sync
from docsync.report import ReportContext, format_text
from tests.extract.helpers import FIXTURES, GOLDEN, read_tree

CASES = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir())


@pytest.mark.parametrize("case", CASES)
def test_golden(case, tmp_path):
    result = extract(FIXTURES / case)
    apply(plan_sync(result.artifacts, tmp_path / "out", ("en", "ja")))
    got = read_tree(tmp_path / "out")
    got["findings.txt"] = "\n".join(format_text(result.findings, ReportContext())) + "\n"
    expected_dir = GOLDEN / case
    if os.environ.get("DOCSYNC_REFRESH_GOLDEN"):
        shutil.rmtree(expected_dir, ignore_errors=True)
        for rel, text in got.items():
            (expected_dir / rel).parent.mkdir(parents=True, exist_ok=True)
            (expected_dir / rel).write_text(text, encoding="utf-8")
    expected = read_tree(expected_dir)
    assert sorted(got) == sorted(expected)
    for rel in expected:
        assert got[rel] == expected[rel], rel


def test_artifact_text_reads_one_language():
    from docsync.extract import artifact_text

    text = artifact_text(FIXTURES / "cluster", "ja/example-cluster/pgpool.conf")
    assert text == (GOLDEN / "cluster" / "ja" / "example-cluster" / "pgpool.conf").read_text(encoding="utf-8")
    assert artifact_text(FIXTURES / "cluster", "en/example-cluster/no-such.conf") is None


def test_documented_secrets_never_reach_any_artifact(tmp_path):
    """The fixture documents real-looking secrets; no artifact, script included, repeats them."""
    sources = "\n".join(p.read_text(encoding="utf-8") for p in (FIXTURES / "cluster").rglob("*.sgml"))
    secrets = ["hunter2", "repl:secret"]
    assert all(s in sources for s in secrets)  # the fixture really contains them
    result = extract(FIXTURES / "cluster")
    apply(plan_sync(result.artifacts, tmp_path / "out", ("en", "ja")))
    for rel, text in read_tree(tmp_path / "out").items():
        for secret in secrets:
            assert secret not in text, f"{secret!r} leaked into {rel}"
