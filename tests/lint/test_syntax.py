"""Syntax rules: each parser problem becomes its own rule, with fixes where safe."""

from __future__ import annotations

from tests.lint.helpers import assert_findings, lint

SYNTAX = {
    "syntax-error",
    "unterminated-string",
    "unquoted-path",
    "missing-value",
    "stray-token",
    "byte-order-mark",
    "nul-byte",
    "comment-at-end-of-file",
    "include-error",
    "not-utf8",
}


def test_each_problem_has_its_rule() -> None:
    text = (
        "a = 'it''s'\n"  # 1 syntax-error ('' is no escape)
        "b = 'open\n"  # 2 unterminated-string
        "pid_file_name = /run/pgpool.pid\n"  # 3 unquoted-path
        "port =\n"  # 4 missing-value
        "log_destination = stderr syslog\n"  # 5 stray-token
        "port = 9999 # ok\n"
        "# last line without newline"  # 7 comment-at-end-of-file
    )
    assert_findings(
        text,
        [
            (1, "syntax-error"),
            (2, "unterminated-string"),
            (3, "unquoted-path"),
            (4, "missing-value"),
            (5, "stray-token"),
            (7, "comment-at-end-of-file"),
        ],
        only=SYNTAX,
    )


def test_bom_and_nul() -> None:
    findings = assert_findings(
        "\ufeffport = 9999\nport = 1\x00\n", [(1, "byte-order-mark"), (2, "nul-byte")], only=SYNTAX
    )
    bom = next(f for f in findings if f.name == "byte-order-mark")
    assert bom.fix is not None and (bom.fix.start, bom.fix.end, bom.fix.text) == (0, 3, "")
    # the BOM-glued name is not reported a second time as unknown
    assert not [f for f in findings if f.name == "unknown-parameter"]


def test_comment_at_eof_fix_appends_newline() -> None:
    f = next(f for f in lint("port = 9999\n# end") if f.name == "comment-at-end-of-file")
    assert (f.fix.start, f.fix.end, f.fix.text) == (17, 17, "\n")


def test_latin1_is_a_warning_not_an_error() -> None:
    findings = lint(b"wd_lifecheck_user = 'caf\xe9'\n".decode("utf-8", "surrogateescape"))
    assert [(f.name, f.severity.value, f.location.column) for f in findings] == [
        ("not-utf8", "warning", 25)
    ]


def test_valid_file_has_no_syntax_findings() -> None:
    assert_findings("port = 9999\nlisten_addresses = '*'\n", [], only=SYNTAX)
