"""``docsync drift``'s settings: ``[tool.docsync.drift]`` and the top-level select/ignore."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from docsync.config import ProjectConfig, with_rules
from docsync.model import Finding
from docsync.selection import RuleSettings, rule_of

DRIFT_KEYS = {"select", "ignore", "extend-select", "severity", "options"}


@dataclass(frozen=True)
class DriftSettings(RuleSettings):
    """What changes which drift findings are reported, and how severe they are (the rule
    selection and severities every command shares)."""

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
            wanted = self.severity_of(rule_of(f), f.severity)
            out.append(f if wanted is f.severity else replace(f, severity=wanted))
        return out


def drift_settings_from(config: ProjectConfig) -> DriftSettings:
    """Typed drift settings from a config table: top-level select/ignore, then ``[drift]``."""
    return with_rules(config, "drift", config.section("drift", DRIFT_KEYS), DriftSettings())
