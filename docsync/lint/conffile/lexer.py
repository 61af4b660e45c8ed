"""pgpool.conf / postgresql.conf bytes -> tokens covering every byte (the lexer).

The tokenizer follows pgpool's flex lexer (``src/config/pool_config.l``) rule by rule:

=================  ======================================================================
rule               pattern (flex)
=================  ======================================================================
newline            ``\\n``
whitespace         ``[ \\t\\r]+``
comment            ``#.*$`` (``$`` needs a newline: a comment on a last line without one
                   does not match, and its ``#`` becomes a parse error)
KEY                ``{LETTER}{LETTER_OR_DIGIT}*`` with LETTER = ``[A-Za-z_\\200-\\377]``
STRING             ``\\'([^'\\n]|\\\\.)*\\'`` : ``''`` is no escape, ``\\'`` keeps its backslash
UNQUOTED_STRING    ``{LETTER}({LETTER_OR_DIGIT}|[-._:/])*``
INTEGER            ``{SIGN}?({DIGIT}+|0x{HEXDIGIT}+){UNIT_LETTER}*`` (unit letters from 4.2)
REAL               ``{SIGN}?{DIGIT}*"."{DIGIT}*{EXPONENT}?``
EQUALS             ``=``
PARSE_ERROR        any other byte
=================  ======================================================================

flex takes the longest match and, on a tie, the rule listed first (so ``port`` is a KEY and
``/tmp`` starts with a parse error). Every byte of the input ends up in exactly one token.
Offsets are byte offsets; ``line`` and ``column`` are 1-based and ``column`` counts
characters (undecodable bytes count one each).

PostgreSQL's lexer (``guc-file.l``) differs: ``''`` and backslash escapes are decoded in
strings, names may be qualified (``a.b``), a comment needs no newline, and a line holds
one setting. Pass ``POSTGRESQL`` as the dialect to read ``postgresql.conf``.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, replace
from typing import NamedTuple


class TokenKind(enum.Enum):
    """Token classes of the flex lexer, plus the ones it throws away (space, comment)."""

    KEY = "key"
    QUALIFIED_KEY = "qualified-key"
    STRING = "string"
    UNQUOTED = "unquoted"
    INTEGER = "integer"
    REAL = "real"
    EQUALS = "equals"
    NEWLINE = "newline"
    SPACE = "space"
    COMMENT = "comment"
    ERROR = "error"


class Token(NamedTuple):
    """One token: kind, byte span ``[start, end)``, 1-based line and column, raw bytes.

    A NamedTuple, like ``Setting``: a file has thousands and they are made three times
    faster than frozen dataclasses (issue 3 asks for 1,000 files a second)."""

    kind: TokenKind
    start: int
    end: int
    line: int
    column: int
    raw: bytes
    unterminated: bool = False

    @property
    def text(self) -> str:
        return self.raw.decode("utf-8", "surrogateescape")


@dataclass(frozen=True)
class Dialect:
    """What differs between pgpool's lexer (per version) and PostgreSQL's."""

    name: str
    doubled_quote_escape: bool = False  # PostgreSQL: 'it''s'
    backslash_is_plain: bool = True  # pgpool: [^'\n] also matches a backslash
    decode_escapes: bool = False  # PostgreSQL: DeescapeQuotedString()
    units_in_integer: bool = True  # pgpool 4.2+: 10s, 64MB lex as one INTEGER
    comment_needs_newline: bool = True  # pgpool: #.*$
    qualified_names: bool = False  # PostgreSQL: custom.option
    one_setting_per_line: bool = False  # PostgreSQL
    any_token_is_a_value: bool = True  # pgpool: even a PARSE_ERROR byte (``port = *``)
    include_directives: frozenset[str] = frozenset({"include"})


PGPOOL = Dialect(name="pgpool")
PGPOOL_42 = replace(PGPOOL, name="pgpool-4.2", include_directives=frozenset())
PGPOOL_41 = replace(PGPOOL_42, name="pgpool-4.1", units_in_integer=False)
POSTGRESQL = Dialect(
    name="postgresql",
    doubled_quote_escape=True,
    backslash_is_plain=False,
    decode_escapes=True,
    comment_needs_newline=False,
    qualified_names=True,
    one_setting_per_line=True,
    any_token_is_a_value=False,
    include_directives=frozenset({"include", "include_if_exists", "include_dir"}),
)


def pgpool_dialect(version: str) -> Dialect:
    """The lexer of a Pgpool-II version ``"X.Y"``: units from 4.2, include from 4.3."""
    major, minor = (int(x) for x in version.split(".")[:2])
    if (major, minor) < (4, 2):
        return PGPOOL_41
    if (major, minor) < (4, 3):
        return PGPOOL_42
    return PGPOOL


# The first byte decides which rules can match; within a class the longest match wins.
_LETTER = rb"A-Za-z_\x80-\xff"
_RE_SPACE = re.compile(rb"[ \t\r]+")
_RE_COMMENT = re.compile(rb"#[^\n]*")
_RE_KEY = re.compile(rb"[" + _LETTER + rb"][" + _LETTER + rb"0-9]*")
_RE_UNQUOTED = re.compile(rb"[" + _LETTER + rb"][" + _LETTER + rb"0-9._:/-]*")
_RE_QUALIFIED = re.compile(
    rb"[" + _LETTER + rb"][" + _LETTER + rb"0-9]*\.[" + _LETTER + rb"][" + _LETTER + rb"0-9]*"
)
_RE_INT_DEC = re.compile(rb"[-+]?[0-9]+")
_RE_INT_HEX = re.compile(rb"[-+]?0x[0-9a-fA-F]+")
_RE_UNITS = re.compile(rb"[a-zA-Z]*")
_RE_REAL = re.compile(rb"[-+]?[0-9]*\.[0-9]*(?:[Ee][-+]?[0-9]+)?")
_RE_SIMPLE_STRING = re.compile(rb"'[^'\n\\]*'")
_LETTER_BYTES = frozenset(
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_" + bytes(range(0x80, 0x100))
)
_NUMBER_START = frozenset(b"+-.0123456789")
NAME_BYTES = frozenset(bytes([b]) for b in _LETTER_BYTES | frozenset(b"0123456789-._:/"))


def _scan_string(data: bytes, pos: int, dialect: Dialect) -> int:
    """End offset of the longest STRING match at ``pos`` (a quote), or -1 if unterminated.

    flex's longest-match over ``'([^'\\n]|\\\\.)*'`` can end at more than one quote when the
    string holds backslashes (``'a\\'`` and ``'a\\'b'``), so all paths are followed.
    """
    m = _RE_SIMPLE_STRING.match(data, pos)
    eol = data.find(b"\n", pos + 1)
    if eol < 0:
        eol = len(data)
    if m and not dialect.doubled_quote_escape:
        return m.end()
    best = -1
    active = {pos + 1}
    i = pos + 1
    while i < eol and active:
        if i in active:
            active.discard(i)
            c = data[i]
            if c == 0x27:  # quote: closes; in PostgreSQL '' continues
                best = i + 1
                if dialect.doubled_quote_escape and i + 1 < eol and data[i + 1] == 0x27:
                    active.add(i + 2)
            else:
                if c == 0x5C and i + 1 < eol:  # backslash escapes any byte but a newline
                    active.add(i + 2)
                if c != 0x5C or dialect.backslash_is_plain:
                    active.add(i + 1)
        i += 1
    return best


def _scan_number(data: bytes, pos: int, dialect: Dialect) -> tuple[TokenKind, int] | None:
    best_kind, best_end = None, pos
    for rx in (_RE_INT_DEC, _RE_INT_HEX):
        m = rx.match(data, pos)
        if m:
            end = m.end()
            if dialect.units_in_integer:
                end = _RE_UNITS.match(data, end).end()
            if end > best_end:
                best_kind, best_end = TokenKind.INTEGER, end
    m = _RE_REAL.match(data, pos)
    if m and m.end() > best_end:  # on a tie INTEGER wins: it is listed first
        best_kind, best_end = TokenKind.REAL, m.end()
    return (best_kind, best_end) if best_kind else None


def tokenize(
    data: bytes, dialect: Dialect = PGPOOL, start: int = 0, end: int | None = None, line: int = 1
) -> list[Token]:
    """Split ``data`` into tokens covering every byte, in order.

    ``start``/``end``/``line`` tokenize a window that begins a line (numbered ``line``) and
    ends after a newline or at the end of the data: no token crosses a newline.
    """
    tokens: list[Token] = []
    append = tokens.append
    n = len(data) if end is None else end
    pos = start
    line_start = start
    eol = data.find(b"\n", start, n)
    if eol < 0:
        eol = n
    ascii_line = data[start:eol].isascii()
    while pos < n:
        c = data[pos]
        unterminated = False
        if c == 0x0A:
            kind, end = TokenKind.NEWLINE, pos + 1
        elif c in (0x20, 0x09, 0x0D):
            kind, end = TokenKind.SPACE, _RE_SPACE.match(data, pos).end()
        elif c == 0x23:
            kind, end = TokenKind.COMMENT, _RE_COMMENT.match(data, pos).end()
        elif c in _LETTER_BYTES:
            key_end = _RE_KEY.match(data, pos).end()
            unq_end = _RE_UNQUOTED.match(data, pos).end()
            kind, end = TokenKind.KEY, key_end
            if dialect.qualified_names:
                q = _RE_QUALIFIED.match(data, pos)
                if q and q.end() >= unq_end:
                    kind, end = TokenKind.QUALIFIED_KEY, q.end()
            if unq_end > end:
                kind, end = TokenKind.UNQUOTED, unq_end
        elif c == 0x27:
            end = _scan_string(data, pos, dialect)
            kind = TokenKind.STRING
            if end < 0:  # the lexer sees a lone quote (parse error); keep the rest of the line
                unterminated = True
                end = data.find(b"\n", pos)
                end = n if end < 0 else end
        elif c == 0x3D:
            kind, end = TokenKind.EQUALS, pos + 1
        elif c in _NUMBER_START and (num := _scan_number(data, pos, dialect)):
            kind, end = num
        else:
            kind, end = TokenKind.ERROR, pos + 1
        if ascii_line:
            column = pos - line_start + 1
        else:
            column = len(data[line_start:pos].decode("utf-8", "surrogateescape")) + 1
        append(Token(kind, pos, end, line, column, data[pos:end], unterminated))
        pos = end
        if kind is TokenKind.NEWLINE:
            line += 1
            line_start = pos
            eol = data.find(b"\n", pos)
            if eol < 0:
                eol = n
            ascii_line = data[pos:eol].isascii()
    return tokens
