"""The only writer of generated output: plan, check (cog style) and apply atomically.

Safety rules:
- every path stays inside the output directory (no ``..``, no absolute paths, no symbolic
  links followed);
- a file is replaced or removed only when docsync wrote it (its sha256 matches
  ``manifest.toml``) or when it already holds the new text; anything else is a conflict that
  stops the run before anything is written, unless ``force``;
- a stale artifact is removed only when the old manifest lists it;
- each file is written to a temporary file in its directory and renamed over the old one, and
  the manifest is written last, so an interrupted run leaves either file intact.
"""

from __future__ import annotations

import contextlib
import difflib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from docsync import inputs
from docsync.atomic import write_atomic
from docsync.errors import DocsyncError, EditedOutputError, StaleOutputError
from docsync.extract.manifest import MANIFEST_NAME, Entry, read_manifest, render_manifest, sha256
from docsync.extract.model import Artifact

CREATE, UPDATE, REMOVE, UNCHANGED = "create", "update", "remove", "unchanged"


@dataclass(frozen=True)
class Change:
    path: str  # relative to the output directory, POSIX separators
    action: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class Plan:
    out: Path
    changes: tuple[Change, ...]
    conflicts: tuple[str, ...]  # files docsync did not write: --force overwrites them
    unsafe: tuple[str, ...] = ()  # paths docsync never writes, --force or not

    @property
    def pending(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.action != UNCHANGED)

    def count(self, action: str) -> int:
        return sum(1 for c in self.changes if c.action == action)


_MAX_ARTIFACT = 64 * 1024 * 1024  # generated artifacts are kilobytes


def _read(path: Path) -> str | None:
    try:
        return inputs.read_input(path, max_bytes=_MAX_ARTIFACT).decode("utf-8")
    except inputs.InputProblem as exc:
        if exc.problem is inputs.Problem.MISSING:
            return None
        return "\0"  # a FIFO, directory, loop...: not text docsync wrote, and never waited on
    except UnicodeDecodeError:
        return "\0"  # not text docsync wrote: differs from anything it would write


def _check_path(out: Path, rel: str) -> str | None:
    """Why ``rel`` may not be written under ``out`` (None when it may)."""
    pure = PurePosixPath(rel)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts:
        return f"{rel}: not a path inside the output directory"
    current = out
    for part in pure.parts:
        current = current / part
        if current.is_symlink():
            return f"{rel}: {current} is a symbolic link; docsync does not follow it"
    if current.is_dir():
        return f"{current} is a directory"
    return None


def plan_sync(artifacts: Sequence[Artifact], out: Path, languages: Sequence[str]) -> Plan:
    """Compare what would be generated with the output directory; change nothing.

    ``languages`` is the run's scope: ``en``, ``ja``, or ``en/example-cluster`` for one
    scenario; output outside the scope is kept as it is.
    """
    conflicts: list[str] = []
    unsafe: list[str] = []
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        unsafe.append(f"{out}: not a directory")
    manifest_path = out / MANIFEST_NAME
    manifest_text = _read(manifest_path)
    old: dict[str, Entry] = {}
    if manifest_text is not None:
        try:
            old = read_manifest(manifest_text)
        except ValueError as exc:
            conflicts.append(f"{manifest_path}: {exc}")

    def in_scope(path: str) -> bool:
        return any(path.startswith(scope + "/") for scope in languages)

    new_entries = {a.path: Entry.of(a) for a in artifacts}
    kept = [e for path, e in old.items() if not in_scope(path) and path not in new_entries]
    changes: list[Change] = []

    def owned(path: str, current: str) -> bool:
        entry = old.get(path)
        return entry is not None and entry.sha256 == sha256(current)

    for artifact in artifacts:
        problem = _check_path(out, artifact.path)
        if problem:
            unsafe.append(problem)
            continue
        current = _read(out / artifact.path)
        if current == artifact.text:
            changes.append(Change(artifact.path, UNCHANGED, current, artifact.text))
            continue
        if current is not None and not owned(artifact.path, current):
            why = "was edited by hand" if artifact.path in old else "was not written by docsync"
            conflicts.append(f"{out / artifact.path} {why}")
        changes.append(
            Change(artifact.path, CREATE if current is None else UPDATE, current, artifact.text)
        )
    for path, entry in sorted(old.items()):
        if path in new_entries or not in_scope(path):
            continue
        problem = _check_path(out, path)
        if problem:
            unsafe.append(problem)
            continue
        current = _read(out / path)
        if current is None:
            continue
        if current != "\0" and sha256(current) == entry.sha256:
            changes.append(Change(path, REMOVE, current, None))
        else:
            conflicts.append(f"{out / path} is no longer generated but was edited by hand")
    manifest_new = render_manifest([*kept, *new_entries.values()])
    if manifest_text == manifest_new:
        changes.append(Change(MANIFEST_NAME, UNCHANGED, manifest_text, manifest_new))
    else:
        action = CREATE if manifest_text is None else UPDATE
        changes.append(Change(MANIFEST_NAME, action, manifest_text, manifest_new))
    return Plan(out, tuple(changes), tuple(conflicts), tuple(unsafe))


def unified_diff(plan: Plan, label: str) -> Iterator[str]:
    """The cog-style diff of every pending change (``current NAME`` -> ``changed NAME``)."""
    for change in plan.pending:
        name = f"{label}/{change.path}"
        old = (change.old or "").splitlines(keepends=True) if change.old != "\0" else []
        new = (change.new or "").splitlines(keepends=True)
        yield from difflib.unified_diff(
            old, new, fromfile=f"current {name}", tofile=f"changed {name}"
        )


def check(plan: Plan) -> None:
    """``--check``: raise StaleOutputError when anything would change."""
    pending = plan.pending
    if pending:
        names = ", ".join(c.path for c in pending[:3]) + (", ..." if len(pending) > 3 else "")
        raise StaleOutputError(
            f"{plan.out} is stale: {len(pending)} file{'s' if len(pending) != 1 else ''} "
            f"would change ({names}); run `docsync extract`"
        )


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, text.encode("utf-8"), mode=0o755 if text.startswith("#!") else 0o644)


def _prune(out: Path, directory: Path) -> None:
    """Remove directories left empty inside ``out`` (never ``out`` itself)."""
    out = out.resolve()
    current = directory.resolve()
    while current != out and out in current.parents:
        try:
            current.rmdir()
        except OSError:
            return
        current = current.parent


def apply(plan: Plan, *, force: bool = False) -> None:
    """Write the plan: refuse on conflicts (unless ``force``), then atomic writes, manifest last."""
    if plan.unsafe:
        raise EditedOutputError(f"{plan.unsafe[0]}; not writing anything, even with --force")
    if plan.conflicts and not force:
        first = plan.conflicts[0]
        more = f" (and {len(plan.conflicts) - 1} more)" if len(plan.conflicts) > 1 else ""
        raise EditedOutputError(f"{first}{more}; not writing anything (--force overwrites)")
    manifest = None
    for change in plan.pending:
        if change.path == MANIFEST_NAME:
            manifest = change
            continue
        target = plan.out / change.path
        try:
            if change.action == REMOVE:
                with contextlib.suppress(FileNotFoundError):
                    target.unlink()
                _prune(plan.out, target.parent)
            else:
                _write_atomic(target, change.new or "")
        except OSError as exc:
            raise DocsyncError(f"{target}: cannot write: {exc.strerror or exc}") from exc
    if manifest is not None:
        try:
            _write_atomic(plan.out / MANIFEST_NAME, manifest.new or "")
        except OSError as exc:
            raise DocsyncError(
                f"{plan.out / MANIFEST_NAME}: cannot write: {exc.strerror or exc}"
            ) from exc
