"""Typed lint settings."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docsync.selection import RuleSettings


@dataclass(frozen=True)
class LintSettings(RuleSettings):
    """Everything that changes what ``docsync lint`` reports (built once per input): the
    rule selection and severities, and what the file is checked against."""

    pgpool_version: str | None = None
    # Where pgpool_version came from, for the version's reason ("--pgpool-version", a file).
    pgpool_version_origin: str = "--pgpool-version"
    pg_version: str | None = None
    against: Path | None = None
    docs: Path | None = None
    scenario: str | None = None  # with docs: which scenario's pgpool.conf (example-cluster)
    lang: str | None = None  # with docs: en or ja
    # --server / --no-server: this machine's own configuration (installed version, deployment
    # checks) or not; None: decided by where the file is (docsync/lint/installed.py).
    server: bool | None = None
    live: bool = False  # --live: compare with the running pgpool (checks/runtime.py)
    dsn: str | None = None  # --dsn: how to reach it (else the file's socket_dir and port)
