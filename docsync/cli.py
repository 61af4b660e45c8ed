"""Command-line interface: parse arguments, call one pipeline, format findings, return an exit code.

The top of the package: it imports every command (``docsync/commands/``), runs the one asked
for and turns what it raised into an exit code. Each command is a few lines over library
functions; nothing here reads SGML or config files.
"""

import os
import sys
from collections.abc import Sequence

import typer

from docsync.commands import app
from docsync.commands.base import RunOptions
from docsync.console import guarded, note
from docsync.errors import DocsyncError

__all__ = ["app", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code instead of raising (pre-commit style)."""
    run = RunOptions(debug=bool(os.environ.get("DOCSYNC_DEBUG")))

    def invoke() -> int:
        try:
            # With standalone_mode=False click returns a typer.Exit's code instead of raising it.
            args = list(argv) if argv is not None else None
            result = app(args=args, prog_name="docsync", standalone_mode=False, obj=run)
            return result if isinstance(result, int) else 0
        except typer.Exit as exc:
            return exc.exit_code
        except SystemExit as exc:  # typer/click exit with an int code for their own results
            return exc.code if isinstance(exc.code, int) else 0
        except DocsyncError:
            raise
        except Exception as exc:
            # click's usage errors (bad option, missing argument) carry format_message() and exit_code.
            if hasattr(exc, "format_message") and hasattr(exc, "exit_code"):
                note(f"docsync: error: {exc.format_message()}")
                return 2
            if type(exc).__name__ == "Abort":
                sys.stderr.write("docsync: aborted\n")
                return 2
            raise

    return guarded(invoke, debug=lambda: run.debug)
