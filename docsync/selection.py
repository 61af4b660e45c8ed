"""Which rules a run reports: ``--select``/``--ignore`` selectors and inline ``ignore[...]`` comments.

One meaning for every command (CONVENTIONS.md): a selector is a code, a code prefix, a rule
name, a category, or ALL; when a rule is both selected and ignored, the more specific selector
wins, and on a tie ``ignore`` does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Self, TypeVar

from docsync.model import Finding, Rule, Severity

T = TypeVar("T")

# ``docsync: ignore[CODE,...] reason`` as the whole text of an SGML comment.
IGNORE_COMMENT = re.compile(r"^\s*docsync:\s*ignore\[([^\]]*)\]\s*(.*?)\s*$", re.DOTALL)


def split_selectors(values: Iterable[str] | None) -> tuple[str, ...]:
    """``["PGP1,duplicate-setting", "syntax"]`` -> ``("PGP1", "duplicate-setting", "syntax")``."""
    out: list[str] = []
    for value in values or ():
        out.extend(part.strip() for part in value.split(",") if part.strip())
    return tuple(out)


def selector_matches(selector: str, rule: Rule) -> bool:
    """A selector names a code, a code prefix, a rule name, a category, or ALL."""
    return _specificity(selector, rule) >= 0


def rule_of(finding: Finding) -> Rule:
    """The identity a finding was stamped with, for matching selectors against it."""
    return Rule(finding.code, finding.name, finding.category, finding.severity)


def parse_ignore_comment(text: str) -> tuple[tuple[str, ...], str] | None:
    """The selectors and reason of an ``ignore[...]`` comment, or None for any other comment."""
    m = IGNORE_COMMENT.match(text)
    if m is None:
        return None
    return split_selectors([m.group(1)]), m.group(2)


def ignored_by(selectors: Iterable[str], rule: Rule) -> bool:
    """Whether an ``ignore[...]`` comment's selectors name ``rule``."""
    return any(selector_matches(s, rule) for s in selectors)


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


@dataclass(frozen=True)
class RuleSettings:
    """Which rules a command reports and how severe: what every command's settings share.

    ``severity`` maps a rule code or a rule name to the severity that replaces the rule's
    (or, for check and drift, its file class's) severity; the code wins when both are given.
    ``off_by_default``: codes a bare ``ALL`` does not select (check's ShellCheck rule).
    ``rule_options``: the options of the rules that have options, by code (docsync/options.py:
    rules/codes defaults with the configuration over them); rules read them with ``options``.
    """

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    off_by_default: frozenset[str] = frozenset()
    rule_options: Mapping[str, Any] = field(default_factory=dict)

    def options(self, kind: type[T]) -> T:
        """The options of the rule whose options type is ``kind``, as configured (its
        defaults when these settings were made without a configuration)."""
        from docsync.options import pick

        return pick(self.rule_options, kind)

    def enabled(self, rule: Rule) -> bool:
        """Selected (all but the off-by-default rules when nothing is) and not ignored; the
        more specific selector wins, and on a tie ``ignore`` does."""
        return rule_enabled(
            rule,
            self.select,
            self.ignore,
            self.extend_select,
            off_by_default=rule.code in self.off_by_default,
        )

    def with_command_line(self, select: Sequence[str] | None, ignore: Sequence[str] | None) -> Self:
        """As every command: ``--select`` replaces the configured select, ``--ignore`` adds."""
        chosen, dropped = split_selectors(select), split_selectors(ignore)
        return replace(self, select=chosen or self.select, ignore=self.ignore + dropped)

    def severity_of(self, rule: Rule, default: Severity) -> Severity:
        """The severity set for ``rule`` by code, else by name, else ``default``."""
        return self.severity.get(rule.code) or self.severity.get(rule.name) or default
