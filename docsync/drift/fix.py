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
import html
import re
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from docsync.atomic import write_atomic
from docsync.drift.align import Aligner
from docsync.drift.blocks import Block
from docsync.drift.history import Hunk, _real, _segment, _span, changed_lines
from docsync.drift.normalize import TOKEN, Glossary, has_cjk, load_glossary, squash
from docsync.drift.run import EN_DIR, JA_DIR, book_pairs
from docsync.errors import InputError

_TAG = re.compile(r"<[^<>]*>")
_CJK_COMMENT = re.compile(r"(?:^|\s)#.*$")
# A token that needs no translation: a number, version, path, identifier or option.
_NEUTRAL = re.compile(r"\d|[_/=$%.:~-]")


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


# -- listings ------------------------------------------------------------------------------------


def _norm(line: str, glossary: Glossary, *, japanese: bool) -> str:
    """A raw listing line as compared across languages: markup out, glossary applied."""
    text = squash(html.unescape(_TAG.sub("", line)))
    if japanese:
        text = glossary.japanese_to_english(text)
        m = _CJK_COMMENT.search(text)
        if m and has_cjk(m.group()):
            text = text[: m.start()].rstrip()
    return glossary.canonical(text)


def _line_map(src: list[str], tgt: list[str], glossary: Glossary, *, src_ja: bool) -> dict[int, int]:
    """Source line -> target line, by the glossary-normalised text (equal runs, and replaced
    runs line by line)."""
    a = [_norm(x, glossary, japanese=src_ja) for x in src]
    b = [_norm(x, glossary, japanese=not src_ja) for x in tgt]
    out: dict[int, int] = {}
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.update((i1 + k, j1 + k) for k in range(i2 - i1))
        elif op == "replace":  # lines that already differ: paired when alike
            for k in range(min(i2 - i1, j2 - j1)):
                if difflib.SequenceMatcher(None, a[i1 + k], b[j1 + k]).ratio() >= LINE_EDIT_SIMILARITY:
                    out[i1 + k] = j1 + k
    return out


def _convert(line: str, glossary: Glossary, *, to_english: bool) -> str | None:
    """A new source line in the target language: prompt labels and placeholders from the
    glossary; None when it holds text that needs a translator."""
    if to_english:
        line = glossary.japanese_to_english(line)
        return None if has_cjk(line) else line
    return glossary.english_to_japanese(line)


def substitute(old: str, new: str, target: str, *, to_english: bool) -> str | None:
    """Make in ``target`` the token edits that turned ``old`` into ``new``; None when an edit
    has no place in the target (its tokens differ there) or needs a translator."""
    ot, nt, tt = (list(TOKEN.finditer(x)) for x in (old, new, target))
    tmap: dict[int, int] = {}
    matcher = difflib.SequenceMatcher(None, [m.group() for m in ot], [m.group() for m in tt], autojunk=False)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            tmap[block.a + k] = block.b + k
    spans: list[tuple[int, int, str]] = []
    ops = difflib.SequenceMatcher(None, [m.group() for m in ot], [m.group() for m in nt], autojunk=False)
    for op, i1, i2, j1, j2 in ops.get_opcodes():
        if op == "equal":
            continue
        if op == "replace":  # new leading tokens the target already has just before the span
            for n in range(j2 - j1 - 1, 0, -1):
                at = tmap.get(i1, -1)
                if at >= n and [m.group() for m in tt[at - n : at]] == [m.group() for m in nt[j1 : j1 + n]]:
                    j1 += n
                    break
        if op in ("replace", "delete"):
            if any(i not in tmap for i in range(i1, i2)) or tmap[i2 - 1] - tmap[i1] != i2 - 1 - i1:
                return None
            start, end = tt[tmap[i1]].start(), tt[tmap[i2 - 1]].end()
            text = new[nt[j1].start() : nt[j2 - 1].end()] if op == "replace" else ""
            if op == "delete" and i1 > 0 and (i1 - 1) in tmap:
                start = tt[tmap[i1 - 1]].end()  # the separator before the removed tokens goes too
        else:  # insert after old token i1 - 1
            if i1 == 0 or (i1 - 1) not in tmap:
                return None
            start = end = tt[tmap[i1 - 1]].end()
            text = new[nt[j1 - 1].end() : nt[j2 - 1].end()]
            if target[start:].startswith(text) or target[start:].lstrip().startswith(text.lstrip()):
                continue  # the target already has it (the languages differed there before)
        if to_english and has_cjk(text):
            return None
        spans.append((start, end, text))
    for start, end, text in sorted(spans, reverse=True):
        target = target[:start] + text + target[end:]
    return target


# Two versions of a line this alike are one line edited; less alike, one removed and one added.
LINE_EDIT_SIMILARITY = 0.6
Step = tuple[int | None, int | None, int]


def _line_steps(old: list[str], new: list[str]) -> list[Step]:
    """Old -> new line edits: (i, j, _) edited, (i, None, _) removed, (None, j, after) added
    after old line ``after``. Inside a run of replaced lines, lines pair by similarity in
    order, not by position."""
    steps: list[Step] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        i = i1
        for j in range(j1, j2):
            best = None
            for k in range(i, i2):
                if difflib.SequenceMatcher(None, old[k], new[j]).ratio() >= LINE_EDIT_SIMILARITY:
                    best = k
                    break
            if best is None:
                steps.append((None, j, i - 1))
                continue
            steps.extend((k, None, k) for k in range(i, best))
            steps.append((best, j, best))
            i = best + 1
        steps.extend((k, None, k) for k in range(i, i2))
    return steps


def carry_listing(
    src_old: list[str], src_new: list[str], tgt: list[str], glossary: Glossary, *, src_ja: bool
) -> tuple[list[str], list[str]]:
    """The target listing's lines with the source's line and token edits made; and notes on
    what had no place in the target."""
    lmap = _line_map(src_old, tgt, glossary, src_ja=src_ja)
    content = {t for t, line in enumerate(tgt) if _norm(line, glossary, japanese=not src_ja)}
    mapped = content & set(lmap.values())
    if not mapped or len(mapped) * 2 < len(content):
        return list(tgt), ["the counterpart listing differs too much from the source's old version"]
    replaced: dict[int, str] = {}
    deleted: set[int] = set()
    inserted: dict[int, list[str]] = {}  # after target line t (-1: before the first)
    notes: list[str] = []

    def put_after(i: int, lines: list[str]) -> None:
        anchor = next((lmap[k] for k in range(i, -1, -1) if k in lmap), None)
        if anchor is None:
            notes.append(f"no place for {len(lines)} new line(s)")
            return
        converted = [_convert(x, glossary, to_english=src_ja) for x in lines]
        if any(c is None for c in converted):
            notes.append("a new line holds text that needs a translator")
            return
        inserted.setdefault(anchor, []).extend(c for c in converted if c is not None)

    for i, j, after in _line_steps(src_old, src_new):
        if i is not None and j is not None:  # a changed line: its token edits
            t = lmap.get(i)
            if t is None:
                notes.append(f"changed line {i + 1} has no counterpart")
                continue
            done = substitute(src_old[i], src_new[j], tgt[t], to_english=src_ja)
            if done is None:
                notes.append(f"line {t + 1} of the counterpart differs where the edit goes")
            else:
                replaced[t] = done
        elif i is not None:  # a line the source removed
            if i in lmap:
                deleted.add(lmap[i])
        else:  # a line the source added, after the last source line before it
            assert j is not None
            put_after(after, [src_new[j]])
    out: list[str] = inserted.get(-1, [])
    for t, line in enumerate(tgt):
        if t not in deleted:
            out.append(replaced.get(t, line))
        out.extend(inserted.get(t, []))
    return out, notes


# -- prose: numbers, versions, paths, identifiers, link targets -----------------------------------


_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def carry_values(old: str, new: str, target: str) -> str | None:
    """Replace in ``target`` each language-neutral value the source changed (``13`` -> ``14``,
    ``guc-a`` -> ``guc-b``), when the target's text holds it as often as the source did; words
    never, and never inside a comment (an embedded original stays as the translator left it)."""
    ot, nt = list(TOKEN.finditer(old)), list(TOKEN.finditer(new))
    ops = difflib.SequenceMatcher(None, [m.group() for m in ot], [m.group() for m in nt], autojunk=False)
    masked = _COMMENT.sub(lambda m: "\0" * len(m.group()), target)
    old_text = _COMMENT.sub(" ", old)
    spans: dict[int, tuple[int, str]] = {}
    for op, i1, i2, j1, j2 in ops.get_opcodes():
        if op != "replace" or i2 - i1 != j2 - j1:
            continue
        for a, b in zip(ot[i1:i2], nt[j1:j2], strict=True):
            va, vb = a.group(), b.group()
            if va == vb or not (_NEUTRAL.search(va) and _NEUTRAL.search(vb)) or has_cjk(vb):
                continue
            rx = re.compile(r"(?<![0-9A-Za-z_])" + re.escape(va) + r"(?![0-9A-Za-z_])")
            found = list(rx.finditer(masked))
            if not found or len(found) != len(rx.findall(old_text)):
                continue
            for m in found:
                spans[m.start()] = (m.end(), vb)
    if not spans:
        return None
    for start in sorted(spans, reverse=True):
        end, text = spans[start]
        target = target[:start] + text + target[end:]
    return target


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
    if src.kind == "code" and tgt.kind == "code":
        out, notes = carry_listing(old, new, target, glossary, src_ja=src_ja)
        plan.notes.extend(f"{tgt.location}: {n}; carry it by hand" for n in notes)
        why = f"listing changed in {side}"
    elif src.kind in ("title", "para", "term") and tgt.kind == src.kind:
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
            if en.source is None or ja.source is None or en.kind not in ("title", "para", "term"):
                continue
            _, _, new = _lines(en)
            _, _, target = _lines(ja)
            carried = carry_values(ja.original, "\n".join(new), "\n".join(target))
            if carried is not None:
                edit = _edit(ja, pair.ja, carried.split("\n"), "values changed in English since the translation")
                if edit is not None:
                    plan.edits.append(edit)
    return plan
