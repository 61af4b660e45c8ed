"""Reading a rules/*.toml table into typed values: take each key, reject what is left over."""

from __future__ import annotations

import re
from typing import Any

from docsync.errors import UsageError


def compile_pattern(pattern: Any, where: str, source: str) -> re.Pattern[str]:
    """A regular expression from rules data, or a one-line error naming the file and key."""
    if not isinstance(pattern, str):
        raise UsageError(f"{source}: {where} must be a pattern string")
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise UsageError(f"{source}: {where}: bad pattern: {exc}") from None


class Table:
    """One TOML table being turned into a typed value; unknown keys are errors, as in yamllint."""

    def __init__(self, data: Any, where: str, source: str) -> None:
        if not isinstance(data, dict):
            raise UsageError(f"{source}: {where} must be a table")
        self.data = dict(data)
        self.where = where
        self.source = source

    def take(self, key: str, default: Any = ..., kind: type | tuple[type, ...] | None = None) -> Any:
        """The value of ``key`` (``default`` when absent; required when no default)."""
        if key not in self.data:
            if default is ...:
                raise UsageError(f"{self.source}: {self.where} needs {key!r}")
            return default
        value = self.data.pop(key)
        if kind is not None and not isinstance(value, kind):
            raise UsageError(f"{self.source}: {self.where}.{key} has the wrong type")
        return value

    def regex(self, key: str, default: Any = ..., groups: tuple[str, ...] = ()) -> Any:
        """A pattern, checked for the named groups the code reads from it."""
        value = self.take(key, default)
        if default is not ... and value is default:
            return value
        rx = compile_pattern(value, f"{self.where}.{key}", self.source)
        missing = [g for g in groups if g not in rx.groupindex]
        if missing:
            raise UsageError(f"{self.source}: {self.where}.{key} needs a (?P<{missing[0]}>...) group")
        return rx

    def regexes(self, key: str) -> tuple[re.Pattern[str], ...]:
        """One pattern or a list of them."""
        value = self.take(key, [])
        values = [value] if isinstance(value, str) else value
        return tuple(compile_pattern(v, f"{self.where}.{key}", self.source) for v in values)

    def done(self) -> None:
        """Every key was taken: anything else is a typo or an option this version lacks."""
        if self.data:
            raise UsageError(f"{self.source}: unknown option {', '.join(sorted(self.data))} in {self.where}")
