"""``docsync check``'s settings: ``[tool.docsync.check]`` over rules/check.toml's defaults."""

from __future__ import annotations

from dataclasses import replace

from docsync.check.settings import SHELLCHECK_LEVELS, CheckSettings
from docsync.config import ProjectConfig, severities, strings
from docsync.errors import UsageError

_CHECK_KEYS = {"select", "ignore", "extend-select", "severity", "shell"}
_SHELL_KEYS = {"level", "shell", "exclude"}


def check_settings_from(config: ProjectConfig, defaults: CheckSettings) -> CheckSettings:
    """Typed check settings from a config table (top-level select/ignore, then [check]) over
    ``defaults`` (rules/check.toml's)."""
    data = config.data
    where = config.where
    section = config.section("check", _CHECK_KEYS)
    severity = dict(defaults.severity)
    severity.update(severities(section.get("severity", {}), f"{where}: check.severity", names=True))
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
    return replace(
        defaults,
        select=strings(data.get("select", []), f"{where}: select")
        + strings(section.get("select", []), f"{where}: check.select"),
        ignore=strings(data.get("ignore", []), f"{where}: ignore")
        + strings(section.get("ignore", []), f"{where}: check.ignore"),
        extend_select=strings(section.get("extend-select", []), f"{where}: check.extend-select"),
        severity=severity,
        shell=options,
    )
