"""Typed lint settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from docsync.model import Rule, Severity
from docsync.selection import rule_enabled


@dataclass(frozen=True)
class LintSettings:
    """Everything that changes what ``docsync lint`` reports (built once per input)."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    pgpool_version: str | None = None
    # Where pgpool_version came from, for the version's reason ("--pgpool-version", a file).
    pgpool_version_origin: str = "--pgpool-version"
    pg_version: str | None = None
    against: Path | None = None
    docs: Path | None = None
    scenario: str | None = None  # with docs: which scenario's pgpool.conf (example-cluster)
    lang: str | None = None  # with docs: en or ja
    severity: dict[str, Severity] = field(default_factory=dict)
    # --server / --no-server: this machine's own configuration (installed version, deployment
    # checks) or not; None: decided by where the file is (docsync/lint/installed.py).
    server: bool | None = None
    live: bool = False  # --live: compare with the running pgpool (checks/runtime.py)
    dsn: str | None = None  # --dsn: how to reach it (else the file's socket_dir and port)

    def enabled(self, rule: Rule) -> bool:
        """Selected (everything by default) and not ignored; the more specific selector wins,
        and on a tie ``ignore`` does."""
        return rule_enabled(rule, self.select, self.ignore, self.extend_select)
