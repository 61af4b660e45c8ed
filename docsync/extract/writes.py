"""What a shell session puts into files: the content shown after ``vi FILE``, and what ``echo`` prints.

``session.py`` follows the session and calls these when a command writes a file; the
patterns (which annotation lines elide content) come from ``rules/blocks.toml``.
"""

from __future__ import annotations

import re
import shlex

from docsync.extract.model import FileWrite, WriteMode
from docsync.extract.ruleset import BlockRules


def content_write(
    rules: BlockRules,
    file: str,
    content: list[tuple[int, str, bool]] | tuple,
    host: str | None,
    user: str | None,
    editor_line: int | None,
) -> FileWrite | None:
    """Content lines ``(line, text, is_annotation)`` -> a write (None: no content)."""
    kept = [(num, text) for num, text, annotation in content if not annotation]
    while kept and not kept[-1][1].strip():
        kept.pop()
    while kept and not kept[0][1].strip():
        kept.pop(0)
    if not kept:
        return None
    elided = any(
        annotation and any(p.match(text.strip()) for p in rules.elision)
        for _, text, annotation in content
    )
    return FileWrite(
        file,
        tuple(t for _, t in kept),
        WriteMode.APPEND,
        kept[0][0],
        host,
        user,
        elided=elided,
        via_editor=editor_line,
        numbers=tuple(n for n, _ in kept),
    )


_SUBSTITUTION = re.compile(r"`|\$\(")


def echo_text(args: str) -> str | None:
    """What ``echo ARGS`` prints, or None when it depends on a command substitution."""
    if _SUBSTITUTION.search(args):
        return None
    try:
        words = shlex.split(args)
    except ValueError:
        return None
    while words and words[0] in ("-n", "-e", "-E"):
        words = words[1:]
    return " ".join(words)
