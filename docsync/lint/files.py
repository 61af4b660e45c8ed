"""Reading inputs safely and following ``include`` directives.

Nothing here judges a setting; it turns paths into bytes (or a one-line reason why not)
and a root ``ConfFile`` into the ordered settings the server would process.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple

from docsync import inputs
from docsync.lint.catalogue import lint_rules_data
from docsync.lint.conffile import ConfFile, Dialect, Include, Setting, parse_conf
from docsync.lint.registry import Report
from docsync.model import Location

MAX_INCLUDE_DEPTH = 10  # pgpool's ParseConfigFile(): depth > 10 is an error


class ReadError(Exception):
    """A file that cannot be linted; ``str()`` is a one-line reason."""

    def __init__(self, reason: str, *, missing: bool = False) -> None:
        super().__init__(reason)
        self.missing = missing


def max_file_bytes() -> int:
    return int(lint_rules_data()["limits"]["max_file_bytes"])


def read_input(path: str) -> bytes:
    """The bytes of ``path``, or ReadError with a one-line reason; never modifies anything."""
    try:
        data = inputs.read_input(path, max_bytes=max_file_bytes())
    except inputs.InputProblem as exc:
        reason = f"{exc}: not a configuration file" if exc.problem is inputs.Problem.TOO_LARGE else str(exc)
        raise ReadError(reason, missing=exc.problem is inputs.Problem.MISSING) from None
    check_binary(data)
    return data


def check_binary(data: bytes) -> None:
    if inputs.looks_binary(data):
        raise ReadError("binary file: not a configuration file")


class IncludeIssue(NamedTuple):
    """An include that the server could not follow (its run would stop there)."""

    path: str
    line: int
    column: int
    message: str


class ConfTree(NamedTuple):
    """A root file with everything it includes, and the settings in processing order."""

    root: ConfFile
    files: tuple[ConfFile, ...]
    settings: tuple[Setting, ...]
    issues: tuple[IncludeIssue, ...]


def resolve_include(including: str, target: str) -> str:
    """Relative targets are relative to the including file's directory (as in pgpool)."""
    if os.path.isabs(target):
        return os.path.normpath(target)
    return os.path.normpath(os.path.join(os.path.dirname(including) or ".", target))


def expand_includes(
    root: ConfFile,
    dialect: Dialect,
    read: Callable[[str], bytes] = read_input,
) -> ConfTree:
    """Splice included files in where their directive stands (depth <= 10, no cycles)."""
    walker = _IncludeWalker(dialect, read, [root])
    start = os.path.realpath(root.path) if root.path and not root.path.startswith("<") else root.path
    walker.walk(root, 0, (start,))
    return ConfTree(root, tuple(walker.files), tuple(walker.settings), tuple(walker.issues))


class _IncludeWalker:
    """The state of one expansion. (Methods, not nested closures: two closures that call each
    other form a reference cycle that kept every parse alive until a garbage collection.)"""

    def __init__(self, dialect: Dialect, read: Callable[[str], bytes], files: list[ConfFile]) -> None:
        self.dialect = dialect
        self.read = read
        self.files = files
        self.settings: list[Setting] = []
        self.issues: list[IncludeIssue] = []

    def walk(self, conf: ConfFile, depth: int, stack: tuple[str, ...]) -> None:
        if not conf.includes:
            self.settings.extend(conf.settings)
            return
        for item in conf.items:
            if isinstance(item, Setting):
                self.settings.append(item)
            else:
                self.follow(conf, item, depth, stack)

    def follow(self, conf: ConfFile, item: Include, depth: int, stack: tuple[str, ...]) -> None:
        issues = self.issues
        here = (item.path, item.key.line, item.key.column)
        targets = [resolve_include(conf.path, item.target)]
        if item.directive == "include_dir":
            try:
                names = sorted(n for n in os.listdir(targets[0]) if n.endswith(".conf") and not n.startswith("."))
            except OSError:
                issues.append(IncludeIssue(*here, f"cannot read include directory {item.target!r}"))
                return
            targets = [os.path.join(targets[0], n) for n in names]
        for target in targets:
            if not item.target:
                issues.append(IncludeIssue(*here, "include with an empty file name"))
                return
            if depth + 1 > MAX_INCLUDE_DEPTH:
                issues.append(IncludeIssue(*here, f"include nesting deeper than {MAX_INCLUDE_DEPTH} levels"))
                return
            real = os.path.realpath(target)
            if real in stack:
                issues.append(IncludeIssue(*here, f"include cycle: {target} is already being read"))
                return
            try:
                data = self.read(target)
            except ReadError as exc:
                if item.directive == "include_if_exists" and exc.missing:
                    continue
                issues.append(IncludeIssue(*here, f"cannot include {target}: {exc}"))
                return
            child = parse_conf(data, target, self.dialect)
            self.files.append(child)
            self.walk(child, depth + 1, (*stack, real))


def include_reports(issues: Iterable[IncludeIssue]) -> Iterator[Report]:
    """Include problems as check reports (the syntax check yields them)."""
    for issue in issues:
        yield Report(Location(issue.path, issue.line, issue.column), issue.message)
