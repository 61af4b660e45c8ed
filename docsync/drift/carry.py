"""What ``drift --fix`` carries between counterpart blocks: listing lines and tokens, and the
language-neutral values of prose. Pure functions of strings and the glossary.

A listing's lines are paired with the counterpart's by their glossary-normalised text; the
source's line edits (old -> new) are made on the paired target lines token by token, so the
target keeps its own prompt labels, placeholders and translated comments. In prose only
values (numbers, versions, paths, identifiers, link targets) are replaced, never words.
"""

from __future__ import annotations

import difflib
import html
import re

from docsync.drift.normalize import TOKEN, Glossary, has_cjk, squash

_TAG = re.compile(r"<[^<>]*>")
_CJK_COMMENT = re.compile(r"(?:^|\s)#.*$")
# A token that needs no translation: a number, version, path, identifier or option.
_NEUTRAL = re.compile(r"\d|[_/=$%.:~-]")


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
            if va.lower() == vb.lower() or not (_NEUTRAL.search(va) and _NEUTRAL.search(vb)) or has_cjk(vb):
                continue  # capitalisation is the translator's business
            # Whole tokens only: "failover.sh" is not the start of "failover.sh.sample".
            rx = re.compile(
                r"(?<![0-9A-Za-z_])(?<![0-9A-Za-z_][.\-])" + re.escape(va) + r"(?![0-9A-Za-z_]|[.\-][0-9A-Za-z_])"
            )
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
