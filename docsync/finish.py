"""The last step of every command that reports rules: select, grade, suppress and dedupe findings.

Lint, check, drift, extract and verify hand their raw findings here with their ``RuleSettings``, so
``--select``, ``severity`` settings, inline ``ignore[...]`` comments and duplicate findings mean
the same in every command. The order is fixed: the file class's grade
(``rules/policy.toml``), then the user's selection, then the user's severity, then inline
suppressions, then dedupe by (location, code, message), the first one kept. The input order is
kept otherwise: callers sort where they report.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from docsync.model import Finding, Rule
from docsync.selection import RuleSettings, rule_of

if TYPE_CHECKING:
    from docsync.policy import Policy

Suppressed = Callable[[Finding], bool]


def finish_findings(
    findings: Iterable[Finding],
    settings: RuleSettings,
    *,
    suppressed: Suppressed | None = None,
    policy: Policy | None = None,
) -> list[Finding]:
    """The findings a run reports: graded by ``policy`` (if any), of enabled rules only, with
    the settings' severities, without those ``suppressed`` says an inline comment covers, and
    each (location, code, message) once."""
    # Whether a rule is enabled depends on the rule alone: decide once per code.
    rules: dict[str, Rule | None] = {}
    kept: list[Finding] = []
    seen: set[tuple] = set()
    for f in findings:
        if policy is not None:
            graded = policy.grade(f)
            if graded is None:
                continue
            f = graded
        if f.code not in rules:
            rule = rule_of(f)
            rules[f.code] = rule if settings.enabled(rule) else None
        rule = rules[f.code]
        if rule is None:
            continue
        severity = settings.severity_of(rule, f.severity)
        if severity is not f.severity:
            f = replace(f, severity=severity)
        if suppressed is not None and suppressed(f):
            continue
        key = (f.location, f.code, f.message)
        if key not in seen:
            seen.add(key)
            kept.append(f)
    return kept
