"""``docsync lint``'s settings for one input: ``[tool.docsync.lint]`` under the command line."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from docsync.config import ProjectConfig, find_config, with_rules
from docsync.errors import UsageError
from docsync.lint.settings import LintSettings

_LINT_KEYS = {
    "server",
    "select",
    "ignore",
    "extend-select",
    "pgpool-version",
    "pg-version",
    "against",
    "canonical",
    "scenario",
    "lang",
    "severity",
    "options",
}


@dataclass(frozen=True)
class LintFlags:
    """What the command line says; ``None`` (or an empty tuple) leaves it to the configuration."""

    select: tuple[str, ...] | None = None  # replaces the configured selection
    ignore: tuple[str, ...] = ()  # adds to the configured list
    pgpool_version: str | None = None
    pg_version: str | None = None
    against: Path | None = None  # a canonical named here (either kind) replaces the configured one
    docs: Path | None = None
    scenario: str | None = None
    lang: str | None = None
    server: bool | None = None
    live: bool = False  # command line only
    dsn: str | None = None  # command line only


def lint_settings_from(config: ProjectConfig) -> LintSettings:
    """Typed lint settings from a config table (top-level select/ignore, then [lint])."""
    where = config.where
    section = config.section("lint", _LINT_KEYS)
    against = section.get("against")
    if against is not None:
        against = config.resolve(against)
    # `canonical`: a pgpool.conf (like --against) or a documentation tree (like --docs).
    docs = section.get("canonical")
    if docs is not None:
        docs = config.resolve(docs)
        if not (docs.is_dir() or docs.suffix == ".sgml"):
            against, docs = docs, None
    settings = LintSettings(
        pgpool_version=section.get("pgpool-version"),
        pgpool_version_origin=f"pgpool-version in {where}",
        server=_server_option(section.get("server"), where),
        pg_version=section.get("pg-version"),
        against=against,
        docs=docs,
        scenario=section.get("scenario"),
        lang=section.get("lang"),
    )
    return with_rules(config, "lint", section, settings)


def _server_option(value: Any, where: str) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise UsageError(f"{where}: lint.server must be true or false")


def lint_settings_for(path: str, flags: LintFlags) -> LintSettings:
    """The configuration closest to ``path`` with the command line's ``flags`` over it."""
    directory = os.path.dirname(os.path.abspath(path)) if path not in ("-", "") else os.getcwd()
    s = lint_settings_from(find_config(directory))
    if flags.select is not None:
        s = replace(s, select=flags.select)
    if flags.ignore:
        s = replace(s, ignore=s.ignore + flags.ignore)
    if flags.pgpool_version:
        s = replace(s, pgpool_version=flags.pgpool_version, pgpool_version_origin="--pgpool-version")
    if flags.pg_version:
        s = replace(s, pg_version=flags.pg_version)
    if flags.scenario:
        s = replace(s, scenario=flags.scenario)
    if flags.lang:
        s = replace(s, lang=flags.lang)
    if flags.server is not None:
        s = replace(s, server=flags.server)
    if flags.against or flags.docs:
        s = replace(s, against=flags.against, docs=flags.docs)
    return replace(s, live=flags.live, dsn=flags.dsn)
