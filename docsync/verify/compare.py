"""Documented output vs live output: tables by columns and keyed rows, messages line by line.

A difference is ``(index, message)``: the index of the documented output line it concerns, so
that a finding points at that line of the chapter.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from docsync.verify.ruleset import OutputRule, PromptRule

Difference = tuple[int, str]


def strip_prompts(live: str, prompts: Sequence[PromptRule]) -> list[str]:
    """Live output lines with the prompts the program printed (no newline after them) removed."""
    out = []
    for line in live.splitlines():
        changed = True
        while changed:
            changed = False
            for rule in prompts:
                m = re.match(r"\s*(?:" + rule.prompt.pattern + r")\s?", line)
                if m is not None and m.end() > 0:
                    line = line[m.end() :]
                    changed = True
        out.append(line)
    while out and not out[-1].strip():
        out.pop()
    return out


def _norm(line: str) -> str:
    return " ".join(line.split())


def compare_lines(expected: Sequence[str], live: Sequence[str]) -> list[Difference]:
    """Every documented line appears in the live output, in order (extra live lines are fine)."""
    diffs: list[Difference] = []
    pos = 0
    live_n = [_norm(ln) for ln in live]
    for i, line in enumerate(expected):
        want = _norm(line)
        if not want:
            continue
        try:
            pos = live_n.index(want, pos) + 1
        except ValueError:
            shown = next((ln for ln in live_n[pos:] if ln), "nothing")
            diffs.append((i, f"documented {want!r}, but the command printed {shown!r}"))
    return diffs


# ---- tables -------------------------------------------------------------------------------


def _psql_table(lines: Sequence[str]) -> tuple[list[str], list[tuple[int, list[str]]]] | None:
    """(columns, [(line index, cells)]) of psql's aligned output, or None."""
    for i, line in enumerate(lines):
        if (
            "|" in line
            and i + 1 < len(lines)
            and set(lines[i + 1].strip()) <= set("-+")
            and lines[i + 1].strip()
        ):
            columns = [c.strip() for c in line.split("|")]
            rows = []
            for j in range(i + 2, len(lines)):
                text = lines[j]
                if re.match(r"^\s*\(\d+ rows?\)\s*$", text) or not text.strip():
                    break
                rows.append((j, [c.strip() for c in text.split("|")]))
            return columns, rows
    return None


def _fields(
    lines: Sequence[str], columns: Sequence[str], start: int = 0
) -> list[tuple[int, list[str]]]:
    """Whitespace-separated records; words beyond the columns join the last column."""
    rows = []
    n = len(columns)
    for i, line in enumerate(lines[start:], start):
        words = line.split()
        if not words:
            continue
        if len(words) > n:
            words = [*words[:n - 1], " ".join(words[n - 1:])]
        rows.append((i, words))
    return rows


def _watchdog(
    lines: Sequence[str], rule: OutputRule
) -> tuple[list[str] | None, list[tuple[int, list[str]]]]:
    """pcp_watchdog_info: a summary record, then one record per node (node name = 3 words)."""
    content = [(i, ln) for i, ln in enumerate(lines) if ln.strip()]
    if not content:
        return None, []
    summary = content[0][1].split()
    if len(summary) >= 6:  # leader name "HOST:PORT OS HOSTNAME" is three words
        summary = [*summary[:3], " ".join(summary[3:6]), *summary[6:]]
    rows = []
    for i, ln in content[1:]:
        words = ln.split()
        rows.append((i, [" ".join(words[:3]), *words[3:]]))
    return summary, rows


def _keyed(
    columns: Sequence[str], rows: Sequence[tuple[int, list[str]]], key: Sequence[str]
) -> dict[tuple[str, ...], tuple[int, dict[str, str]]]:
    out = {}
    for i, cells in rows:
        record = dict(zip(columns, cells, strict=False))
        out[tuple(record.get(k, "") for k in key)] = (i, record)
    return out


def _compare_rows(
    columns: Sequence[str],
    exp_rows: Sequence[tuple[int, list[str]]],
    live_rows: Sequence[tuple[int, list[str]]],
    rule: OutputRule,
) -> list[Difference]:
    diffs: list[Difference] = []
    # Columns named as the rule's own `columns` compare by position; psql tables carry theirs.
    exp = _keyed(columns, exp_rows, rule.key)
    live = _keyed(columns, live_rows, rule.key)
    for k, (i, record) in exp.items():
        got = live.get(k)
        label = "/".join(k)
        if got is None:
            diffs.append((i, f"row {label} is documented but not in the live output"))
            continue
        for col, value in record.items():
            if col in rule.volatile or col in rule.multiset:
                continue
            if got[1].get(col, "") != value:
                diffs.append(
                    (i, f"row {label}: {col} is {got[1].get(col, '')!r}, documented {value!r}")
                )
    for k, (_i, _r) in live.items():
        if k not in exp:
            first = exp_rows[-1][0] if exp_rows else 0
            diffs.append((first, f"row {'/'.join(k)} is in the live output but not documented"))
    for col in rule.multiset:
        want = Counter(r.get(col, "") for _, r in exp.values())
        have = Counter(r.get(col, "") for _, r in live.values())
        if want != have:
            first = exp_rows[0][0] if exp_rows else 0
            diffs.append(
                (
                    first,
                    f"{col} values are {sorted(have.elements())}, documented {sorted(want.elements())}",
                )
            )
    return diffs


def compare(
    expected: Sequence[str], live: Sequence[str], rule: OutputRule | None
) -> list[Difference]:
    """Differences between a documented output and the live one (empty: they agree)."""
    if rule is None or rule.format == "lines":
        return compare_lines(expected, live)
    if rule.format == "psql-table":
        exp_t, live_t = _psql_table(expected), _psql_table(live)
        if exp_t is None:
            return compare_lines(expected, live)
        if live_t is None:
            return [(0, "the documented table is missing from the live output")]
        if exp_t[0] != live_t[0]:
            return [
                (
                    exp_t[1][0][0] - 2 if exp_t[1] else 0,
                    f"columns are {live_t[0]}, documented {exp_t[0]}",
                )
            ]
        return _compare_rows(exp_t[0], exp_t[1], live_t[1], rule)
    if rule.format == "fields":
        return _compare_rows(
            rule.columns, _fields(expected, rule.columns), _fields(live, rule.columns), rule
        )
    exp_s, exp_rows = _watchdog(expected, rule)
    live_s, live_rows = _watchdog(live, rule)
    diffs: list[Difference] = []
    if exp_s is not None:
        if live_s is None:
            return [(0, "the live output is empty")]
        for col, want, have in zip(rule.summary, exp_s, live_s + [""] * len(exp_s), strict=False):
            if col not in rule.summary_volatile and want != have:
                diffs.append((0, f"{col} is {have!r}, documented {want!r}"))
    return diffs + _compare_rows(rule.columns, exp_rows, live_rows, rule)
