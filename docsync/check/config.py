"""``docsync check``'s settings: ``[tool.docsync.check]`` over rules/check.toml's defaults."""

from __future__ import annotations

from dataclasses import replace

from docsync.check.settings import CheckSettings
from docsync.config import ProjectConfig, strings, with_rules
from docsync.errors import UsageError
from docsync.options import parse

_CHECK_KEYS = {"select", "ignore", "extend-select", "severity", "options", "shell"}
# `[tool.docsync.check.shell]` came before rule options: it still sets the ShellCheck rule's.
_SHELL_ALIAS = "DOC301"
# The stages whose rules check runs: its own, lint's on configuration blocks, drift's on pairs.
STAGES = ("check", "lint", "drift")


def check_settings_from(config: ProjectConfig, defaults: CheckSettings) -> CheckSettings:
    """Typed check settings from a config table (top-level select/ignore, then [check]) over
    ``defaults`` (rules/check.toml's)."""
    where = config.where
    section = config.section("check", _CHECK_KEYS)
    settings = with_rules(config, "check", section, defaults, STAGES)
    if "shell" not in section:
        return settings
    at = f"{where}: [tool.docsync.check.shell]"
    options = section.get("options", {})
    also = [k for k in options if k.upper() == _SHELL_ALIAS or k == "shellcheck"]
    if also:
        raise UsageError(
            f"{at}: the options of {_SHELL_ALIAS} are set twice (also in [tool.docsync.check.options.{also[0]}])"
        )
    shell = section["shell"]
    if isinstance(shell, dict) and isinstance(shell.get("exclude"), str):
        # (The table's own spelling: one string of comma-separated codes.)
        shell = {**shell, "exclude": list(strings(shell["exclude"], f"{at}: exclude"))}
    current = settings.rule_options[_SHELL_ALIAS]
    return replace(
        settings, rule_options={**settings.rule_options, _SHELL_ALIAS: parse(type(current), shell, at, base=current)}
    )
