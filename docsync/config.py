"""Project configuration: ``[tool.docsync]`` in pyproject.toml or a ``.docsync.toml``.

The file closest to an input wins (``.docsync.toml`` before ``pyproject.toml`` in the same
directory); command-line flags override it. Dicts exist only here: callers get typed
settings. Reading uses tomllib (fast, stdlib); nothing on the lint path imports tomlkit.
"""

from __future__ import annotations

import functools
import os
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docsync.errors import UsageError
from docsync.lint.settings import LintSettings
from docsync.model import Severity
from docsync.selection import split_selectors

if TYPE_CHECKING:
    from docsync.check.settings import CheckSettings

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
}


@dataclass(frozen=True)
class ProjectConfig:
    """The docsync table found for an input, and the file it came from."""

    path: Path | None
    data: dict[str, Any] = field(default_factory=dict)


def _load(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"bad configuration {path}: {exc}") from None


@functools.cache
def find_config(directory: str) -> ProjectConfig:
    """The closest ``.docsync.toml`` or ``pyproject.toml`` with ``[tool.docsync]``."""
    here = Path(directory).resolve()
    for d in (here, *here.parents):
        dot = d / ".docsync.toml"
        if dot.is_file():
            return ProjectConfig(dot, _load(dot))
        pyproject = d / "pyproject.toml"
        if pyproject.is_file():
            tool = _load(pyproject).get("tool", {}).get("docsync")
            if isinstance(tool, dict):
                return ProjectConfig(pyproject, tool)
    return ProjectConfig(None)


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise UsageError(f"{where} must be a string or a list of strings")
    return split_selectors(value)


def lint_settings_from(config: ProjectConfig) -> LintSettings:
    """Typed lint settings from a config table (top-level select/ignore, then [lint])."""
    data = config.data
    where = str(config.path) if config.path else "configuration"
    section = data.get("lint", {})
    if not isinstance(section, dict):
        raise UsageError(f"{where}: [tool.docsync.lint] must be a table")
    unknown = set(section) - _LINT_KEYS
    if unknown:
        raise UsageError(
            f"{where}: unknown lint option(s) {', '.join(sorted(unknown))} "
            f"(known: {', '.join(sorted(_LINT_KEYS))})"
        )
    settings = LintSettings()
    select = _strings(data.get("select", []), f"{where}: select") + _strings(
        section.get("select", []), f"{where}: lint.select"
    )
    ignore = _strings(data.get("ignore", []), f"{where}: ignore") + _strings(
        section.get("ignore", []), f"{where}: lint.ignore"
    )
    extend = _strings(section.get("extend-select", []), f"{where}: lint.extend-select")
    severity: dict[str, Severity] = {}
    for code, level in section.get("severity", {}).items():
        try:
            severity[code.upper()] = Severity.parse(str(level))
        except ValueError as exc:
            raise UsageError(f"{where}: lint.severity.{code}: {exc}") from None
    against = section.get("against")
    if against is not None:
        against = Path(against) if os.path.isabs(against) else config.path.parent / against  # type: ignore[union-attr]
    # `canonical`: a pgpool.conf (like --against) or a documentation tree (like --docs).
    docs = section.get("canonical")
    if docs is not None:
        docs = Path(docs) if os.path.isabs(docs) else config.path.parent / docs  # type: ignore[union-attr]
        if not (docs.is_dir() or docs.suffix == ".sgml"):
            against, docs = docs, None
    return replace(
        settings,
        select=select,
        ignore=ignore,
        extend_select=extend,
        severity=severity,
        pgpool_version=section.get("pgpool-version"),
        pgpool_version_origin=f"pgpool-version in {where}",
        server=_server_option(section.get("server"), where),
        pg_version=section.get("pg-version"),
        against=against,
        docs=docs,
        scenario=section.get("scenario"),
        lang=section.get("lang"),
    )


def _server_option(value: Any, where: str) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise UsageError(f"{where}: lint.server must be true or false")


def lint_settings_for(path: str, cli: LintSettings, *, cli_set: frozenset[str]) -> LintSettings:
    """Config closest to ``path`` merged under the command-line settings named in ``cli_set``."""
    directory = os.path.dirname(os.path.abspath(path)) if path not in ("-", "") else os.getcwd()
    base = lint_settings_from(find_config(directory))
    overrides = {name: getattr(cli, name) for name in cli_set}
    if "pgpool_version" in overrides:
        overrides["pgpool_version_origin"] = cli.pgpool_version_origin
    if "ignore" in overrides:  # --ignore adds to the configured list; --select replaces it
        overrides["ignore"] = base.ignore + cli.ignore
    if "severity" not in cli_set:
        overrides.pop("severity", None)
    merged = replace(base, **overrides)
    if "against" in cli_set or "docs" in cli_set:  # a canonical named on the command line wins
        merged = replace(merged, against=cli.against, docs=cli.docs)
    return replace(merged, live=cli.live, dsn=cli.dsn)


_CHECK_KEYS = {"select", "ignore", "extend-select", "severity", "shell"}
_SHELL_KEYS = {"level", "shell", "exclude"}


def check_settings_from(config: ProjectConfig, defaults: CheckSettings) -> CheckSettings:
    """Typed check settings from a config table (top-level select/ignore, then [check]) over
    ``defaults`` (rules/check.toml's)."""
    from docsync.check.settings import SHELLCHECK_LEVELS

    data = config.data
    where = str(config.path) if config.path else "configuration"
    section = data.get("check", {})
    if not isinstance(section, dict):
        raise UsageError(f"{where}: [tool.docsync.check] must be a table")
    unknown = set(section) - _CHECK_KEYS
    if unknown:
        raise UsageError(
            f"{where}: unknown check option(s) {', '.join(sorted(unknown))} "
            f"(known: {', '.join(sorted(_CHECK_KEYS))})"
        )
    severity: dict[str, Severity] = dict(defaults.severity)
    for key, level in section.get("severity", {}).items():
        try:
            severity[key.upper() if _RULE_CODE.fullmatch(key) else key] = Severity.parse(str(level))
        except ValueError as exc:
            raise UsageError(f"{where}: check.severity.{key}: {exc}") from None
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
        options = replace(options, exclude=_strings(shell["exclude"], f"{where}: check.shell.exclude"))
    return replace(
        defaults,
        select=_strings(data.get("select", []), f"{where}: select")
        + _strings(section.get("select", []), f"{where}: check.select"),
        ignore=_strings(data.get("ignore", []), f"{where}: ignore")
        + _strings(section.get("ignore", []), f"{where}: check.ignore"),
        extend_select=_strings(section.get("extend-select", []), f"{where}: check.extend-select"),
        severity=severity,
        shell=options,
    )


_RULE_CODE = re.compile(r"[A-Za-z]{3}[0-9]+")
