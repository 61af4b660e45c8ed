"""Lint a file of a configuration directory that is not a pgpool.conf: its own grammar.

The kind comes from ``docsync/lint/kinds.py``; the checks of each kind are registered with
``@kind_check`` and read one ``FileInput`` (``docsync/lint/context.py``: the bytes, parsed
once per kind on demand).
"""

from __future__ import annotations

from docsync.finish import finish_findings
from docsync.lint.catalogue import available_versions
from docsync.lint.context import FileInput
from docsync.lint.kinds import FileKind
from docsync.lint.registry import KIND_CHECKS, Check
from docsync.lint.settings import LintSettings
from docsync.model import Finding, Rule
from docsync.rules import stage_rules
from docsync.selection import ignored_by, parse_ignore_comment, rule_of


def _enabled(settings: LintSettings, kind: FileKind) -> list[tuple[Check, Rule]]:
    import docsync.lint.checks.otherkinds  # noqa: F401  registers the checks

    rules = stage_rules("lint")
    return [
        (chk, rules[code].rule)
        for code, (k, chk) in KIND_CHECKS.items()
        if k is kind and code in rules and settings.enabled(rules[code].rule)
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
    """Findings of one file of ``kind`` (never a pgpool.conf), finished as every command's
    are (``docsync.finish``)."""
    file = FileInput(path, data, kind, settings, version or available_versions()[-1])
    quiet = _suppressed(data) if kind is not FileKind.SCRIPT else {}
    raw = [
        Finding.of(rule, rep.location, rep.message, severity=rep.severity)
        for chk, rule in _enabled(settings, kind)
        for rep in chk.func(file)
    ]
    suppressed = (lambda f: ignored_by(quiet.get(f.location.line, ()), rule_of(f))) if quiet else None
    return finish_findings(raw, settings, suppressed=suppressed)

