"""Removed and renamed parameters, including old names pgpool still accepts as aliases."""

from __future__ import annotations

from collections.abc import Iterator

from docsync.lint.checks.unknown import removed_entry, split_index
from docsync.lint.conffile import Setting
from docsync.lint.context import LintContext
from docsync.lint.registry import Report, check
from docsync.model import Fix


def _rename(ctx: LintContext, s: Setting, new_name: str) -> Fix | None:
    """Rename the key in place, unless the new name is already set (that would duplicate it)."""
    if new_name in ctx.occurrences:
        return None
    return Fix(s.key_start, s.key_end, new_name)


@check("PGP201")
def check_removed_parameter(ctx: LintContext) -> Iterator[Report]:
    """A parameter removed or renamed in the selected version, or an alias it ignores."""
    cat = ctx.catalogue
    for s, m in ctx.matched:
        p = m.parameter
        if p is not None and p.alias_of and p.alias_effect == "ignored":
            yield Report(
                ctx.location(s),
                f"{s.name} is an old name that Pgpool-II {cat.version} accepts but ignores "
                f"(no effect); use {p.alias_of}",
                fix=_rename(ctx, s, p.alias_of),
            )
            continue
        if p is not None:
            continue
        entry = removed_entry(ctx, s.name)
        if entry is None:
            continue
        _, digits = split_index(s.name)
        if entry.replacement:
            new = entry.replacement + (digits if entry.name != s.name else "")
            fix = _rename(ctx, s, new) if entry.safe_rename else None
            how = (
                ""
                if entry.safe_rename
                else " (the value and numbering change too: see the release notes)"
            )
            yield Report(
                ctx.location(s),
                f"{s.name} was renamed to {new} in Pgpool-II {entry.since}{how}; "
                f"Pgpool-II {cat.version} ignores {s.name}",
                fix=fix,
            )
        else:
            yield Report(
                ctx.location(s),
                f"{s.name} was removed in Pgpool-II {entry.since}; "
                f"Pgpool-II {cat.version} ignores it",
            )


@check("PGP202")
def check_deprecated_alias(ctx: LintContext) -> Iterator[Report]:
    """An old name pgpool still accepts, with a warning, and copies to its new name."""
    cat = ctx.catalogue
    for s, m in ctx.matched:
        p = m.parameter
        if p is not None and p.alias_of and p.alias_effect != "ignored":
            yield Report(
                ctx.location(s),
                f"{s.name} is deprecated: Pgpool-II {cat.version} copies it to {p.alias_of} "
                f"with a warning; write {p.alias_of}",
                fix=_rename(ctx, s, p.alias_of),
            )
