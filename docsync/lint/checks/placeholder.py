"""%-escapes in command parameters: only the ones pgpool expands for that command."""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Iterator

from docsync.lint.catalogue import version_key
from docsync.lint.checks.unknown import split_index
from docsync.lint.context import LintContext
from docsync.lint.registry import Report, check
from docsync.model import Location, Severity
from docsync.paths import RULES_DIR


@functools.cache
def table() -> dict:
    with (RULES_DIR / "placeholders.toml").open("rb") as fh:
        return tomllib.load(fh)["commands"]


def escapes_for(spec: dict, version: str) -> str:
    """The escape letters a command expands in ``version`` (letters added later excluded)."""
    letters = spec.get("escapes", "")
    for letter, since in spec.get("added", {}).items():
        if version_key(version) < version_key(since):
            letters = letters.replace(letter, "")
    return letters


@check("PGP701")
def check_unexpanded_placeholder(ctx: LintContext) -> Iterator[Report]:
    """A %-escape that pgpool does not expand in this command."""
    commands = table()
    for s in ctx.items:
        if "%" not in s.value:
            continue
        spec = commands.get(s.name) or commands.get(split_index(s.name)[0])
        if spec is None:
            continue
        letters = escapes_for(spec, ctx.catalogue.version)
        severity = Severity.parse(spec["severity"]) if "severity" in spec else None
        value = s.value
        i = 0
        while i < len(value):
            if value[i] != "%":
                i += 1
                continue
            nxt = value[i + 1] if i + 1 < len(value) else ""
            if nxt and nxt in letters:
                i += 2
                continue
            offset = len(value[:i]) + (1 if s.quoted else 0)
            loc = Location(s.path, s.line, s.value_column + offset)
            if not letters:
                msg = f"{s.name}: pgpool does not expand %-escapes here ({spec['note']})"
            elif not nxt:
                msg = f"{s.name} ends with a lone '%'; write %% for a literal percent sign"
            else:
                known = " ".join(f"%{c}" for c in letters)
                msg = (
                    f"{s.name}: %{nxt} is not expanded by Pgpool-II {ctx.catalogue.version} "
                    f"(it expands {known})"
                )
            yield Report(loc, msg, severity=severity)
            i += 2
