"""Formatters: findings in, lines of text out. Pure functions; the CLI writes and picks the exit code."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from docsync.model import Finding, Severity, sort_findings


@dataclass(frozen=True)
class ReportContext:
    """What a formatter may know besides the findings."""

    files: int = 0
    color: bool = False
    tool_version: str = ""
    title: str = "docsync report"
    # Appended to the text summary line (e.g. which Pgpool-II version was detected).
    summary_note: str = ""
    # Run properties for JSON (in "summary") and SARIF (the run's "properties").
    properties: tuple[tuple[str, object], ...] = ()
    # Lowest severity text and github show (shellcheck's -S); json, sarif and html show all.
    severity: Severity = Severity.WARNING
    command: str = "drift"  # whose wording the html page uses


COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m", "path": "\033[1m", "reset": "\033[0m"}
COLORS_OFF = {k: "" for k in COLORS}


def summarize(findings: Sequence[Finding]) -> Counter[Severity]:
    """Count findings per severity."""
    return Counter(f.severity for f in findings)


def shown(findings: Sequence[Finding], ctx: ReportContext) -> list[Finding]:
    """The findings at or above ``ctx.severity``, in report order."""
    return [f for f in sort_findings(findings) if f.severity.rank >= ctx.severity.rank]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def summary_line(findings: Sequence[Finding], ctx: ReportContext) -> str:
    """``Found N problems (E errors, W warnings, I infos).``, saying which counts are not shown."""
    counts = summarize(findings)
    parts = []
    hidden: list[Severity] = []
    for sev, word in ((Severity.ERROR, "error"), (Severity.WARNING, "warning"), (Severity.INFO, "info")):
        n = counts[sev]
        part = _plural(n, word)
        if n and sev.rank < ctx.severity.rank:
            part += " not shown"
            hidden.append(sev)
        parts.append(part)
    hint = f"; --severity {hidden[-1].value} shows them" if hidden else ""
    return f"Found {_plural(len(findings), 'problem')} ({', '.join(parts)}{hint})."


def format_text(findings: Sequence[Finding], ctx: ReportContext) -> Iterator[str]:
    """``path:line:col: CODE [severity] message`` lines and a closing count of all findings."""
    c = COLORS if ctx.color else COLORS_OFF
    for f in shown(findings, ctx):
        loc = f.location
        sev = f.severity.value
        yield (
            f"{c['path']}{loc.path}:{loc.line}:{loc.column}:{c['reset']} "
            f"{f.code} {c[sev]}[{sev}]{c['reset']} {f.message}"
        )
        for rel in f.related:
            note = f" {rel.message}" if rel.message else ""
            yield f"    {rel.location.path}:{rel.location.line}:{rel.location.column}:{note}"
    line = summary_line(findings, ctx)
    yield line + (f" {ctx.summary_note}" if ctx.summary_note else "")


def finding_to_dict(f: Finding) -> dict:
    """The JSON shape of a finding (CONVENTIONS.md field names)."""
    d: dict = {
        "code": f.code,
        "name": f.name,
        "category": f.category.value,
        "severity": f.severity.value,
        "path": f.location.path,
        "line": f.location.line,
        "column": f.location.column,
        "message": f.message,
        "related": [
            {
                "path": r.location.path,
                "line": r.location.line,
                "column": r.location.column,
                "message": r.message,
            }
            for r in f.related
        ],
    }
    if f.end is not None:
        d["end_line"] = f.end.line
        d["end_column"] = f.end.column
    if f.fix is not None:
        d["fix"] = {"start": f.fix.start, "end": f.fix.end, "text": f.fix.text}
    return d


def _dumps(doc: object) -> str:
    import json  # the json and sarif formats only: not on every run's path

    return json.dumps(doc, ensure_ascii=False, indent=2)


def format_json(findings: Sequence[Finding], ctx: ReportContext) -> Iterator[str]:
    """One JSON document: version, sorted findings, summary."""
    counts = summarize(findings)
    doc = {
        "version": 1,
        "findings": [finding_to_dict(f) for f in sort_findings(findings)],
        "summary": {
            "errors": counts[Severity.ERROR],
            "warnings": counts[Severity.WARNING],
            "infos": counts[Severity.INFO],
            "files": ctx.files,
            **dict(ctx.properties),
        },
    }
    yield _dumps(doc)


_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _gh_escape(text: str, *, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_github(findings: Sequence[Finding], ctx: ReportContext) -> Iterator[str]:
    """GitHub Actions workflow commands, one annotation per finding at or above ``--severity``."""
    for f in shown(findings, ctx):
        loc = f.location
        yield (
            f"::{_GITHUB_LEVEL[f.severity]} file={_gh_escape(loc.path, prop=True)},"
            f"line={max(loc.line, 1)},col={max(loc.column, 1)},title={_gh_escape(f.code, prop=True)}"
            f"::{_gh_escape(f.message)}"
        )


_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _sarif_location(path: str, line: int, column: int, message: str = "") -> dict:
    region: dict = {"startLine": max(line, 1)}
    if column > 0:
        region["startColumn"] = column
    loc: dict = {
        "physicalLocation": {
            "artifactLocation": {"uri": path.replace(os.sep, "/")},
            "region": region,
        }
    }
    if message:
        loc["message"] = {"text": message}
    return loc


def format_sarif(findings: Sequence[Finding], ctx: ReportContext) -> Iterator[str]:
    """SARIF 2.1.0: one run, rules described once, ruleId = code."""
    from docsync.rules import all_rules

    registry = all_rules()
    ordered = sort_findings(findings)
    codes = sorted({f.code for f in ordered})
    rules = []
    for code in codes:
        doc = registry.get(code)
        name = doc.rule.name if doc else next(f.name for f in ordered if f.code == code)
        entry: dict = {"id": code, "name": name}
        if doc:
            entry["shortDescription"] = {"text": doc.rule.summary}
            entry["helpUri"] = doc.help_uri
            entry["properties"] = {"category": doc.rule.category.value}
            entry["defaultConfiguration"] = {"level": _SARIF_LEVEL[doc.rule.severity]}
        rules.append(entry)
    index = {code: i for i, code in enumerate(codes)}
    results = []
    for f in ordered:
        region_loc = _sarif_location(f.location.path, f.location.line, f.location.column)
        if f.end is not None:
            region = region_loc["physicalLocation"]["region"]
            region["endLine"] = f.end.line
            if f.end.column > 0:
                region["endColumn"] = f.end.column
        result: dict = {
            "ruleId": f.code,
            "ruleIndex": index[f.code],
            "level": _SARIF_LEVEL[f.severity],
            "message": {"text": f.message},
            "locations": [region_loc],
            "properties": {"category": f.category.value, "name": f.name},
        }
        if f.related:
            result["relatedLocations"] = [
                {"id": i, **_sarif_location(r.location.path, r.location.line, r.location.column, r.message)}
                for i, r in enumerate(f.related)
            ]
        results.append(result)
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "docsync",
                        "version": ctx.tool_version or "0",
                        "informationUri": "https://docsync.readthedocs.io/",
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
                **({"properties": dict(ctx.properties)} if ctx.properties else {}),
            }
        ],
    }
    yield _dumps(doc)


Formatter = Callable[[Sequence[Finding], ReportContext], Iterator[str]]

FORMATTERS: dict[str, Formatter] = {
    "text": format_text,
    "json": format_json,
    "sarif": format_sarif,
    "github": format_github,
}
# The formats that print only the findings at or above ``--severity`` (``shown``) and count
# the rest; the others print every finding.
SHOWN_ONLY = frozenset({"text", "github"})


def exit_code(findings: Sequence[Finding], fail_level: Severity, exit_zero: bool = False) -> int:
    """0 when nothing reaches the failure level, else 1 (CONVENTIONS.md)."""
    if exit_zero:
        return 0
    return int(any(f.severity.rank >= fail_level.rank for f in findings))
