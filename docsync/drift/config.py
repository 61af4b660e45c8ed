"""``docsync drift``'s settings: ``[tool.docsync.drift]`` and the top-level select/ignore."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from docsync.config import RULE_KEYS, ProjectConfig, with_rules
from docsync.rules import rule
from docsync.selection import RuleSettings


@dataclass(frozen=True)
class DriftSettings(RuleSettings):
    """What changes which drift findings are reported, how severe they are and the rules'
    options: what every command's rule settings hold (``run_drift`` finishes its findings with
    them through ``docsync.finish``, as every command does)."""


def drift_settings_from(config: ProjectConfig) -> DriftSettings:
    """Typed drift settings from a config table: top-level select/ignore, then ``[drift]``."""
    return with_rules(config, "drift", config.section("drift", RULE_KEYS), DriftSettings())


def code_selection(settings: RuleSettings) -> Callable[[str], bool] | None:
    """Which rule codes the settings enable (docsync.selection, as every command); None when
    they enable every code. Drift runs only the checks of enabled codes."""
    if not settings.select and not settings.ignore and not settings.extend_select:
        return None
    return functools.cache(lambda code: settings.enabled(rule(code)))
