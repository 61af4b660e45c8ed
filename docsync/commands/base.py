"""What every subcommand shares: the typer app, the common options, and writing findings out.

Command modules register on ``app``; ``docsync/cli.py`` (the top) imports them all and runs
the app. Nothing here reads SGML or config files.
"""

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, TextIO

import typer

from docsync import __version__
from docsync.errors import UsageError
from docsync.model import Finding, Severity

app = typer.Typer(
    name="docsync",
    help="Keep Pgpool-II's documentation, its configuration examples and live configurations in agreement.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

FormatOpt = Annotated[
    str, typer.Option("--format", "-f", help="Output format: text, json, sarif, github, html.")
]
SeverityOpt = Annotated[
    str,
    typer.Option(
        "--severity",
        "-S",
        help="Lowest severity text and github output show: error, warning, info (json, sarif and "
        "html carry every finding; the summary counts all).",
    ),
]
FailLevelOpt = Annotated[
    str, typer.Option("--fail-level", help="Lowest severity that makes the exit code 1: error, warning, info.")
]
ExitZeroOpt = Annotated[bool, typer.Option("--exit-zero", help="Exit 0 even when there are findings.")]
ColorOpt = Annotated[str, typer.Option("--color", help="Colour text output: auto, always, never.")]
_RULE_SPEC = "codes, prefixes, names or categories (comma-separated or repeated)"
SelectOpt = Annotated[list[str] | None, typer.Option("--select", help=f"Only these rules: {_RULE_SPEC}.")]
IgnoreOpt = Annotated[list[str] | None, typer.Option("--ignore", help=f"Skip these rules: {_RULE_SPEC}.")]


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
    from docsync.redact import redact_finding
    from docsync.report import FORMATTERS, ReportContext, exit_code

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
    # The safety net: stages mask secrets where they find them; every finding is masked
    # again here, whatever the format, before it leaves the program.
    findings = [redact_finding(f) for f in findings]
    for line in formatter(findings, ctx):
        out.write(line + "\n")
    out.flush()
    return exit_code(findings, level, exit_zero)


def note(text: str) -> None:
    """Write a line for the user to stderr, with any secret in it masked."""
    from docsync.redact import mask_text

    sys.stderr.write(mask_text(text) + "\n")


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"docsync {__version__}")
        raise typer.Exit()


@dataclass
class RunOptions:
    """Options of the whole run that the root command sets and ``main`` reads back."""

    debug: bool = False


@app.callback()
def _root(
    ctx: typer.Context,
    version: Annotated[
        bool, typer.Option("--version", callback=_version_callback, is_eager=True, help="Show the version.")
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal errors.")] = False,
) -> None:
    """Keep Pgpool-II's documentation, its configuration examples and live configurations in agreement."""
    if debug and isinstance(ctx.obj, RunOptions):
        ctx.obj.debug = True
