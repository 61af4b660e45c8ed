"""Typed settings of ``docsync check``: rule selection, severities and the shell rule's options."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from docsync.model import Rule, Severity
from docsync.selection import rule_enabled

if TYPE_CHECKING:
    from docsync.check.ruleset import CheckRules

SHELLCHECK_LEVELS = ("error", "warning", "info", "style")


@dataclass(frozen=True)
class ShellOptions:
    """``[tool.docsync.check.shell]``: what ShellCheck is asked for."""

    level: str = "warning"  # lowest ShellCheck level reported
    shell: str = "bash"
    exclude: tuple[str, ...] = ()


@dataclass(frozen=True)
class CheckSettings:
    """Everything that changes what ``docsync check`` reports."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    severity: dict[str, Severity] = field(default_factory=dict)
    shell: ShellOptions = field(default_factory=ShellOptions)
    off_by_default: frozenset[str] = frozenset()

    def enabled(self, rule: Rule) -> bool:
        """Selected (all but the off-by-default rules when nothing is) and not ignored."""
        return rule_enabled(
            rule,
            self.select,
            self.ignore,
            self.extend_select,
            off_by_default=rule.code in self.off_by_default,
        )

    def severity_of(self, rule: Rule, default: Severity) -> Severity:
        return self.severity.get(rule.code) or self.severity.get(rule.name) or default


def default_settings(rules: CheckRules) -> CheckSettings:
    """The settings before any configuration: rules/check.toml's off-by-default rules and
    ShellCheck options."""
    shell = rules.shell
    return CheckSettings(
        shell=ShellOptions(level=shell.level, shell=shell.shell, exclude=shell.exclude),
        off_by_default=rules.off_by_default,
    )
