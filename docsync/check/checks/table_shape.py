"""table-shape: psql result tables in listings keep one column count, and the footer counts rows.

A table is a separator line (dashes, ``+`` between columns) with a header right above it; rows
follow until a blank line, a prompt, another separator or the ``(N rows)`` footer. A separator
without ``+`` (one column) is a table only when a footer closes it, since a line of dashes under
a word is common in other output. The column count most lines agree on is taken as meant (the
separator wins a tie), and the lines that differ are reported.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from docsync.check.context import CheckContext
from docsync.check.facts import Table
from docsync.check.registry import Report, doc_check
from docsync.extract.model import Block, Line, LineRole
from docsync.model import Location

_TEXT_ROLES = frozenset({LineRole.OUTPUT, LineRole.CONTENT, LineRole.ANNOTATION})


def _columns(line: Line) -> int:
    return line.text.count("|") + 1


def _separator_columns(line: Line) -> int:
    return line.text.count("+") + 1


def find_tables(block: Block, ctx: CheckContext) -> Iterator[Table]:
    """The psql result tables of one block."""
    rules = ctx.rules.tables
    lines = block.lines
    for i, sep in enumerate(lines):
        if i == 0 or sep.role not in _TEXT_ROLES or not rules.separator.match(sep.text):
            continue
        header = lines[i - 1]
        if header.role not in _TEXT_ROLES or not header.text.strip() or rules.separator.match(header.text):
            continue
        rows: list[Line] = []
        footer: Line | None = None
        count: int | None = None
        elided = False
        for line in lines[i + 1 :]:
            if line.role not in _TEXT_ROLES or not line.text.strip() or rules.separator.match(line.text):
                break
            m = rules.footer.match(line.text)
            if m:
                footer, count = line, int(m.group("rows"))
                break
            if rules.elision.match(line.text):
                elided = True
                continue
            rows.append(line)
        if "+" not in sep.text and footer is None:
            continue
        if rows and rules.separator.match(rows[-1].text):
            continue
        yield Table(block.start.path, header, sep, tuple(rows), footer, count, elided)


def _tables(ctx: CheckContext) -> list[Table]:
    found = ctx.memo.tables
    if found is None:
        found = ctx.memo.tables = [t for b in ctx.blocks() for t in find_tables(b, ctx)]
    return found


def _location(ctx: CheckContext, path: str, line: Line) -> Location:
    return Location(path, line.number, ctx.lines.column(path, line.number, line.text, 1))


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


@doc_check("DOC201")
def check_table_column_count(ctx: CheckContext) -> Iterator[Report]:
    """A header, separator or row whose column count differs from the rest of its psql table."""
    for t in _tables(ctx):
        lines = [
            (t.header, "header", _columns(t.header)),
            (t.separator, "separator", _separator_columns(t.separator)),
            *((r, "row", _columns(r)) for r in t.rows),
        ]
        tally = Counter(n for _, _, n in lines)
        sep = lines[1][2]
        meant = sep if tally[sep] == max(tally.values()) else tally.most_common(1)[0][0]
        for line, what, n in lines:
            if n == meant:
                continue
            others = [w for _, w, m in lines if w != what and m == meant]
            rest = "separator and rows" if what == "header" and len(others) == len(lines) - 1 else "table"
            verb = "have" if rest != "table" else "has"
            yield Report(
                _location(ctx, t.path, line),
                f"the psql table's {what} has {_plural(n, 'column')}; its {rest} {verb} {meant}",
            )


@doc_check("DOC202")
def check_table_row_count(ctx: CheckContext) -> Iterator[Report]:
    """A ``(N rows)`` footer that does not match the rows of its psql table."""
    for t in _tables(ctx):
        if t.footer is None or t.footer_rows is None or t.elided:
            continue
        n = t.logical_rows
        if n != t.footer_rows:
            yield Report(
                _location(ctx, t.path, t.footer),
                f"the psql table's footer says {_plural(t.footer_rows, 'row')}; the table shows {n}",
            )
