"""The shared vocabulary of every stage: locations, severities, categories and findings."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Location:
    """A place in a file: path as given (or relative to the docs root), 1-based line and column.

    A finding about a whole file is at 1:1, about a whole line at column 1 (CONVENTIONS.md).
    """

    path: str
    line: int
    column: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


class Severity(enum.Enum):
    """How bad a finding is; ordered so that ``ERROR`` is the highest."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls(text.strip().lower())
        except ValueError:
            choices = ", ".join(s.value for s in cls)
            raise ValueError(f"unknown severity {text!r} (choose from {choices})") from None


_SEVERITY_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


class Category(enum.Enum):
    """The category vocabulary of CONVENTIONS.md; a rule's category never changes."""

    SYNTAX = "syntax"
    UNKNOWN_PARAMETER = "unknown-parameter"
    REMOVED_PARAMETER = "removed-parameter"
    TYPE = "type"
    RANGE = "range"
    ENUM = "enum"
    DUPLICATE = "duplicate"
    ARRAY_INDEX = "array-index"
    DEPENDENCY = "dependency"
    PLACEHOLDER = "placeholder"
    VERSION_PATH = "version-path"
    CANONICAL_MISMATCH = "canonical-mismatch"
    VERSION_CONSISTENCY = "version-consistency"
    TABLE_SHAPE = "table-shape"
    SHELL = "shell"
    DOCS_VS_CODE = "docs-vs-code"
    DRIFT_STRUCTURE = "drift-structure"
    DRIFT_CODE = "drift-code"
    DRIFT_NUMBER = "drift-number"
    DRIFT_LINK = "drift-link"
    DRIFT_TABLE = "drift-table"
    DRIFT_STALE = "drift-stale"
    IO = "io"
    LIMIT = "limit"
    DEPLOYMENT = "deployment"
    RUNTIME = "runtime"
    EXECUTABLE = "executable"


@dataclass(frozen=True)
class Related:
    """A secondary location of a finding: the other language's counterpart, the other duplicate."""

    location: Location
    message: str = ""


@dataclass(frozen=True)
class Fix:
    """A safe byte-range edit: replace ``data[start:end]`` of the finding's file with ``text``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Rule:
    """A rule's identity: stable code, kebab-case name, category and default severity."""

    code: str
    name: str
    category: Category
    severity: Severity
    summary: str = ""


@dataclass(frozen=True)
class Finding:
    """One problem found in one place; every stage reports these and only these."""

    location: Location
    code: str
    name: str
    category: Category
    severity: Severity
    message: str
    end: Location | None = None
    related: tuple[Related, ...] = field(default=())
    fix: Fix | None = None

    @classmethod
    def of(
        cls,
        rule: Rule,
        location: Location,
        message: str,
        *,
        severity: Severity | None = None,
        end: Location | None = None,
        related: tuple[Related, ...] = (),
        fix: Fix | None = None,
    ) -> Finding:
        """Stamp a finding with a rule's identity (the engine's job, not the check's)."""
        return cls(
            location=location,
            code=rule.code,
            name=rule.name,
            category=rule.category,
            severity=severity or rule.severity,
            message=message,
            end=end,
            related=related,
            fix=fix,
        )

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.location.path, self.location.line, self.location.column, self.code)


def sort_findings(findings: list[Finding] | tuple[Finding, ...]) -> list[Finding]:
    """Findings in report order: path, line, column, code."""
    return sorted(findings, key=lambda f: f.sort_key)
