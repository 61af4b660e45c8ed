"""What an incremental ``docsync check`` may keep from the run before, and what it must redo.

A run's findings come from stages of three reaches:

- per file: configuration blocks, versions, tables, ShellCheck and the reference rules that read
  one file. What they find in a file depends on its text, its blocks and the book's declaration
  files, so it is kept while those read the same;
- per language: the block reader's findings (EXT). Reading blocks carries state from one block
  to the next across files (the editor opened in one block, the hosts met so far), so they are
  kept for a language none of whose files changed;
- whole: the SGML reader's (the book is parsed whole anyway), drift's (per pair, through its
  own store), the output comparison's and the book-wide rules'. Always computed.

Blocks are compared by a digest per file: an edit in one chapter that changes how a later
chapter's blocks read (a host learnt, an editor left open) makes that chapter checked again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace

from docsync.cache import text_digest
from docsync.extract.model import Block
from docsync.model import Finding


@dataclass(frozen=True)
class Reuse:
    """Which findings of a run a later run may keep (indices into its findings), and the digest
    of each file's blocks (by display path)."""

    per_file: frozenset[int] = frozenset()
    per_language: frozenset[int] = frozenset()
    blocks: Mapping[str, str] = field(default_factory=dict)


def block_digests(blocks: Iterable[Block]) -> dict[str, str]:
    """A digest of each file's blocks, as the checks read them (their position in the book,
    which any earlier insertion shifts, left out)."""
    parts: dict[str, list[str]] = {}
    for block in blocks:
        parts.setdefault(block.start.path, []).append(repr(replace(block, index=0)))
    return {path: text_digest("\n".join(reprs)) for path, reprs in parts.items()}


def files_to_check(
    changed: Iterable[str], earlier: Mapping[str, str], now: Mapping[str, str], prefixes: Iterable[str]
) -> frozenset[str]:
    """The files whose per-file findings must be computed again: the changed ones, and those of
    the languages read again (display paths starting with ``prefixes``) whose blocks now read
    differently, or no longer exist."""
    prefixes = tuple(prefixes)
    moved = {p for p in {*earlier, *now} if p.startswith(prefixes) and earlier.get(p) != now.get(p)}
    return frozenset({*changed, *moved})


def kept(findings: list[Finding], indices: frozenset[int], keep: Callable[[Finding], bool]) -> list[Finding]:
    """The findings at ``indices`` for which ``keep(finding)`` holds."""
    return [f for i, f in enumerate(findings) if i in indices and keep(f)]
