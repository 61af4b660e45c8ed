"""Values that differ from the canonical configuration documented for this deployment.

A must-match difference (PGP901) carries a safe fix that writes the documented value: the
value token is replaced where it stands; a setting the file lacks replaces its commented-out
line (``#name = ...``, as in the samples) or is added at the end of the file. Site-specific
parameters are never compared, so ``--fix`` never touches them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from docsync.lint.canonical import Level, policy
from docsync.lint.catalogue import Parameter
from docsync.lint.context import LintContext
from docsync.lint.registry import Report, check
from docsync.lint.values import normalize
from docsync.model import Fix, Location, Related

_COMMENTED = re.compile(
    rb"^[ \t]*#(?P<gap>[ \t]*)(?P<name>[A-Za-z_][\w.]*)[ \t]*=[^\n\r]*", re.M
)


def differences(ctx: LintContext, level: Level) -> Iterator[Report]:
    """The differences of one level; both levels are found in one pass per file."""
    found = ctx.memo.canonical
    if found is None:
        found = ctx.memo.canonical = list(_differences(ctx))
    return (report for lvl, report in found if lvl is level)


def _normalized(ctx: LintContext, p: Parameter, value: str, indexed: bool) -> str:
    """``normalize`` cached per version, parameter and value (files repeat their values)."""
    key = (ctx.catalogue.version, p.name, value, indexed)
    known = ctx.run.normalized
    hit = known.get(key)
    if hit is None:
        hit = known[key] = normalize(p, value, ctx.catalogue, indexed=indexed)
    return hit


def _commented_lines(data: bytes) -> dict[str, tuple[int, int]]:
    """The commented-out ``#name = ...`` line of each name: its byte span. A sample's own line
    (``#`` at the start) wins over a mention in an indented description."""
    own: dict[str, tuple[int, int]] = {}
    mentioned: dict[str, tuple[int, int]] = {}
    for m in _COMMENTED.finditer(data):
        name = m.group("name").decode("ascii").lower()
        into = own if data[m.start() : m.start() + 1] == b"#" and m.group("gap") == b"" else mentioned
        into.setdefault(name, (m.start(), m.end()))
    return {**mentioned, **own}


def _fix(ctx: LintContext, name: str, want: str, mine, appended: list[str]) -> Fix | None:
    """The edit that writes the documented value (None when it is not safe to make)."""
    if mine is not None:
        if mine.path != ctx.path:
            return None  # set in an included file: fixes are edits of the file linted
        return Fix(mine.value_start, mine.value_end, want)
    commented = ctx.memo.canonical_commented
    if commented is None:
        commented = ctx.memo.canonical_commented = _commented_lines(ctx.conf.data)
    span = commented.get(name.lower())
    if span is not None:
        return Fix(span[0], span[1], f"{name} = {want}")
    appended.append(f"{name} = {want}")
    return None


def _differences(ctx: LintContext) -> Iterator[tuple[Level, Report]]:
    canonical = ctx.canonical
    if canonical is None:
        return
    found = list(_compare(ctx))
    appended = [line for _, _, line in found if line]
    first_appended = True
    for level, report, line in found:
        if line and first_appended:
            # Settings with no place in the file go together at its end, in one edit.
            first_appended = False
            data = ctx.conf.data
            end = len(data)
            nl = "\r\n" if b"\r\n" in data else "\n"  # the file's own line ending
            text = ("" if not data or data.endswith(b"\n") else nl) + "".join(
                f"{a}{nl}" for a in appended
            )
            report = report._replace(fix=Fix(end, end, text))
        yield level, report


def _compare(ctx: LintContext) -> Iterator[tuple[Level, Report, str]]:
    canonical = ctx.canonical
    assert canonical is not None
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
        related = (Related(canonical.location(name), "canonical setting"),)
        shown_want = ctx.shown(name, want.value)
        appended: list[str] = []
        fix = None
        if level is Level.MUST_MATCH and not ctx.is_secret(name):  # secrets are never written by a fix
            raw = want.value_raw.decode("utf-8", "surrogateescape")
            fix = _fix(ctx, name, raw, mine, appended)
        if mine is None:
            yield (
                level,
                Report(
                    Location(ctx.path, 1, 1),
                    f"{name} is not set (default {ctx.shown(name, have)}); the canonical "
                    f"configuration sets {shown_want}",
                    fix=fix,
                    related=related,
                ),
                appended[0] if appended else "",
            )
        else:
            yield (
                level,
                Report(
                    ctx.location(mine),
                    f"{name} = {ctx.shown(name, have)} differs from the canonical {shown_want}",
                    fix=fix,
                    related=related,
                ),
                "",
            )


@check("PGP901")
def check_canonical_mismatch(ctx: LintContext) -> Iterator[Report]:
    """A value that must match the canonical configuration and does not."""
    yield from differences(ctx, Level.MUST_MATCH)


@check("PGP902")
def check_canonical_difference(ctx: LintContext) -> Iterator[Report]:
    """A value that differs from the canonical configuration (informational difference)."""
    yield from differences(ctx, Level.WARN)
