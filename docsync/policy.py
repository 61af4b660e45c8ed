"""File classes of a docs tree (``rules/policy.toml``): how each rule is graded per class.

Release notes of past versions, legacy chapters and reference pages are not held to the same
bar: a release note translated years ago without embedded originals is not a finding worth a
maintainer's time. The data says which files form a class and which rule severities change
there; ``apply_policy`` regrades (or drops) findings by the class of their path.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from docsync.errors import UsageError
from docsync.model import Finding, Severity
from docsync.paths import RULES_DIR
from docsync.ruledata import Table

POLICY_FILE = RULES_DIR / "policy.toml"
OFF = "off"


@dataclass(frozen=True)
class FileClass:
    """A named set of files (path patterns) and the rule severities that hold there."""

    name: str
    files: tuple[str, ...]
    severity: dict[str, Severity | None]  # None: not reported in this class

    def covers(self, path: str) -> bool:
        p = PurePosixPath(path)
        return any(p.match(pattern) for pattern in self.files)


@dataclass(frozen=True)
class Policy:
    """Every file class, in the order they are tried."""

    classes: tuple[FileClass, ...] = ()
    _seen: dict[str, FileClass | None] = field(default_factory=dict, compare=False, repr=False)

    def class_of(self, path: str) -> FileClass | None:
        """The first class covering ``path`` (relative to a docs root or a language directory)."""
        if path not in self._seen:
            self._seen[path] = next((c for c in self.classes if c.covers(path)), None)
        return self._seen[path]

    def grade(self, finding: Finding) -> Finding | None:
        """The finding as its file's class grades it; None when the class turns it off."""
        cls = self.class_of(finding.location.path)
        if cls is None or finding.code not in cls.severity:
            return finding
        severity = cls.severity[finding.code]
        if severity is None:
            return None
        return finding if severity is finding.severity else replace(finding, severity=severity)


def apply_policy(findings: Iterable[Finding], policy: Policy | None = None) -> list[Finding]:
    """Regrade findings by their file's class; drop those the class turns off."""
    policy = policy if policy is not None else load_policy()
    out = []
    for f in findings:
        graded = policy.grade(f)
        if graded is not None:
            out.append(graded)
    return out


def parse_policy(data: dict, source: str, known_codes: frozenset[str]) -> Policy:
    """Validate policy data: classes with names, file patterns and known rule codes."""
    top = Table(data, "top level", source)
    classes = []
    for i, raw in enumerate(top.take("class", [], kind=list)):
        t = Table(raw, f"class[{i}]", source)
        name = t.take("name", kind=str)
        t.take("description", "", kind=str)
        files = t.take("files", kind=list)
        if not files or not all(isinstance(f, str) and f for f in files):
            raise UsageError(f"{source}: class {name!r}: files must be a non-empty list of patterns")
        severity: dict[str, Severity | None] = {}
        for code, value in t.take("severity", {}, kind=dict).items():
            if code not in known_codes:
                raise UsageError(f"{source}: class {name!r}: unknown rule {code!r}")
            if value == OFF:
                severity[code] = None
                continue
            try:
                severity[code] = Severity.parse(str(value))
            except ValueError as exc:
                raise UsageError(f"{source}: class {name!r}: {code}: {exc} or off") from None
        t.done()
        classes.append(FileClass(name, tuple(files), severity))
    top.done()
    return Policy(tuple(classes))


@functools.cache
def load_policy(path: Path = POLICY_FILE) -> Policy:
    """The file classes of ``rules/policy.toml`` (read once per process)."""
    from docsync.rules import all_rules

    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        return Policy()
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"{path}: {exc}") from None
    return parse_policy(data, path.name, frozenset(all_rules()))
