"""One ``docsync drift`` invocation: inputs -> findings, with selection, baseline and history.

The command line calls ``run_drift`` and only formats what it returns.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TextIO

from docsync.atomic import write_atomic
from docsync.baseline import apply_baseline, baseline_text, load_baseline
from docsync.drift.base import Enabled
from docsync.drift.config import DriftSettings, code_selection
from docsync.drift.normalize import load_glossary
from docsync.drift.run import DriftReport, Target, drift_book, drift_files, find_targets
from docsync.errors import UsageError
from docsync.finish import finish_findings
from docsync.model import Finding, Location, Related, sort_findings
from docsync.paths import DEFAULT_DOCS_DIR


@dataclass
class DriftResult:
    findings: list[Finding]
    files: int
    title: str = "docsync drift"
    note: str = ""


def _prefixed(findings: list[Finding], prefix: str) -> list[Finding]:
    """Paths relative to a docs tree, prefixed with the tree as given (several trees in one run)."""

    def move(loc: Location) -> Location:
        return replace(loc, path=f"{prefix}/{loc.path}")

    return [
        replace(
            f,
            location=move(f.location),
            related=tuple(Related(move(r.location), r.message) for r in f.related),
        )
        for f in findings
    ]


def run_drift(
    paths: Sequence[Path],
    *,
    en: Path | None = None,
    ja: Path | None = None,
    since: str | None = None,
    history: str | None = None,
    glossary_path: Path | None = None,
    settings: DriftSettings | None = None,
    baseline: Path | None = None,
    update_baseline: bool = False,
    default_root: Path = DEFAULT_DOCS_DIR,
    progress: TextIO | None = None,
) -> DriftResult:
    """Run drift as the command line asks; write the baseline when told to. Only the checks of
    the rules ``settings`` enable run, with the rules' options; the findings are finished with
    them as every command's are (``docsync.finish``: selection, severities, dedupe; inline
    suppressions are applied per file pair). ``progress``: where ``--history`` draws its
    progress bar, if that stream is a terminal."""
    if update_baseline and baseline is None:
        raise UsageError("--update-baseline needs --baseline FILE")
    if since and history:
        raise UsageError("use --since or --history, not both")
    glossary = load_glossary(glossary_path) if glossary_path else load_glossary()
    settings = settings or DriftSettings()
    enabled = code_selection(settings)
    options = settings.rule_options
    title = "docsync drift"
    if en is not None or ja is not None:
        if en is None or ja is None or paths or since or history:
            raise UsageError("--en and --ja go together, without other paths, --since or --history")
        report = drift_files(en, ja, glossary=glossary, enabled=enabled, options=options)
        title = f"docsync drift: {en} ↔ {ja}"
        targets: list[Target] = []
    else:
        targets = find_targets(list(paths), default_root)
        report = DriftReport()
    for target in targets:
        part = _run_target(target, since, history, glossary, progress, enabled, options)
        found = part.findings if len(targets) == 1 else _prefixed(part.findings, str(target.root))
        report.findings.extend(found)
        report.files += part.files
    if len(targets) == 1:
        title = f"docsync drift: {targets[0].root}"
    findings = finish_findings(report.findings, settings)
    if update_baseline:
        assert baseline is not None
        write_atomic(baseline, baseline_text(findings).encode("utf-8"))
        return DriftResult(findings, report.files, title)
    note = ""
    if baseline is not None:
        before = len(findings)
        findings = apply_baseline(findings, load_baseline(baseline))
        if before != len(findings):
            note = f"{before - len(findings)} finding(s) accepted by the baseline {baseline}"
    return DriftResult(sort_findings(findings), report.files, title, note)


def _run_target(
    target: Target,
    since: str | None,
    history: str | None,
    glossary,
    progress: TextIO | None,
    enabled: Enabled,
    options: Mapping[str, Any],
) -> DriftReport:
    if since:
        from docsync.drift.since import drift_since

        return DriftReport(drift_since(target.root, since, target.names, glossary=glossary, enabled=enabled), 1)
    if history:
        from docsync.drift.history import drift_history, progress_bar, window_findings

        hist = drift_history(
            target.root,
            history,
            target.names,
            glossary=glossary,
            progress=progress_bar(progress) if progress is not None else None,
            enabled=enabled,
            options=options,
        )
        return DriftReport(window_findings(hist, history.split("..")[0] or "HEAD"), hist.files)
    return drift_book(target.root, target.names, glossary=glossary, enabled=enabled, options=options)


@dataclass
class FixResult:
    """What ``drift --fix`` / ``--diff`` did: the diff lines, the files written, the notes."""

    diff: list[str]
    written: int
    edits: int
    notes: list[str]


def run_fix(
    paths: Sequence[Path],
    *,
    since: str | None,
    write: bool,
    glossary_path: Path | None = None,
    default_root: Path = DEFAULT_DOCS_DIR,
) -> FixResult:
    """Plan the language-neutral edits drift can carry, then show them (``write=False``) or
    write them (atomically, ``.bak`` kept)."""
    from docsync.drift.fix import FixPlan, apply, plan_originals, plan_since, unified_diff

    glossary = load_glossary(glossary_path) if glossary_path else load_glossary()
    plan = FixPlan()
    for target in find_targets(list(paths), default_root):
        part = (
            plan_since(target.root, since, target.names, glossary=glossary)
            if since
            else plan_originals(target.root, target.names, glossary=glossary)
        )
        plan.edits.extend(part.edits)
        plan.notes.extend(part.notes)
    diff = unified_diff(plan, glossary.mask_secrets)
    written = apply(plan) if write else 0
    return FixResult(diff, written, len(plan.edits), plan.notes)
