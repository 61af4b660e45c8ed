"""The differential corpus: mutations of a realistic Pgpool-II 4.3 pgpool.conf.

The base is built at test time from upstream's ``pgpool.conf.sample-stream`` (read from
``../shared``, never copied here): every commented default is switched on, then the values of
a three-node streaming-replication cluster with watchdog are filled in, the way the
documentation's example cluster configures one. Each case changes that base in one way.

A case says what it exercises (a category from CONVENTIONS.md, or ``valid`` for edge cases
pgpool should accept) and, optionally, which docsync rules it must trigger. ``misread``
marks configurations pgpool accepts but silently reads differently from what was written;
docsync must report those even though pgpool does not complain. Whether pgpool accepts a
case is never written down here: the oracle decides.
"""

from __future__ import annotations

from collections.abc import Iterator

from docsync.lint.catalogue import Catalogue, Parameter, ParamType
from tests.lint.pgpool_base import SAMPLE, SECRETS, Case, encode, realistic_base, set_value, slug
from tests.lint.pgpool_cases import (
    BOOLEAN_SPELLINGS,
    PROBE,
    boolean_cases,
    name_cases,
    syntax_cases,
    unit_cases,
    valid_cases,
    value_cases,
)
from tests.lint.pgpool_cases_structure import include_cases, index_cases, pattern_cases, placeholder_cases
from tests.lint.pgpool_oracle import HARNESS_NAMES

__all__ = ["BOOLEAN_SPELLINGS", "PROBE", "SAMPLE", "SECRETS", "Case", "build_corpus"]


# --- sweeps over the 4.3 catalogue ----------------------------------------------------------


def _fmt(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else repr(number)


def sweep_cases(base: str, catalogue: Catalogue) -> Iterator[Case]:
    """Every boolean, number and choice of the 4.3 catalogue at its edges and just beyond."""
    for name, p in sorted(catalogue.parameters.items()):
        if name in HARNESS_NAMES or p.alias_of:
            continue
        target = f"{name}0" if p.type.is_array else name
        for raw in dict.fromkeys(_sweep_values(p)):
            text = set_value(base, target, raw)
            yield Case(f"sweep/{target}={slug(raw)}", _sweep_check(p), encode(text))


def _sweep_check(p: Parameter) -> str:
    return {ParamType.BOOL: "type", ParamType.ENUM: "enum"}.get(p.type.element, "range")


def _sweep_values(p: Parameter) -> list[str]:
    element = p.type.element
    if element is ParamType.BOOL:
        return ["on", "off", "maybe"]
    if element in (ParamType.INT, ParamType.LONG, ParamType.DOUBLE):
        out = ["abc"]
        for bound, step in ((p.min, -1), (p.max, 1)):
            if bound is not None:
                out += [_fmt(bound), _fmt(bound + step)]
        return out
    if element is ParamType.ENUM:
        return [f"'{v}'" for v in (*p.choices, *p.hidden_choices)] + ["'bogus'"]
    if p.tokens:
        return [f"'{t}'" for t in p.tokens] + ["'BOGUS'"]
    return []


def build_corpus(sample: str, catalogue: Catalogue) -> list[Case]:
    base = realistic_base(sample)
    cases = [
        *valid_cases(base),
        *syntax_cases(base),
        *unit_cases(base),
        *boolean_cases(base),
        *name_cases(base),
        *value_cases(base),
        *index_cases(base),
        *placeholder_cases(base),
        *pattern_cases(base),
        *include_cases(base),
        *sweep_cases(base, catalogue),
    ]
    ids = [case.id for case in cases]
    duplicates = {i for i in ids if ids.count(i) > 1}
    assert not duplicates, f"duplicate case ids: {sorted(duplicates)}"
    return cases
