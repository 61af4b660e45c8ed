"""A sample plus the documented edits -> the complete file the reader of a chapter ends up with.

Edits are made in place: a setting's line in the sample is replaced where it stands (an
active line first, else the commented-out one is uncommented), the sample's comments stay,
and only a setting the sample lacks is added (after its per-node siblings, else at the end).
Scripts get their ``NAME=value`` lines replaced the same way.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_KEY = re.compile(r"^(?P<indent>\s*)(?P<hash>#\s*)?(?P<key>[A-Za-z_][\w.]*)\s*=\s*(?P<rest>.*)$")
_INDEX = re.compile(r"^(?P<base>.*?)(?P<index>\d+)$")


@dataclass(frozen=True)
class Edit:
    """One documented setting (or script line): key, the line to write, where it comes from."""

    key: str
    line: str  # the whole line to write, e.g. "health_check_period = 5"
    provenance: str


def _inline_comment(rest: str) -> str:
    """The comment after a value (``# ...``), quotes respected; "" when there is none."""
    quote = ""
    i = 0
    while i < len(rest):
        ch = rest[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch == "#":
            return rest[i + 1 :].strip()
        i += 1
    return ""


def _index_of(lines: Sequence[str]) -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
    """(active line of each key, first commented line of each key, last line of each base)."""
    active: dict[str, int] = {}
    commented: dict[str, int] = {}
    family: dict[str, int] = {}
    for i, text in enumerate(lines):
        m = _KEY.match(text)
        if m is None:
            continue
        key = m.group("key").lower()
        if m.group("hash"):
            commented.setdefault(key, i)
        else:
            active[key] = i  # the last one is what the server reads
        im = _INDEX.match(key)
        if im is not None:
            family[im.group("base")] = i
    return active, commented, family


def complete_settings(sample: str, edits: Sequence[Edit], added_note: str) -> str:
    """``sample`` with every edit applied in place; settings it lacks go after their siblings."""
    lines = sample.splitlines()
    active, commented, family = _index_of(lines)
    replaced: dict[int, str] = {}
    after: dict[int, list[str]] = {}
    appended: list[str] = []
    for edit in edits:
        key = edit.key.lower()
        at = active.get(key, commented.get(key))
        if at is not None:
            m = _KEY.match(lines[at])
            assert m is not None
            note = _inline_comment(m.group("rest"))
            replaced[at] = f"{edit.line}  # {edit.provenance}" + (f"; {note}" if note else "")
            continue
        text = f"{edit.line}  # {edit.provenance}"
        im = _INDEX.match(key)
        sibling = family.get(im.group("base")) if im is not None else None
        if sibling is not None:
            after.setdefault(sibling, []).append(text)
        else:
            appended.append(text)
    out: list[str] = []
    for i, text in enumerate(lines):
        out.append(replaced.get(i, text))
        out.extend(after.get(i, ()))
    if appended:
        out.extend(["", f"# {added_note}", *appended])
    return "\n".join(out).rstrip("\n") + "\n"


_ASSIGNMENT = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)=")


def complete_script(
    sample: str, header: Sequence[str], edits: Sequence[Edit]
) -> tuple[str, list[Edit]]:
    """(the sample with each ``NAME=value`` edit applied, the edits the sample has no line for).

    The first top-level ``NAME=`` line of the sample is replaced (a comment line naming the
    documentation goes above it); the header goes right after the ``#!`` line.
    """
    lines = sample.splitlines()
    first: dict[str, int] = {}
    for i, text in enumerate(lines):
        m = _ASSIGNMENT.match(text)
        if m is not None:
            first.setdefault(m.group("name"), i)
    replaced: dict[int, list[str]] = {}
    unapplied: list[Edit] = []
    for edit in edits:
        at = first.get(edit.key)
        if at is None:
            unapplied.append(edit)
            continue
        replaced[at] = [f"# {edit.provenance}", edit.line]
    out: list[str] = []
    body_start = 1 if lines and lines[0].startswith("#!") else 0
    out.extend(lines[:body_start])
    out.extend(f"#{' ' + h if h else ''}" for h in header)
    for i in range(body_start, len(lines)):
        out.extend(replaced.get(i, [lines[i]]))
    return "\n".join(out).rstrip("\n") + "\n", unapplied
