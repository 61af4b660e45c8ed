"""Source files read once, with lazy offset -> (line, column) mapping."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path

from docsync.model import Location

_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Bytes a text file may hold; deleting them with bytes.translate leaves only the suspicious ones,
# which is several times faster than searching with _CONTROL on every file.
_TEXT_BYTES = bytes([9, 10, 13, *range(32, 127), *range(128, 256)])


@dataclass(eq=False)
class SourceFile:
    """One file's text and where it came from; maps character offsets to line and column."""

    path: Path
    display: str
    text: str
    _lines: list[int] | None = field(default=None, repr=False)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in characters) of a character offset."""
        if self._lines is None:
            self._lines = [m.end() for m in re.finditer("\n", self.text)]
        line = bisect.bisect_right(self._lines, offset)
        start = self._lines[line - 1] if line else 0
        return line + 1, offset - start + 1

    def location(self, offset: int) -> Location:
        line, col = self.position(offset)
        return Location(self.display, line, col)


@dataclass(frozen=True)
class DecodeProblem:
    """Why a file's bytes are not clean UTF-8 text, and where."""

    offset: int  # character offset in the decoded (replacement) text
    message: str


def decode(data: bytes) -> tuple[str, DecodeProblem | None]:
    """Decode UTF-8 text; on bad bytes, decode with replacement and say where the first one was.

    Line ends are normalised to ``\n`` first, so that offsets count CRLF as one character.
    """
    problem = None
    if b"\r" in data:
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        text = data.decode("utf-8", errors="replace")
        prefix = data[: exc.start].decode("utf-8", errors="replace")
        problem = DecodeProblem(len(prefix), f"invalid UTF-8 byte 0x{data[exc.start]:02x}; the file must be UTF-8")
    # Searching the bytes is several times faster than the decoded (often UCS-4) text.
    m = _CONTROL.search(data) if data.translate(None, _TEXT_BYTES) else None
    if m and problem is None:
        byte = m.group()[0]
        what = "NUL byte" if byte == 0 else f"control character U+{byte:04X}"
        offset = len(data[: m.start()].decode("utf-8", errors="replace"))
        problem = DecodeProblem(offset, f"binary content ({what}); not an SGML text file")
    return text, problem


@dataclass(frozen=True)
class ReadFile:
    """One file as a run read it: its decoded text, size in bytes, and what was wrong with it."""

    source: SourceFile
    size: int
    nul_bytes: int  # > 0: binary content, read as empty
    problem: DecodeProblem | None


class Reads:
    """The files one run has read, by real path, so that a file several documents include (the
    book's entity files, which a chapter read on its own declares again) is read from disk once.
    Every document still reports what is wrong with the file, as if it had read it itself."""

    def __init__(self) -> None:
        self.files: dict[str, ReadFile] = {}

