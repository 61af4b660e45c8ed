"""``docsync check``'s settings: ``[tool.docsync.check]`` over rules/check.toml's defaults."""

from __future__ import annotations

from dataclasses import replace

from docsync.check.settings import SHELLCHECK_LEVELS, CheckSettings
from docsync.config import ProjectConfig, strings, with_rules
from docsync.errors import UsageError

_CHECK_KEYS = {"select", "ignore", "extend-select", "severity", "shell"}
_SHELL_KEYS = {"level", "shell", "exclude"}


def check_settings_from(config: ProjectConfig, defaults: CheckSettings) -> CheckSettings:
    """Typed check settings from a config table (top-level select/ignore, then [check]) over
    ``defaults`` (rules/check.toml's)."""
    where = config.where
    section = config.section("check", _CHECK_KEYS)
    shell = section.get("shell", {})
    if not isinstance(shell, dict) or set(shell) - _SHELL_KEYS:
        raise UsageError(f"{where}: [tool.docsync.check.shell] takes {', '.join(sorted(_SHELL_KEYS))}")
    options = defaults.shell
    if "level" in shell:
        if shell["level"] not in SHELLCHECK_LEVELS:
            raise UsageError(f"{where}: check.shell.level must be one of {', '.join(SHELLCHECK_LEVELS)}")
        options = replace(options, level=shell["level"])
    if "shell" in shell:
        options = replace(options, shell=str(shell["shell"]))
    if "exclude" in shell:
        options = replace(options, exclude=strings(shell["exclude"], f"{where}: check.shell.exclude"))
    return with_rules(config, "check", section, replace(defaults, shell=options))
