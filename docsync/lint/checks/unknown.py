"""Unknown parameters: names the selected version does not know (pgpool only logs INFO)."""

from __future__ import annotations

from collections.abc import Iterator

from docsync.lint.catalogue import available_versions, load_catalogue, version_key
from docsync.lint.conffile import BOM
from docsync.lint.context import LintContext
from docsync.lint.registry import Report, check


def split_index(name: str) -> tuple[str, str]:
    """``backend_hostname12`` -> ``("backend_hostname", "12")``."""
    base = name.rstrip("0123456789")
    return base, name[len(base) :]


def removed_entry(ctx: LintContext, name: str):
    """The catalogue's removed-name entry for ``name`` (or its array base), if any."""
    cat = ctx.catalogue
    if name in cat.removed:
        return cat.removed[name]
    base, digits = split_index(name)
    if digits and base in cat.removed:
        return cat.removed[base]
    return None


def index_on_scalar(ctx: LintContext, name: str) -> str | None:
    """The scalar parameter a ``<scalar><digits>`` name was meant for, if any."""
    base, digits = split_index(name)
    p = ctx.catalogue.parameters.get(base)
    return base if digits and p is not None and not p.type.is_array else None


def suggest(ctx: LintContext, name: str) -> str:
    """' (did you mean ...?)' from case-insensitive and close matches, or ''."""
    params = ctx.catalogue.parameters
    base, digits = split_index(name)
    for cand in params:
        if cand.lower() == name.lower() or (
            digits and params[cand].type.is_array and cand.lower() == base.lower()
        ):
            full = cand + (digits if cand.lower() == base.lower() and digits else "")
            return f"; did you mean {full!r}? (names are case-sensitive)"
    import difflib  # only when a name is unknown: ~3 ms of every lint's start-up otherwise

    pool = [p for p in params if params[p].alias_of is None]
    close: list[str] = []
    if digits:  # an indexed name: look for the array it was meant to be
        arrays = [p for p in pool if params[p].type.is_array]
        close = [c + digits for c in difflib.get_close_matches(base, arrays, n=1, cutoff=0.8)]
    if not close:
        # a bare array name that needs an index is no suggestion for an unindexed typo
        whole = [p for p in pool if not params[p].type.is_array or params[p].allows_no_index]
        close = difflib.get_close_matches(name, whole, n=1, cutoff=0.8)
    return f"; did you mean {close[0]!r}?" if close else ""


def newer_version_with(ctx: LintContext, name: str) -> str | None:
    for version in available_versions():
        if version_key(version) <= version_key(ctx.catalogue.version):
            continue
        m = load_catalogue(version).lookup(name)
        if m.parameter is not None and not m.bad_index:
            return version
    return None


@check("PGP101")
def check_unknown_parameter(ctx: LintContext) -> Iterator[Report]:
    """A parameter name the selected Pgpool-II version does not know."""
    cat = ctx.catalogue
    for s, m in ctx.matched:
        if m.parameter is not None:
            continue
        name = s.name
        if name.encode("utf-8", "surrogateescape").startswith(BOM):
            continue  # reported as a byte order mark
        if removed_entry(ctx, name) is not None or index_on_scalar(ctx, name):
            continue
        where = ctx.location(s)
        if name == "include":
            yield Report(
                where,
                f"include directives are read from Pgpool-II 4.3; Pgpool-II "
                f"{cat.version} treats 'include' as an unknown parameter and ignores it",
            )
            continue
        newer = newer_version_with(ctx, name)
        extra = f" (it exists from Pgpool-II {newer})" if newer else suggest(ctx, name)
        yield Report(
            where,
            f"unknown parameter {name!r} for Pgpool-II {cat.version}: the server ignores it{extra}",
        )
