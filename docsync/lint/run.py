"""One ``docsync lint`` run over many inputs: lint, optionally fix or diff, collect notes.

Returns values; the command prints them. Single unreadable input -> InputError (exit 2);
inside multi-file runs it is an ``io`` finding instead (CONVENTIONS.md).
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from docsync.errors import InputError, UsageError
from docsync.lint.context import LintRun
from docsync.lint.engine import FileResult, iter_lint_paths, lint_bytes
from docsync.lint.files import read_input
from docsync.lint.kinds import FileKind
from docsync.lint.settings import LintSettings
from docsync.lint.versions import Choice
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
    # The Pgpool-II version each linted file was checked against, and why (one per file).
    versions: list[Choice] = field(default_factory=list)

    def version_summary(self) -> list[dict[str, object]]:
        """Each distinct version choice with its file count, for the report's run properties."""
        counts = Counter(self.versions)
        return [
            {"version": c.version, "source": c.source.value, "reason": c.reason, "files": n}
            for c, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].reason))
        ]

    def version_sentence(self) -> str:
        """What the text summary says about detected or guessed versions ('' if all explicit)."""
        counts = Counter(c for c in self.versions if not c.source.explicit)
        if not counts:
            return ""
        parts = [
            c.reason + (f" for {n} file{'s' if n != 1 else ''}" if len(counts) > 1 else "")
            for c, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].reason))
        ]
        return "Checked against " + "; ".join(parts) + "."


def run_lint(
    paths: Sequence[str],
    settings_for: Callable[[str], LintSettings],
    *,
    stdin: bytes | None = None,
    stdin_name: str = "<stdin>",
    fix: bool = False,
    diff: bool = False,
    verbose: bool = False,
    jobs: int = 0,
) -> RunResult:
    """Lint ``paths``; ``jobs`` worker processes for long runs (0: one per CPU, 1: none)."""
    if fix and "-" in paths:
        raise UsageError("--fix cannot rewrite standard input; use --diff")
    given = set(paths)
    paths = expand_directories(paths)
    found = frozenset(p for p in paths if p not in given)
    run = LintRun()
    out = RunResult([], len(paths))
    workers = _workers(paths, jobs, fix or diff)
    if workers > 1:
        _ask_machine_once(paths, settings_for, run)
        job = _Job(settings_for, run, verbose, found)
        for findings, note, choice in _lint_in_workers(paths, job, workers):
            out.findings.extend(findings)
            if note:
                out.notes.append(note)
            if choice is not None:
                out.versions.append(choice)
        return out
    for res in iter_lint_paths(
        paths, settings_for, run, stdin=stdin, stdin_name=stdin_name, found_in_directory=found
    ):
        if len(paths) == 1 and res.error is not None:
            raise InputError(f"{res.path}: {res.error}")
        if verbose and res.error is None:
            out.notes.append(_note(res))
        if res.context is not None:
            out.versions.append(res.context.version)
        if (fix or diff) and res.context is not None:
            res = _fix_one(res, settings_for, out, write=fix and not diff, verbose=verbose, run=run)
        out.findings.extend(res.findings)
    return out


def expand_directories(paths: Sequence[str]) -> list[str]:
    """A directory stands for every regular file in it (a configuration directory such as
    /etc/pgpool2: each file is checked as its kind), sorted; subdirectories are not entered."""
    out: list[str] = []
    for path in paths:
        if path == "-" or not os.path.isdir(path):
            out.append(path)
            continue
        try:
            names = sorted(os.listdir(path))
        except OSError as exc:
            raise InputError(f"{path}: {exc.strerror or exc}") from None
        found = [os.path.join(path, n) for n in names if os.path.isfile(os.path.join(path, n))]
        if not found:
            raise InputError(f"{path}: no files in this directory")
        out.extend(found)
    return out


def _note(res: FileResult) -> str:
    ctx = res.context
    if ctx is None:
        grammar = "" if res.kind is FileKind.UNKNOWN else " (its own grammar)"
        return f"{res.path}: {res.kind.value}{grammar}"
    canon = ctx.canonical.source if ctx.canonical else "none"
    return f"{res.path}: {ctx.version.reason}; {ctx.pg_version.reason}; canonical: {canon}"


PARALLEL_MIN_FILES = 64  # below this, starting workers costs more than it saves


def _workers(paths: Sequence[str], jobs: int, fixing: bool) -> int:
    """How many worker processes: only for long plain runs, and only where fork exists
    (workers inherit the loaded catalogues and the settings function)."""
    if jobs == 1 or fixing or "-" in paths or len(paths) < PARALLEL_MIN_FILES:
        return 1
    import multiprocessing  # only for long runs: it costs interpreter start-up time

    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(jobs or cpus or 1, len(paths) // (PARALLEL_MIN_FILES // 2)))


def _ask_machine_once(paths: Sequence[str], settings_for: Callable[[str], LintSettings], run: LintRun) -> None:
    """Before forking: ask the installed Pgpool-II here, once, if some input is a server's
    own file (else every worker would run ``pgpool --version`` for itself)."""
    first_in_dir = {os.path.dirname(os.path.abspath(p)): p for p in reversed(paths)}
    if any(run.is_server_config(p, settings_for(p).server) for p in first_in_dir.values()):
        run.installed()


_ChunkItem = tuple[tuple[Finding, ...], str | None, Choice | None]


@dataclass(frozen=True)
class _Job:
    """What every worker needs: inherited through fork, never pickled (``settings_for`` may
    be a closure)."""

    settings_for: Callable[[str], LintSettings]
    run: LintRun
    verbose: bool
    found: frozenset[str]

    def lint(self, paths: list[str]) -> list[_ChunkItem]:
        out: list[_ChunkItem] = []
        for res in iter_lint_paths(paths, self.settings_for, self.run, found_in_directory=self.found):
            ctx = res.context
            out.append(
                (
                    res.findings,
                    _note(res) if self.verbose and res.error is None else None,
                    ctx.version if ctx is not None else None,
                )
            )
        return out


def _lint_in_workers(paths: Sequence[str], job: _Job, workers: int) -> Iterator[_ChunkItem]:
    """Results in input order; each worker lints chunks of consecutive paths. The pool's
    initializer hands the job to each forked worker; tasks carry only paths."""
    size = max(8, min(200, len(paths) // (workers * 4)))
    chunks = [list(paths[i : i + size]) for i in range(0, len(paths), size)]
    import multiprocessing

    with multiprocessing.get_context("fork").Pool(workers, _adopt, (job,)) as pool:
        for part in pool.imap(_lint_chunk, chunks):
            yield from part


_worker_job: list[_Job] = []  # in a worker process only: the job _adopt received at its start


def _adopt(job: _Job) -> None:
    _worker_job.append(job)


def _lint_chunk(paths: list[str]) -> list[_ChunkItem]:
    return _worker_job[0].lint(paths)


MAX_FIX_PASSES = 5  # a fix can uncover another (a BOM hides the first name's rename)


def _fix_one(
    res: FileResult,
    settings_for: Callable[[str], LintSettings],
    out: RunResult,
    *,
    write: bool,
    verbose: bool,
    run: LintRun,
) -> FileResult:
    from docsync.lint.fix import FixPlan, plan_fixes, unified_diff, write_atomically

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
        result = lint_bytes(current[ctx.path], res.path, settings_for(res.path), read=read, run=run)
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
