"""(English, Japanese) section trees -> Pair list: which block is whose counterpart.

Sections are matched by id (ids are already lower-case: SGML folds them), the rest by position
among their siblings. Inside a matched section pair, the typed block sequences are aligned with
a sequence alignment that survives insertions and deletions. Blocks are only ever compared by
language-neutral content: listing text after the glossary, inline code, links, numbers,
comments both files carry, and, when the Japanese keeps its English original in a comment,
that original against the current English. Translated text is never compared with English.

Alignment first pins anchors (keys unique on both sides, kept in order by a longest increasing
subsequence, as in patience diff), then fills each gap with a dynamic-programming alignment
that maximises similarity; a gap costs nothing, so a block is left unpaired only when pairing
it would break the order of better pairs.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from docsync.drift.blocks import SECTION, classify_comments
from docsync.drift.listing import CodeLine, normalize_code
from docsync.drift.normalize import Glossary, jaccard, numbers, strip_markup, words
from docsync.model import Location
from docsync.segment import Block, BlockKind, Section, Segmented

T = TypeVar("T")
# Dynamic programming is O(n*m); past this many cells a gap is split first.
MAX_DP_CELLS = 200_000
RENAME_SIMILARITY = 0.3  # sections with different ids pair only when this alike


@dataclass(frozen=True)
class Pair:
    """Counterparts in the two languages; one side is None when the other has no counterpart.

    ``near`` is, for an unpaired block or section, the place in the other language where its
    counterpart would be (the enclosing counterpart section or the previous paired block).
    """

    kind: str  # SECTION or a block kind
    en: Block | Section | None
    ja: Block | Section | None
    near: Location | None = None


@dataclass
class _Sig:
    key: str | None
    feats: frozenset[str]
    words: frozenset[str] | None = None  # English words: the text, or the Japanese original


class Aligner:
    """Aligns one file pair; holds the normalised listings checks reuse."""

    def __init__(self, glossary: Glossary, *, same_language: bool = False) -> None:
        self.glossary = glossary
        # Two versions of one language (git history): both sides are read as the first is.
        self.ja = not same_language
        self.code: dict[int, list[CodeLine]] = {}
        self._sigs: dict[int, _Sig] = {}
        self._section_sigs: dict[int, frozenset[str]] = {}

    # -- signatures ---------------------------------------------------------------------------
    def code_lines(self, block: Block, *, japanese: bool) -> list[CodeLine]:
        found = self.code.get(id(block))
        if found is None:
            found = normalize_code(block.text, self.glossary, japanese=japanese)
            self.code[id(block)] = found
        return found

    def sig(self, block: Block, *, japanese: bool) -> _Sig:
        found = self._sigs.get(id(block))
        if found is not None:
            return found
        if block.kind == BlockKind.CODE:
            lines = self.code_lines(block, japanese=japanese)
            text = "\n".join(c.text for c in lines)
            found = _Sig("code|" + text if text else None, frozenset(c.text for c in lines))
        elif block.kind in (BlockKind.TABLE, BlockKind.FIGURE):
            cells = {t for row in block.rows for cell in row for t in cell.split() if neutral_token(t)}
            feats = frozenset(cells | set(block.links) | {text for _, text in block.inline})
            found = _Sig(None, feats)
        else:
            feats = {text for _, text in block.inline} | set(block.links)
            feats |= {"n:" + n for n in numbers(block.plain)}
            feats |= {"c:" + c for c in block.neutral}
            # English words: the English text, or the original the Japanese keeps in a comment.
            eng = words(block.text) if not japanese else None
            if japanese and block.original:
                eng = words(strip_markup(block.original))
            key = None
            if block.neutral:
                key = f"{block.kind}|c|{block.neutral[0]}"
            elif eng:
                key = f"{block.kind}|t|" + " ".join(eng)
            found = _Sig(key, frozenset(feats), frozenset(eng) if eng else None)
        self._sigs[id(block)] = found
        return found

    def similarity(self, en: Block, ja: Block) -> float:
        a, b = self.sig(en, japanese=False), self.sig(ja, japanese=self.ja)
        sim = jaccard(a.feats, b.feats)
        if a.words is not None and b.words is not None:
            sim = max(sim, jaccard(a.words, b.words))
        return sim

    # -- blocks -------------------------------------------------------------------------------
    def align_blocks(self, en: Sequence[Block], ja: Sequence[Block]) -> list[tuple[Block | None, Block | None]]:
        # Each block's signature is looked up once here, not once per dynamic-programming cell
        # (a long section pair scores thousands of cells); the score is ``similarity``'s.
        sig_en = {id(b): (b.kind, s.feats, s.words) for b in en if (s := self.sig(b, japanese=False))}
        sig_ja = {id(b): (b.kind, s.feats, s.words) for b in ja if (s := self.sig(b, japanese=self.ja))}

        def score(a: Block, b: Block) -> float | None:
            kind_a, feats_a, words_a = sig_en[id(a)]
            kind_b, feats_b, words_b = sig_ja[id(b)]
            if kind_a != kind_b:
                return None
            sim = len(feats_a & feats_b) / len(feats_a | feats_b) if feats_a and feats_b else 0.0
            if words_a and words_b:
                sim = max(sim, len(words_a & words_b) / len(words_a | words_b))
            return 1.0 + 3.0 * sim

        return align_sequences(
            en,
            ja,
            score,
            key_en=lambda b: self.sig(b, japanese=False).key,
            key_ja=lambda b: self.sig(b, japanese=self.ja).key,
        )

    # -- sections -----------------------------------------------------------------------------
    def _section_feats(self, sec: Section, *, japanese: bool) -> frozenset[str]:
        found = self._section_sigs.get(id(sec))
        if found is None:
            feats: set[str] = set()
            for block in sec.blocks:
                feats |= self.sig(block, japanese=japanese).feats
            found = self._section_sigs[id(sec)] = frozenset(feats)
        return found

    def align_sections(
        self, en: Sequence[Section], ja: Sequence[Section]
    ) -> list[tuple[Section | None, Section | None]]:
        """Sibling sections: the same id pairs wherever it is; the rest pair by position and
        content (a renamed id needs alike content), in order."""
        ja_by_id: dict[str, Section] = {}
        for s in ja:
            if s.id:
                ja_by_id.setdefault(s.id, s)
        by_id = {id(e): ja_by_id.pop(e.id) for e in en if e.id and e.id in ja_by_id}
        used = {id(j) for j in by_id.values()}

        def score(a: Section, b: Section) -> float | None:
            if a.tag != b.tag:
                return None
            sim = jaccard(self._section_feats(a, japanese=False), self._section_feats(b, japanese=self.ja))
            if self._same_title(a, b):
                sim = max(sim, 1.0)  # an id renamed in one language: the titles still agree
            if a.id and b.id and sim < RENAME_SIMILARITY:
                return None
            return 1.0 + sim

        rest = align_sequences(
            [e for e in en if id(e) not in by_id],
            [j for j in ja if id(j) not in used],
            score,
            key_en=lambda s: None,
            key_ja=lambda s: None,
        )
        partner = {id(e): j for e, j in rest if e is not None}
        out: list[tuple[Section | None, Section | None]] = [
            (e, by_id[id(e)] if id(e) in by_id else partner.get(id(e))) for e in en
        ]
        out.extend((None, j) for e, j in rest if e is None)
        return out

    def _same_title(self, en: Section, ja: Section) -> bool:
        """The English title equals the one the Japanese keeps as its embedded original."""
        if not en.blocks or not ja.blocks:
            return False
        if en.blocks[0].kind != BlockKind.TITLE or ja.blocks[0].kind != BlockKind.TITLE:
            return False
        a, b = self.sig(en.blocks[0], japanese=False), self.sig(ja.blocks[0], japanese=self.ja)
        return a.words is not None and a.words == b.words

    def align(self, en: Segmented, ja: Segmented) -> list[Pair]:
        if self.ja:
            classify_comments(en, ja)
        pairs: list[Pair] = []
        if en.root is None or ja.root is None:
            return pairs
        self._section_pair(en.root, ja.root, pairs)
        return pairs

    def _section_pair(self, es: Section, js: Section, pairs: list[Pair]) -> None:
        pairs.append(Pair(SECTION, es, js))
        near_en, near_ja = es.location, js.location
        for eb, jb in self.align_blocks(es.blocks, js.blocks):
            if eb is not None and jb is not None:
                pairs.append(Pair(eb.kind, eb, jb))
                near_en, near_ja = eb.location, jb.location
            elif eb is not None:
                pairs.append(Pair(eb.kind, eb, None, near_ja))
            else:
                assert jb is not None
                pairs.append(Pair(jb.kind, None, jb, near_en))
        for ec, jc in self.align_sections(es.children, js.children):
            if ec is not None and jc is not None:
                self._section_pair(ec, jc, pairs)
            elif ec is not None:
                pairs.append(Pair(SECTION, ec, None, js.location))
            else:
                assert jc is not None
                pairs.append(Pair(SECTION, None, jc, es.location))


_NEUTRAL_TOKEN = re.compile(r"\d|^[/~$][\w.]|\w[_=]|\w\.\w")


def neutral_token(token: str) -> bool:
    """A table-cell token that needs no translation: a number, path, variable or identifier."""
    return _NEUTRAL_TOKEN.search(token) is not None


# -- generic sequence alignment -----------------------------------------------------------------


def _anchors(keys_a: list[str | None], keys_b: list[str | None]) -> list[tuple[int, int]]:
    """Pairs of positions whose key is unique on both sides, longest order-preserving subset."""
    ca = Counter(k for k in keys_a if k is not None)
    cb = Counter(k for k in keys_b if k is not None)
    where_b = {k: j for j, k in enumerate(keys_b) if k is not None and cb[k] == 1}
    cand = [(i, where_b[k]) for i, k in enumerate(keys_a) if k is not None and ca[k] == 1 and k in where_b]
    # Longest increasing subsequence on the second index (patience sorting).
    tails: list[int] = []
    tail_idx: list[int] = []
    prev = [-1] * len(cand)
    for n, (_, j) in enumerate(cand):
        pos = bisect.bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tail_idx.append(n)
        else:
            tails[pos] = j
            tail_idx[pos] = n
        prev[n] = tail_idx[pos - 1] if pos else -1
    out: list[tuple[int, int]] = []
    n = tail_idx[-1] if tail_idx else -1
    while n >= 0:
        out.append(cand[n])
        n = prev[n]
    return out[::-1]


def _dp(a: Sequence[T], b: Sequence[T], score: Callable[[T, T], float | None]) -> list[tuple[int | None, int | None]]:
    """Maximum-score alignment of two short sequences; gaps score zero."""
    n, m = len(a), len(b)
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    move = [[0] * (m + 1) for _ in range(n + 1)]  # 0 diagonal, 1 up (skip a), 2 left (skip b)
    for i in range(n + 1):
        move[i][0] = 1
    for j in range(m + 1):
        move[0][j] = 2
    for i in range(1, n + 1):
        row, prev_row, mrow = best[i], best[i - 1], move[i]
        ai = a[i - 1]
        for j in range(1, m + 1):
            up, left = prev_row[j], row[j - 1]
            if up >= left:
                val, mv = up, 1
            else:
                val, mv = left, 2
            s = score(ai, b[j - 1])
            if s is not None and prev_row[j - 1] + s > val:
                val, mv = prev_row[j - 1] + s, 0
            row[j] = val
            mrow[j] = mv
    out: list[tuple[int | None, int | None]] = []
    i, j = n, m
    while i > 0 or j > 0:
        mv = move[i][j] if i > 0 and j > 0 else (1 if i > 0 else 2)
        if mv == 0:
            out.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif mv == 1:
            out.append((i - 1, None))
            i -= 1
        else:
            out.append((None, j - 1))
            j -= 1
    return out[::-1]


# Levels of re-anchoring inside a gap (keys unique within the gap) before the fallbacks.
MAX_ANCHOR_LEVELS = 4
# Exact matches are looked for this far ahead when a long gap has no unique keys.
MATCH_WINDOW = 64
# A long gap with no exact matches is aligned in diagonal chunks of about this many items.
CHUNK = 100


def _greedy_matches(keys_a: list[str | None], keys_b: list[str | None]) -> list[tuple[int, int]]:
    """In-order pairs of equal keys, skipping at most ``MATCH_WINDOW`` items on either side."""
    where_a: dict[str, list[int]] = {}
    where_b: dict[str, list[int]] = {}
    for i, k in enumerate(keys_a):
        if k is not None:
            where_a.setdefault(k, []).append(i)
    for j, k in enumerate(keys_b):
        if k is not None:
            where_b.setdefault(k, []).append(j)

    def following(where: dict[str, list[int]], key: str | None, start: int) -> int | None:
        if key is None or key not in where:
            return None
        found = where[key]
        n = bisect.bisect_left(found, start)
        return found[n] if n < len(found) and found[n] - start <= MATCH_WINDOW else None

    out: list[tuple[int, int]] = []
    i = j = 0
    while i < len(keys_a) and j < len(keys_b):
        if keys_a[i] is not None and keys_a[i] == keys_b[j]:
            out.append((i, j))
            i, j = i + 1, j + 1
            continue
        nb = following(where_b, keys_a[i], j)
        na = following(where_a, keys_b[j], i)
        if nb is not None and (na is None or nb - j <= na - i):
            j = nb
        elif na is not None:
            i = na
        else:
            i, j = i + 1, j + 1
    return out


def _chunked(n: int, m: int) -> list[tuple[int, int, int, int]]:
    """Diagonal chunks covering an n x m gap: each small enough for the dynamic programming."""
    count = max(1, -(-max(n, m) // CHUNK))
    return [(n * c // count, n * (c + 1) // count, m * c // count, m * (c + 1) // count) for c in range(count)]


def align_sequences(
    a: Sequence[T],
    b: Sequence[T],
    score: Callable[[T, T], float | None],
    *,
    key_en: Callable[[T], str | None],
    key_ja: Callable[[T], str | None],
) -> list[tuple[T | None, T | None]]:
    """Align two sequences: exact-key anchors first, then the best alignment inside each gap.

    Work stays near-linear on long inputs: equal keys at both ends are paired outright; a gap
    too long for the O(n*m) dynamic programming is re-anchored on the keys unique inside it
    (patience diff), then on nearby exact matches, and only then cut into diagonal chunks.
    """
    keys_a = [key_en(x) for x in a]
    keys_b = [key_ja(x) for x in b]
    out: list[tuple[int | None, int | None]] = []
    # A stack of (a_lo, a_hi, b_lo, b_hi, level) gaps and (i, j, -1, -1, -1) pairs, in reverse order.
    todo: list[tuple[int, int, int, int, int]] = [(0, len(a), 0, len(b), 0)]
    while todo:
        lo_a, hi_a, lo_b, hi_b, level = todo.pop()
        if level < 0:
            out.append((lo_a, hi_a))
            continue
        # Equal keys at both ends pair outright.
        head: list[tuple[int, int]] = []
        while lo_a < hi_a and lo_b < hi_b and keys_a[lo_a] is not None and keys_a[lo_a] == keys_b[lo_b]:
            head.append((lo_a, lo_b))
            lo_a, lo_b = lo_a + 1, lo_b + 1
        tail: list[tuple[int, int]] = []
        while lo_a < hi_a and lo_b < hi_b and keys_a[hi_a - 1] is not None and keys_a[hi_a - 1] == keys_b[hi_b - 1]:
            hi_a, hi_b = hi_a - 1, hi_b - 1
            tail.append((hi_a, hi_b))
        out.extend(head)
        todo.extend((i, j, -1, -1, -1) for i, j in tail)  # popped after the gap, nearest first
        n, m = hi_a - lo_a, hi_b - lo_b
        if not n and not m:
            continue
        if n * m <= MAX_DP_CELLS:
            for i, j in _dp(a[lo_a:hi_a], b[lo_b:hi_b], score):
                out.append((None if i is None else lo_a + i, None if j is None else lo_b + j))
            continue
        sub_a, sub_b = keys_a[lo_a:hi_a], keys_b[lo_b:hi_b]
        if level < MAX_ANCHOR_LEVELS:
            matches, next_level = _anchors(sub_a, sub_b), level + 1
        else:
            matches, next_level = [], MAX_ANCHOR_LEVELS + 1
        if not matches and level <= MAX_ANCHOR_LEVELS:
            matches, next_level = _greedy_matches(sub_a, sub_b), MAX_ANCHOR_LEVELS + 1
        if matches:
            steps: list[tuple[int, int, int, int, int]] = []
            pi, pj = lo_a, lo_b
            for i, j in matches:
                steps.append((pi, lo_a + i, pj, lo_b + j, next_level))
                steps.append((lo_a + i, lo_b + j, -1, -1, -1))
                pi, pj = lo_a + i + 1, lo_b + j + 1
            steps.append((pi, hi_a, pj, hi_b, next_level))
            todo.extend(reversed(steps))
            continue
        todo.extend(
            (lo_a + i1, lo_a + i2, lo_b + j1, lo_b + j2, MAX_ANCHOR_LEVELS + 2)
            for i1, i2, j1, j2 in reversed(_chunked(n, m))
        )
    return [(a[i] if i is not None else None, b[j] if j is not None else None) for i, j in out]
