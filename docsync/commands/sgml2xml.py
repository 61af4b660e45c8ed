"""``docsync sgml2xml``: print an SGML document as well-formed XML."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from docsync.commands.base import app
from docsync.quick import sgml2xml as sgml2xml_run


@app.command("sgml2xml")
def sgml2xml(
    file: Annotated[Path, typer.Argument(help="An SGML chapter or a whole book such as pgpool.sgml.")],
    root: Annotated[
        Path | None,
        typer.Option("--root", help="Docs root external entities must stay inside (default: the file's directory)."),
    ] = None,
    no_comments: Annotated[bool, typer.Option("--no-comments", help="Drop comments.")] = False,
) -> int:
    """Print FILE as well-formed XML (lower-case names, entities resolved, comments kept), like osx."""
    return sgml2xml_run(file, root, not no_comments, sys.stdout, sys.stderr)
