"""``docsync sgml2xml``: print an SGML document as well-formed XML."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from docsync.commands.base import app, emit


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
    from docsync.sgml.load import load_document
    from docsync.sgml.xml import write_xml

    doc = load_document(file, root=root)
    write_xml(doc, sys.stdout, comments=not no_comments)
    if doc.findings:
        # Problems go to stderr so that stdout stays well-formed XML.
        sys.stdout.flush()
        raise typer.Exit(emit(doc.findings, "text", files=1, color="never", out=sys.stderr))
    return 0
