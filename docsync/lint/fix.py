"""Safe fixes: byte-range edits applied atomically, keeping a ``.bak``; or shown as a diff.

A file with syntax errors is never fixed (its tokens may not be what the server reads), and
overlapping edits are skipped. Diffs redact secret values, like every other output.
"""

from __future__ import annotations

import difflib
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from docsync.atomic import write_atomic
from docsync.lint.catalogue import Catalogue, is_secret
from docsync.lint.conffile import Dialect, TokenKind, parse_conf
from docsync.model import Category, Finding, Fix
from docsync.redact import SHOWN, hides_secret

# Syntax findings whose own fix makes the file readable; any other syntax finding blocks fixes.
FIXABLE_SYNTAX = frozenset({"PGP006", "PGP008"})


@dataclass(frozen=True)
class FixPlan:
    """The edits for one file and the text they produce."""

    path: str
    before: bytes
    after: bytes
    applied: tuple[Finding, ...]
    blocked: str | None = None


def plan_fixes(path: str, data: bytes, findings: Sequence[Finding]) -> FixPlan:
    """Choose the non-overlapping fixes for ``path`` and apply them in memory."""
    mine = [f for f in findings if f.location.path == path]
    if any(
        f.category is Category.SYNTAX
        and f.code not in FIXABLE_SYNTAX
        and f.severity.value == "error"
        for f in mine
    ):
        return FixPlan(path, data, data, (), blocked="has syntax errors; not fixed")
    edits: list[tuple[Fix, Finding]] = sorted(
        ((f.fix, f) for f in mine if f.fix is not None), key=lambda e: (e[0].start, e[0].end)
    )
    chosen: list[tuple[Fix, Finding]] = []
    last_end = -1
    for fix, finding in edits:
        if fix.start < last_end or fix.end > len(data):
            continue
        chosen.append((fix, finding))
        last_end = max(fix.end, fix.start + (1 if fix.start == fix.end else 0))
    out = bytearray(data)
    for fix, _ in reversed(chosen):
        out[fix.start : fix.end] = fix.text.encode("utf-8", "surrogateescape")
    return FixPlan(path, data, bytes(out), tuple(f for _, f in chosen))


def write_atomically(path: str, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically, keeping its mode; keep the old file as ``path.bak``."""
    shutil.copy2(path, path + ".bak")
    write_atomic(Path(path), data)


def redact(data: bytes, dialect: Dialect, catalogue: Catalogue | None) -> str:
    """The text with every secret value replaced by ``'***'`` (for diffs).

    On a line that names a secret parameter everything after the name is masked to the end
    of the line, whatever the syntax error (``wd_authkey = my secret``, ``'it''s'``, an
    unterminated string) and comments included (``abc #def`` may be one secret); only an
    empty or placeholder value followed by a comment is shown as it is."""
    conf = parse_conf(data, "<diff>", dialect)
    spans: list[tuple[int, int]] = []
    for line in conf.lines:
        toks = line.tokens
        k = next(
            (i for i, t in enumerate(toks) if t.kind is TokenKind.KEY and is_secret(t.text, catalogue)),
            None,
        )
        if k is None:
            continue
        body = [t for t in toks[k + 1 :] if t.kind not in (TokenKind.SPACE, TokenKind.NEWLINE)]
        if body and body[0].kind is TokenKind.EQUALS:
            body = body[1:]
        if not body:
            continue
        first = body[0]
        single = first.kind in _VALUE_TOKENS and not first.unterminated
        if single and not hides_secret(first.text) and all(t.kind is TokenKind.COMMENT for t in body[1:]):
            continue  # an empty or placeholder value and a comment: nothing to hide
        spans.append((first.start, body[-1].end))  # a comment may hold part of the secret
    out = bytearray(data)
    for start, end in reversed(spans):
        out[start:end] = SHOWN.encode()
    return bytes(out).decode("utf-8", "replace")


_VALUE_TOKENS = frozenset(
    {TokenKind.STRING, TokenKind.UNQUOTED, TokenKind.KEY, TokenKind.INTEGER, TokenKind.REAL}
)


def unified_diff(plan: FixPlan, dialect: Dialect, catalogue: Catalogue | None) -> Iterable[str]:
    a = redact(plan.before, dialect, catalogue).splitlines(keepends=True)
    b = redact(plan.after, dialect, catalogue).splitlines(keepends=True)
    for line in difflib.unified_diff(
        a, b, fromfile=f"current {plan.path}", tofile=f"fixed {plan.path}"
    ):
        yield line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
