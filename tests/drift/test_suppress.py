"""Inline suppressions in either file, selection, and baseline files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from docsync.baseline import apply_baseline, baseline_text, load_baseline
from docsync.drift.config import DriftSettings
from docsync.drift.session import run_drift
from docsync.errors import InputError, UsageError
from tests.drift.helpers import drift_texts, where

EN = """<sect1 id="s"><title>T</title>
{mark_en}<programlisting>
pgpool -m fast stop
</programlisting>
<para>Keep 3 copies.</para>
</sect1>
"""
JA = """<sect1 id="s"><title>T</title>
{mark_ja}<programlisting>
pgpool -m smart stop
</programlisting>
<para>4つのコピーを保持します。</para>
</sect1>
"""


def _run(tmp_path: Path, mark_en: str = "", mark_ja: str = ""):
    return drift_texts(tmp_path, EN.format(mark_en=mark_en), JA.format(mark_ja=mark_ja))


def test_unsuppressed(tmp_path: Path) -> None:
    assert sorted(where(_run(tmp_path))) == [(3, "DRF020"), (5, "DRF030")]


@pytest.mark.parametrize("selector", ["DRF020", "DRF02", "drift-code-block", "drift-code"])
def test_english_side_suppression(tmp_path: Path, selector: str) -> None:
    found = _run(tmp_path, mark_en=f"<!-- docsync: ignore[{selector}] shown on purpose -->\n")
    assert [c for _, c in where(found)] == ["DRF030"]


def test_japanese_side_suppression(tmp_path: Path) -> None:
    found = _run(tmp_path, mark_ja="<!-- docsync: ignore[DRF030, DRF020] 意図的 -->\n")
    assert [c for _, c in where(found)] == ["DRF030"]  # only covers the element right after it


def test_suppression_of_another_code_does_not_hide(tmp_path: Path) -> None:
    assert len(_run(tmp_path, mark_en="<!-- docsync: ignore[DRF040] -->\n")) == 2


def test_select_and_ignore(tmp_path: Path) -> None:
    (tmp_path / "en.sgml").write_text(EN.format(mark_en=""), encoding="utf-8")
    (tmp_path / "ja.sgml").write_text(JA.format(mark_ja=""), encoding="utf-8")
    pair = {"en": tmp_path / "en.sgml", "ja": tmp_path / "ja.sgml"}
    numbers = DriftSettings(select=("drift-number",))
    assert [f.code for f in run_drift([], settings=numbers, **pair).findings] == ["DRF030"]
    assert [f.code for f in run_drift([], settings=DriftSettings(ignore=("DRF03",)), **pair).findings] == ["DRF020"]


def test_baseline_roundtrip_ignores_line_moves(tmp_path: Path) -> None:
    found = _run(tmp_path)
    base = tmp_path / "baseline.json"
    base.write_text(baseline_text(found), encoding="utf-8")
    moved = drift_texts(tmp_path, "\n\n" + EN.format(mark_en=""), JA.format(mark_ja=""))
    assert where(moved) != where(found)
    assert apply_baseline(moved, load_baseline(base)) == []
    data = json.loads(base.read_text(encoding="utf-8"))
    assert data["version"] == 1 and len(data["accepted"]) == 2


def test_baseline_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        load_baseline(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_text("[1]", encoding="utf-8")
    with pytest.raises(UsageError):
        load_baseline(bad)


def test_update_baseline_then_use_it(tmp_path: Path) -> None:
    (tmp_path / "en.sgml").write_text(EN.format(mark_en=""), encoding="utf-8")
    (tmp_path / "ja.sgml").write_text(JA.format(mark_ja=""), encoding="utf-8")
    base = tmp_path / "b.json"
    kw = {"en": tmp_path / "en.sgml", "ja": tmp_path / "ja.sgml", "baseline": base}
    wrote = run_drift([], update_baseline=True, **kw)
    assert len(wrote.findings) == 2
    again = run_drift([], **kw)
    assert again.findings == [] and "2 finding(s) accepted" in again.note
    with pytest.raises(UsageError):
        run_drift([], en=kw["en"], ja=kw["ja"], update_baseline=True)
