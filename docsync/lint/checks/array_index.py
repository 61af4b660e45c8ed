"""Per-node (array) parameters: index gaps, out-of-range, invalid or missing indexes."""

from __future__ import annotations

from collections.abc import Iterator

from docsync.lint.catalogue import lint_rules_data
from docsync.lint.checks.unknown import index_on_scalar
from docsync.lint.conffile import Setting
from docsync.lint.context import LintContext
from docsync.lint.registry import Report, check


def indexed(ctx: LintContext) -> dict[str, dict[int, Setting]]:
    """group -> index -> first setting of that index (groups from the catalogue)."""
    if ctx.memo.indexed is not None:
        return ctx.memo.indexed
    out: dict[str, dict[int, Setting]] = {}
    for s, m in ctx.matched:
        p = m.parameter
        if p is None or m.index is None or p.max_index is None or m.index > p.max_index:
            continue
        out.setdefault(p.group or p.name, {}).setdefault(m.index, s)
    ctx.memo.indexed = out
    return out


@check("PGP501")
def check_array_index_gap(ctx: LintContext) -> Iterator[Report]:
    """Per-node settings numbered with a gap (backend_hostname2 without index 1)."""
    groups = lint_rules_data()["array_index"]["gap_groups"]
    for group, by_index in indexed(ctx).items():
        if group not in groups or not by_index:
            continue
        present = sorted(by_index)
        missing = [i for i in range(present[-1]) if i not in by_index]
        runs: list[list[int]] = []
        for i in missing:  # one finding per run of consecutive missing indexes
            if runs and runs[-1][1] == i - 1:
                runs[-1][1] = i
            else:
                runs.append([i, i])
        for lo, hi in runs:
            after = by_index[min(j for j in present if j > hi)]
            which = f"index {lo} is" if lo == hi else f"indexes {lo} .. {hi} are"
            yield Report(
                ctx.location(after),
                f"{after.name} is set but {which} missing from the {group} settings; "
                f"per-node settings are numbered 0, 1, 2, ... without gaps",
            )


@check("PGP502")
def check_array_index_out_of_range(ctx: LintContext) -> Iterator[Report]:
    """An index above the largest one the parameter allows."""
    for s, m in ctx.matched:
        p = m.parameter
        if (
            p is not None
            and m.index is not None
            and p.max_index is not None
            and m.index > p.max_index
        ):
            yield Report(
                ctx.location(s),
                f"{s.name}: index {m.index} is out of range for {p.name} (0 .. {p.max_index})",
            )


@check("PGP503")
def check_index_on_scalar(ctx: LintContext) -> Iterator[Report]:
    """An index suffix on a parameter that is not per-node; the server ignores the setting."""
    for s, m in ctx.matched:
        if m.parameter is None and (base := index_on_scalar(ctx, s.name)):
            yield Report(
                ctx.location(s),
                f"{s.name}: {base} is not a per-node parameter and takes no "
                f"index; the server ignores {s.name}",
            )


@check("PGP504")
def check_array_index_missing(ctx: LintContext) -> Iterator[Report]:
    """A per-node parameter written without its index; the server refuses to start."""
    for s, m in ctx.matched:
        p = m.parameter
        if p is not None and not m.index_text and p.type.is_array and not p.allows_no_index:
            yield Report(
                ctx.location(s),
                f"{s.name} is a per-node parameter and needs an index "
                f"({s.name}0, {s.name}1, ...); the server refuses to start",
            )


@check("PGP505")
def check_array_index_invalid(ctx: LintContext) -> Iterator[Report]:
    """A name that starts like a per-node parameter but does not end in a decimal index."""
    for s, m in ctx.matched:
        if m.parameter is not None and m.bad_index:
            yield Report(
                ctx.location(s),
                f"{s.name}: the server reads this as {m.parameter.name} with "
                f"index {m.index_text!r}, which is not a number, and refuses to start",
            )
