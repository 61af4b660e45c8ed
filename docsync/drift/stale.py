"""Embedded-original mode: the English a Japanese block was translated from, against today's.

81 of upstream's 99 Japanese files keep the English original in a comment before each title
and paragraph. When that original no longer matches the current English counterpart, the
translation is stale. The change is graded: numbers, versions, identifiers, commands or links
changed is a warning (the translation now says something wrong); wording only is info.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from docsync.drift.align import Pair
from docsync.drift.base import (
    Context,
    Drift,
    check,
    compact,
    original_inline,
    original_links,
    original_text,
    prose_pair,
)
from docsync.drift.normalize import (
    describe_changes,
    has_cjk,
    jaccard,
    word_diff,
    words,
)
from docsync.model import Severity
from docsync.segment import Block, BlockKind, LinkKind

# A token that carries meaning beyond wording: a digit, or identifier/path/option punctuation.
_NEUTRAL = re.compile(r"\d|[_/=$%]|\w[.\-]\w|^-")
# Product names are names, not values: "Pgpool-II" becoming "pgpool" is wording.
# "Pgpool-IIRPM": a <productname> run into the next word.
_PRODUCT = re.compile(r"^(?:(?i:pgpool-ii|postgresql)[A-Z]*|(?i:pgpool))[.,;:)]*$")
# Abbreviations are words ("e.g." has the dot an identifier has).
_ABBREVIATION = re.compile(r"^(?:e\.g|i\.e|etc|cf|vs)\.?$", re.IGNORECASE)


_VALUE = re.compile(r"[A-Za-z0-9_./$%=~+-]+")


# "time-based", "well-known": hyphenated words, values only when they name a link target.
_ALNUM = re.compile(r"[0-9A-Za-z]")  # a lone "-" or "/" is punctuation, not a value
_HYPHENATED_WORD = re.compile(r"^[a-z]+(?:-[a-z]+)+$")


def neutral_tokens(text: str, ids: frozenset[str] = frozenset()) -> list[str]:
    """Tokens of a text that carry numbers, versions, identifiers or paths (without the quotes,
    brackets and sentence punctuation around them); ``ids`` are link targets, which count even
    when they read like hyphenated words."""
    out = []
    for tok in _VALUE.findall(text):
        tok = tok.rstrip(".")
        if not _ALNUM.search(tok) or not _NEUTRAL.search(tok) or _PRODUCT.match(tok) or _ABBREVIATION.match(tok):
            continue
        if _HYPHENATED_WORD.match(tok) and tok not in ids:
            continue
        out.append(tok)
    return out


_XREF_TEXT = re.compile(r"\[see [-.\w]+\]")
# A passage this long that reappears in another block of the file was moved, not removed:
# the English split (or merged) a paragraph the original keeps whole (or in two).
MOVED_MIN_CHARS = 16


_PUNCTUATION = re.compile(r"[\s\"'“”‘’.,;:()\[\]/_-]+")
_XREF_ID = re.compile(r"\[see (?:guc-)?([-.\w]+)\]")
_GUC = re.compile(r"(?<![\w-])guc-")


def _bare(text: str) -> str:
    """Text as a reader hears it: cross-references by their target's name, no punctuation, no case."""
    return _PUNCTUATION.sub("", _GUC.sub("", _XREF_ID.sub(r"\1", text))).lower()


def markup_only(change: tuple[str, str]) -> bool:
    """A change of capitalisation, quoting or punctuation only, a parameter name that became a
    cross-reference to it (or back), or text that became a cross-reference."""
    old, new = change
    if _bare(old) == _bare(new):
        return True
    return bool(_XREF_TEXT.search(new)) and not _XREF_TEXT.sub("", new).strip(" ,.;:()")


_SENTENCE_END = re.compile(r"(?<=[.。!?])\s+")


def unmoved(change: tuple[str, str], ctx: Context) -> tuple[str, str] | None:
    """The part of a change that was not merely moved: a passage the English dropped that
    another English block has, or gained that another Japanese block's original has, is a
    paragraph split or merged, aligned as one. Checked sentence by sentence, so a merged
    paragraph that also gained a sentence reports that sentence only. None: all of it moved."""
    old, new = change
    if old and not new:
        passage, elsewhere = old, ctx.en_prose
    elif new and not old:
        passage, elsewhere = new, ctx.ja_originals
    else:
        return change
    if len(compact(passage)) >= MOVED_MIN_CHARS and compact(passage) in elsewhere:
        return None
    sentences = _SENTENCE_END.split(passage)
    if len(sentences) < 2:
        return change
    rest = [x for x in sentences if len(compact(x)) < MOVED_MIN_CHARS or compact(x) not in elsewhere]
    if len(rest) == len(sentences):
        return change
    if not any(len(compact(x)) >= MOVED_MIN_CHARS for x in rest):
        return None
    left = " ".join(rest)
    return (left, "") if old else ("", left)


def _name(value: str) -> str:
    """A parameter name and its reference page's id as one: ``guc-a-b`` is ``a_b``."""
    return value.lower().removeprefix("guc-").replace("-", "_")


def _carried(value: str, translation: str) -> bool:
    """The translation has the value, or for ``--option=placeholder`` the option (translators
    translate the placeholder)."""
    value = compact(value)
    if value in translation or ("=" in value and value[: value.index("=") + 1] in translation):
        return True
    # The same numbers in another order or form: "RHEL9/8/7" / "RHEL7/8/9".
    found = re.findall(r"\d+", value)
    letters = re.sub(r"[\d/.,]+", "", value)
    return bool(found) and letters in translation and set(found) <= set(re.findall(r"\d+", translation))


def grade(
    changes: list[tuple[str, str]],
    translation: str,
    *,
    inline_changed: bool = False,
    links_changed: bool = False,
    ids: frozenset[str] = frozenset(),
) -> Severity:
    """Warning when numbers, identifiers, commands or links changed and the translation does not
    already carry the new values; info for wording."""
    changes = [c for c in changes if not markup_only(c)]
    if not changes:
        return Severity.INFO
    new_values = [t for _, new in changes for t in neutral_tokens(new, ids)]
    old_values = [t for old, _ in changes for t in neutral_tokens(old, ids)]
    # A name that became a cross-reference to itself (or back) is one value, not two.
    both = {_name(t) for t in new_values} & {_name(t) for t in old_values}
    new_values = [t for t in new_values if _name(t) not in both]
    old_values = [t for t in old_values if _name(t) not in both]
    if both and not (new_values or old_values):
        return Severity.INFO
    if old_values and not new_values and not any(_carried(t, translation) for t in old_values):
        return Severity.INFO  # a value the English dropped or fixed that the translation never had
    if not (new_values or old_values):
        # Wording only: inline code or links count only where the changed words carry them
        # (a name that became a cross-reference to itself is markup, not a new link).
        if not any("[see " in a or "[see " in b for a, b in changes):
            return Severity.INFO
        if not (inline_changed or links_changed):
            return Severity.INFO
    if new_values and all(_carried(t, translation) for t in new_values) and not links_changed:
        return Severity.INFO  # the translation was updated; only its comment was not
    return Severity.WARNING


@check(BlockKind.TITLE, BlockKind.PARA, BlockKind.TERM, codes=("DRF004", "DRF010"))
def check_stale(pair: Pair, ctx: Context) -> Iterator[Drift]:
    both = prose_pair(pair)
    if both is None:
        return
    en, ja = both
    if ja.original is None:
        if ctx.embedded and ja.kind != BlockKind.TERM and has_cjk(ja.text) and compact(ja.text) != compact(en.text):
            yield Drift(
                "DRF004",
                en.location,
                ja.location,
                f"Japanese <{ja.tag}> keeps no embedded English original, so its staleness cannot be checked",
                ja_message=f"Japanese <{ja.tag}> without an original",
            )
        return
    old = original_text(ja)
    if compact(old) == compact(en.text):
        return
    # An original kept in two versions, the current English among them: the translator saw it.
    kept_current = _two_versions(old, en.text)
    translation = compact(ja.text)
    desc, changes = word_diff(old, en.text)
    # English text kept outside the comment (``<command>pcp_proc_info</command> <!-- ... -->``)
    # is not a change.
    changes = [
        kept
        for a, b in changes
        if (a or compact(b) not in translation) and (kept := unmoved((a, b), ctx)) is not None
    ]
    if not changes:
        return
    desc = describe_changes(changes)
    # Inline code or links the English gained (and the translation lacks) or lost.
    en_inline, old_inline = {t for _, t in en.inline}, original_inline(ja)
    en_links = {x for x in en.links if x.kind is not LinkKind.ID}
    old_links = original_links(ja)
    severity = grade(
        changes,
        translation,
        inline_changed=bool(en_inline - old_inline - {t for _, t in ja.inline}) or bool(old_inline - en_inline),
        # Links the English gained that the translation lacks, or lost that it still carries.
        links_changed=bool(en_links - old_links - ja.links) or bool((old_links - en_links) & ja.links),
        ids=frozenset(x.target.lower() for x in en_links | old_links | ja.links),
    )
    if kept_current:
        severity = Severity.INFO
    assert ja.original_at is not None
    old_text, new_text = next(((a, b) for a, b in changes if not markup_only((a, b))), changes[0])
    yield Drift(
        "DRF010",
        en.locate(new_text) if new_text else en.location,
        (ja.locate_original(old_text) if old_text else None) or ja.original_at,
        f"Japanese translation is stale: its embedded English original differs from the current English: {desc}",
        severity,
        "embedded English original",
    )


def _two_versions(original: str, english: str) -> bool:
    """The original holds the current English and, beside it, an earlier version of it (not
    merely a sentence the English dropped)."""
    if compact(english) not in compact(original):
        return False
    current = Counter(words(english))
    rest = Counter(words(original)) - current
    return sum(rest.values()) * 2 >= sum(current.values()) and jaccard(set(rest), set(current)) >= 0.4


def has_originals(blocks: list[Block]) -> bool:
    """Is this Japanese file one that keeps embedded originals (for most of its prose)?"""
    prose = [b for b in blocks if b.kind in (BlockKind.TITLE, BlockKind.PARA) and has_cjk(b.text)]
    with_original = sum(1 for b in prose if b.original is not None)
    return bool(prose) and with_original * 2 >= len(prose)
