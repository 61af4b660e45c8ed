"""Typed lint settings and rule selection (codes, prefixes, names, categories)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from docsync.model import Rule, Severity


def split_selectors(values: Iterable[str] | None) -> tuple[str, ...]:
    """``["PGP1,duplicate-setting", "syntax"]`` -> ``("PGP1", "duplicate-setting", "syntax")``."""
    out: list[str] = []
    for value in values or ():
        out.extend(part.strip() for part in value.split(",") if part.strip())
    return tuple(out)


def selector_matches(selector: str, rule: Rule) -> bool:
    """A selector names a code, a code prefix, a rule name, a category, or ALL."""
    return _specificity(selector, rule) >= 0


@dataclass(frozen=True)
class LintSettings:
    """Everything that changes what ``docsync lint`` reports (built once per input)."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    pgpool_version: str | None = None
    pg_version: str | None = None
    against: Path | None = None
    docs: Path | None = None
    severity: dict[str, Severity] = field(default_factory=dict)
    use_default_canonical: bool = True

    def enabled(self, rule: Rule) -> bool:
        """Selected (everything by default) and not ignored; the more specific selector wins,
        and on a tie ``ignore`` does."""
        return rule_enabled(rule, self.select, self.ignore, self.extend_select)


def rule_enabled(
    rule: Rule,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    extend_select: tuple[str, ...] = (),
    *,
    off_by_default: bool = False,
) -> bool:
    """Whether selectors enable ``rule``: the more specific selector wins, on a tie ``ignore``.

    A rule that is ``off_by_default`` needs a selector naming it more closely than ``ALL``.
    """
    chosen = max(_best(select or ("ALL",), rule), _best(extend_select, rule))
    if off_by_default and chosen < 1:
        return False
    return chosen >= 0 and chosen > _best(ignore, rule)


_CODE_PREFIX = re.compile(r"[A-Z]{3}[0-9]*")  # PGP, PGP1, DOC01, DRF...


def _specificity(selector: str, rule: Rule) -> int:
    s = selector.strip()
    if s.upper() == rule.code:
        return 4
    if s == rule.name:
        return 4
    if _CODE_PREFIX.fullmatch(s.upper()) and rule.code.startswith(s.upper()):
        return 1 + min(len(s), 2)
    if s == rule.category.value:
        return 1
    if s.upper() == "ALL":
        return 0
    return -1


def _best(selectors: tuple[str, ...], rule: Rule) -> int:
    return max((_specificity(s, rule) for s in selectors), default=-1)
