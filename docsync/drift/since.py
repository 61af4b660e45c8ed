"""``drift --since REV``: changes made to one language only, block by block, from git's diff.

Which blocks changed is read from git's own diff of each file between REV and the working
tree (renames followed): a block changed when a changed line falls inside it. Blocks are then
paired across the languages by the current alignment, so an edit made to both languages in
one commit is not drift, and nothing depends on dates or on re-aligning old versions.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from docsync.drift.align import Aligner, Pair
from docsync.drift.base import Enabled
from docsync.drift.history import _commit, _segment, _toplevel, git
from docsync.drift.normalize import Glossary, describe_changes, load_glossary, numbers, strip_markup, word_diff
from docsync.drift.run import EN_DIR, JA_DIR, book_pairs
from docsync.model import Finding, Location, Related, Severity, sort_findings
from docsync.rules import rule
from docsync.segment import Block, BlockKind, Segmented


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
    if block.kind == BlockKind.CODE:
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


def drift_since(
    root: Path, rev: str, names: Sequence[str] = (), *, glossary: Glossary | None = None, enabled: Enabled = None
) -> list[Finding]:
    """One-sided changes between REV and the working tree, per aligned block (``DRF011``; nothing
    when ``enabled`` leaves that code out)."""
    glossary = glossary or load_glossary()
    _commit(root, rev)  # a clear error for an unknown revision
    if enabled is not None and not enabled("DRF011"):
        return []
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
