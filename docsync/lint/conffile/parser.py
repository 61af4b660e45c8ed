"""Tokens -> settings and includes, as pgpool's ``ParseConfigFile()`` (or PostgreSQL's) reads them.

The parser mirrors ``ParseConfigFile()``: a KEY, an optional ``=``, and whatever token comes
next is the value; several pairs may share a line. PostgreSQL's grammar holds one setting per
line and decodes escapes in strings. Plain lines take a fast path (``_scan_lines``) that gives
what the tokenizer and parser give (tests compare both on arbitrary input).
"""

from __future__ import annotations

import re

from docsync.lint.conffile.lexer import NAME_BYTES, PGPOOL, Dialect, Token, TokenKind, tokenize
from docsync.lint.conffile.model import BOM, ConfFile, Include, Problem, Setting, SyntaxProblem
from docsync.redact import SHOWN, is_secret_name

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
            self.add(key, tok)
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

    def add(self, key: Token, value: Token) -> None:
        name = key.text
        text = _value_of(value, self.dialect)
        if name in self.dialect.include_directives:
            self.items.append(Include(name, text, key, value, self.path))
        else:
            self.items.append(Setting.of(name, text, key, value, self.path))

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


# Compiled once at import: the fast path of every file needs one of the two.
_PLAIN_LINE = {units: _plain_line(units) for units in (False, True)}


def _scan_lines(
    data: bytes, path: str, dialect: Dialect
) -> tuple[list[Token], list[Setting | Include]]:
    """Settings of plain lines, read by one regular expression that also skips blank and
    comment lines, and the tokens of every other line (for the tokenizer's parser)."""
    slow: list[Token] = []
    items: list[Setting | Include] = []
    append = items.append
    match = _PLAIN_LINE[dialect.units_in_integer].match
    count = data.count
    find = data.find
    key_kind, int_kind = TokenKind.KEY, TokenKind.INTEGER
    string_kind, unquoted_kind = TokenKind.STRING, TokenKind.UNQUOTED
    directives = dialect.include_directives
    new = tuple.__new__
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
        raw_key = data[ks:ke]
        raw_value = data[vs:ve]
        if regs[5][0] >= 0:
            kind, value = string_kind, raw_value[1:-1].decode("utf-8", "surrogateescape")
        else:
            value = raw_value.decode("ascii")
            kind = key_kind if regs[6][0] >= 0 else int_kind if regs[7][0] >= 0 else unquoted_kind
        name = raw_key.decode("ascii")
        # tuple.__new__ with every field given: a third of the cost of Setting(...), which
        # goes through the NamedTuple's Python-level __new__ (this loop runs per setting).
        if name in directives:
            key = new(Token, (key_kind, ks, ke, line, ks - start + 1, raw_key, False))
            value_token = new(Token, (kind, vs, ve, line, vs - start + 1, raw_value, False))
            append(Include(name, value, key, value_token, path))
        else:
            kc, vc = ks - start + 1, vs - start + 1
            append(new(Setting, (name, value, path, line, kc, key_kind, ks, ke, kind, vs, ve, vc, raw_value)))
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
        conf = parse_tokens(data, path, dialect, tokens)
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
    return item.key_start if isinstance(item, Setting) else item.key.start


def parse_tokens(data: bytes, path: str, dialect: Dialect, tokens: list[Token]) -> ConfFile:
    """The slow path alone: parse tokens of the whole file (tests compare it with ``parse_conf``)."""
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
        glued = data[3:4] in NAME_BYTES  # the BOM starts the first name
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
