"""Typed settings of ``docsync check``: rule selection, severities and rule options."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from docsync.selection import RuleSettings

if TYPE_CHECKING:
    from docsync.check.ruleset import CheckRules


@dataclass(frozen=True)
class CheckSettings(RuleSettings):
    """Everything that changes what ``docsync check`` reports: the rule selection and
    severities (with rules/check.toml's off-by-default rules) and the rules' options (the
    ShellCheck rule's among them)."""


def default_settings(rules: CheckRules) -> CheckSettings:
    """The settings before any configuration: rules/check.toml's off-by-default rules."""
    return CheckSettings(off_by_default=rules.off_by_default)
