"""Values that differ from the canonical configuration documented for this deployment."""

from __future__ import annotations

from collections.abc import Iterator

from docsync.lint.canonical import policy
from docsync.lint.catalogue import Parameter
from docsync.lint.engine import LintContext
from docsync.lint.registry import Report, check
from docsync.lint.values import normalize
from docsync.model import Location, Related


def differences(ctx: LintContext, level: str) -> Iterator[Report]:
    """The differences of one level; both levels are found in one pass per file."""
    found = ctx.memo.get("canonical")
    if found is None:
        found = ctx.memo["canonical"] = list(_differences(ctx))
    return (report for lvl, report in found if lvl == level)  # type: ignore[union-attr]


def _normalized(ctx: LintContext, p: Parameter, value: str, indexed: bool) -> str:
    """``normalize`` cached per version, parameter and value (files repeat their values)."""
    key = (ctx.catalogue.version, p.name, value, indexed)
    hit = _NORMALIZED.get(key)
    if hit is None:
        if len(_NORMALIZED) > 65536:
            _NORMALIZED.clear()
        hit = _NORMALIZED[key] = normalize(p, value, ctx.catalogue, indexed=indexed)
    return hit


_NORMALIZED: dict[tuple[str, str, str, bool], str] = {}


def _differences(ctx: LintContext) -> Iterator[tuple[str, Report]]:
    canonical = ctx.canonical
    if canonical is None:
        return
    pol = policy()
    for name, want in canonical.settings.items():
        level = pol.level(name)
        if level is None:
            continue
        m = ctx.match(name)
        p = m.parameter
        if p is None or m.bad_index:
            continue
        mine = ctx.effective.get(name)
        have = (
            mine.value
            if mine is not None
            else (p.default if m.index is None or p.type.is_array else None)
        )
        if have is None:
            continue
        a = _normalized(ctx, p, have, m.index is not None)
        b = _normalized(ctx, p, want.value, m.index is not None)
        if a == b:
            continue
        related = (
            Related(Location(canonical.source, want.line, want.column), "canonical setting"),
        )
        shown_want = ctx.shown(name, want.value)
        if mine is None:
            yield level, Report(
                Location(ctx.path, 1, 0),
                f"{name} is not set (default {ctx.shown(name, have)}); the canonical "
                f"configuration sets {shown_want}",
                related=related,
            )
        else:
            yield level, Report(
                ctx.location(mine),
                f"{name} = {ctx.shown(name, have)} differs from the canonical {shown_want}",
                related=related,
            )


@check("PGP901")
def check_canonical_mismatch(ctx: LintContext) -> Iterator[Report]:
    """A value that must match the canonical configuration and does not."""
    yield from differences(ctx, "error")


@check("PGP902")
def check_canonical_difference(ctx: LintContext) -> Iterator[Report]:
    """A value that differs from the canonical configuration (informational difference)."""
    yield from differences(ctx, "warning")
