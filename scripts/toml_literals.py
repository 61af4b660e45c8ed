"""Write the strings of ``rules/*.toml`` as TOML literal strings ('...') wherever they can be.

    .venv/bin/python scripts/toml_literals.py [--check] [FILE_OR_DIR ...]   (default: rules/)

Python's tomllib reads a basic string ("...", \"\"\"...\"\"\") one character at a time in Python, and
a literal string with one ``str.index``: the rule registry of lint (39 KB) took ~12 ms to read
with basic strings and a fraction of that with literal ones, on every ``docsync lint`` run.
A string stays basic when its value cannot be written literally: it holds the literal quote
(``'`` on one line, ``'''`` in a multi-line string), a control character, or a backslash
that joins lines. The rewrite is checked: each file must load to the same data before and
after. ``--check`` changes nothing and exits 1 if a file has a string to rewrite
(tests/test_architecture.py runs it on rules/).
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent

# Control characters a literal string cannot hold (tab can; newlines only in multi-line ones).
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
_CONTROL_MULTILINE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]|\r(?!\n)")
_LINE_JOIN = re.compile(r"\\[ \t]*\r?\n")


def _strings(text: str) -> Iterator[tuple[int, int, str]]:
    """Every string token outside comments: (start, end, quote) with quote one of
    ``"``, ``\"\"\"``, ``'``, ``'''``."""
    pos = 0
    while pos < len(text):
        ch = text[pos]
        if ch == "#":
            end = text.find("\n", pos)
            pos = len(text) if end < 0 else end
        elif ch in "\"'":
            quote = ch * 3 if text.startswith(ch * 3, pos) else ch
            end = _string_end(text, pos, quote)
            yield pos, end, quote
            pos = end
        else:
            pos += 1


def _string_end(text: str, start: int, quote: str) -> int:
    pos = start + len(quote)
    basic = quote[0] == '"'
    while True:
        if basic and text[pos] == "\\":
            pos += 2
        elif text.startswith(quote, pos):
            end = pos + len(quote)
            # A multi-line string may end with up to two more quote characters before its closer.
            while len(quote) == 3 and end < len(text) and text[end] == quote[0] and end - pos < 5:
                end += 1
            return end
        else:
            pos += 1


def _literal(token: str, quote: str) -> str | None:
    """The literal form of a basic string token, or None when its value has none."""
    value = tomllib.loads(f"v = {token}")["v"]
    if quote == '"':
        if "'" in value or _CONTROL.search(value):
            return None
        return f"'{value}'"
    if "'''" in value or value.endswith("'") or _CONTROL_MULTILINE.search(value) or _LINE_JOIN.search(token):
        return None
    # A newline right after the opening quotes is not part of the value, in either kind.
    first_newline = "\n" if token[3:4] == "\n" else "\r\n" if token[3:5] == "\r\n" else ""
    return f"'''{first_newline}{value}'''"


def rewrite(text: str) -> tuple[str, list[int]]:
    """The text with every basic string that can be literal written literally, and the lines
    (1-based) of the strings rewritten."""
    out: list[str] = []
    lines: list[int] = []
    last = 0
    for start, end, quote in _strings(text):
        if quote[0] != '"':
            continue
        literal = _literal(text[start:end], quote)
        if literal is None:
            continue
        out.append(text[last:start])
        out.append(literal)
        lines.append(text.count("\n", 0, start) + 1)
        last = end
    out.append(text[last:])
    new = "".join(out)
    if tomllib.loads(new) != tomllib.loads(text):
        raise ValueError("the rewrite changed the data")
    return new, lines


def _files(paths: list[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        found.extend(sorted(path.rglob("*.toml")) if path.is_dir() else [path])
    return found


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="Change nothing; exit 1 if a file has a string to rewrite.")
    ap.add_argument("paths", nargs="*", type=Path, default=[PROJECT / "rules"])
    args = ap.parse_args(argv)
    pending = 0
    for path in _files(args.paths):
        text = path.read_text(encoding="utf-8")
        new, lines = rewrite(text)
        if not lines:
            continue
        pending += len(lines)
        if args.check:
            shown = ", ".join(map(str, lines[:8])) + (", ..." if len(lines) > 8 else "")
            print(f"{path}: {len(lines)} basic string(s) could be literal (lines {shown})")
        else:
            tmp = path.with_suffix(".toml.tmp")
            tmp.write_text(new, encoding="utf-8")
            tmp.replace(path)
            print(f"{path}: {len(lines)} string(s) rewritten")
    return 1 if args.check and pending else 0


if __name__ == "__main__":
    sys.exit(main())
