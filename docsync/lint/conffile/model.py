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
    """``name = value`` as the server reads it: value without quotes, nothing unescaped.

    Flat fields rather than two ``Token`` values: a file has hundreds of settings and one
    tuple is a quarter of the cost of three (issue 9). ``key`` and ``value_token`` build the
    tokens when asked; name and value are on one line (no token crosses a newline).
    """

    name: str
    value: str
    path: str
    line: int
    column: int  # of the name
    key_kind: TokenKind
    key_start: int
    key_end: int
    value_kind: TokenKind
    value_start: int
    value_end: int
    value_column: int
    value_raw: bytes

    @classmethod
    def of(cls, name: str, value: str, key: Token, value_token: Token, path: str) -> Setting:
        """A setting from its name and value tokens (the tokenizer's parser)."""
        return cls(
            name,
            value,
            path,
            key.line,
            key.column,
            key.kind,
            key.start,
            key.end,
            value_token.kind,
            value_token.start,
            value_token.end,
            value_token.column,
            value_token.raw,
        )

    @property
    def key(self) -> Token:
        raw = self.name.encode("utf-8", "surrogateescape")
        return Token(self.key_kind, self.key_start, self.key_end, self.line, self.column, raw)

    @property
    def value_token(self) -> Token:
        return Token(
            self.value_kind,
            self.value_start,
            self.value_end,
            self.line,
            self.value_column,
            self.value_raw,
        )

    @property
    def quoted(self) -> bool:
        return self.value_kind is TokenKind.STRING


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

