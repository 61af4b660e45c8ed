"""Typed settings of ``docsync check``: rule selection, severities and the shell rule's options."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from docsync.selection import RuleSettings

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
class CheckSettings(RuleSettings):
    """Everything that changes what ``docsync check`` reports: the rule selection and
    severities (with rules/check.toml's off-by-default rules), and ShellCheck's options."""

    shell: ShellOptions = field(default_factory=ShellOptions)


def default_settings(rules: CheckRules) -> CheckSettings:
    """The settings before any configuration: rules/check.toml's off-by-default rules and
    ShellCheck options."""
    shell = rules.shell
    return CheckSettings(
        shell=ShellOptions(level=shell.level, shell=shell.shell, exclude=shell.exclude),
        off_by_default=rules.off_by_default,
    )
