"""Accepted findings recorded in a file, so that a hook fails only on new ones.

``docsync drift --baseline`` and ``docsync check --baseline`` share this format. An entry is a
fingerprint: code, both paths and the message with line references neutralised, never a line
number, so that it survives edits elsewhere in the files; each entry absorbs one matching
finding.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from docsync import inputs
from docsync.errors import InputError, UsageError
from docsync.model import Finding
from docsync.redact import mask_text

BASELINE_VERSION = 1
_MAX_BASELINE = 64 * 1024 * 1024
# "already set on line 3": a line a message names moves with unrelated edits too.
_LINE_REF = re.compile(r"\b(lines?) \d+(?:[-–]\d+)?")


def fingerprint_message(message: str) -> str:
    """The message as a baseline compares it: line references without their numbers."""
    return _LINE_REF.sub(r"\1 N", message)


def baseline_key(f: Finding) -> tuple[str, str, str, str]:
    related = f.related[0].location.path if f.related else ""
    # The baseline is a file others read: its messages hold no secret (docs/secrets.rst).
    return (f.code, f.location.path, related, fingerprint_message(mask_text(f.message)))


def load_baseline(path: Path) -> Counter[tuple[str, str, str, str]]:
    try:
        data = json.loads(inputs.read_input(path, max_bytes=_MAX_BASELINE).decode("utf-8"))
    except inputs.InputProblem as exc:
        if exc.problem is inputs.Problem.MISSING and str(exc) == "no such file":
            raise InputError(f"{path}: no such baseline file (create it with --update-baseline)") from None
        raise InputError(f"{path}: cannot read baseline: {exc}") from None  # a FIFO is never waited on
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: cannot read baseline: {exc}") from None
    except json.JSONDecodeError as exc:
        raise UsageError(f"{path}: not a docsync baseline (invalid JSON: {exc.msg})") from None
    if (
        not isinstance(data, dict)
        or data.get("version") != BASELINE_VERSION
        or not isinstance(data.get("accepted"), list)
    ):
        raise UsageError(f"{path}: not a docsync baseline (version {BASELINE_VERSION} with an 'accepted' list)")
    keys: Counter[tuple[str, str, str, str]] = Counter()
    for entry in data["accepted"]:
        try:
            key = (entry["code"], entry["path"], entry.get("related_path", ""), fingerprint_message(entry["message"]))
            keys[key] += 1
        except (KeyError, TypeError):
            raise UsageError(f"{path}: baseline entry without code, path and message: {entry!r}") from None
    return keys


def apply_baseline(findings: Iterable[Finding], accepted: Counter[tuple[str, str, str, str]]) -> list[Finding]:
    """Drop findings the baseline accepts (each entry absorbs one finding)."""
    left = Counter(accepted)
    out = []
    for f in findings:
        key = baseline_key(f)
        if left[key] > 0:
            left[key] -= 1
            continue
        out.append(f)
    return out


def baseline_text(findings: Iterable[Finding]) -> str:
    """The baseline file for these findings: sorted, stable, newline-terminated."""
    entries = sorted(baseline_key(f) for f in findings)
    doc = {
        "version": BASELINE_VERSION,
        "accepted": [{"code": c, "path": p, "related_path": r, "message": m} for c, p, r, m in entries],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def with_baseline(findings: list[Finding], path: Path | None, *, update: bool = False) -> tuple[list[Finding], str]:
    """What a command reports with ``--baseline PATH`` (and writes with ``--update-baseline``):
    the findings the baseline does not accept, and a note for standard error."""
    from docsync.atomic import write_atomic

    if update:
        if path is None:
            raise UsageError("--update-baseline needs --baseline FILE")
        write_atomic(path, baseline_text(findings).encode("utf-8"))
        n = len(findings)
        return [], f"Wrote {n} accepted finding{'s' if n != 1 else ''} to {path}."
    if path is None:
        return findings, ""
    kept = apply_baseline(findings, load_baseline(path))
    accepted = len(findings) - len(kept)
    return kept, f"{accepted} finding(s) accepted by the baseline {path}" if accepted else ""
