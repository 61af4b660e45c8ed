"""lint's checks: ``@check("PGP101")`` registers a generator under its rule code (in
``docsync.registry``, every stage's one registry, and in the index lint's engine runs).

A check reads the one parsed file (``LintContext``) and yields ``Report`` values: a place,
a sentence, and optionally a fix or related places. It never picks a code or a severity:
the engine stamps both from ``rules/codes/lint.toml`` (and the user's overrides).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

from docsync import registry
from docsync.model import Fix, Location, Related, Severity


class Report(NamedTuple):
    """What a check yields; the engine turns it into a ``Finding``."""

    location: Location
    message: str
    fix: Fix | None = None
    related: tuple[Related, ...] = ()
    end: Location | None = None
    # Only set from rules data (e.g. a placeholder table's per-command severity).
    severity: Severity | None = None


# A check takes a ``docsync.lint.context.LintContext``; the registry names no context type,
# so that it imports nothing of the checks' (the context module imports the registry).
CheckFunc = Callable[[Any], Iterable[Report]]


class Check(NamedTuple):
    """A registered check: rule code, kebab-case name (from the function name), function."""

    code: str
    name: str
    func: CheckFunc

    @property
    def summary(self) -> str:
        return (self.func.__doc__ or "").strip().splitlines()[0] if self.func.__doc__ else ""


CHECKS: dict[str, Check] = {}


def check(code: str, *, options: type | None = None) -> Callable[[CheckFunc], CheckFunc]:
    """Register ``check_<name>`` as the implementation of rule ``code`` named ``<name>``;
    ``options``: the rule's options dataclass (docsync/options.py)."""

    def register(func: CheckFunc) -> CheckFunc:
        impl = registry.register("lint", (code,), func, reads=("pgpool.conf",), only=True, options=options)
        CHECKS[code] = Check(code=code, name=impl.name, func=func)
        return func

    return register


# Checks of the other files of a configuration directory (pool_hba.conf, pcp.conf, ...):
# code -> (file kind, check); they read a ``FileInput`` (docsync/lint/context.py).
# (The kind is a ``docsync.lint.kinds.FileKind``, typed as its base class: the registry imports
# nothing of lint's, so that every check module may import it.)
KIND_CHECKS: dict[str, tuple[enum.Enum, Check]] = {}


def kind_check(code: str, kind: enum.Enum, *, options: type | None = None) -> Callable[[Callable], Callable]:
    """Register ``check_<name>`` as rule ``code`` for files of ``kind`` (a ``FileKind``)."""

    def register(func: Callable) -> Callable:
        impl = registry.register("lint", (code,), func, reads=(kind.value,), only=True, options=options)
        KIND_CHECKS[code] = (kind, Check(code=code, name=impl.name, func=func))
        return func

    return register
