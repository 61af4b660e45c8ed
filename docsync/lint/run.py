"""One ``docsync lint`` run over many inputs: lint, optionally fix or diff, collect notes.

Returns values; the command prints them. Single unreadable input -> InputError (exit 2);
inside multi-file runs it is an ``io`` finding instead (CONVENTIONS.md).
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from docsync.errors import InputError, UsageError
from docsync.lint.engine import FileResult, lint_bytes, lint_paths
from docsync.lint.files import read_input
from docsync.lint.fix import FixPlan, plan_fixes, unified_diff, write_atomically
from docsync.lint.settings import LintSettings
from docsync.model import Finding


@dataclass
class RunResult:
    """Findings of the run (after fixes), plus what the user may want to know."""

    findings: list[Finding]
    files: int
    notes: list[str] = field(default_factory=list)
    diff: list[str] = field(default_factory=list)
    fixed: int = 0
    fixed_files: int = 0


def run_lint(
    paths: Sequence[str],
    settings_for: Callable[[str], LintSettings],
    *,
    stdin: bytes | None = None,
    stdin_name: str = "<stdin>",
    fix: bool = False,
    diff: bool = False,
    verbose: bool = False,
) -> RunResult:
    if fix and "-" in paths:
        raise UsageError("--fix cannot rewrite standard input; use --diff")
    results = lint_paths(paths, settings_for, stdin=stdin, stdin_name=stdin_name)
    if len(results) == 1 and results[0].error is not None:
        raise InputError(f"{results[0].path}: {results[0].error}")
    out = RunResult([], len(results))
    for res in results:
        if verbose and res.context is not None:
            ctx = res.context
            canon = ctx.canonical.source if ctx.canonical else "none"
            out.notes.append(
                f"{res.path}: {ctx.version.reason}; {ctx.pg_version.reason}; canonical: {canon}"
            )
        if (fix or diff) and res.context is not None:
            res = _fix_one(res, settings_for, out, write=fix and not diff, verbose=verbose)
        out.findings.extend(res.findings)
    return out


MAX_FIX_PASSES = 5  # a fix can uncover another (a BOM hides the first name's rename)


def _fix_one(
    res: FileResult,
    settings_for: Callable[[str], LintSettings],
    out: RunResult,
    *,
    write: bool,
    verbose: bool,
) -> FileResult:
    ctx = res.context
    assert ctx is not None
    original = {conf.path: conf.data for conf in ctx.tree.files}
    current = dict(original)
    fixed: Counter[str] = Counter()

    def read(path: str) -> bytes:
        return current[path] if path in current else read_input(path)

    result = res
    for attempt in range(MAX_FIX_PASSES):
        changed = False
        for path, data in list(current.items()):
            plan = plan_fixes(path, data, result.findings)
            if plan.blocked:
                if attempt == 0 and any(f.fix for f in result.findings if f.location.path == path):
                    out.notes.append(f"{path}: {plan.blocked}")
                continue
            if plan.applied:
                current[path] = plan.after
                fixed[path] += len(plan.applied)
                changed = True
        if not changed:
            break
        result = lint_bytes(current[ctx.path], res.path, settings_for(res.path), read=read)
    plans = [
        FixPlan(path, original[path], current[path], ())
        for path in original
        if current[path] != original[path]
    ]
    if not write:
        for plan in plans:
            out.diff.extend(unified_diff(plan, ctx.conf.dialect, ctx.catalogue))
        return res
    for plan in plans:
        if plan.path == "-" or not os.path.isfile(plan.path):
            continue
        write_atomically(plan.path, plan.after)
        out.fixed += fixed[plan.path]
        out.fixed_files += 1
    return result


def statistics(findings: Sequence[Finding]) -> list[str]:
    """``count  CODE  name`` lines, most frequent first (ties by code)."""
    counts = Counter((f.code, f.name) for f in findings)
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][0]))
    width = max((len(str(n)) for _, n in rows), default=1)
    return [f"{n:>{width}}  {code}  {name}" for (code, name), n in rows]
