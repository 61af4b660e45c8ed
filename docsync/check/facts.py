"""What check's rules derive from the tree and share: typed facts, and the memo that holds them.

A rule that needs a fact several rules use (the version declarations, the reference's entries,
the psql tables) computes it once per run into ``CheckMemo``, a field of the run's
``CheckContext``; the types live here, below the context and the rules that use them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from docsync.check.ruleset import Token
from docsync.check.text import FileText
from docsync.extract.model import Line
from docsync.model import Location

# A cell that ends in "+" continues on the next line (psql's wrapped multi-line values).
_CONTINUED = re.compile(r"\+\s*(?:\||$)")


@dataclass(frozen=True)
class Declared:
    """One declaration: product, version as written, the part that compares, and where."""

    product: str
    version: str
    key: str
    location: Location
    book: bool = False  # from the book's entity, not from the chapter


@dataclass(frozen=True)
class Found:
    """A version-bearing token found in a file: which pattern, the text, its version, where."""

    token: Token
    text: str
    version: str
    location: Location


@dataclass(frozen=True)
class Resolution:
    """The declaration a file's tokens must agree with, and declarations that disagree with it."""

    winner: Declared | None
    losers: tuple[Declared, ...] = ()


@dataclass(frozen=True)
class Documented:
    """One reference entry: the parameter it documents, the type it gives, and where."""

    name: str
    written: str  # the varname as written
    type: str  # the <type> text, lower case, "" when none
    location: Location
    path: str


@dataclass(frozen=True)
class Table:
    """One psql result table: its lines, the footer's count, and whether rows were elided."""

    path: str
    header: Line
    separator: Line
    rows: tuple[Line, ...]
    footer: Line | None
    footer_rows: int | None
    elided: bool

    @property
    def logical_rows(self) -> int:
        n = 0
        continued = False
        for row in self.rows:
            if not continued:
                n += 1
            continued = bool(_CONTINUED.search(row.text))
        return n


@dataclass
class CheckMemo:
    """Facts of one run several rules share, computed by the first that needs them (None: not yet)."""

    reference: tuple[str | None, list[Documented]] | None = None  # (language, entries)
    tables: list[Table] | None = None
    declarations: dict[str, list[Declared]] | None = None  # files in scope
    declarations_outside: dict[str, list[Declared]] = field(default_factory=dict)
    book_declarations: dict[str, list[Declared]] | None = None  # per language
    tokens: dict[str, list[Found]] = field(default_factory=dict)
    attribute_tokens: dict[str, list[Found]] | None = None  # files in scope
    resolutions: dict[tuple[str, str], Resolution] = field(default_factory=dict)
    texts_outside: dict[str, FileText | None] = field(default_factory=dict)
