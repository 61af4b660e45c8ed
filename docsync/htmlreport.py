"""The html format: one self-contained, autoescaped page, English and Japanese side by side.

Document text reaches messages (listing diffs quote the docs), so everything is escaped by
jinja2's autoescape; the only markup added to message text is ``<code>`` around the
backtick-quoted parts, built from escaped pieces. No scripts, no external resources.
jinja2 is imported here only, when the html format is asked for.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from docsync.model import Finding, Severity, sort_findings
from docsync.paths import PACKAGE_DIR
from docsync.report import ReportContext

_BACKTICKS = re.compile(r"`([^`]*)`")

# Each command's words: drift compares two languages, the others report on files.
WORDING = {
    "drift": {"empty": "No drift found.", "unit": "file pair", "file": "English file",
              "primary": "English", "related": "Japanese"},
    "check": {"empty": "No problems found.", "unit": "file", "file": "File",
              "primary": "Finding", "related": "Related (the other language, the other occurrence)"},
    "lint": {"empty": "No problems found.", "unit": "file", "file": "File",
             "primary": "Finding", "related": "Related"},
    "extract": {"empty": "No problems found.", "unit": "file", "file": "File",
                "primary": "Finding", "related": "Related"},
}


def _codeparts(text: str):
    """Escape text, wrapping backtick-quoted parts in <code>."""
    from markupsafe import Markup, escape

    out: list[str] = []
    pos = 0
    for m in _BACKTICKS.finditer(text):
        out.append(str(escape(text[pos : m.start()])))
        out.append(f"<code>{escape(m.group(1))}</code>")
        pos = m.end()
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))


def _anchor(path: str) -> str:
    return "file-" + re.sub(r"[^A-Za-z0-9_-]+", "-", path).strip("-")


def format_html(findings: Sequence[Finding], ctx: ReportContext) -> Iterator[str]:
    """An HTML page: summary, per-file counts, then each file's findings with both locations."""
    import jinja2

    from docsync.rules import all_rules

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(PACKAGE_DIR / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["codeparts"] = _codeparts
    registry = all_rules()
    groups: dict[str, dict] = {}
    for f in sort_findings(findings):
        g = groups.setdefault(
            f.location.path,
            {
                "path": f.location.path,
                "anchor": _anchor(f.location.path),
                "errors": 0,
                "warnings": 0,
                "infos": 0,
                "findings": [],
            },
        )
        g[{Severity.ERROR: "errors", Severity.WARNING: "warnings", Severity.INFO: "infos"}[f.severity]] += 1
        doc = registry.get(f.code)
        g["findings"].append(
            {
                "code": f.code,
                "name": f.name,
                "severity": f.severity.value,
                "message": f.message,
                "location": str(f.location),
                "help": doc.help_uri if doc else "",
                "related": [{"location": str(r.location), "message": r.message} for r in f.related],
            }
        )
    counts = {s: sum(1 for f in findings if f.severity is s) for s in Severity}
    page = env.get_template("report.html.j2").render(
        title=ctx.title,
        version=ctx.tool_version,
        files=ctx.files,
        total=len(findings),
        errors=counts[Severity.ERROR],
        warnings=counts[Severity.WARNING],
        infos=counts[Severity.INFO],
        groups=list(groups.values()),
        words=WORDING.get(ctx.command, WORDING["check"]),
    )
    yield from page.rstrip("\n").split("\n")
