"""Read an SGML file into a ``Document``: the reader's one entry point.

It sits above ``document`` (the tree) and ``parse`` (the reader that builds it), so that the
tree's module needs nothing from the reader (docs/development.rst, "Architecture").
"""

from __future__ import annotations

from pathlib import Path

from docsync.sgml.document import Document
from docsync.sgml.source import Reads


def load_document(
    path: Path | str,
    *,
    root: Path | str | None = None,
    includes: tuple[str, ...] | None = None,
    display_base: Path | str | None = None,
    reads: Reads | None = None,
) -> Document:
    """Read an SGML chapter or book (with its external entities) into a Document.

    ``root`` bounds external entities (default: the file's directory); paths in findings are
    relative to ``display_base`` (default: ``root``). Raises ``InputError`` only when ``path``
    itself cannot be read; every other problem is a finding on the document. ``reads``: the
    files this run has already read (shared by the run's documents: each file read once).
    """
    from docsync.sgml.parse import parse_file  # the reader only when a file is read

    return parse_file(Path(path), root=Path(root) if root else None, includes=includes,
                      display_base=Path(display_base) if display_base else None, reads=reads)
