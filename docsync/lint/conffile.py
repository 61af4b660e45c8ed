"""pgpool.conf / postgresql.conf bytes -> tokens, lines and settings, losslessly.

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
``/tmp`` starts with a parse error). The parser then mirrors ``ParseConfigFile()``: a KEY, an
optional ``=``, and whatever token comes next is the value; several pairs may share a line.

Every byte of the input ends up in exactly one token, so ``ConfFile.render()`` gives back
the input byte for byte. Offsets are byte offsets; ``line`` and ``column`` are 1-based and
``column`` counts characters (undecodable bytes count one each).

PostgreSQL's lexer (``guc-file.l``) differs: ``''`` and backslash escapes are decoded in
strings, names may be qualified (``a.b``), a comment needs no newline, and a line holds
one setting. Pass ``POSTGRESQL`` as the dialect to read ``postgresql.conf``.
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from docsync.redact import SHOWN, is_secret_name


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


class Setting(NamedTuple):
    """``name = value`` as the server reads it: value without quotes, nothing unescaped."""

    name: str
    value: str
    key: Token
    value_token: Token
    equals: Token | None
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
_NAME_BYTES = {bytes([b]) for b in _LETTER_BYTES | frozenset(b"0123456789-._:/")}


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


_VALUE_KINDS = frozenset(
    {TokenKind.STRING, TokenKind.UNQUOTED, TokenKind.KEY, TokenKind.INTEGER, TokenKind.REAL}
)
_SKIP = frozenset({TokenKind.SPACE, TokenKind.COMMENT})


def _decode_pg_string(body: str) -> str:
    """PostgreSQL's DeescapeQuotedString() for the text between the quotes."""
    out: list[str] = []
    i = 0
    simple = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            if nxt in simple:
                out.append(simple[nxt])
                i += 2
                continue
            if nxt in "01234567":
                j = i + 1
                while j < len(body) and j < i + 4 and body[j] in "01234567":
                    j += 1
                out.append(chr(int(body[i + 1 : j], 8) & 0xFF))
                i = j
                continue
            out.append(nxt)
            i += 2
            continue
        if ch == "'" and i + 1 < len(body) and body[i + 1] == "'":
            out.append("'")
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def _value_of(token: Token, dialect: Dialect) -> str:
    text = token.text
    if token.kind is TokenKind.STRING:
        body = text[1:-1]
        return _decode_pg_string(body) if dialect.decode_escapes else body
    return text


class _Parser:
    def __init__(self, path: str, data: bytes, tokens: list[Token], dialect: Dialect) -> None:
        self.path = path
        self.data = data
        self.dialect = dialect
        self.sig = [t for t in tokens if t.kind not in _SKIP]
        self.i = 0
        self.problems: list[SyntaxProblem] = []
        self.items: list[Setting | Include] = []
        # The line of the last secret parameter's name: whatever follows it there is part of
        # the secret as far as messages go (`wd_authkey = my secret` must not quote `secret`).
        self.secret_line = -1

    def next(self) -> Token | None:
        if self.i < len(self.sig):
            tok = self.sig[self.i]
            self.i += 1
            return tok
        return None

    def problem(self, kind: Problem, tok: Token, message: str, end: int | None = None) -> None:
        self.problems.append(
            SyntaxProblem(
                kind, tok.line, tok.column, tok.start, tok.end if end is None else end, message
            )
        )

    def skip_line(self, tok: Token | None) -> None:
        """Error recovery: the server stops here; we resume after the next newline."""
        while tok is not None and tok.kind is not TokenKind.NEWLINE:
            tok = self.next()

    def run(self) -> None:
        key_kinds = (
            (TokenKind.KEY, TokenKind.QUALIFIED_KEY)
            if self.dialect.qualified_names
            else (TokenKind.KEY,)
        )
        prev_setting_line = -1
        while (tok := self.next()) is not None:
            if tok.kind is TokenKind.NEWLINE:
                continue
            if tok.kind not in key_kinds:
                self.report_unexpected(tok, "a parameter name")
                self.skip_line(tok)
                continue
            key = tok
            if is_secret_name(key.text):
                self.secret_line = key.line
            tok = self.next()
            equals = None
            if tok is not None and tok.kind is TokenKind.EQUALS:
                equals, tok = tok, self.next()
            if tok is None or tok.kind is TokenKind.NEWLINE:
                if equals is None and key.line == prev_setting_line and key.line == self.secret_line:
                    self.problem(
                        Problem.STRAY,
                        key,
                        f"stray {SHOWN} after the value of a secret parameter: the server reads "
                        "it as another parameter with an empty value (quote the whole value)",
                    )
                elif equals is None and key.line == prev_setting_line:
                    self.problem(
                        Problem.STRAY,
                        key,
                        f"stray {key.text!r} after a value: the server reads it as a parameter "
                        f"named {key.text!r} with an empty value",
                    )
                else:
                    self.problem(Problem.MISSING_VALUE, key, f"{key.text} has no value")
                continue
            if (tok.kind not in _VALUE_KINDS or tok.unterminated) and not self.lone_byte(tok):
                self.report_unexpected(tok, "a value")
                self.skip_line(tok)
                continue
            self.add(key, equals, tok)
            prev_setting_line = tok.line
            if self.dialect.one_setting_per_line:
                tail = self.next()
                if tail is not None and tail.kind is not TokenKind.NEWLINE:
                    self.report_unexpected(tail, "the end of the line")
                    self.skip_line(tail)

    def lone_byte(self, tok: Token) -> bool:
        """A PARSE_ERROR byte standing alone where a value belongs: pgpool's parser takes
        whatever token follows the name as the value, so ``listen_addresses = *`` reads '*'.
        Glued to more text (``/tmp``, ``"x"``) only the first byte would be the value and the
        rest a new name: that stays a syntax problem."""
        if not self.dialect.any_token_is_a_value:
            return False
        if tok.kind is not TokenKind.ERROR or tok.raw == b"\x00":
            return False
        rest = self.sig[self.i] if self.i < len(self.sig) else None
        return rest is None or rest.kind is TokenKind.NEWLINE or rest.start != tok.end

    def add(self, key: Token, equals: Token | None, value: Token) -> None:
        name = key.text
        text = _value_of(value, self.dialect)
        if name in self.dialect.include_directives:
            self.items.append(Include(name, text, key, value, self.path))
        else:
            self.items.append(Setting(name, text, key, value, equals, self.path))

    def report_unexpected(self, tok: Token, expected: str) -> None:
        if tok.unterminated:
            self.problem(Problem.UNTERMINATED, tok, "unterminated quoted string")
            return
        if tok.raw == b"/":
            end = tok.end
            rest = self.sig[self.i] if self.i < len(self.sig) else None
            if rest is not None and rest.start == tok.end and rest.kind is not TokenKind.NEWLINE:
                end = rest.end
            self.problem(
                Problem.UNQUOTED_PATH,
                tok,
                "unquoted path: a value starting with '/' must be quoted ('/path')",
                end=end,
            )
            return
        if tok.raw == b"\x00":
            return  # reported once per file as NUL
        if tok.raw == b'"':
            self.problem(
                Problem.UNEXPECTED,
                tok,
                "double quotes do not quote in pgpool.conf: the server reads '\"' alone as "
                "the value and what follows as another setting; use single quotes",
            )
            return
        shown = tok.text if tok.kind is not TokenKind.NEWLINE else "end of line"
        if tok.line == self.secret_line and tok.kind is not TokenKind.NEWLINE:
            message = f"syntax error at {SHOWN} in the value of a secret parameter: expected {expected}"
            self.problem(Problem.UNEXPECTED, tok, message)
            return
        if len(shown) > 40:
            shown = shown[:37] + "..."
        self.problem(Problem.UNEXPECTED, tok, f"syntax error at {shown!r}: expected {expected}")


@functools.cache
def _plain_line(units: bool) -> re.Pattern[bytes]:
    """Blank and comment lines, then at most one line ``name [=] value [# comment]`` whose
    tokens cannot be anything but KEY, EQUALS and one STRING (no backslash), KEY/UNQUOTED
    (ASCII) or INTEGER value: for these flex's longest match gives exactly these spans."""
    integer = rb"[-+]?[0-9]+[a-zA-Z]*" if units else rb"[-+]?[0-9]+"
    return re.compile(
        # Possessive (*+) where two runs of blanks meet: a long run with no '=' is then one
        # pass, not every way of splitting it (quadratic; issue 8).
        rb"(?:[ \t\r]*+(?:#[^\n]*)?\n)*"
        rb"(?:([ \t\r]*+)([A-Za-z_][A-Za-z0-9_]*)(?![A-Za-z0-9_.:/\x80-\xff-])[ \t\r]*+(=)?[ \t\r]*+"
        rb"('([^'\n\\]*)'|([A-Za-z_][A-Za-z0-9_]*)(?![-.:/])|[A-Za-z_][A-Za-z0-9_.:/-]*|("
        + integer
        + rb"))[ \t\r]*+(?:#[^\n]*)?\n)?"
    )


def _scan_lines(
    data: bytes, path: str, dialect: Dialect
) -> tuple[list[Token], list[Setting | Include]]:
    """Settings of plain lines, read by one regular expression that also skips blank and
    comment lines, and the tokens of every other line (for the tokenizer's parser)."""
    slow: list[Token] = []
    items: list[Setting | Include] = []
    append = items.append
    match = _plain_line(dialect.units_in_integer).match
    count = data.count
    find = data.find
    key_kind, eq_kind, int_kind = TokenKind.KEY, TokenKind.EQUALS, TokenKind.INTEGER
    string_kind, unquoted_kind = TokenKind.STRING, TokenKind.UNQUOTED
    directives = dialect.include_directives
    n = len(data)
    pos = 0
    line = 1
    while pos < n:
        m = match(data, pos)
        regs = m.regs  # all group spans at once
        start = regs[1][0]
        if start < 0:  # trivia up to a line the regular expression does not read
            end = m.end()
            line += count(b"\n", pos, end)
            if end >= n:
                break
            eol = find(b"\n", end)
            pos = n if eol < 0 else eol + 1
            slow += tokenize(data, dialect, end, pos, line)
            line += 1
            continue
        if start != pos:
            line += count(b"\n", pos, start)
        ks, ke = regs[2]
        vs, ve = regs[4]
        if regs[5][0] >= 0:
            kind, value = string_kind, data[vs + 1 : ve - 1].decode("utf-8", "surrogateescape")
        else:
            value = data[vs:ve].decode("ascii")
            kind = key_kind if regs[6][0] >= 0 else int_kind if regs[7][0] >= 0 else unquoted_kind
        name = data[ks:ke].decode("ascii")
        key = Token(key_kind, ks, ke, line, ks - start + 1, data[ks:ke])
        value_token = Token(kind, vs, ve, line, vs - start + 1, data[vs:ve])
        if name in directives:
            append(Include(name, value, key, value_token, path))
        else:
            es = regs[3][0]
            equals = Token(eq_kind, es, es + 1, line, es - start + 1, b"=") if es >= 0 else None
            append(Setting(name, value, key, value_token, equals, path))
        pos = regs[0][1]
        line += 1
    return slow, items


def parse_conf(data: bytes, path: str = "<string>", dialect: Dialect = PGPOOL) -> ConfFile:
    """Parse configuration bytes once; every later stage reads the returned value.

    For pgpool's dialects, plain ``name = value`` lines (nearly all the settings of a real
    file) are read by one regular expression, blank and comment lines are skipped, and the
    rest goes through the tokenizer and parser. Lines are independent in pgpool's grammar (no
    token and no setting crosses a newline), so the result is what the tokenizer and parser
    give for the whole file (tests compare both on arbitrary input).
    """
    if not dialect.any_token_is_a_value or b"\x00" in data:
        tokens = tokenize(data, dialect)
        conf = _parse_tokens(data, path, dialect, tokens)
        conf.__dict__["tokens"] = tuple(tokens)
        return conf
    slow, plain = _scan_lines(data, path, dialect)
    parser = _Parser(path, data, slow, dialect)
    parser.run()
    items = parser.items
    if items:  # some settings came from tokenized lines: restore file order
        items += plain
        items.sort(key=_start_of)
    else:
        parser.items = items = plain
    last = slow[-1] if slow and slow[-1].end == len(data) else None
    return _finish(data, path, dialect, parser, [] if last is None else [last])


def _start_of(item: Setting | Include) -> int:
    return item.key.start


def _parse_tokens(data: bytes, path: str, dialect: Dialect, tokens: list[Token]) -> ConfFile:
    parser = _Parser(path, data, tokens, dialect)
    parser.run()
    conf = _finish(data, path, dialect, parser, tokens[-1:], tokens)
    return conf


def _finish(
    data: bytes,
    path: str,
    dialect: Dialect,
    parser: _Parser,
    last: list[Token],
    tokens: list[Token] | None = None,
) -> ConfFile:
    """File-level problems (BOM, NUL, comment at the end) and the ConfFile."""
    problems = parser.problems
    if data.startswith(BOM):
        glued = data[3:4] in _NAME_BYTES  # the BOM starts the first name
        problems.insert(
            0,
            SyntaxProblem(
                Problem.BOM,
                1,
                1,
                0,
                len(BOM),
                "UTF-8 byte order mark: the server reads it as part of the first name, "
                "so the first setting is silently dropped"
                if glued
                else "UTF-8 byte order mark: the server reads it as a parameter name of its "
                "own, and a setting on the first line would be silently dropped",
            ),
        )
    # flex's '.' matches NUL, so a NUL inside a comment is harmless; elsewhere C strings end.
    nul = data.find(b"\x00")
    tok = None
    if nul >= 0 and tokens is not None:
        tok = next(
            (t for t in tokens if b"\x00" in t.raw and t.kind is not TokenKind.COMMENT), None
        )
    if tok is not None:
        nul = tok.start + tok.raw.index(b"\x00")
        problems.append(
            SyntaxProblem(
                Problem.NUL,
                tok.line,
                tok.column,
                nul,
                nul + 1,
                "NUL byte: the server truncates the line there",
            )
        )
    if dialect.comment_needs_newline and last:
        last = last[-1]
        if last.kind is TokenKind.COMMENT:
            problems.append(
                SyntaxProblem(
                    Problem.COMMENT_AT_EOF,
                    last.line,
                    last.column,
                    last.start,
                    last.end,
                    "comment on the last line without a newline: the server's lexer cannot "
                    "read it (syntax error at '#')",
                )
            )
    problems.sort(key=lambda p: (p.start, p.kind.value))
    items = parser.items
    includes = tuple(s for s in items if isinstance(s, Include))
    settings = tuple(s for s in items if isinstance(s, Setting)) if includes else tuple(items)
    return ConfFile(path, data, dialect, settings, includes, tuple(problems), tuple(items))


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
