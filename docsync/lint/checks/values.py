"""Type, range and choice of values, read exactly as the selected Pgpool-II version reads them."""

from __future__ import annotations

from collections.abc import Iterator

from docsync.lint.catalogue import Parameter, ParamType, lint_rules_data
from docsync.lint.conffile import Setting
from docsync.lint.context import LintContext
from docsync.lint.patterns import bad_regex_items, redirect_problem
from docsync.lint.registry import Report, check
from docsync.lint.values import OK, Verdict, VerdictKind, _check_tokens, check_value


def verdicts(ctx: LintContext) -> list[tuple[Setting, Verdict]]:
    """One verdict per setting with a known parameter, shared by the three checks."""
    if ctx.memo.verdicts is not None:
        return ctx.memo.verdicts
    out: list[tuple[Setting, Verdict]] = []
    version = ctx.catalogue.version
    known = ctx.run.verdicts  # a verdict depends on the version, name and value only
    for s in ctx.items:
        key = (version, s.name, s.value)
        verdict = known.get(key)
        if verdict is None:
            verdict = known[key] = _verdict(ctx, s)
        if verdict is not OK:
            out.append((s, verdict))
    ctx.memo.verdicts = out
    return out


def _verdict(ctx: LintContext, s: Setting) -> Verdict:
    m = ctx.match(s.name)
    p = m.parameter
    if p is None or m.bad_index:
        return OK
    if p.type.is_array and m.index is not None and p.max_index is not None and m.index > p.max_index:
        return OK
    if p.type.is_array and m.index is None and not p.allows_no_index:
        return OK
    verdict = check_value(p, s.value, indexed=m.index is not None, catalogue=ctx.catalogue)
    extra_tokens = lint_rules_data().get("tokens", {})
    if verdict.kind is VerdictKind.OK and p.type.element is ParamType.STRING and p.name in extra_tokens:
        spec = extra_tokens[p.name]
        verdict = _check_tokens(p.name, s.value, tuple(spec["tokens"]), spec["separator"])
    if verdict.kind is VerdictKind.OK and s.value and (p.regex_items or p.name in _redirect_lists()):
        verdict = _pattern_verdict(p, s.value)
    return OK if verdict.kind is VerdictKind.OK else verdict


def _redirect_lists() -> list[str]:
    return lint_rules_data()["redirect_lists"]["parameters"]


def _pattern_verdict(p: Parameter, value: str) -> Verdict:
    """Redirect lists (node specs and name patterns) and regex lists, as pgpool compiles them."""
    if p.name in _redirect_lists():
        found = redirect_problem(value, int(lint_rules_data()["redirect_lists"]["max_node"]))
        return found or OK
    bad = bad_regex_items(value, p.separator or ",")
    if bad:
        return Verdict(
            VerdictKind.REGEX,
            f"has {bad[0]!r}, which is not a valid regular expression (POSIX extended); "
            "Pgpool-II drops that item with only a warning",
        )
    return OK


def _reports(ctx: LintContext, kind: VerdictKind) -> Iterator[Report]:
    for s, v in verdicts(ctx):
        if v.kind is kind:
            yield Report(ctx.location(s), f"{s.name} = {ctx.shown(s.name, s.value)} {v.message}")


@check("PGP301")
def check_invalid_boolean(ctx: LintContext) -> Iterator[Report]:
    """A boolean parameter set to something pgpool silently reads as true."""
    yield from _reports(ctx, VerdictKind.BOOL)


@check("PGP302")
def check_invalid_number(ctx: LintContext) -> Iterator[Report]:
    """A numeric parameter whose value is not a number pgpool accepts (units included)."""
    yield from _reports(ctx, VerdictKind.TYPE)


@check("PGP311")
def check_out_of_range(ctx: LintContext) -> Iterator[Report]:
    """A number outside the parameter's allowed range."""
    yield from _reports(ctx, VerdictKind.RANGE)


@check("PGP321")
def check_invalid_choice(ctx: LintContext) -> Iterator[Report]:
    """A value that is not one of the parameter's choices."""
    yield from _reports(ctx, VerdictKind.ENUM)


@check("PGP331")
def check_invalid_regex(ctx: LintContext) -> Iterator[Report]:
    """An item of a regular-expression list that pgpool cannot compile."""
    yield from _reports(ctx, VerdictKind.REGEX)


@check("PGP021")
def check_fractional_integer(ctx: LintContext) -> Iterator[Report]:
    """An integer parameter given a fraction, which pgpool rounds without a word."""
    yield from _reports(ctx, VerdictKind.FRACTION)


@check("PGP022")
def check_abbreviated_boolean(ctx: LintContext) -> Iterator[Report]:
    """A boolean written as a prefix (tr, of, ye) that pgpool accepts."""
    yield from _reports(ctx, VerdictKind.ABBREVIATION)
