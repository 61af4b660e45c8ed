"""Configuration content in the docs, checked the way the servers would read it.

Whatever extract finds written to a pgpool.conf (a settings block, an editor session, a
here-document) goes through ``docsync lint`` against the catalogue of the Pgpool-II version the
chapter declares; postgresql.conf content gets PostgreSQL's lexer for syntax only (DOC002).
Lint sees one file per write; its line numbers map back to the SGML lines the content came
from, so findings point into the docs.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from docsync.check.context import CheckContext
from docsync.check.versions import catalogue_version
from docsync.extract.model import BlockKind, FileWrite
from docsync.extract.ruleset import load_rules as load_block_rules
from docsync.lint.conffile import POSTGRESQL, parse_conf
from docsync.lint.context import LintRun
from docsync.lint.engine import lint_bytes
from docsync.lint.files import ReadError
from docsync.lint.settings import LintSettings
from docsync.model import Finding, Location, Related
from docsync.rules import rule


def _no_includes(path: str) -> bytes:
    raise ReadError("includes are not followed in documentation")


def _content(write: FileWrite) -> bytes:
    return ("\n".join(write.lines) + "\n").encode("utf-8", "surrogateescape")


class _LineMap:
    """Lines of the text given to lint -> lines and columns of the SGML file."""

    def __init__(self, ctx: CheckContext, path: str, write: FileWrite) -> None:
        self.ctx, self.path, self.write = ctx, path, write

    def location(self, loc: Location) -> Location:
        i = loc.line - 1
        if not 0 <= i < len(self.write.lines):
            i = max(min(i, len(self.write.lines) - 1), 0)
            return Location(self.path, self.write.line_of(i), 1)
        number = self.write.line_of(i)
        return Location(self.path, number, self.ctx.lines.column(self.path, number, self.write.lines[i], loc.column))


def _mapped(f: Finding, m: _LineMap) -> Finding:
    related = tuple(Related(m.location(r.location), r.message) for r in f.related)
    # Fixes are byte ranges in the text lint saw; they mean nothing in the SGML file.
    return replace(
        f,
        location=m.location(f.location),
        end=m.location(f.end) if f.end is not None else None,
        related=related,
        fix=None,
    )


def _writes(ctx: CheckContext) -> Iterator[tuple[str, BlockKind, FileWrite]]:
    files = load_block_rules()
    for block in ctx.blocks():
        for write in block.writes:
            if not write.literal or not write.lines:
                continue
            f = files.file_for(write.target)
            if f is not None and f.kind in (BlockKind.PGPOOL_CONF, BlockKind.POSTGRESQL_CONF):
                yield block.start.path, f.kind, write


def check_configurations(ctx: CheckContext) -> list[Finding]:
    """Lint findings (PGP codes) and PostgreSQL syntax findings (DOC002) for configuration content."""
    findings: list[Finding] = []
    settings: dict[str, LintSettings] = {}
    run = LintRun()  # one lint run for every configuration the docs write
    pg_syntax = rule("DOC002")
    for path, kind, write in _writes(ctx):
        m = _LineMap(ctx, path, write)
        data = _content(write)
        if kind is BlockKind.POSTGRESQL_CONF:
            conf = parse_conf(data, path, POSTGRESQL)
            for p in conf.problems:
                findings.append(Finding.of(pg_syntax, m.location(Location(path, p.line, p.column)), p.message))
            continue
        version, _ = catalogue_version(ctx, path)
        lint = settings.get(version)
        if lint is None:
            lint = settings[version] = LintSettings(
                pgpool_version=version, ignore=ctx.rules.config_ignore, rule_options=ctx.settings.rule_options
            )
        result = lint_bytes(data, path, lint, read=_no_includes, run=run)
        findings.extend(_mapped(f, m) for f in result.findings)
    return findings
