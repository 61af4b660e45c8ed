"""Accepted differences: inline ``<!-- docsync: ignore[CODE] reason -->`` and baseline files.

An inline suppression sits right before an element in either language and covers findings
inside that element: an English one by the finding's location, a Japanese one by ``related[0]``.

A baseline records accepted findings by code, both paths and message, not by line, so that it
survives edits elsewhere in the files; each entry absorbs one matching finding.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from docsync.drift.blocks import Suppression
from docsync.errors import InputError, UsageError
from docsync.model import Finding
from docsync.selection import rule_enabled, rule_of, selector_matches, split_selectors

BASELINE_VERSION = 1


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


def baseline_key(f: Finding) -> tuple[str, str, str, str]:
    related = f.related[0].location.path if f.related else ""
    return (f.code, f.location.path, related, f.message)


def load_baseline(path: Path) -> Counter[tuple[str, str, str, str]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: no such baseline file (create it with --update-baseline)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read baseline: {exc}") from None
    except json.JSONDecodeError as exc:
        raise UsageError(f"{path}: not a docsync baseline (invalid JSON: {exc.msg})") from None
    if (
        not isinstance(data, dict)
        or data.get("version") != BASELINE_VERSION
        or not isinstance(data.get("accepted"), list)
    ):
        raise UsageError(f"{path}: not a docsync baseline (version {BASELINE_VERSION} with an 'accepted' list)")
    keys: Counter[tuple[str, str, str, str]] = Counter()
    for entry in data["accepted"]:
        try:
            keys[(entry["code"], entry["path"], entry.get("related_path", ""), entry["message"])] += 1
        except (KeyError, TypeError):
            raise UsageError(f"{path}: baseline entry without code, path and message: {entry!r}") from None
    return keys


def apply_baseline(findings: Iterable[Finding], accepted: Counter[tuple[str, str, str, str]]) -> list[Finding]:
    """Drop findings the baseline accepts (each entry absorbs one finding)."""
    left = Counter(accepted)
    out = []
    for f in findings:
        key = baseline_key(f)
        if left[key] > 0:
            left[key] -= 1
            continue
        out.append(f)
    return out


def baseline_text(findings: Iterable[Finding]) -> str:
    """The baseline file for these findings: sorted, stable, newline-terminated."""
    entries = sorted(baseline_key(f) for f in findings)
    doc = {
        "version": BASELINE_VERSION,
        "accepted": [{"code": c, "path": p, "related_path": r, "message": m} for c, p, r, m in entries],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
