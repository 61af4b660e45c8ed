"""``docsync sgml2xml``: its work, and its command line read without typer when it is plain.

sgml2xml stands in for OpenSP's ``osx``, which starts in a few milliseconds; importing typer,
click and every command takes ~30 ms, a sixth of converting a whole book (issue 9's target is
1.5x osx, start-up included: benchmarks/bench_sgml2xml.py). So ``docsync/__main__.py`` hands
the argument list here first. Only the plain forms are read here: ``sgml2xml FILE`` with
``--root DIR`` (or ``--root=DIR``) and ``--no-comments``; anything else (``--help``, another
option, a missing or second file) returns None and goes to the full command line, which
reads the same forms the same way (tests/test_quick.py runs both and compares).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from docsync.console import emit, guarded


def sgml2xml(file: Path, root: Path | None, comments: bool, out: TextIO, err: TextIO) -> int:
    """Write FILE as XML to ``out`` and its findings to ``err``; return the exit code."""
    from docsync.sgml.load import load_document
    from docsync.sgml.xml import write_xml

    doc = load_document(file, root=root)
    write_xml(doc, out, comments=comments)
    if not doc.findings:
        return 0
    # Problems go to stderr so that the output stays well-formed XML.
    out.flush()
    return emit(doc.findings, "text", files=1, color="never", out=err)


def plain_sgml2xml(args: Sequence[str]) -> tuple[Path, Path | None, bool] | None:
    """FILE, --root and whether comments are kept, from ``sgml2xml``'s arguments when they
    are in a plain form; None for anything the full command line should read."""
    file: str | None = None
    root: str | None = None
    comments = True
    rest = iter(args)
    for arg in rest:
        if arg == "--no-comments":
            comments = False
        elif arg == "--root":
            root = next(rest, None)
            if root is None or root.startswith("-"):
                return None
        elif arg.startswith("--root="):
            root = arg.removeprefix("--root=")
        elif arg.startswith("-") or file is not None:
            return None
        else:
            file = arg
    if file is None:
        return None
    return Path(file), None if root is None else Path(root), comments


def run(argv: Sequence[str]) -> int | None:
    """Run a plain ``sgml2xml`` command line and return its exit code; None for any other."""
    if not argv or argv[0] != "sgml2xml":
        return None
    plain = plain_sgml2xml(argv[1:])
    if plain is None:
        return None
    file, root, comments = plain
    return guarded(
        lambda: sgml2xml(file, root, comments, sys.stdout, sys.stderr),
        debug=lambda: bool(os.environ.get("DOCSYNC_DEBUG")),
    )
