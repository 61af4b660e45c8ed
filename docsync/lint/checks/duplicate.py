"""Duplicates: the same setting twice (pgpool keeps the last one)."""

from __future__ import annotations

import functools
from collections.abc import Iterator

from docsync.lint.catalogue import load_catalogue
from docsync.lint.conffile import Setting
from docsync.lint.context import LintContext
from docsync.lint.registry import Report, check
from docsync.model import Related


@functools.cache
def _copied_aliases(version: str) -> frozenset[str]:
    params = load_catalogue(version).parameters
    return frozenset(n for n, p in params.items() if p.alias_of and p.alias_effect == "copied")


def _where(ctx: LintContext, s: Setting) -> str:
    return f"line {s.line}" if s.path == ctx.path else f"{s.path}:{s.line}"


@check("PGP401")
def check_duplicate_setting(ctx: LintContext) -> Iterator[Report]:
    """A setting that appears more than once; the server uses the last one."""
    copied = _copied_aliases(ctx.catalogue.version)
    if len(ctx.occurrences) == len(ctx.items) and copied.isdisjoint(ctx.occurrences):
        return  # every name once, and no old name that stands for another
    groups: dict[str, list[Setting]] = {}
    for s, m in ctx.matched:
        p = m.parameter
        # An old alias that pgpool copies to its new name sets the same thing.
        key = p.alias_of if p is not None and p.alias_of and p.alias_effect == "copied" else s.name
        groups.setdefault(key, []).append(s)
    for key, occ in groups.items():
        if len(occ) < 2:
            continue
        last = occ[-1]
        for s in occ[1:]:
            first = occ[0]
            effective = "this one is" if s is last else f"{_where(ctx, last)} is"
            same = " with the same value" if s.value == first.value else ""
            yield Report(
                ctx.location(s),
                f"{s.name} is already set on {_where(ctx, first)}{same}; the server uses the last "
                f"setting of {key}, so {effective} effective",
                related=(Related(ctx.location(first), f"first setting of {key}"),),
            )
