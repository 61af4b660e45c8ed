"""Per-check test helper: lint inline text and compare (line, rule-name) pairs, not wording."""

from __future__ import annotations

from collections.abc import Iterable

from docsync.lint.engine import lint_text
from docsync.lint.settings import LintSettings
from docsync.model import Finding


def lint(text: str, *, version: str = "4.3", select: Iterable[str] = (), **kwargs) -> list[Finding]:
    """Lint ``text`` against one Pgpool-II version, never against the project's generated docs."""
    settings = LintSettings(
        pgpool_version=version, select=tuple(select), **kwargs
    )
    return lint_text(text, "test.conf", settings)


def assert_findings(
    text: str,
    expected: list[tuple[int, str]],
    *,
    only: Iterable[str] | None = None,
    version: str = "4.3",
    **kwargs,
) -> list[Finding]:
    """Findings of ``text`` as sorted ``(line, rule-name)`` pairs must equal ``expected``.

    ``only`` limits the comparison (and the returned findings) to these rule names.
    """
    everything = lint(text, version=version, **kwargs)
    findings = [f for f in everything if only is None or f.name in set(only)]
    got = sorted((f.location.line, f.name) for f in findings)
    assert got == sorted(expected), "\n".join(
        f"{f.location} {f.code} {f.name}: {f.message}" for f in everything
    )
    return findings
