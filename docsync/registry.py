"""Where each rule is implemented: one registry of the functions that report rules, every stage.

A rule's identity, category, severity, documentation and examples are data
(``rules/codes/<stage>.toml``, read by ``docsync.rules``); the function that reports it is
registered here by its stage's decorator (lint's ``@check``, check's ``@doc_check``, drift's
``@check``). A code belongs to one stage; in lint and check one function reports it, in drift
several may (the psql column count of a listing and of a table are one rule). The codes no
function here reports are the ones a stage's engine reports itself (a syntax error while
reading, a missing file).
Each stage's engine keeps its own index of what it runs (by file kind, by pair kind), built
from the same registration.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

# The modules whose import registers each stage's functions.
STAGE_MODULES: dict[str, tuple[str, ...]] = {
    "lint": ("docsync.lint.checks", "docsync.lint.checks.otherkinds"),
    "check": ("docsync.check.checks",),
    "drift": ("docsync.drift.checks", "docsync.drift.stale", "docsync.drift.tables"),
}


@dataclass(frozen=True)
class Implementation:
    """The function that reports one or more rules: its stage, the codes it can report, its
    name (``check_<name>``), and what it reads in its stage (a file kind, pair kinds, "book")."""

    stage: str
    codes: frozenset[str]
    name: str
    func: Callable[..., Any]
    reads: tuple[str, ...] = ()
    # The rule's options dataclass (docsync/options.py), if it has options.
    options: type | None = None

    @property
    def where(self) -> str:
        """The function, as ``module.function``."""
        return f"{self.func.__module__}.{self.func.__qualname__}"


IMPLEMENTATIONS: dict[str, tuple[Implementation, ...]] = {}  # by rule code


def register(
    stage: str,
    codes: Iterable[str],
    func: Callable[..., Any],
    reads: Iterable[str] = (),
    *,
    only: bool = False,
    options: type | None = None,
) -> Implementation:
    """Record ``func`` as an implementation of ``codes``, with the rule's ``options`` type if
    it has options. A code of another stage, or (``only``: the stage runs one function per
    code) implemented already, is an error; so are options for more than one code (each
    rule's options are its own ``[CODE.options]`` table)."""
    codes = frozenset(codes)
    if not codes:
        raise ValueError(f"{func.__qualname__}: a rule implementation names the codes it reports")
    if options is not None and len(codes) != 1:
        raise ValueError(f"{func.__qualname__}: options belong to one rule, not to {len(codes)}")
    name = func.__name__.removeprefix("check_").replace("_", "-")
    impl = Implementation(stage, codes, name, func, tuple(reads), options)
    for code in sorted(codes):
        found = IMPLEMENTATIONS.get(code, ())
        if any(other.stage != stage for other in found) or (only and found):
            raise ValueError(f"rule {code} registered twice ({found[0].where}, {impl.where})")
    for code in codes:
        IMPLEMENTATIONS[code] = (*IMPLEMENTATIONS.get(code, ()), impl)
    return impl


def implementations(stage: str | None = None) -> dict[str, tuple[Implementation, ...]]:
    """Every registered implementation by code (of one stage), its modules imported first."""
    for name in STAGE_MODULES if stage is None else (stage,):
        for module in STAGE_MODULES.get(name, ()):
            importlib.import_module(module)
    return {c: found for c, found in IMPLEMENTATIONS.items() if stage is None or found[0].stage == stage}


def implementation_of(stage: str, code: str) -> tuple[Implementation, ...]:
    """The implementations of one code, importing only as many of the stage's modules as it
    takes to find them (``docsync lint`` of one file does not import the checks of the other
    file kinds)."""
    for module in STAGE_MODULES.get(stage, ()):
        if code in IMPLEMENTATIONS:
            break
        importlib.import_module(module)
    return IMPLEMENTATIONS.get(code, ())
