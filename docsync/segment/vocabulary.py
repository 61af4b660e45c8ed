"""The document model's DocBook vocabulary (which elements are sections, blocks, listings,
containers, inline code), from rules/.

The data is ``rules/segments.toml``; ``load_vocabulary`` reads it once per process (it is
package data, not something a run changes) into typed values that the segmenter evaluates.
"""

from __future__ import annotations

import enum
import functools
import tomllib
from dataclasses import dataclass

from docsync.errors import UsageError
from docsync.paths import RULES_DIR
from docsync.ruledata import Table


class BlockKind(enum.StrEnum):
    """What a block is: prose (title, para, term), code (a listing), a table or a figure."""

    TITLE = "title"
    PARA = "para"
    TERM = "term"
    CODE = "code"
    TABLE = "table"
    FIGURE = "figure"


PROSE = (BlockKind.TITLE, BlockKind.PARA, BlockKind.TERM)
# Blocks of their own even inside a paragraph (a listing, a table or a figure in a <para>).
NESTED_BLOCKS = (BlockKind.CODE, BlockKind.TABLE, BlockKind.FIGURE, BlockKind.PARA)


@dataclass(frozen=True)
class Vocabulary:
    """The element names each part of segmentation looks for."""

    sections: frozenset[str]
    kind_of_tag: dict[str, BlockKind]
    listings: frozenset[str]  # code blocks extract reads as listings
    nested_containers: frozenset[str]
    skip: frozenset[str]
    inline_code: frozenset[str]
    xrefs: frozenset[str]
    placeholder: str


@functools.cache
def load_vocabulary() -> Vocabulary:
    """rules/segments.toml as typed values (a usage error names a malformed key)."""
    path = RULES_DIR / "segments.toml"
    source = str(path)
    try:
        with path.open("rb") as fh:
            t = Table(tomllib.load(fh), "segments", source)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"{source}: {exc}") from None

    def names(key: str) -> frozenset[str]:
        value = t.take(key, kind=list)
        if not all(isinstance(v, str) for v in value):
            raise UsageError(f"{source}: {key} must be a list of element names")
        return frozenset(value)

    kinds = Table(t.take("block_kinds", kind=dict), "block_kinds", source)
    kind_of_tag: dict[str, BlockKind] = {}
    for kind in BlockKind:
        for tag in kinds.take(kind.value, kind=list):
            kind_of_tag[str(tag)] = kind
    kinds.done()
    vocabulary = Vocabulary(
        sections=names("section_elements"),
        kind_of_tag=kind_of_tag,
        listings=names("listing_elements"),
        nested_containers=names("nested_containers"),
        skip=names("skip_elements"),
        inline_code=names("inline_code_elements"),
        xrefs=names("xref_elements"),
        placeholder=t.take("placeholder", kind=str),
    )
    t.done()
    stray = sorted(vocabulary.listings - {tag for tag, k in kind_of_tag.items() if k is BlockKind.CODE})
    if stray:
        raise UsageError(f"{source}: listing_elements must be code blocks (block_kinds.code): {', '.join(stray)}")
    return vocabulary
