"""Drift through git history: drift windows per commit (``--history``), and the git helpers
``--since`` (``docsync.drift.since``) shares.

``drift_history`` computes the drift findings at every commit of a range that
touches either language (reusing results for file pairs a commit did not change) and reports
each finding as a window: the commit where it appeared and the one that resolved it.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TextIO

from docsync.drift.base import Enabled
from docsync.drift.blocks import segment
from docsync.drift.normalize import Glossary, load_glossary
from docsync.drift.run import DECLARATION_FILES, EN_DIR, JA_DIR, drift_segments
from docsync.errors import InputError, UsageError
from docsync.model import Finding, sort_findings
from docsync.segment import Segmented
from docsync.sgml import load_document

# -- git ----------------------------------------------------------------------------------------


def git(repo: Path, *args: str, data: bytes | None = None) -> bytes:
    """Run git in ``repo``; a failure is an input error with git's own first line."""
    try:
        done = subprocess.run(["git", "-C", str(repo), *args], input=data, capture_output=True, check=False)
    except FileNotFoundError:
        raise UsageError("git is not installed; --since and --history need it") from None
    if done.returncode != 0:
        msg = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise InputError(f"git {args[0]}: {msg[0] if msg else 'failed'}")
    return done.stdout


def _toplevel(root: Path) -> tuple[Path, str]:
    """The repository holding ``root`` and ``root``'s path inside it ('' at the top)."""
    top = Path(git(root, "rev-parse", "--show-toplevel").decode().strip())
    rel = root.resolve().relative_to(top.resolve()).as_posix()
    return top, "" if rel == "." else rel + "/"


@dataclass(frozen=True)
class Commit:
    sha: str
    date: str
    subject: str

    @property
    def short(self) -> str:
        return self.sha[:9]


def _commit(repo: Path, rev: str) -> Commit:
    out = git(repo, "log", "-1", "--format=%H%x00%cs%x00%s", rev, "--").decode("utf-8", "replace")
    sha, date, subject = out.rstrip("\n").split("\x00", 2)
    return Commit(sha, date, subject)


class _Tree:
    """A directory mirroring the docs dirs at some commit; files rewritten only when they change."""

    def __init__(self, repo: Path, prefix: str) -> None:
        self.repo = repo
        self.prefix = prefix  # root's path inside the repo
        self._tmp = tempfile.TemporaryDirectory(prefix="docsync-history-")
        self.root = Path(self._tmp.name)
        self.blobs: dict[str, str] = {}  # path relative to root -> blob sha
        self._entity_users: dict[str, bool] = {}  # blob sha -> references a non-ISO entity

    def close(self) -> None:
        self._tmp.cleanup()

    def checkout(self, rev: str) -> set[str]:
        """Bring the mirror to ``rev``; return the paths (relative to root) that changed."""
        specs = [self.prefix + EN_DIR.as_posix(), self.prefix + JA_DIR.as_posix()]
        out = git(self.repo, "ls-tree", "-r", "-z", rev, "--", *specs)
        now: dict[str, str] = {}
        for entry in out.split(b"\0"):
            if not entry:
                continue
            meta, path = entry.split(b"\t", 1)
            kind, sha = meta.split()[1:3]
            name = path.decode("utf-8", "replace")[len(self.prefix) :]
            # filelist.sgml only declares the chapters as external entities; drift reads each
            # file's own elements, so leaving it out spares every chapter parse re-reading it.
            if kind == b"blob" and name.endswith(".sgml") and not name.endswith("/filelist.sgml"):
                now[name] = sha.decode()
        changed = {p for p in now if self.blobs.get(p) != now[p]} | (set(self.blobs) - set(now))
        wanted = [p for p in sorted(changed) if p in now]
        if wanted:
            batch = git(
                self.repo,
                "cat-file",
                "--batch",
                data="".join(now[p] + "\n" for p in wanted).encode(),
            )
            pos = 0
            for p in wanted:
                header_end = batch.index(b"\n", pos)
                size = int(batch[pos:header_end].split()[2])
                body = batch[header_end + 1 : header_end + 1 + size]
                pos = header_end + 1 + size + 1
                target = self.root / p
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(body)
        for p in set(self.blobs) - set(now):
            (self.root / p).unlink(missing_ok=True)
        self.blobs = now
        return changed

    def key(self, name: str) -> tuple[str | None, ...]:
        """What a file pair's result depends on: both files, and the entity declarations when a
        file uses a general entity. Drift reads only a file's own elements, so the files an
        entity pulls in (filelist.sgml's chapters) do not matter; only internal entity text
        (``&version;``) can, and only to files that reference an entity."""
        parts: list[str | None] = []
        for base in (EN_DIR, JA_DIR):
            rel = (base / name).as_posix()
            sha = self.blobs.get(rel)
            parts.append(sha)
            if sha is not None and self._uses_entities(rel, sha):
                parts.extend(self.blobs.get((base / decl).as_posix()) for decl in sorted(DECLARATION_FILES))
        return tuple(parts)

    def _uses_entities(self, rel: str, sha: str) -> bool:
        found = self._entity_users.get(sha)
        if found is None:
            text = (self.root / rel).read_bytes()
            found = self._entity_users[sha] = _ENTITY_REF.search(text) is not None
        return found


# A general entity reference other than the predefined and character ones.
_ENTITY_REF = re.compile(
    rb"&(?!(?:lt|gt|amp|quot|apos|nbsp|mdash|ndash|hellip|copy|reg|trade|rarr|larr)\b)[A-Za-z][-.\w]*;"
)


def _segment(root: Path, base: Path, name: str) -> Segmented | None:
    path = root / base / name
    if not path.is_file():
        return None
    return segment(load_document(path, root=root / base, display_base=root), (base / name).as_posix())


# -- --history ----------------------------------------------------------------------------------


@dataclass
class Window:
    """A drift finding's life: the commit it appeared at (None: before the range) and ended at."""

    finding: Finding
    opened: Commit | None
    closed: Commit | None = None


@dataclass
class History:
    commits: list[Commit] = field(default_factory=list)
    windows: list[Window] = field(default_factory=list)
    files: int = 0


def _key(f: Finding) -> tuple[str, str, str, str]:
    return (f.code, f.location.path, f.related[0].location.path if f.related else "", f.message)


def _parse_range(spec: str) -> tuple[str, str]:
    if ".." not in spec or spec.count("..") != 1 or "..." in spec:
        raise UsageError(f"--history wants REV1..REV2, not {spec!r}")
    a, b = spec.split("..")
    return a or "HEAD", b or "HEAD"


def drift_history(
    root: Path,
    spec: str,
    names: Sequence[str] = (),
    *,
    glossary: Glossary | None = None,
    progress: Callable[[int, int, Commit], None] | None = None,
    enabled: Enabled = None,
    options: Mapping[str, Any] | None = None,
) -> History:
    """Drift at REV1 and at each commit of REV1..REV2 that touches either language, as windows;
    ``enabled``: which codes to report (None: every code); ``options``: the rules' options."""
    glossary = glossary or load_glossary()
    repo, prefix = _toplevel(root)
    start, end = _parse_range(spec)
    base = _commit(repo, start)
    shas = (
        git(
            repo,
            "rev-list",
            "--reverse",
            "--topo-order",
            f"{base.sha}..{end}",
            "--",
            prefix + EN_DIR.as_posix(),
            prefix + JA_DIR.as_posix(),
        )
        .decode()
        .split()
    )
    history = History(commits=[_commit(repo, s) for s in shas])
    wanted = set(names)
    tree = _Tree(repo, prefix)
    cache: dict[tuple[str | None, ...], list[Finding]] = {}
    open_windows: dict[tuple[str, str, str, str], list[Window]] = {}
    try:
        states = [base, *history.commits]
        for n, commit in enumerate(states):
            if progress is not None:
                progress(n, len(states), commit)
            tree.checkout(commit.sha)
            current: list[Finding] = []
            pair_names = {
                Path(p).relative_to(b).as_posix()
                for p in tree.blobs
                for b in (EN_DIR, JA_DIR)
                if Path(p).is_relative_to(b)
            }
            for name in sorted(pair_names - DECLARATION_FILES):
                if wanted and name not in wanted:
                    continue
                key = tree.key(name)
                found = cache.get(key)
                if found is None:
                    en, ja = _segment(tree.root, EN_DIR, name), _segment(tree.root, JA_DIR, name)
                    found = []
                    if en is not None and ja is not None:
                        found = drift_segments(en, ja, glossary, enabled=enabled, options=options)
                    cache[key] = found
                current.extend(found)
            history.files = max(history.files, len(pair_names))
            _advance(open_windows, history.windows, current, commit if n else None, commit)
        if progress is not None:
            progress(len(states), len(states), states[-1])
    finally:
        tree.close()
    history.windows.sort(key=lambda w: (w.finding.sort_key, w.opened.sha if w.opened else ""))
    return history


def _advance(
    open_windows: dict[tuple[str, str, str, str], list[Window]],
    windows: list[Window],
    current: list[Finding],
    opened_at: Commit | None,
    commit: Commit,
) -> None:
    """Open windows for findings that appeared, close the oldest ones of findings that went."""
    now = Counter(_key(f) for f in current)
    by_key: dict[tuple[str, str, str, str], list[Finding]] = {}
    for f in current:
        by_key.setdefault(_key(f), []).append(f)
    for key in set(open_windows) | set(now):
        live = open_windows.setdefault(key, [])
        while len(live) > now[key]:
            live.pop(0).closed = commit
        for f in by_key.get(key, [])[len(live) :]:
            w = Window(f, opened_at)
            live.append(w)
            windows.append(w)


def window_findings(history: History, base: str) -> list[Finding]:
    """Each window as a finding: the drift message with when it appeared and when it ended."""
    out = []
    for w in history.windows:
        start = f"appeared in {w.opened.short} ({w.opened.date})" if w.opened else f"present at {base}"
        end = f"resolved in {w.closed.short} ({w.closed.date})" if w.closed else "still open"
        out.append(replace(w.finding, message=f"{w.finding.message} [{start}; {end}]"))
    return sort_findings(out)


def progress_bar(stream: TextIO) -> Callable[[int, int, Commit], None] | None:
    """A one-line progress bar on ``stream`` when it is a terminal; nothing otherwise."""
    if not stream.isatty():
        return None

    def show(done: int, total: int, commit: Commit) -> None:
        width = 30
        filled = width * done // max(total, 1)
        stream.write(f"\rdrift history [{'#' * filled}{'-' * (width - filled)}] {done}/{total} {commit.short}")
        if done >= total:
            stream.write("\n")
        stream.flush()

    return show
