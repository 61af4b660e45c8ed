"""Type, range and choice of values, read exactly as the selected Pgpool-II version reads them."""

from __future__ import annotations

from collections.abc import Iterator

from docsync.lint.catalogue import ParamType, lint_rules_data
from docsync.lint.conffile import Setting
from docsync.lint.engine import LintContext
from docsync.lint.registry import Report, check
from docsync.lint.values import Verdict, _check_tokens, check_value


def verdicts(ctx: LintContext) -> list[tuple[Setting, Verdict]]:
    """One verdict per setting with a known parameter, shared by the three checks."""
    cached = ctx.memo.get("verdicts")
    if cached is not None:
        return cached  # type: ignore[return-value]
    extra_tokens = lint_rules_data().get("tokens", {})
    out: list[tuple[Setting, Verdict]] = []
    for s in ctx.items:
        m = ctx.match(s.name)
        p = m.parameter
        if p is None or m.bad_index:
            continue
        if (
            p.type.is_array
            and m.index is not None
            and p.max_index is not None
            and m.index > p.max_index
        ):
            continue
        if p.type.is_array and m.index is None and not p.allows_no_index:
            continue
        verdict = check_value(p, s.value, indexed=m.index is not None, catalogue=ctx.catalogue)
        if verdict.kind == "ok" and p.type.element is ParamType.STRING and p.name in extra_tokens:
            spec = extra_tokens[p.name]
            verdict = _check_tokens(p.name, s.value, tuple(spec["tokens"]), spec["separator"])
        if verdict.kind != "ok":
            out.append((s, verdict))
    ctx.memo["verdicts"] = out
    return out


def _reports(ctx: LintContext, kind: str) -> Iterator[Report]:
    for s, v in verdicts(ctx):
        if v.kind == kind:
            yield Report(ctx.location(s), f"{s.name} = {ctx.shown(s.name, s.value)} {v.message}")


@check("PGP301")
def check_invalid_boolean(ctx: LintContext) -> Iterator[Report]:
    """A boolean parameter set to something pgpool silently reads as true."""
    yield from _reports(ctx, "bool")


@check("PGP302")
def check_invalid_number(ctx: LintContext) -> Iterator[Report]:
    """A numeric parameter whose value is not a number pgpool accepts (units included)."""
    yield from _reports(ctx, "type")


@check("PGP311")
def check_out_of_range(ctx: LintContext) -> Iterator[Report]:
    """A number outside the parameter's allowed range."""
    yield from _reports(ctx, "range")


@check("PGP321")
def check_invalid_choice(ctx: LintContext) -> Iterator[Report]:
    """A value that is not one of the parameter's choices."""
    yield from _reports(ctx, "enum")
