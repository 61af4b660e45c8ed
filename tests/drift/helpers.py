"""Helpers for drift tests: small EN/JA pairs on disk, findings reduced to (line, code)."""

from __future__ import annotations

from pathlib import Path

from docsync.drift.run import drift_files
from docsync.model import Finding


def drift_texts(tmp_path: Path, en: str, ja: str) -> list[Finding]:
    """Drift findings for an English and a Japanese SGML text (shown as en.sgml / ja.sgml)."""
    (tmp_path / "en.sgml").write_text(en, encoding="utf-8")
    (tmp_path / "ja.sgml").write_text(ja, encoding="utf-8")
    return drift_files(tmp_path / "en.sgml", tmp_path / "ja.sgml", en_display="en.sgml", ja_display="ja.sgml").findings


def where(findings: list[Finding]) -> list[tuple[int, str]]:
    """(English line, code) of each finding: tests compare location and rule, not wording."""
    return [(f.location.line, f.code) for f in findings]


def ja_lines(findings: list[Finding]) -> list[tuple[int, str]]:
    """(Japanese line, code): where related[0] points."""
    return [(f.related[0].location.line, f.code) for f in findings if f.related]


def sect(body: str, ident: str = "s") -> str:
    return f'<sect1 id="{ident}">\n<title>T</title>\n{body}\n</sect1>\n'
