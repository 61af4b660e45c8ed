"""The tokenizer and parser: pgpool's lexer rules, positions, losslessness, includes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docsync.lint.conffile import (
    BOM,
    PGPOOL,
    PGPOOL_41,
    PGPOOL_42,
    POSTGRESQL,
    TokenKind,
    parse_conf,
    parse_tokens,
    pgpool_dialect,
    tokenize,
)
from docsync.lint.files import ReadError, expand_includes, read_input


def kinds(src: bytes, dialect=PGPOOL) -> list[tuple[str, bytes]]:
    return [(t.kind.value, t.raw) for t in tokenize(src, dialect) if t.kind is not TokenKind.SPACE]


def values(src: bytes, dialect=PGPOOL) -> list[tuple[str, str]]:
    return [(s.name, s.value) for s in parse_conf(src, "t.conf", dialect).settings]


def problems(src: bytes, dialect=PGPOOL) -> list[str]:
    return [p.kind.value for p in parse_conf(src, "t.conf", dialect).problems]


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        # KEY and UNQUOTED_STRING tie on plain words: KEY is listed first.
        (b"on", [("key", b"on")]),
        (b"a-b", [("unquoted", b"a-b")]),
        (b"/tmp", [("error", b"/"), ("key", b"tmp")]),
        # INTEGER takes unit letters (4.2+); REAL wins when it is longer.
        (b"10s", [("integer", b"10s")]),
        (b"64MB", [("integer", b"64MB")]),
        (b"1.5", [("real", b"1.5")]),
        (b"-0x1F", [("integer", b"-0x1F")]),
        (b".", [("real", b".")]),
        (b"+", [("error", b"+")]),
        (b"=", [("equals", b"=")]),
        (b"'a''b'", [("string", b"'a'"), ("string", b"'b'")]),
        (b"'a\\'b'", [("string", b"'a\\'b'")]),
        (b"'a\\'", [("string", b"'a\\'")]),
        (b"# c\n", [("comment", b"# c"), ("newline", b"\n")]),
        (b";", [("error", b";")]),
        (b"\xc3\xa9t\xc3\xa9", [("key", b"\xc3\xa9t\xc3\xa9")]),  # bytes 0x80-0xff are letters
    ],
)
def test_tokens_follow_pgpool_lexer(src: bytes, expected: list) -> None:
    assert kinds(src) == expected


def test_units_are_separate_tokens_in_41() -> None:
    assert kinds(b"10s", PGPOOL_41) == [("integer", b"10"), ("key", b"s")]


def test_dialect_by_version() -> None:
    assert pgpool_dialect("4.1") is PGPOOL_41
    assert not pgpool_dialect("4.2").include_directives
    assert pgpool_dialect("4.3").include_directives == {"include"}


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        (b"port = 9999\n", [("port", "9999")]),
        (b"port 9999\n", [("port", "9999")]),  # '=' is optional
        (b"a = 1 b = 2 c 3\n", [("a", "1"), ("b", "2"), ("c", "3")]),  # several pairs per line
        (b"x = 'a\\'b'\n", [("x", "a\\'b")]),  # \' keeps its backslash
        (b"x = '%d %h'  # comment\n", [("x", "%d %h")]),
        (b"x = 'y'\r\n", [("x", "y")]),  # CR is whitespace
        (b"x = 'y'", [("x", "y")]),  # no final newline
    ],
)
def test_settings(src: bytes, expected: list) -> None:
    assert values(src) == expected
    assert problems(src) == []


@pytest.mark.parametrize(
    ("src", "kind"),
    [
        (b"x = 'it''s'\n", "unexpected-token"),
        (b"x = 'open\n", "unterminated-string"),
        (b"x = /var/lib\n", "unquoted-path"),
        (b"x =\n", "missing-value"),
        (b"x = 1 y\n", "stray-token"),
        (b"x = 1;\n", "unexpected-token"),
        (b"x = ;y\n", "unexpected-token"),
        (b'x = "y"\n', "unexpected-token"),
        (b"1 = x\n", "unexpected-token"),
        (BOM + b"x = 1\n", "bom"),
        (b"x = 1\x00\n", "nul"),
        (b"x = 1\n# no newline", "comment-at-eof"),
    ],
)
def test_syntax_problems(src: bytes, kind: str) -> None:
    assert kind in problems(src)


@pytest.mark.parametrize("byte", [b"*", b";", b"/", b"-", b'"'])
def test_a_lone_parse_error_byte_is_a_value(byte: bytes) -> None:
    """pgpool's parser takes whatever token follows the name (checked against pgpool 4.3.5:
    ``listen_addresses = *`` reads '*'); glued to more text it is still a syntax problem."""
    assert values(b"x = " + byte + b" # c\ny = 1\n") == [("x", byte.decode()), ("y", "1")]
    assert problems(b"x = " + byte + b"\n") == []
    assert problems(b"x = " + byte) == []
    assert problems(b"x = " + byte + b"z\n") != []


def test_nul_in_a_comment_is_harmless() -> None:
    """flex's '.' matches NUL, so pgpool reads a comment with a NUL byte as a comment."""
    assert problems(b"x = 1 # a\x00b\n") == []


def test_bom_makes_the_first_name_unknown() -> None:
    conf = parse_conf(BOM + b"port = 1\n")
    assert conf.settings[0].name == "\ufeffport"
    assert conf.has_bom


def test_comment_with_newline_at_eof_is_fine() -> None:
    assert problems(b"x = 1\n# fine\n") == []
    assert problems(b"x = 1\n# fine", POSTGRESQL) == []  # PostgreSQL's comment rule has no $


def test_positions_are_one_based_and_count_characters() -> None:
    conf = parse_conf("a = 'é'  b = 1\n\n  c = 2\n".encode())
    a, b, c = conf.settings
    assert (a.line, a.column) == (1, 1)
    assert (b.line, b.column) == (1, 10)  # 'é' is two bytes but one column
    assert b.key.start == 10
    assert (c.line, c.column) == (3, 3)
    assert conf.lines[0].settings == (a, b)
    assert conf.lines[2].number == 3


def test_postgresql_dialect_decodes_strings_and_allows_qualified_names() -> None:
    src = b"a = 'it''s'\nb = 'x\\ty'\ncustom.opt = on\n"
    assert values(src, POSTGRESQL) == [("a", "it's"), ("b", "x\ty"), ("custom.opt", "on")]
    assert problems(b"a = 1 b = 2\n", POSTGRESQL) == ["unexpected-token"]


TEXT = st.text(alphabet=st.sampled_from(list("ab_= '\"#\\/.0123456789xs-\t\r\né\x00")), max_size=80)


@settings(max_examples=300, deadline=None)
@given(body=TEXT, bom=st.booleans(), crlf=st.booleans())
def test_parse_then_render_is_byte_identical(body: str, bom: bool, crlf: bool) -> None:
    data = body.encode("utf-8")
    if crlf:
        data = data.replace(b"\n", b"\r\n")
    if bom:
        data = BOM + data
    for dialect in (PGPOOL, PGPOOL_41, POSTGRESQL):
        conf = parse_conf(data, "p.conf", dialect)
        assert conf.render() == data
        # tokens tile the input: contiguous, non-empty, lines counted by newlines
        pos = 0
        for tok in conf.tokens:
            assert tok.start == pos < tok.end
            pos = tok.end
        assert sum(len(line.tokens) for line in conf.lines) == len(conf.tokens)


def _whole_file(data: bytes, dialect) -> tuple:
    """What the tokenizer and parser make of the whole file at once (the reference)."""
    conf = parse_tokens(data, "p.conf", dialect, tokenize(data, dialect))
    return conf.items, conf.problems


LINES = st.lists(
    st.sampled_from(
        [
            "port = 9999", "port=9999", "port 9999", "  port\t=\t'x' # c", "a = b c = 'd'",
            "x = 10s", "x = 0x1F", "x = 1.5", "x = 1e3", "x = -5", "x = +5k", "x = a.b:c/d-e",
            "x = on# c", "x = 'a\\'b'", "x = 'it''s'", "x = /tmp", "x = *", "x = ;y", "x = 'é'",
            "é = 1", "x.y = 1", "x-y = 1", "port", "port =", "= 1", "# comment", "", "  ",
            "include = 'f.conf'", "x = 'open", "x = 5é", "x = abc\x80", "1 = x", "x = 'a' 'b'",
        ]
    ),
    max_size=12,
)


@settings(max_examples=300, deadline=None)
@given(lines=LINES, text=TEXT, crlf=st.booleans(), final_newline=st.booleans())
def test_line_by_line_parse_equals_whole_file_parse(
    lines: list[str], text: str, crlf: bool, final_newline: bool
) -> None:
    """parse_conf reads plain lines by one regular expression; the result must be the one the
    tokenizer and parser give for the whole file."""
    body = "\n".join([*lines, text]) + ("\n" if final_newline else "")
    data = body.encode("utf-8", "surrogateescape")
    if crlf:
        data = data.replace(b"\n", b"\r\n")
    for dialect in (PGPOOL, PGPOOL_42, PGPOOL_41):
        conf = parse_conf(data, "p.conf", dialect)
        assert (conf.items, conf.problems) == _whole_file(data, dialect)


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=120))
def test_any_bytes_round_trip(data: bytes) -> None:
    assert parse_conf(data).render() == data
    for dialect in (PGPOOL, PGPOOL_41):
        conf = parse_conf(data, "p.conf", dialect)
        assert (conf.items, conf.problems) == _whole_file(data, dialect)
    assert parse_conf(data).render() == data


def test_include_is_relative_to_the_including_file(tmp_path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "inner.conf").write_bytes(b"port = 1\n")
    (tmp_path / "sub" / "mid.conf").write_bytes(b"include = 'inner.conf'\nport = 2\n")
    root = tmp_path / "pgpool.conf"
    root.write_bytes(b"port = 0\ninclude = 'sub/mid.conf'\nport = 3\n")
    conf = parse_conf(read_input(str(root)), str(root), PGPOOL)
    tree = expand_includes(conf, PGPOOL)
    assert [s.value for s in tree.settings] == ["0", "1", "2", "3"]  # spliced in place
    assert tree.issues == ()
    assert len(tree.files) == 3


def test_include_cycle_depth_and_missing(tmp_path) -> None:
    (tmp_path / "a.conf").write_bytes(b"include = 'b.conf'\n")
    (tmp_path / "b.conf").write_bytes(b"include = 'a.conf'\n")
    conf = parse_conf(
        b"include = 'a.conf'\ninclude = 'missing.conf'\n", str(tmp_path / "root.conf")
    )
    issues = [i.message for i in expand_includes(conf, PGPOOL).issues]
    assert any("cycle" in m for m in issues)
    assert any("missing.conf" in m and "no such file" in m for m in issues)
    for i in range(12):
        (tmp_path / f"d{i}.conf").write_bytes(f"include = 'd{i + 1}.conf'\n".encode())
    (tmp_path / "d12.conf").write_bytes(b"port = 1\n")
    deep = parse_conf(b"include = 'd0.conf'\n", str(tmp_path / "root.conf"))
    assert any("deeper than 10" in i.message for i in expand_includes(deep, PGPOOL).issues)
    ok = parse_conf(b"include = 'd3.conf'\n", str(tmp_path / "root.conf"))  # 10 levels: fine
    assert expand_includes(ok, PGPOOL).issues == ()


def test_read_input_reasons(tmp_path) -> None:
    with pytest.raises(ReadError, match="no such file"):
        read_input(str(tmp_path / "nope"))
    with pytest.raises(ReadError, match="directory"):
        read_input(str(tmp_path))
    binary = tmp_path / "bin"
    binary.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(ReadError, match="binary"):
        read_input(str(binary))
