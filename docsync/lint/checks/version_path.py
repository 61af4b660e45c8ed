"""PostgreSQL-major-specific paths and names that disagree with the target major."""

from __future__ import annotations

from collections.abc import Iterator

from docsync.lint.context import LintContext
from docsync.lint.registry import Report, check
from docsync.lint.versions import Source
from docsync.model import Fix, Location, Severity


@check("PGP801")
def check_version_path_mismatch(ctx: LintContext) -> Iterator[Report]:
    """A path or name for another PostgreSQL major than the target one."""
    target = ctx.pg_version.version
    if target is None:
        return
    # A version given on the command line or by the canonical docs is a requirement;
    # one inferred from the file's own majority is only a hint.
    severity = Severity.WARNING if ctx.pg_version.source is Source.INFERRED else Severity.ERROR
    for mention in ctx.version_mentions():
        if mention.major == target:
            continue
        s = mention.setting
        quote = 1 if s.quoted else 0
        before = s.value[: mention.start]
        start = s.value_start + quote + len(before.encode("utf-8", "surrogateescape"))
        end = start + len(mention.major.encode())
        loc = Location(s.path, s.line, s.value_column + quote + len(before))
        shown = ctx.shown(s.name, s.value)
        yield Report(
            loc,
            f"{s.name} = {shown} refers to PostgreSQL {mention.major} ({mention.layout}); "
            f"the target is {ctx.pg_version.reason}",
            fix=Fix(start, end, target),
            severity=severity,
        )
