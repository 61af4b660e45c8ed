"""The character data of each SGML file as one string, with a way back to line and column.

Checks that search prose (version declarations, version-bearing tokens) read a file's text once
as a single string: the text runs of the file in document order, markup removed, so that
``<productname>PostgreSQL</productname> 16 is used`` reads as one sentence. A match offset maps
back to the text run it falls in, and from there to the source line and column.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field

from docsync.model import Location
from docsync.sgml.document import Document, Element, Text
from docsync.sgml.source import SourceFile


@dataclass
class FileText:
    """One file's text runs joined, and where each run starts in the joined string."""

    path: str
    text: str = ""
    starts: list[int] = field(default_factory=list)
    nodes: list[Text] = field(default_factory=list)

    def location(self, offset: int) -> Location:
        """Where the character at ``offset`` of the joined text stands in the source."""
        i = max(bisect.bisect_right(self.starts, offset) - 1, 0)
        node = self.nodes[i]
        return text_location(node, min(offset - self.starts[i], max(len(node.text) - 1, 0)))


def text_location(node: Text, index: int) -> Location:
    """Location of ``node.text[index]``: exact when the run is verbatim source text.

    Text runs have entities decoded; when the source no longer matches from the run's start,
    the line is still counted from the newlines, and the column is searched for on that line.
    """
    source = node.source
    if source.text[node.offset + index : node.offset + index + 1] == node.text[index : index + 1] and (
        source.text[node.offset : node.offset + index] == node.text[:index]
    ):
        return source.location(node.offset + index)
    base = source.location(node.offset)
    before = node.text[:index]
    newlines = before.count("\n")
    if not newlines:
        return Location(base.path, base.line, base.column + index)
    tail = before[before.rfind("\n") + 1 :]
    return Location(base.path, base.line + newlines, len(tail) + 1)


def file_texts(
    docs: Iterable[Document], blocks: frozenset[str], paths: frozenset[str] | None = None
) -> dict[str, FileText]:
    """Every file's text (or only ``paths``'), by display path, in document order (one walk
    over each tree).

    Runs of different ``blocks`` elements (paragraphs, titles, table cells, listings) are
    joined with a newline, since SGML drops the record ends between them: a title followed by
    a paragraph would otherwise read as one word.
    """
    parts: dict[str, list[str]] = {}
    out: dict[str, FileText] = {}
    length: dict[str, int] = {}
    last_block: dict[str, int] = {}
    for doc in docs:
        if doc.root is None:
            continue
        # With ``paths``, subtrees holding nothing of those files are not walked.
        holders = doc.holders(paths) if paths is not None else frozenset()
        stack: list[tuple[object, Element | None]] = [(doc.root, None)]
        while stack:
            node, block = stack.pop()
            if isinstance(node, Element):
                if paths is not None and node.source.display not in paths and id(node) not in holders:
                    continue
                inner = node if node.tag in blocks else block
                stack.extend((child, inner) for child in reversed(node.children))
            elif isinstance(node, Text):
                path = node.source.display
                if paths is not None and path not in paths:
                    continue
                ft = out.get(path)
                if ft is None:
                    ft = out[path] = FileText(path)
                    parts[path] = []
                n = length.get(path, 0)
                if ft.nodes and last_block.get(path) != id(block):
                    parts[path].append("\n")
                    n += 1
                last_block[path] = id(block)
                ft.starts.append(n)
                ft.nodes.append(node)
                parts[path].append(node.text)
                length[path] = n + len(node.text)
    for path, ft in out.items():
        ft.text = "".join(parts[path])
    return out


class SourceLines:
    """Source lines of the files read, split once per file on first use."""

    def __init__(self, sources: dict[str, SourceFile]) -> None:
        self.sources = sources
        self._lines: dict[str, list[str]] = {}

    def line(self, path: str, number: int) -> str | None:
        lines = self._lines.get(path)
        if lines is None:
            source = self.sources.get(path)
            if source is None:
                return None
            lines = self._lines[path] = source.text.split("\n")
        return lines[number - 1] if 0 < number <= len(lines) else None

    def column(self, path: str, number: int, shown: str, column: int) -> int:
        """Column in source line ``number`` of the character at ``column`` (1-based) of ``shown``.

        ``shown`` is the line as a block holds it (indentation removed, entities decoded); where
        it stands in the source line is found by searching for it. 0 when it cannot be found.
        """
        raw = self.line(path, number)
        if raw is None or column <= 0 or not shown:
            return 0
        at = raw.find(shown)
        return at + column if at >= 0 else 0
