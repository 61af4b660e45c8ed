"""Accepted differences: inline ``<!-- docsync: ignore[CODE] reason -->`` and baseline files.

An inline suppression sits right before an element in either language and covers findings
inside that element: an English one by the finding's location, a Japanese one by ``related[0]``.

Baselines (accepted findings recorded in a file) are ``docsync.baseline``'s, shared with check.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from docsync.drift.blocks import Suppression
from docsync.model import Finding
from docsync.selection import rule_enabled, rule_of, selector_matches, split_selectors


def select_findings(
    findings: Iterable[Finding], select: Sequence[str] = (), ignore: Sequence[str] = ()
) -> list[Finding]:
    """Keep the findings whose rules the selectors enable (docsync.selection, as every command)."""
    chosen, dropped = split_selectors(select), split_selectors(ignore)
    return [f for f in findings if rule_enabled(rule_of(f), chosen, dropped)]


def _covered(spans: Sequence[Suppression], path: str, line: int, finding: Finding) -> bool:
    return any(
        s.path == path and s.start <= line <= s.end and any(selector_matches(c, rule) for c in s.codes)
        for s in spans
        for rule in (rule_of(finding),)
    )


def apply_inline(findings: Iterable[Finding], suppressions: Sequence[Suppression]) -> list[Finding]:
    """Drop findings an inline suppression in either file covers."""
    if not suppressions:
        return list(findings)
    out = []
    for f in findings:
        if _covered(suppressions, f.location.path, f.location.line, f):
            continue
        if f.related and _covered(suppressions, f.related[0].location.path, f.related[0].location.line, f):
            continue
        out.append(f)
    return out
