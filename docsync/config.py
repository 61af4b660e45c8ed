"""Project configuration: ``[tool.docsync]`` in pyproject.toml or a ``.docsync.toml``.

The file closest to an input wins (``.docsync.toml`` before ``pyproject.toml`` in the same
directory); command-line flags override it. Reading uses tomllib (fast, stdlib); nothing on
the lint path imports tomlkit.

This module finds and reads the table and offers the checks every section needs; each job
turns its own section into its typed settings (``docsync/lint/config.py``,
``docsync/check/config.py``), so the configuration layer knows no job (docs/development.rst,
"Architecture").
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from docsync.errors import UsageError
from docsync.model import Severity
from docsync.options import rule_options
from docsync.selection import RuleSettings, split_selectors

S = TypeVar("S", bound=RuleSettings)


@dataclass(frozen=True)
class ProjectConfig:
    """The docsync table found for an input, and the file it came from."""

    path: Path | None
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def where(self) -> str:
        """The file's name for messages about its content."""
        return str(self.path) if self.path else "configuration"

    def section(self, name: str, known: set[str]) -> dict[str, Any]:
        """The ``[tool.docsync.<name>]`` table; a usage error for a non-table or unknown keys."""
        section = self.data.get(name, {})
        if not isinstance(section, dict):
            raise UsageError(f"{self.where}: [tool.docsync.{name}] must be a table")
        unknown = set(section) - known
        if unknown:
            raise UsageError(
                f"{self.where}: unknown {name} option(s) {', '.join(sorted(unknown))} "
                f"(known: {', '.join(sorted(known))})"
            )
        return section

    def resolve(self, value: str) -> Path:
        """A path from the file, relative to the file's directory."""
        path = Path(value)
        if path.is_absolute() or self.path is None:
            return path
        return self.path.parent / path


def _load(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"bad configuration {path}: {exc}") from None


# The keys of the table itself: rule selection for every command, and one table per command.
TOP_KEYS = {"select", "ignore", "lint", "check", "drift", "extract", "verify"}
# What a command's table holds when rules are all it has settings for (drift, extract, verify).
RULE_KEYS = {"select", "ignore", "extend-select", "severity", "options"}


@functools.cache
def find_config(directory: str) -> ProjectConfig:
    """The closest ``.docsync.toml`` or ``pyproject.toml`` with ``[tool.docsync]``."""
    here = Path(directory).resolve()
    for d in (here, *here.parents):
        dot = d / ".docsync.toml"
        if dot.is_file():
            return _checked(ProjectConfig(dot, _load(dot)))
        pyproject = d / "pyproject.toml"
        if pyproject.is_file():
            tool = _load(pyproject).get("tool", {}).get("docsync")
            if isinstance(tool, dict):
                return _checked(ProjectConfig(pyproject, tool))
    return ProjectConfig(None)


def _checked(config: ProjectConfig) -> ProjectConfig:
    """A typo at the top (``selct``, ``[tool.docsync.lnt]``) is an error, as one in a section is."""
    unknown = set(config.data) - TOP_KEYS
    if unknown:
        raise UsageError(
            f"{config.where}: unknown option(s) {', '.join(sorted(unknown))} (known: {', '.join(sorted(TOP_KEYS))})"
        )
    return config


def strings(value: Any, where: str) -> tuple[str, ...]:
    """Rule selectors from a string or a list of strings (comma-separated items split)."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise UsageError(f"{where} must be a string or a list of strings")
    return split_selectors(value)


RULE_CODE = re.compile(r"[A-Za-z]{3}[0-9]+")


def severities(table: Any, where: str) -> dict[str, Severity]:
    """A ``severity`` table: rule code (upper-cased) or rule name → Severity."""
    if not isinstance(table, dict):
        raise UsageError(f"{where} must be a table")
    out: dict[str, Severity] = {}
    for key, level in table.items():
        try:
            out[key if not RULE_CODE.fullmatch(key) else key.upper()] = Severity.parse(str(level))
        except ValueError as exc:
            raise UsageError(f"{where}.{key}: {exc}") from None
    return out


def with_rules(
    config: ProjectConfig, name: str, section: dict[str, Any], base: S, stages: tuple[str, ...] = ()
) -> S:
    """``base`` with the rule selection, severities and options of the configuration: the
    top-level ``select`` / ``ignore`` and then the command's own, its ``extend-select``, its
    ``severity`` table (by code or by rule name) over ``base``'s, and its ``options`` table
    (by code or by rule name) over the defaults of the rules of ``stages`` (the command's own
    by default; rules/codes, docsync/options.py)."""
    data = config.data
    where = config.where
    return replace(
        base,
        select=strings(data.get("select", []), f"{where}: select")
        + strings(section.get("select", []), f"{where}: {name}.select"),
        ignore=strings(data.get("ignore", []), f"{where}: ignore")
        + strings(section.get("ignore", []), f"{where}: {name}.ignore"),
        extend_select=strings(section.get("extend-select", []), f"{where}: {name}.extend-select"),
        severity={
            **base.severity,
            **severities(section.get("severity", {}), f"{where}: {name}.severity"),
        },
        rule_options=rule_options(name, section.get("options", {}), where, stages),
    )


def rule_settings(name: str, directory: Path, select: Sequence[str] | None = None,
                  ignore: Sequence[str] | None = None) -> RuleSettings:
    """The rule settings of a command whose table holds rules only (``extract``, ``verify``):
    the configuration closest to ``directory``, then the command line's ``--select`` and
    ``--ignore``."""
    config = find_config(str(directory))
    settings = with_rules(config, name, config.section(name, RULE_KEYS), RuleSettings())
    return settings.with_command_line(select, ignore)
