"""Pair -> drift findings: structure, listings, inline code, numbers, links.

Each check is a generator registered for the pair kinds it reads, with the codes it can
report; it yields ``Drift`` records (code, both locations, message) and ``check_pairs`` stamps
them into ``Finding`` objects with the rule's identity. A check none of whose codes a run
enables is not called. Checks read only the pairs and the normalised listings the aligner cached.
Embedded originals are ``stale``'s and tables ``tables``'; the record, the context, the
registry and the helpers all three use are ``base``'s.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from docsync.drift.align import Pair
from docsync.drift.base import (
    CHECKS,
    PROSE,
    Check,
    Context,
    Drift,
    Enabled,
    Registered,
    check,
    compact,
    one_sided,
    original_inline,
    original_links,
    original_plain,
    prose_pair,
    quoted,
)
from docsync.drift.blocks import SECTION, heading
from docsync.drift.listing import describe_hunks, describe_pair, diff_tokens, psql_shapes
from docsync.drift.normalize import has_cjk, numbers
from docsync.model import Finding, Location, Related, Severity
from docsync.rules import rule
from docsync.segment import Block, BlockKind, Link, LinkKind, Section

T = TypeVar("T")


def _registry() -> dict[str, list[Registered]]:
    """Every registered check, by the pair kind it reads."""
    from docsync.drift import stale, tables  # noqa: F401  register their checks too

    return CHECKS


def check_codes() -> frozenset[str]:
    """Every code a registered check can report."""
    return frozenset(code for regs in _registry().values() for reg in regs for code in reg.codes)


def _selected(enabled: Enabled) -> dict[str, list[tuple[Check, frozenset[str] | None]]]:
    """Per pair kind, the checks with an enabled code, each with the codes it may keep (None:
    all of its own)."""
    out: dict[str, list[tuple[Check, frozenset[str] | None]]] = {}
    for kind, regs in _registry().items():
        for reg in regs:
            keep = reg.codes if enabled is None else frozenset(c for c in reg.codes if enabled(c))
            if keep:
                out.setdefault(kind, []).append((reg.func, None if keep == reg.codes else keep))
    return out


def check_pairs(pairs: Iterable[Pair], ctx: Context, enabled: Enabled = None) -> list[Finding]:
    """Run the registered checks over the pairs and stamp the results. ``enabled``: which codes
    to report (None: every code); a check none of whose codes is enabled is not called."""
    checks = _selected(enabled)
    mask = ctx.aligner.glossary.mask_secrets  # messages quote the docs: no secret values
    findings: list[Finding] = []
    for pair in pairs:
        for func, keep in checks.get(pair.kind, ()):
            for d in func(pair, ctx):
                if keep is not None and d.code not in keep:
                    continue
                related = (Related(d.ja, mask(d.ja_message)),) if d.ja is not None else ()
                findings.append(Finding.of(rule(d.code), d.en, mask(d.message), severity=d.severity, related=related))
    return findings


def _label(block: Block) -> str:
    return f"<{block.tag}>"


def _section_label(sec: Section) -> str:
    shown = heading(sec)
    title = f' "{shown[:60]}"' if shown else ""
    return f"<{sec.tag}{' id=' + sec.id if sec.id else ''}>{title}"


# -- structure ------------------------------------------------------------------------------------


@check(SECTION, codes=("DRF001", "DRF002"))
def check_sections(pair: Pair, ctx: Context) -> Iterator[Drift]:
    en, ja = pair.en, pair.ja
    assert isinstance(en, Section | None) and isinstance(ja, Section | None)
    if en is not None and ja is not None:
        if (en.id or "") != (ja.id or ""):
            yield Drift(
                "DRF002",
                en.location,
                ja.location,
                f"section id differs: English {en.id or '(none)'}, Japanese {ja.id or '(none)'}",
                ja_message=f"Japanese section id={ja.id or '(none)'}",
            )
    elif en is not None:
        yield Drift(
            "DRF001",
            en.location,
            pair.near,
            f"English section {_section_label(en)} has no Japanese counterpart",
            ja_message="where the Japanese counterpart would be",
        )
    elif ja is not None and pair.near is not None:
        yield Drift(
            "DRF001",
            pair.near,
            ja.location,
            f"Japanese section {_section_label(ja)} has no English counterpart",
            ja_message="the Japanese-only section",
        )


@check(
    BlockKind.TITLE, BlockKind.PARA, BlockKind.TERM, BlockKind.CODE, BlockKind.TABLE, BlockKind.FIGURE,
    codes=("DRF003",),
)
def check_missing_block(pair: Pair, ctx: Context) -> Iterator[Drift]:
    if pair.en is not None and pair.ja is not None:
        return
    block = pair.en or pair.ja
    assert isinstance(block, Block)
    severity = Severity.INFO if block.kind in PROSE else None
    what = _label(block)
    if block.kind in PROSE and block.text:
        what += f' "{block.text[:50]}{"…" if len(block.text) > 50 else ""}"'
    if pair.en is not None:
        yield Drift(
            "DRF003",
            block.location,
            pair.near,
            f"English {what} has no Japanese counterpart",
            severity,
            "where the Japanese counterpart would be",
        )
    elif pair.near is not None:
        yield Drift(
            "DRF003",
            pair.near,
            block.location,
            f"Japanese {what} has no English counterpart",
            severity,
            "the Japanese-only block",
        )


# -- listings -------------------------------------------------------------------------------------


@check(BlockKind.CODE, codes=("DRF020", "DRF051"))
def check_code(pair: Pair, ctx: Context) -> Iterator[Drift]:
    en, ja = pair.en, pair.ja
    if en is None or ja is None:
        return
    assert isinstance(en, Block) and isinstance(ja, Block)
    en_lines = ctx.aligner.code_lines(en, japanese=False)
    ja_lines = ctx.aligner.code_lines(ja, japanese=True)
    glossary = ctx.aligner.glossary
    hunks = [h for h in diff_tokens(en_lines, ja_lines) if not glossary.prompts_alike(h.en, h.ja)]
    if not hunks:
        return
    en_shape, en_rows = psql_shapes(en_lines)
    ja_shape = psql_shapes(ja_lines)[0]
    if en_shape != ja_shape:
        _, ja_rows = psql_shapes(ja_lines)
        yield Drift(
            "DRF051",
            code_location(en, min(en_rows) if en_rows else 0),
            code_location(ja, min(ja_rows) if ja_rows else 0),
            f"psql output columns differ: English {_counts(en_shape)}, Japanese {_counts(ja_shape)}",
            ja_message=f"Japanese <{ja.tag}>",
        )
        hunks = [h for h in hunks if h.en_line not in en_rows]
        if not hunks:
            return
    first = hunks[0]
    ja_side = "; ".join(f"`{h.ja or '∅'}`" for h in hunks[:3])
    yield Drift(
        "DRF020",
        code_location(en, first.en_line, first.en),
        code_location(ja, first.ja_line, first.ja),
        f"<{en.tag}> differs after glossary normalisation: {describe_hunks(hunks)}",
        ja_message=f"Japanese <{ja.tag}> has {ja_side}",
    )


def _counts(shape: list[int]) -> str:
    return ", ".join(map(str, shape)) or "none"


def code_location(block: Block, line_index: int, shown: str = "") -> Location:
    """The file position of a listing's raw line; the column of the shown text when found."""
    lines = block.text.split("\n")
    raw = lines[line_index] if line_index < len(lines) else ""
    word = shown.split(" ⏎ ")[0].split(" ")[0] if shown else ""
    col = raw.find(word) if word else -1
    if col < 0:
        col = len(raw) - len(raw.lstrip())
    if line_index == 0:
        col += block.code_column - 1
    return Location(block.path, block.code_line + line_index, col + 1)


# -- prose: inline code, numbers, links -----------------------------------------------------------

def _alike(a: str, b: str) -> bool:
    """Two values that look like one value changed (a path with another version, a renamed file)."""
    if re.sub(r"\d+", "0", a) == re.sub(r"\d+", "0", b):
        return True
    return difflib.SequenceMatcher(None, a, b).ratio() >= 0.6


def _changed_pairs(
    only_en: list[T], only_ja: list[T], spelled: Callable[[T], str] = str
) -> tuple[list[tuple[T, T]], list[T], list[T]]:
    """Pair each English-only value with an alike Japanese-only one; return the rest too."""
    pairs: list[tuple[T, T]] = []
    rest_ja = list(only_ja)
    rest_en: list[T] = []
    for e in only_en:
        match = next((j for j in rest_ja if _alike(spelled(e), spelled(j))), None)
        if match is None:
            rest_en.append(e)
        else:
            pairs.append((e, match))
            rest_ja.remove(match)
    return pairs, rest_en, rest_ja


# Inline code whose case matters: file names, commands and environment variables. Other
# identifiers (SQL names, parameters, module names at the start of a sentence) ignore case.
CASE_SENSITIVE_TAGS = frozenset({"filename", "command", "envar"})


def _case_only(a: str, b: str, tag: str) -> bool:
    """Case-only in a case-insensitive identifier, or quotes one side leaves out altogether
    (``Bind ('B')`` / ``Bind (B)``; ``"x"`` / ``'x'`` is a real difference in pgpool.conf)."""
    if a != b and a.lower() == b.lower() and tag not in CASE_SENSITIVE_TAGS and "/" not in a:
        return True
    unquoted = [x for x in (a, b) if not _QUOTES.search(x)]
    return len(unquoted) == 1 and _QUOTES.sub("", a) == _QUOTES.sub("", b)


_QUOTES = re.compile("[\"'`]")


@check(BlockKind.TITLE, BlockKind.PARA, BlockKind.TERM, BlockKind.TABLE, codes=("DRF021",))
def check_inline_code(pair: Pair, ctx: Context) -> Iterator[Drift]:
    """Inline code: a changed value is a warning; a value in one language only is info, and only
    where the Japanese is a paragraph-by-paragraph translation (embedded originals)."""
    both = prose_pair(pair)
    if both is None:
        return
    en, ja = both
    en_set = {text for _, text in en.inline}
    ja_set = {text for _, text in ja.inline if not has_cjk(text)}
    if en_set == ja_set:
        return
    if ja.original is not None and original_inline(ja) == ja_set:
        return  # the stale original explains it
    en_text, ja_text = compact(en.text), compact(ja.text)
    only_en = sorted(i for i in en_set - ja_set if compact(i) not in ja_text)
    only_ja = sorted(i for i in ja_set - en_set if compact(i) not in en_text)
    # Product names are names, not values: never paired as a changed value, nor reported alone.
    names = {text for tag, text in (*en.inline, *ja.inline) if tag == "productname"}
    only_en = [i for i in only_en if i not in names]
    only_ja = [i for i in only_ja if i not in names]
    changed, only_en, only_ja = _changed_pairs(only_en, only_ja)
    tags = {text: tag for tag, text in en.inline}
    changed = [(a, b) for a, b in changed if not _case_only(a, b, tags.get(a, ""))]
    if changed:
        shown = "; ".join(describe_pair(a, b) for a, b in changed[:4])
        a, b = changed[0]
        yield Drift("DRF021", en.locate(a), ja.locate(b), f"inline code differs in <{en.tag}>: {shown}")
    if ctx.embedded and (only_en or only_ja):
        yield Drift(
            "DRF021",
            en.locate(only_en[0]) if only_en else en.location,
            ja.locate(only_ja[0]) if only_ja else ja.location,
            f"inline code in <{en.tag}> {one_sided(only_en, only_ja, quoted)}",
            Severity.INFO,
        )


def _numbers(found: Iterable[str], shown: dict[str, str]) -> Counter[str]:
    """Numbers as compared: "3.0" and "3" are one value (protocol 3 / プロトコル3.0)."""
    out: Counter[str] = Counter()
    for n in found:
        key = re.sub(r"(?<=\d)(\.0+)+$", "", n)
        key = key.lstrip("0") or "0" if key.isdigit() else key  # "00:00" is 0, bug 0000296 is 296
        shown.setdefault(key, n)
        out[key] += 1
    return out


@check(BlockKind.TITLE, BlockKind.PARA, BlockKind.TERM, codes=("DRF030",))
def check_numbers(pair: Pair, ctx: Context) -> Iterator[Drift]:
    """Numbers as multisets: a number that differs is a warning; one that only one language
    has is info, and only where the Japanese translates paragraph by paragraph. Spelled-out
    numbers (words, ordinals, counters, kanji numerals) count in both languages or not at all:
    they only explain a digit the other language writes."""
    both = prose_pair(pair)
    if both is None:
        return
    en, ja = both
    glossary = ctx.aligner.glossary
    shown: dict[str, str] = {}  # compared value -> the number as written
    en_plain, ja_plain = _numbers(numbers(en.plain), shown), _numbers(numbers(ja.plain), shown)
    if en_plain == ja_plain:
        return
    if ja.original is not None and _numbers(numbers(original_plain(ja)), shown) == ja_plain:
        return  # the stale original explains it
    # A number in plain text on one side may sit in inline code on the other.
    en_all, ja_all = _numbers(numbers(en.text), shown), _numbers(numbers(ja.text), shown)
    extra_en, extra_ja = en_plain - ja_all, ja_plain - en_all
    if not extra_en and not extra_ja:
        return
    spelled_en = glossary.spelled_english(en.text) if extra_ja else frozenset()
    spelled_ja = glossary.spelled_japanese(ja.text) if extra_en else frozenset()
    only_en = sorted(shown[n] for n in extra_en.elements() if n not in spelled_ja)
    only_ja = sorted(shown[n] for n in extra_ja.elements() if n not in spelled_en)
    if only_en and only_ja:
        yield Drift(
            "DRF030",
            en.locate(only_en[0]),
            ja.locate(only_ja[0]),
            f"numbers differ in <{en.tag}>: English {', '.join(only_en)}, Japanese {', '.join(only_ja)}",
        )
    elif ctx.embedded and (only_en or only_ja):
        yield Drift(
            "DRF030",
            en.locate(only_en[0]) if only_en else en.location,
            ja.locate(only_ja[0]) if only_ja else ja.location,
            f"numbers in <{en.tag}> {one_sided(only_en, only_ja, str)}",
            Severity.INFO,
        )


@check(
    BlockKind.TITLE, BlockKind.PARA, BlockKind.TERM, BlockKind.CODE, BlockKind.TABLE, BlockKind.FIGURE,
    codes=("DRF040",),
)
def check_links(pair: Pair, ctx: Context) -> Iterator[Drift]:
    """Links and ids as sets: a changed target is a warning; a link in one language only, info."""
    both = prose_pair(pair)
    if both is None:
        return
    en, ja = both
    if en.links == ja.links:
        return
    if ja.original is not None and original_links(ja) == {x for x in ja.links if x.kind is not LinkKind.ID}:
        return
    glossary = ctx.aligner.glossary
    en_links = {glossary.link_key(x, japanese=False): x for x in en.links}
    ja_links = {glossary.link_key(x, japanese=True): x for x in ja.links}
    only_en = sorted(en_links[k] for k in en_links.keys() - ja_links.keys())
    only_ja = sorted(ja_links[k] for k in ja_links.keys() - en_links.keys())
    if not only_en and not only_ja:
        return
    changed, rest_en, rest_ja = _changed_pairs(only_en, only_ja, lambda link: link.spelled)
    if changed:
        shown = "; ".join(f"EN {_link_label(a)} vs JA {_link_label(b)}" for a, b in changed[:4])
        a, b = changed[0]
        yield Drift("DRF040", _link_at(en, a), _link_at(ja, b), f"links differ in <{en.tag}>: {shown}")
    if rest_en or rest_ja:
        yield Drift(
            "DRF040",
            _link_at(en, rest_en[0]) if rest_en else en.location,
            _link_at(ja, rest_ja[0]) if rest_ja else ja.location,
            f"links in <{en.tag}> {one_sided(rest_en, rest_ja, _link_label)}",
            Severity.INFO,
        )


def _link_at(block: Block, link: Link) -> Location:
    """Where a link's target is written: the attribute value of its linkend, url or id."""
    return block.locate(link.target)


def _link_label(link: Link) -> str:
    return str(link)
