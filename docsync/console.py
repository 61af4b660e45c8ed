"""What a run writes for its user: findings in the chosen format, notes on stderr, and the exit
code of a run that failed.

Every command writes through here, whether typer read its command line (``docsync/cli.py``)
or ``docsync/quick.py`` did, so both paths print the same lines and exit with the same codes.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

from docsync import __version__
from docsync.errors import DocsyncError, UsageError
from docsync.model import Finding, Severity


def _use_color(choice: str, out: TextIO) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    if choice != "auto":
        raise UsageError(f"--color must be auto, always or never, not {choice!r}")
    return out.isatty()


def emit(
    findings: Sequence[Finding],
    fmt: str,
    *,
    files: int,
    fail_level: str = "error",
    exit_zero: bool = False,
    color: str = "auto",
    title: str = "docsync report",
    severity: str = "warning",
    command: str = "drift",
    summary_note: str = "",
    properties: tuple[tuple[str, object], ...] = (),
    out: TextIO | None = None,
) -> int:
    """Write findings in the chosen format to ``out`` (default stdout) and return the exit code.

    ``severity`` is the lowest severity text and github show; ``command`` picks the html
    page's wording.
    """
    from docsync.report import FORMATTERS, SHOWN_ONLY, ReportContext, exit_code

    if fmt == "auto":
        fmt = "github" if os.environ.get("GITHUB_ACTIONS") else "text"
    formatter = FORMATTERS.get(fmt)
    if formatter is None and fmt == "html":
        from docsync.htmlreport import format_html as formatter
    if formatter is None:
        raise UsageError(f"unknown --format {fmt!r} (choose from {', '.join([*FORMATTERS, 'html'])})")
    try:
        level = Severity.parse(fail_level)
    except ValueError as exc:
        raise UsageError(f"--fail-level: {exc}") from None
    try:
        shown = Severity.parse(severity)
    except ValueError as exc:
        raise UsageError(f"--severity: {exc}") from None
    out = out or sys.stdout
    ctx = ReportContext(files=files, color=_use_color(color, out) if fmt == "text" else False,
                        tool_version=__version__, title=title, severity=shown, command=command,
                        summary_note=summary_note, properties=properties)
    # The safety net: stages mask secrets where they find them; every finding that leaves
    # the program is masked again here, whatever the format. Text and github output only
    # count the findings below --severity (a book's hundreds of infos), so those are not.
    leaves = (lambda f: True) if fmt not in SHOWN_ONLY else (lambda f: f.severity.rank >= shown.rank)
    if any(leaves(f) for f in findings):
        from docsync.redact import redact_finding

        findings = [redact_finding(f) if leaves(f) else f for f in findings]
    for line in formatter(findings, ctx):
        out.write(line + "\n")
    out.flush()
    return exit_code(findings, level, exit_zero)


def note(text: str) -> None:
    """Write a line for the user to stderr, with any secret in it masked."""
    from docsync.redact import mask_text

    sys.stderr.write(mask_text(text) + "\n")


def guarded(run: Callable[[], int], debug: Callable[[], bool]) -> int:
    """Run ``run`` and return its exit code; what it raises becomes one line on stderr and
    CONVENTIONS.md's exit code, never a traceback (``debug()``: re-raise, for ``--debug``)."""
    try:
        return run()
    except DocsyncError as exc:
        if debug():
            raise
        note(f"docsync: error: {exc}")
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("docsync: interrupted\n")
        return 130
    except Exception as exc:  # the contract: one line, exit 2, never a traceback
        if debug():
            raise
        note(f"docsync: internal error: {type(exc).__name__}: {exc} (rerun with --debug)")
        return 2
