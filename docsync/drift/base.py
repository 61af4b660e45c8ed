"""What every drift check shares: the ``Drift`` record, the per-file ``Context``, the
registry of checks, and the helpers that read prose pairs and embedded originals.

``checks``, ``stale`` and ``tables`` register their checks here and use these helpers; none of
them imports another, so the three stay free of cycles (docs/development.rst, "Architecture").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from docsync import registry
from docsync.drift.align import Aligner, Pair
from docsync.drift.blocks import xref_text
from docsync.drift.normalize import nfkc, squash, strip_markup
from docsync.model import Location, Severity
from docsync.options import pick
from docsync.segment import PROSE, Block, BlockKind, Link, LinkKind, load_vocabulary

T = TypeVar("T")


@dataclass(frozen=True)
class Drift:
    """What a check found, before the rule's identity is stamped on it."""

    code: str
    en: Location
    ja: Location | None
    message: str
    severity: Severity | None = None
    ja_message: str = "Japanese counterpart"


@dataclass
class Context:
    """What checks may know besides the pair: the aligner's caches, the file's mode, the
    rules' options, and (read only when a check asks) the whole file's prose and originals."""

    aligner: Aligner
    embedded: bool  # the Japanese file keeps embedded English originals
    en_blocks: list[Block] = field(default_factory=list)
    ja_blocks: list[Block] = field(default_factory=list)
    rule_options: Mapping[str, Any] = field(default_factory=dict)  # by code, as RuleSettings'

    def options(self, kind: type[T]) -> T:
        """The options of the rule whose options type is ``kind`` (docsync/options.py)."""
        return pick(self.rule_options, kind)

    @functools.cached_property
    def en_prose(self) -> str:
        """The English file's prose, compacted, in order: where a moved passage went."""
        return "".join(compact(b.text) for b in self.en_blocks if b.kind in PROSE)

    @functools.cached_property
    def ja_originals(self) -> str:
        """The Japanese file's embedded originals, compacted, in order."""
        return "".join(compact(original_text(b)) for b in self.ja_blocks if b.original)


Check = Callable[[Pair, Context], Iterator[Drift]]
# Which rule codes a run reports: a code -> enabled predicate (None: every code).
Enabled = Callable[[str], bool] | None


@dataclass(frozen=True)
class Registered:
    """A registered check and every code it can report: a run that enables none of them does
    not call it."""

    func: Check
    codes: frozenset[str]


# Keyed by what a check compares: a block kind, or SECTION for pairs of sections.
CHECKS: dict[str, list[Registered]] = {}


def check(
    *kinds: BlockKind | str, codes: tuple[str, ...], options: type | None = None
) -> Callable[[Check], Check]:
    """Register a check for pairs of the given kinds, with the codes it can report, and (a
    check of one code) the rule's options dataclass (docsync/options.py)."""
    def register(func: Check) -> Check:
        registry.register("drift", codes, func, reads=tuple(str(k) for k in kinds), options=options)
        for kind in kinds:
            CHECKS.setdefault(kind, []).append(Registered(func, frozenset(codes)))
        return func

    return register


@functools.cache
def _orig_inline() -> re.Pattern[str]:
    """Inline code in an embedded original's raw markup."""
    tags = "|".join(sorted(load_vocabulary().inline_code))
    return re.compile(r"<(" + tags + r")\b[^>]*>(.*?)</(?:\1)?>", re.IGNORECASE | re.DOTALL)


_ORIG_LINKEND = re.compile(r"""\blinkend\s*=\s*["']?([-.\w]+)""", re.IGNORECASE)
_ORIG_URL = re.compile(r"""<ulink\s+url\s*=\s*["']([^"']*)["']""", re.IGNORECASE)


def original_inline(block: Block) -> set[str]:
    return {squash(strip_markup(m.group(2))) for m in _orig_inline().finditer(block.original or "")} - {""}


def original_links(block: Block) -> set[Link]:
    text = block.original or ""
    links = {Link(LinkKind.LINKEND, m.group(1).lower()) for m in _ORIG_LINKEND.finditer(text)}
    links |= {Link(LinkKind.URL, m.group(1).strip()) for m in _ORIG_URL.finditer(text)}
    return links


def original_plain(block: Block) -> str:
    return squash(strip_markup(_orig_inline().sub(" ", block.original or "")))


def compact(text: str) -> str:
    return "".join(nfkc(text).split())


def prose_pair(pair: Pair) -> tuple[Block, Block] | None:
    if isinstance(pair.en, Block) and isinstance(pair.ja, Block):
        return pair.en, pair.ja
    return None


def one_sided(only_en: list[str], only_ja: list[str], fmt: Callable[[str], str]) -> str:
    parts = []
    if only_en:
        parts.append("only in English: " + ", ".join(fmt(i) for i in only_en[:4]))
    if only_ja:
        parts.append("only in Japanese: " + ", ".join(fmt(i) for i in only_ja[:4]))
    return "; ".join(parts)


def quoted(text: str) -> str:
    return f"`{text}`"


# Listings quoted inside an original: the English paragraph's own text does not include them
# (they are blocks of their own), so they are left out of the comparison.
# Nested notes, lists and tables likewise, and index terms: the English paragraph's text leaves
# them out, so counting them in the original would report them as removed from the English.
_LISTING = re.compile(
    r"<(programlisting|screen|synopsis|literallayout|table|informaltable|figure|note|caution|warning|tip"
    r"|important|itemizedlist|orderedlist|variablelist|example|informalexample|blockquote|procedure"
    r"|sidebar|indexterm|remark)\b[^>]*>.*?</(?:\1)?>",
    re.IGNORECASE | re.DOTALL,
)
_STAMP = re.compile(r"^\s*\d{4}-\d{2}-\d{2} \[[0-9a-f]{7,}\].*$", re.MULTILINE)
_XREF = re.compile(r"""<xref\s+linkend\s*=\s*["']?([-.\w]+)["']?\s*/?>""", re.IGNORECASE)


def original_text(block: Block) -> str:
    """The embedded original as comparable text: listings out, markup out, whitespace squashed."""
    # "--" cannot appear in an SGML comment: translators write it as "/-/-" or "-/-". A release
    # note's commit stamp sometimes shares the comment; the English keeps it in its own.
    text = (block.original or "").replace("/-/-", "--").replace("-/-", "--")
    text = _STAMP.sub("", text)
    text = _XREF.sub(lambda m: xref_text(m.group(1)), _LISTING.sub(" ", text))
    return squash(strip_markup(text))
