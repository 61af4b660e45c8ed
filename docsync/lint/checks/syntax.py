"""Syntax: what pgpool's lexer and parser reject or silently misread."""

from __future__ import annotations

from collections.abc import Iterator

from docsync.lint.catalogue import lint_rules_data
from docsync.lint.conffile import BOM, Problem, SyntaxProblem
from docsync.lint.context import LintContext
from docsync.lint.files import include_reports
from docsync.lint.registry import Report, check
from docsync.model import Fix, Location


def _problems(ctx: LintContext, kind: Problem) -> Iterator[tuple[str, SyntaxProblem]]:
    for conf in ctx.tree.files:
        for p in conf.problems:
            if p.kind is kind:
                yield conf.path, p


def _reports(ctx: LintContext, kind: Problem, fix: Fix | None = None) -> Iterator[Report]:
    for path, p in _problems(ctx, kind):
        yield Report(
            Location(path, p.line, p.column), p.message, fix=fix if path == ctx.path else None
        )


@check("PGP001")
def check_syntax_error(ctx: LintContext) -> Iterator[Report]:
    """A token the server's parser does not accept where it stands."""
    yield from _reports(ctx, Problem.UNEXPECTED)


@check("PGP002")
def check_unterminated_string(ctx: LintContext) -> Iterator[Report]:
    """A quoted value without its closing quote on the same line."""
    yield from _reports(ctx, Problem.UNTERMINATED)


@check("PGP003")
def check_unquoted_path(ctx: LintContext) -> Iterator[Report]:
    """A value starting with '/' that is not quoted."""
    yield from _reports(ctx, Problem.UNQUOTED_PATH)


def _accepted_reading(ctx: LintContext, name: str) -> str | None:
    """What pgpool reads for a name with no value, or None where it refuses the line."""
    m = ctx.match(name)
    if m.parameter is None or m.bad_index:
        return None
    table = lint_rules_data()["key_without_value"]
    if m.parameter.name in table["rejected"]:
        return None
    return table["reads"].get(m.parameter.type.value)


def _missing_values(ctx: LintContext, accepted: bool) -> Iterator[Report]:
    for path, p in _problems(ctx, Problem.MISSING_VALUE):
        name = p.message.split(" ", 1)[0]  # "<name> has no value"
        reads = _accepted_reading(ctx, name)
        if (reads is not None) != accepted:
            continue
        message = p.message + (f": Pgpool-II accepts the line and reads it as {reads}" if reads else "")
        yield Report(Location(path, p.line, p.column), message)


@check("PGP004")
def check_missing_value(ctx: LintContext) -> Iterator[Report]:
    """A parameter name with no value before the end of the line (pgpool refuses it)."""
    yield from _missing_values(ctx, accepted=False)


@check("PGP020")
def check_name_without_value(ctx: LintContext) -> Iterator[Report]:
    """A name alone on its line that pgpool accepts, reading a value nobody wrote."""
    yield from _missing_values(ctx, accepted=True)


@check("PGP005")
def check_stray_token(ctx: LintContext) -> Iterator[Report]:
    """A word after a value that the server would read as another parameter."""
    yield from _reports(ctx, Problem.STRAY)


@check("PGP006")
def check_byte_order_mark(ctx: LintContext) -> Iterator[Report]:
    """A UTF-8 byte order mark, which makes the server drop the first setting."""
    yield from _reports(ctx, Problem.BOM, fix=Fix(0, len(BOM), ""))


@check("PGP007")
def check_nul_byte(ctx: LintContext) -> Iterator[Report]:
    """A NUL byte in the file."""
    yield from _reports(ctx, Problem.NUL)


@check("PGP008")
def check_comment_at_end_of_file(ctx: LintContext) -> Iterator[Report]:
    """A comment on the last line with no newline after it."""
    n = len(ctx.conf.data)
    yield from _reports(ctx, Problem.COMMENT_AT_EOF, fix=Fix(n, n, "\n"))


@check("PGP009")
def check_include_error(ctx: LintContext) -> Iterator[Report]:
    """An include the server cannot follow: missing file, cycle, or nesting deeper than 10."""
    yield from include_reports(ctx.tree.issues)


@check("PGP010")
def check_not_utf8(ctx: LintContext) -> Iterator[Report]:
    """Bytes that are not valid UTF-8 (for example Latin-1)."""
    for conf in ctx.tree.files:
        try:
            conf.data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = conf.data.count(b"\n", 0, exc.start) + 1
            start = conf.data.rfind(b"\n", 0, exc.start) + 1
            column = len(conf.data[start : exc.start].decode("utf-8", "surrogateescape")) + 1
            yield Report(
                Location(conf.path, line, column),
                f"byte 0x{conf.data[exc.start]:02x} is not valid UTF-8; save the file as UTF-8",
            )
