"""Lint a file of a configuration directory that is not a pgpool.conf: its own grammar.

The kind comes from ``docsync/lint/kinds.py``; the checks of each kind are registered with
``@kind_check`` and read one ``FileInput`` (the bytes, parsed once per kind on demand).
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field

from docsync.lint.catalogue import available_versions, version_key
from docsync.lint.kinds import FileKind
from docsync.lint.registry import KIND_CHECKS, Check, Report
from docsync.lint.settings import LintSettings
from docsync.model import Finding, Location, Rule
from docsync.rules import stage_rules
from docsync.selection import parse_ignore_comment, selector_matches


@dataclass
class FileInput:
    """One non-pgpool.conf input: what its checks may read."""

    path: str
    data: bytes
    kind: FileKind
    settings: LintSettings
    version: str
    memo: dict[str, object] = field(default_factory=dict)

    def location(self, line: int = 1, column: int = 1) -> Location:
        return Location(self.path, line, column)

    def sibling(self, name: str) -> str | None:
        """A file beside this one (as pgpool would find it), if it exists."""
        if self.path in ("-", "") or self.path.startswith("<"):
            return None
        candidate = os.path.join(os.path.dirname(self.path) or ".", name)
        return candidate if os.path.isfile(candidate) else None


@functools.cache
def hba_methods(version: str) -> frozenset[str]:
    from docsync.lint.catalogue import lint_rules_data

    table = lint_rules_data()["pool_hba"]["methods"]
    return frozenset(m for m, since in table.items() if version_key(since) <= version_key(version))


def _enabled(settings: LintSettings, kind: FileKind) -> list[tuple[Check, Rule]]:
    import docsync.lint.checks.otherkinds  # noqa: F401  registers the checks

    rules = stage_rules("lint")
    return [
        (chk, rules[code].rule)
        for code, (k, chk) in KIND_CHECKS.items()
        if k == kind.value and code in rules and settings.enabled(rules[code].rule)
    ]


def _suppressed(data: bytes) -> dict[int, tuple[str, ...]]:
    if b"docsync:" not in data:
        return {}
    out = {}
    for n, line in enumerate(data.decode("utf-8", "replace").splitlines(), 1):
        at = line.find("#")
        if at >= 0 and "docsync:" in line[at:]:
            ignore = parse_ignore_comment(line[at + 1 :])
            if ignore is not None:
                out[n] = ignore[0]
    return out


def lint_other(data: bytes, path: str, kind: FileKind, settings: LintSettings, version: str | None) -> list[Finding]:
    """Findings of one file of ``kind`` (never a pgpool.conf)."""
    file = FileInput(path, data, kind, settings, version or available_versions()[-1])
    quiet = _suppressed(data) if kind is not FileKind.SCRIPT else {}
    findings: list[Finding] = []
    for chk, rule in _enabled(settings, kind):
        for rep in chk.func(file):
            sel = quiet.get(rep.location.line)
            if sel and any(selector_matches(s, rule) for s in sel):
                continue
            findings.append(_stamp(rule, rep, settings))
    return findings


def _stamp(rule: Rule, rep: Report, settings: LintSettings) -> Finding:
    return Finding.of(rule, rep.location, rep.message, severity=settings.severity.get(rule.code) or rep.severity)

