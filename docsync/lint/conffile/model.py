"""A parsed configuration file: settings, includes, syntax problems, and lines on demand.

``ConfFile`` keeps the input bytes; ``tokens`` and ``lines`` are made from them on first use,
and ``render()`` gives back the input byte for byte. Offsets are byte offsets; ``line`` and
``column`` are 1-based and ``column`` counts characters (undecodable bytes count one each).
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from docsync.lint.conffile.lexer import Dialect, Token, TokenKind, tokenize


class Setting(NamedTuple):
    """``name = value`` as the server reads it: value without quotes, nothing unescaped."""

    name: str
    value: str
    key: Token
    value_token: Token
    path: str

    @property
    def line(self) -> int:
        return self.key.line

    @property
    def column(self) -> int:
        return self.key.column

    @property
    def quoted(self) -> bool:
        return self.value_token.kind is TokenKind.STRING


class Include(NamedTuple):
    """An ``include = 'file'`` directive (not a setting; processed where it stands)."""

    directive: str
    target: str
    key: Token
    value_token: Token
    path: str


class Problem(enum.Enum):
    """Kinds of syntax problems the parser reports."""

    UNEXPECTED = "unexpected-token"
    UNTERMINATED = "unterminated-string"
    UNQUOTED_PATH = "unquoted-path"
    MISSING_VALUE = "missing-value"
    STRAY = "stray-token"
    BOM = "bom"
    NUL = "nul"
    COMMENT_AT_EOF = "comment-at-eof"


class SyntaxProblem(NamedTuple):
    """A place where the server's parser fails or silently misreads the file."""

    kind: Problem
    line: int
    column: int
    start: int
    end: int
    message: str


class ConfLine(NamedTuple):
    """One physical line: its tokens (newline included) and the settings that start on it."""

    number: int
    start: int
    end: int
    tokens: tuple[Token, ...]
    settings: tuple[Setting, ...] = ()

    @property
    def comment(self) -> Token | None:
        return next((t for t in self.tokens if t.kind is TokenKind.COMMENT), None)


@dataclass(frozen=True)
class ConfFile:
    """A parsed configuration file; ``render()`` returns the input bytes unchanged.

    ``tokens`` and ``lines`` (every byte, comments and blanks included) are made on first use:
    checks read ``settings``, ``items`` and ``problems`` only.
    """

    path: str
    data: bytes
    dialect: Dialect
    settings: tuple[Setting, ...]
    includes: tuple[Include, ...]
    problems: tuple[SyntaxProblem, ...]
    # Settings and includes in file order (what the server processes, one after the other).
    items: tuple[Setting | Include, ...] = field(default=(), repr=False)

    @functools.cached_property
    def tokens(self) -> tuple[Token, ...]:
        return tuple(tokenize(self.data, self.dialect))

    @functools.cached_property
    def lines(self) -> tuple[ConfLine, ...]:
        return tuple(_group_lines(self.tokens, self.items))

    def render(self) -> bytes:
        return b"".join(t.raw for t in self.tokens)

    @property
    def has_bom(self) -> bool:
        return self.data.startswith(BOM)

    @property
    def text(self) -> str:
        return self.data.decode("utf-8", "surrogateescape")


BOM = b"\xef\xbb\xbf"


def _group_lines(tokens: list[Token], items: list[Setting | Include]) -> Iterator[ConfLine]:
    by_line: dict[int, list[Setting]] = {}
    for item in items:
        if isinstance(item, Setting):
            by_line.setdefault(item.line, []).append(item)
    current: list[Token] = []
    number = 1
    for tok in tokens:
        current.append(tok)
        if tok.kind is TokenKind.NEWLINE:
            yield ConfLine(
                number, current[0].start, tok.end, tuple(current), tuple(by_line.get(number, ()))
            )
            current = []
            number += 1
    if current:
        yield ConfLine(
            number,
            current[0].start,
            current[-1].end,
            tuple(current),
            tuple(by_line.get(number, ())),
        )

