"""``drift --fix``: carry language-neutral changes from the language that changed to the other.

Which side changed comes from git (``--since REV``: the blocks git's diff touches in one
language only, as ``DRF011`` finds them) or, without history, from an embedded English
original that shows the English moved on. What is carried needs no translation: listings
(keeping the target language's prompt labels and placeholders from the glossary, and its
translated comments), and in prose only numbers, versions, paths, identifiers and link
targets. Prose wording is never rewritten.

Edits are computed on the target file's text, one whole-line span per block; every byte
outside the edited spans stays as it was. ``apply`` writes atomically and keeps a ``.bak``.
"""

from __future__ import annotations

import difflib
import re
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from docsync.atomic import write_atomic
from docsync.drift.align import Aligner
from docsync.drift.carry import carry_listing, carry_values
from docsync.drift.history import _segment
from docsync.drift.normalize import Glossary, load_glossary
from docsync.drift.run import EN_DIR, JA_DIR, book_pairs
from docsync.drift.since import Hunk, _real, _span, changed_lines
from docsync.errors import InputError
from docsync.segment import PROSE, Block, BlockKind


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` of the file at ``path`` (display path ``shown``)."""

    path: Path
    shown: str
    start: int
    end: int
    text: str
    why: str


@dataclass
class FixPlan:
    """Edits per file, and what could not be carried (said on standard error)."""

    edits: list[Edit] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def files(self) -> dict[Path, list[Edit]]:
        out: dict[Path, list[Edit]] = {}
        for e in sorted(self.edits, key=lambda e: (str(e.path), e.start)):
            out.setdefault(e.path, []).append(e)
        return out


# -- lines of a block, now and at the revision ---------------------------------------------------


def _lines(block: Block) -> tuple[int, int, list[str]]:
    """The whole lines a block spans: first and last line number and their text."""
    first, last = _span(block)
    assert block.source is not None
    return first, last, block.source.text.split("\n")[first - 1 : last]


def _old_lines(block: Block, hunks: list[Hunk]) -> list[str] | None:
    """The block's lines at the revision: its hunks undone; None when a hunk crosses its edge."""
    first, last, lines = _lines(block)
    out = list(lines)
    for h in sorted(hunks, key=lambda h: h.start, reverse=True):
        if h.end < h.start:  # deletion after line h.start - 1
            if not first < h.start <= last:
                return None
            at = h.start - first
            out[at:at] = h.old.split("\n")
            continue
        if h.start < first or h.end > last:
            return None
        out[h.start - first : h.end - first + 1] = h.old.split("\n") if h.old else []
    return out


# -- the plan ------------------------------------------------------------------------------------


def _edit(block: Block, path: Path, new_lines: list[str], why: str) -> Edit | None:
    first, last, lines = _lines(block)
    if new_lines == lines:
        return None
    assert block.source is not None
    text = block.source.text
    starts = [0, *(m.end() for m in re.finditer("\n", text))]
    start = starts[first - 1]
    end = starts[last] - 1 if last < len(starts) else len(text)
    return Edit(path, block.path, start, end, "\n".join(new_lines), why)


def plan_since(root: Path, rev: str, names: Sequence[str] = (), *, glossary: Glossary | None = None) -> FixPlan:
    """The edits that carry each one-sided change since ``rev`` to the other language."""
    glossary = glossary or load_glossary()
    diff = changed_lines(root, rev)
    plan = FixPlan()
    for pair in book_pairs(root, names):
        if pair.en is None or pair.ja is None:
            continue
        hunks = (
            [h for h in diff.get((EN_DIR / pair.name).as_posix(), []) if _real(h)],
            [h for h in diff.get((JA_DIR / pair.name).as_posix(), []) if _real(h)],
        )
        if not hunks[0] and not hunks[1]:
            continue
        en_seg, ja_seg = _segment(root, EN_DIR, pair.name), _segment(root, JA_DIR, pair.name)
        if en_seg is None or ja_seg is None:
            continue
        for p in Aligner(glossary).align(en_seg, ja_seg):
            if isinstance(p.en, Block) and isinstance(p.ja, Block):
                _plan_pair(p.en, p.ja, hunks, (pair.en, pair.ja), glossary, plan)
    return plan


def _touching(block: Block, hunks: list[Hunk]) -> list[Hunk]:
    first, last = _span(block)
    return [h for h in hunks if h.touches(first, last)]


def _plan_pair(
    en: Block, ja: Block, hunks: tuple[list[Hunk], list[Hunk]], paths: tuple[Path, Path], glossary: Glossary,
    plan: FixPlan,
) -> None:
    if en.source is None or ja.source is None:
        return
    en_h, ja_h = _touching(en, hunks[0]), _touching(ja, hunks[1])
    if bool(en_h) == bool(ja_h):
        return
    src, tgt, src_h, tgt_path, src_ja = (ja, en, ja_h, paths[0], True) if ja_h else (en, ja, en_h, paths[1], False)
    old = _old_lines(src, src_h)
    if old is None:
        plan.notes.append(f"{src.location}: the change crosses the block's edge; not carried")
        return
    _, _, new = _lines(src)
    _, _, target = _lines(tgt)
    side = "Japanese" if src_ja else "English"
    if src.kind == BlockKind.CODE and tgt.kind == BlockKind.CODE:
        out, notes = carry_listing(old, new, target, glossary, src_ja=src_ja)
        plan.notes.extend(f"{tgt.location}: {n}; carry it by hand" for n in notes)
        why = f"listing changed in {side}"
    elif src.kind in PROSE and tgt.kind == src.kind:
        carried = carry_values("\n".join(old), "\n".join(new), "\n".join(target))
        if carried is None:
            return
        out, why = carried.split("\n"), f"values changed in {side}"
    else:
        return
    edit = _edit(tgt, tgt_path, out, why)
    if edit is not None:
        plan.edits.append(edit)


# -- applying ------------------------------------------------------------------------------------


def _apply(text: str, edits: Iterable[Edit]) -> str:
    for e in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[: e.start] + e.text + text[e.end :]
    return text


def _read(path: Path) -> str:
    data = path.read_bytes()
    if b"\r" in data or data.startswith(b"\xef\xbb\xbf"):
        raise InputError(f"{path}: CRLF line ends or a BOM; drift --fix edits only plain UTF-8 files")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8; not fixed") from None


def unified_diff(plan: FixPlan, mask) -> list[str]:
    """The fixes as a unified diff (secret values masked), writing nothing."""
    out: list[str] = []
    for path, edits in plan.files().items():
        before = _read(path)
        after = _apply(before, edits)
        shown = edits[0].shown
        for line in difflib.unified_diff(
            before.splitlines(keepends=True), after.splitlines(keepends=True), f"current {shown}", f"fixed {shown}"
        ):
            line = mask(line) if line[:1] in "+- " else line
            out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return out


def apply(plan: FixPlan) -> int:
    """Write every fixed file atomically, keeping ``FILE.bak``; return how many were written."""
    written = 0
    for path, edits in plan.files().items():
        before = _read(path)
        after = _apply(before, edits)
        if after == before:
            continue
        shutil.copy2(path, path.with_name(path.name + ".bak"))
        write_atomic(path, after.encode("utf-8"))
        written += 1
    return written


def plan_originals(root: Path, names: Sequence[str] = (), *, glossary: Glossary | None = None) -> FixPlan:
    """Without history, the one unambiguous direction: a Japanese block whose embedded English
    original differs from today's English in values the translation still carries."""
    glossary = glossary or load_glossary()
    plan = FixPlan()
    for pair in book_pairs(root, names):
        if pair.en is None or pair.ja is None:
            continue
        en_seg, ja_seg = _segment(root, EN_DIR, pair.name), _segment(root, JA_DIR, pair.name)
        if en_seg is None or ja_seg is None:
            continue
        for p in Aligner(glossary).align(en_seg, ja_seg):
            en, ja = p.en, p.ja
            if not isinstance(en, Block) or not isinstance(ja, Block) or ja.original is None:
                continue
            if en.source is None or ja.source is None or en.kind not in PROSE:
                continue
            _, _, new = _lines(en)
            _, _, target = _lines(ja)
            carried = carry_values(ja.original, "\n".join(new), "\n".join(target))
            if carried is not None:
                edit = _edit(ja, pair.ja, carried.split("\n"), "values changed in English since the translation")
                if edit is not None:
                    plan.edits.append(edit)
    return plan
