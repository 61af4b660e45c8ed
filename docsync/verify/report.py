"""Verify results -> findings, a text transcript, an HTML transcript and JUnit XML.

Everything here is already masked: the runner replaces this run's secrets before recording.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from xml.etree import ElementTree as ET

from docsync.model import Finding, Location
from docsync.rules import rule
from docsync.verify.plan import Kind, PlanProblem, Step
from docsync.verify.runner import Status, StepResult


def plan_findings(problems: Sequence[PlanProblem]) -> list[Finding]:
    return [Finding.of(rule("VER004"), Location(p.path, p.line, 1), p.message) for p in problems]


def findings_of(results: Sequence[StepResult]) -> list[Finding]:
    """One finding per problem, at its SGML line; one info finding for the steps not run."""
    findings = []
    for r in results:
        for p in r.problems:
            findings.append(Finding.of(rule(p.code), Location(r.step.path, p.line, 1), p.message))
    skipped = [r for r in results if r.status is Status.SKIPPED]
    if skipped:
        first = skipped[0].step
        findings.append(
            Finding.of(
                rule("VER005"),
                Location(first.path, first.line, 1),
                f"{len(skipped)} steps from here on were not run",
            )
        )
    return findings


def documented(step: Step) -> str:
    """The step as the chapter shows it (placeholders kept), and what ran instead, if anything."""
    shown = _documented(step)
    if step.run is not None:
        shown += f"\n(run as: {step.run})"
    return shown


def _documented(step: Step) -> str:
    if step.kind is Kind.WRITE:
        head = f"(edit {step.text}{', changing the lines shown' if step.assign else ''})"
        return "\n".join([head, *step.lines])
    if step.kind is Kind.EXPECT:
        return "\n".join([f"(the file {step.text} contains)", *step.lines])
    if step.kind is Kind.PSQL:
        shown = [ln for ln in step.lines if not ln.startswith("\x00")]
        return "\n".join([f"$ {step.text}", *(f"=# {ln}" for ln in shown)])
    prompt = "#" if step.user == "root" else "$"
    return "\n".join([f"{prompt} {step.text}", *step.expected])


def text_transcript(
    results: Sequence[StepResult], substitutions: Sequence[str], phases: dict[str, float]
) -> str:
    out = ["docsync verify transcript", ""]
    out += ["Substitutions:", *(f"  - {s}" for s in substitutions), ""]
    for r in results:
        s = r.step
        out.append(
            f"== {s.path}:{s.line} [{s.host}] as {s.user}: {r.status.value}"
            f" ({r.seconds:.1f}s{f', {r.attempts} attempts' if r.attempts > 1 else ''})"
        )
        out += [f"   | {ln}" for ln in documented(s).splitlines()]
        if r.status is not Status.SKIPPED:
            out += [f"   > {ln}" for ln in r.output.splitlines()]
        out += [f"   ! {p.message}" for p in r.problems]
    out += ["", "Phases:", *(f"  {k}: {v:.1f}s" for k, v in phases.items())]
    return "\n".join(out) + "\n"


_CSS = """
body{font-family:sans-serif;margin:1em}table{border-collapse:collapse;width:100%}
td,th{border:1px solid #ccc;vertical-align:top;padding:4px}pre{margin:0;white-space:pre-wrap}
tr.failed td,tr.mismatch td{background:#fdd}tr.skipped td{color:#888}tr.ok td.st{color:#070}
"""


def html_transcript(
    results: Sequence[StepResult], substitutions: Sequence[str], phases: dict[str, float]
) -> str:
    """One self-contained page: each documented step beside its live output."""
    e = html.escape
    rows = []
    for r in results:
        s = r.step
        problems = "".join(f"<p class='problem'>{e(p.message)}</p>" for p in r.problems)
        rows.append(
            f"<tr class='{r.status.value}' id='step-{len(rows) + 1}'>"
            f"<td>{e(s.path)}:{s.line}<br>{e(s.host)} ({e(s.user)})</td>"
            f"<td class='doc'><pre>{e(documented(s))}</pre></td>"
            f"<td class='live'><pre>{e(r.output)}</pre>{problems}</td>"
            f"<td class='st'>{e(r.status.value)}<br>{r.seconds:.1f}s</td></tr>"
        )
    subs = "".join(f"<li>{e(x)}</li>" for x in substitutions)
    times = "".join(f"<li>{e(k.strip())}: {v:.1f}s</li>" for k, v in phases.items())
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>docsync verify</title>"
        f"<style>{_CSS}</style></head><body><h1>docsync verify</h1>"
        f"<h2>Substitutions</h2><ul>{subs}</ul><h2>Steps</h2>"
        "<table><thead><tr><th>Where</th><th>Documented</th><th>Live</th><th>Result</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table><h2>Phases</h2><ul>{times}</ul></body></html>\n"
    )


def junit_xml(results: Sequence[StepResult]) -> str:
    """One testcase per step: failures for failed/mismatched steps, skipped for the rest."""
    suite = ET.Element(
        "testsuite",
        name="docsync verify",
        tests=str(len(results)),
        failures=str(sum(r.status in (Status.FAILED, Status.MISMATCH) for r in results)),
        skipped=str(sum(r.status in (Status.SKIPPED, Status.OMITTED) for r in results)),
        time=f"{sum(r.seconds for r in results):.3f}",
    )
    for n, r in enumerate(results, 1):
        s = r.step
        case = ET.SubElement(
            suite,
            "testcase",
            classname=s.section or "verify",
            name=f"{n:03d} {s.path}:{s.line} [{s.host}] {s.text[:60]}",
            time=f"{r.seconds:.3f}",
        )
        if r.status in (Status.FAILED, Status.MISMATCH):
            fail = ET.SubElement(case, "failure", message="; ".join(p.message for p in r.problems))
            fail.text = r.output
        elif r.status is Status.SKIPPED:
            ET.SubElement(case, "skipped", message="an earlier step failed")
        elif r.status is Status.OMITTED:
            ET.SubElement(case, "skipped", message=r.output)
    return (
        ET.tostring(ET.ElementTree(suite).getroot(), encoding="unicode", xml_declaration=True)
        + "\n"
    )
