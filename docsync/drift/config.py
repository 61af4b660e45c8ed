"""``docsync drift``'s settings: ``[tool.docsync.drift]`` and the top-level select/ignore."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from docsync.config import ProjectConfig, severities, strings
from docsync.model import Finding, Severity
from docsync.selection import rule_of

DRIFT_KEYS = {"select", "ignore", "extend-select", "severity"}


@dataclass(frozen=True)
class DriftSettings:
    """What changes which drift findings are reported, and how severe they are."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    severity: dict[str, Severity] = field(default_factory=dict)

    def with_command_line(self, select: Sequence[str], ignore: Sequence[str]) -> DriftSettings:
        """As every command: ``--select`` replaces the configured select, ``--ignore`` adds."""
        return replace(self, select=tuple(select) or self.select, ignore=self.ignore + tuple(ignore))

    @property
    def selectors(self) -> tuple[str, ...]:
        """The select list with extend-select added (nothing selected means every rule)."""
        return self.select + self.extend_select if self.select else ()

    def regrade(self, findings: Sequence[Finding]) -> list[Finding]:
        """Findings with the configured severities (by rule code or name)."""
        out = []
        for f in findings:
            rule = rule_of(f)
            wanted = self.severity.get(rule.code) or self.severity.get(rule.name)
            out.append(f if wanted is None or wanted is f.severity else replace(f, severity=wanted))
        return out


def drift_settings_from(config: ProjectConfig) -> DriftSettings:
    """Typed drift settings from a config table: top-level select/ignore, then ``[drift]``."""
    where = config.where
    section = config.section("drift", DRIFT_KEYS)
    return DriftSettings(
        select=strings(config.data.get("select", []), f"{where}: select")
        + strings(section.get("select", []), f"{where}: drift.select"),
        ignore=strings(config.data.get("ignore", []), f"{where}: ignore")
        + strings(section.get("ignore", []), f"{where}: drift.ignore"),
        extend_select=strings(section.get("extend-select", []), f"{where}: drift.extend-select"),
        severity=severities(section.get("severity", {}), f"{where}: drift.severity", names=True),
    )
