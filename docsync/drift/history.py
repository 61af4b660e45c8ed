"""Drift through git history: one-sided changes since a revision, and drift windows per commit.

``drift_since`` compares each aligned block of the working tree with its state at REV in both
languages, so an edit made to one language is found even when the same commit also touched the
other file. ``drift_history`` computes the drift findings at every commit of a range that
touches either language (reusing results for file pairs a commit did not change) and reports
each finding as a window: the commit where it appeared and the one that resolved it.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from docsync.drift.align import Aligner, Pair
from docsync.drift.blocks import Block, Segmented, segment
from docsync.drift.normalize import Glossary, describe_changes, load_glossary, numbers, strip_markup, word_diff
from docsync.drift.run import DECLARATION_FILES, EN_DIR, JA_DIR, book_pairs, drift_segments
from docsync.errors import InputError, UsageError
from docsync.model import Finding, Location, Related, Severity, sort_findings
from docsync.rules import rule
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


# -- --since ------------------------------------------------------------------------------------
#
# Which blocks changed is read from git's own diff of each file between REV and the working
# tree (renames followed): a block changed when a changed line falls inside it. Blocks are then
# paired across the languages by the current alignment, so an edit made to both languages in
# one commit is not drift, and nothing depends on dates or on re-aligning old versions.


@dataclass(frozen=True)
class Hunk:
    """Lines ``start``..``end`` (1-based, inclusive) of the new file replaced ``old`` with ``new``;
    a pure deletion has ``end == start - 1`` (the lines went after line ``start - 1``)."""

    start: int
    end: int
    old: str
    new: str

    def touches(self, first: int, last: int) -> bool:
        if self.end < self.start:  # a deletion between two lines
            return first < self.start <= last
        return self.start <= last and first <= self.end


_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


def parse_diff(text: str, prefix: str) -> dict[str, list[Hunk]]:
    """``git diff -U0`` output -> hunks per new path (relative to the docs root)."""
    files: dict[str, list[Hunk]] = {}
    current: list[Hunk] | None = None
    start = count = 0
    old: list[str] = []
    new: list[str] = []

    def flush() -> None:
        if current is not None and (old or new or count == 0):
            end = start + count - 1 if count else start  # deletion "+N,0": after line N
            first = start if count else start + 1
            current.append(Hunk(first, end if count else start, "\n".join(old), "\n".join(new)))

    in_hunk = False
    for line in text.split("\n"):
        if line.startswith("diff --git "):
            if in_hunk:
                flush()
            current, in_hunk = None, False
        elif line.startswith("+++ ") and not in_hunk:
            path = line[4:]
            path = path[2:] if path.startswith("b/") else path
            current = files.setdefault(path[len(prefix) :], []) if path.startswith(prefix) else None
        elif line.startswith("@@"):
            if in_hunk:
                flush()
            m = _HUNK.match(line)
            if m is None or current is None:
                in_hunk = False
                continue
            start, count = int(m.group(1)), int(m.group(2) or "1")
            old, new, in_hunk = [], [], True
        elif in_hunk and line.startswith("-"):
            old.append(line[1:])
        elif in_hunk and line.startswith("+"):
            new.append(line[1:])
    if in_hunk:
        flush()
    return files


def changed_lines(root: Path, rev: str) -> dict[str, list[Hunk]]:
    """Hunks per file of both language directories between ``rev`` and the working tree."""
    repo, prefix = _toplevel(root)
    out = git(
        repo,
        "diff",
        "-U0",
        "-M",
        "--no-color",
        "--no-ext-diff",
        rev,
        "--",
        prefix + EN_DIR.as_posix(),
        prefix + JA_DIR.as_posix(),
    )
    return parse_diff(out.decode("utf-8", "replace"), prefix)


def _span(block: Block) -> tuple[int, int]:
    first = block.location.line
    last = block.source.position(block.end)[0] if block.source is not None and block.end > block.start else first
    return first, last


def _text(raw: str) -> str:
    """A hunk's lines as text: markup out (a tag renamed is not a change of content)."""
    return strip_markup(raw)


def _real(hunk: Hunk) -> bool:
    """A hunk that changes text, not only whitespace, line wrapping or markup."""
    return "".join(_text(hunk.old).split()) != "".join(_text(hunk.new).split())


def _touching(block: Block, hunks: list[Hunk]) -> list[Hunk]:
    first, last = _span(block)
    return [h for h in hunks if h.touches(first, last) and _real(h)]


_VALUE = re.compile(r"[A-Za-z0-9_./$%=+:~-]+")
_NEUTRAL = re.compile(r"\d|[_/=$%]|\w[.\-]\w|^-")


def _values(text: str) -> Counter[str]:
    """Numbers, identifiers and paths of a text, however it is wrapped."""
    text = _text(text)
    return Counter(numbers(text)) + Counter(t for t in _VALUE.findall(text) if _NEUTRAL.search(t))


def _neutral(hunks: list[Hunk], block: Block) -> bool:
    """Did numbers, identifiers, paths or links change (not only wording)? Listings always count."""
    if block.kind == "code":
        return True
    return _values("\n".join(h.old for h in hunks)) != _values("\n".join(h.new for h in hunks))


def _describe(hunks: list[Hunk], glossary: Glossary) -> str:
    old = _text("\n".join(h.old for h in hunks))
    new = _text("\n".join(h.new for h in hunks))
    _, changes = word_diff(old, new)
    return glossary.mask_secrets(describe_changes(changes))


def _first_line(block: Block, hunks: list[Hunk]) -> Location:
    """The first changed line inside the block, at its first non-blank character."""
    first, last = _span(block)
    line = max(first, min(h.start for h in hunks))
    line = min(line, last)
    if line == block.location.line or block.source is None:
        return block.location
    text = block.source.text.split("\n")[line - 1] if block.source is not None else ""
    return Location(block.path, line, len(text) - len(text.lstrip()) + 1)


def _since_pair(new: tuple[Segmented, Segmented], hunks: tuple[list[Hunk], list[Hunk]], rev: str,
                glossary: Glossary) -> Iterator[Finding]:
    pairs: list[Pair] = Aligner(glossary).align(new[0], new[1])
    r = rule("DRF011")
    for pair in pairs:
        en, ja = pair.en, pair.ja
        if not isinstance(en, Block) or not isinstance(ja, Block):
            continue
        en_hunks, ja_hunks = _touching(en, hunks[0]), _touching(ja, hunks[1])
        if bool(en_hunks) == bool(ja_hunks):
            continue  # unchanged, or changed in both languages
        if en_hunks:
            yield Finding.of(
                r,
                _first_line(en, en_hunks),
                f"English <{en.tag}> changed since {rev} ({_describe(en_hunks, glossary)}); Japanese unchanged",
                severity=Severity.WARNING if _neutral(en_hunks, en) else Severity.INFO,
                related=(Related(ja.location, f"Japanese <{ja.tag}> unchanged"),),
            )
        elif _neutral(ja_hunks, ja):  # translators reword; only language-neutral edits need a twin
            yield Finding.of(
                r,
                en.location,
                f"Japanese <{ja.tag}> changed since {rev} ({_describe(ja_hunks, glossary)}); English unchanged",
                related=(Related(_first_line(ja, ja_hunks), f"Japanese <{ja.tag}> changed"),),
            )


def drift_since(root: Path, rev: str, names: Sequence[str] = (), *, glossary: Glossary | None = None) -> list[Finding]:
    """One-sided changes between REV and the working tree, per aligned block."""
    glossary = glossary or load_glossary()
    _commit(root, rev)  # a clear error for an unknown revision
    diff = changed_lines(root, rev)
    findings: list[Finding] = []
    for pair in book_pairs(root, names):
        if pair.en is None or pair.ja is None:
            continue
        hunks = (diff.get((EN_DIR / pair.name).as_posix(), []), diff.get((JA_DIR / pair.name).as_posix(), []))
        if not hunks[0] and not hunks[1]:
            continue
        new = (_segment(root, EN_DIR, pair.name), _segment(root, JA_DIR, pair.name))
        if new[0] is None or new[1] is None:
            continue
        findings.extend(_since_pair((new[0], new[1]), hunks, rev, glossary))
    return sort_findings(findings)


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
) -> History:
    """Drift at REV1 and at each commit of REV1..REV2 that touches either language, as windows."""
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
                    found = drift_segments(en, ja, glossary) if en is not None and ja is not None else []
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


def progress_bar(stream=sys.stderr) -> Callable[[int, int, Commit], None] | None:
    """A one-line progress bar on a terminal; nothing when stderr is not a terminal."""
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
