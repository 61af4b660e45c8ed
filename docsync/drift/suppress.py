"""Which findings a run reports: the selected codes, and accepted differences (inline
``<!-- docsync: ignore[CODE] reason -->`` comments).

An inline suppression sits right before an element in either language and covers findings
inside that element: an English one by the finding's location, a Japanese one by ``related[0]``.

Baselines (accepted findings recorded in a file) are ``docsync.baseline``'s, shared with check.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence

from docsync.drift.base import Enabled
from docsync.model import Finding
from docsync.rules import rule
from docsync.segment import Suppression
from docsync.selection import RuleSettings, rule_of, selector_matches


def code_selection(settings: RuleSettings) -> Enabled:
    """Which rule codes the settings enable (docsync.selection, as every command); None when
    they enable every code. Drift runs only the checks of enabled codes."""
    if not settings.select and not settings.ignore and not settings.extend_select:
        return None
    return functools.cache(lambda code: settings.enabled(rule(code)))


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
