"""What every subcommand shares: the typer app and the common options (findings are written by ``docsync/console.py``).

Command modules register on ``app``; ``docsync/cli.py`` (the top) imports them all and runs
the app. Nothing here reads SGML or config files.
"""

from dataclasses import dataclass
from typing import Annotated

import typer

from docsync import __version__

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
