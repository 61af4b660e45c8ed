"""Command-line interface: parse arguments, call one pipeline, format findings, return an exit code.

Each command is a few lines over library functions; nothing here reads SGML or config files.
"""

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, TextIO

import typer

from docsync import __version__
from docsync.errors import DocsyncError, UsageError
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


@app.command("rules")
def rules_cmd(
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json")] = "text",
) -> None:
    """List every rule: code, name, category, default severity and summary."""
    from docsync.rules import all_rules

    docs = all_rules()
    if fmt == "json":
        import json

        typer.echo(json.dumps([
            {"code": d.rule.code, "name": d.rule.name, "category": d.rule.category.value,
             "severity": d.rule.severity.value, "summary": d.rule.summary, "help_uri": d.help_uri}
            for d in docs.values()
        ], indent=2, ensure_ascii=False))
        return
    for d in docs.values():
        typer.echo(f"{d.rule.code}  {d.rule.name:<34} {d.rule.category.value:<20} "
                   f"{d.rule.severity.value:<8} {d.rule.summary}")


@app.command("rule")
def rule_cmd(code: Annotated[str, typer.Argument(help="A rule code (PGP101) or name.")]) -> None:
    """Explain one rule: what it checks, why, and a failing and a passing example."""
    from docsync.rules import lookup

    doc = lookup(code)
    if doc is None:
        raise UsageError(f"unknown rule {code!r}; `docsync rules` lists them")
    r = doc.rule
    typer.echo(f"{r.code} {r.name} ({r.category.value}, default {r.severity.value})\n")
    typer.echo(r.summary)
    if doc.description:
        typer.echo("\n" + doc.description.strip())
    if doc.bad:
        typer.echo("\nFails:\n" + "\n".join("    " + ln for ln in doc.bad.strip().splitlines()))
    if doc.good:
        typer.echo("\nPasses:\n" + "\n".join("    " + ln for ln in doc.good.strip().splitlines()))
    typer.echo(f"\nFix: {doc.fix}.  Versions: {doc.versions}.  Docs: {doc.help_uri}")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code instead of raising (pre-commit style)."""
    from docsync import commands  # noqa: F401  registers every subcommand on ``app``

    run = RunOptions(debug=bool(os.environ.get("DOCSYNC_DEBUG")))
    try:
        # With standalone_mode=False click returns a typer.Exit's code instead of raising it.
        args = list(argv) if argv is not None else None
        result = app(args=args, prog_name="docsync", standalone_mode=False, obj=run)
        if isinstance(result, int):
            return result
    except typer.Exit as exc:
        return exc.exit_code
    except SystemExit as exc:  # typer/click exit with an int code for their own results
        return exc.code if isinstance(exc.code, int) else 0
    except DocsyncError as exc:
        if run.debug:
            raise
        note(f"docsync: error: {exc}")
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("docsync: interrupted\n")
        return 130
    except Exception as exc:  # the contract: one line, exit 2, never a traceback
        # click's usage errors (bad option, missing argument) carry format_message() and exit_code.
        if hasattr(exc, "format_message") and hasattr(exc, "exit_code"):
            note(f"docsync: error: {exc.format_message()}")
            return 2
        if type(exc).__name__ == "Abort":
            sys.stderr.write("docsync: aborted\n")
            return 2
        if run.debug:
            raise
        note(f"docsync: internal error: {type(exc).__name__}: {exc} (rerun with --debug)")
        return 2
    return 0

