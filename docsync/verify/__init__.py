"""``docsync verify``: run a cluster chapter on emulated servers and check every documented output.

The stages: ``docsync.extract`` reads the chapter into blocks -> ``scenario`` finds its hosts,
addresses and packages -> ``plan`` turns blocks into steps -> ``base`` builds the layer of
missing packages -> ``fleet`` boots the hosts -> ``runner`` runs the steps -> ``report`` turns
results into findings, transcripts and JUnit XML.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from docsync.model import Finding
from docsync.selection import RuleSettings
from docsync.verify.plan import Step
from docsync.verify.runner import StepResult

__all__ = ["Verification", "verify"]


@dataclass
class Verification:
    """One run: the steps, their results, the findings, what verify substituted, and timings."""

    steps: list[Step]
    results: list[StepResult]
    findings: list[Finding]
    substitutions: list[str]
    phases: dict[str, float] = field(default_factory=dict)
    hosts: list[str] = field(default_factory=list)


def verify(
    docs: Path,
    lang: str = "en",
    *,
    progress: Callable[[str], None] | None = None,
    stop_after: int | None = None,
    rules_path: Path | None = None,
    profile: str | None = None,
    keep_going: bool = False,
    settings: RuleSettings | None = None,
) -> Verification:
    """Run the chapter at ``docs`` (one language) and compare; raises DocsyncError for exit 2.

    ``settings``: which findings are reported and how severe (``docsync.finish``, as every
    command, with the chapter's inline ``docsync: ignore[...]`` comments); every step runs
    whatever is selected, since later steps depend on earlier ones."""
    from docsync.errors import UsageError
    from docsync.extract import blocks_of, read_documents
    from docsync.extract.inputs import resolve_sources
    from docsync.finish import finish_findings
    from docsync.suppress import covered_by, suppression_spans
    from docsync.verify import base as base_mod
    from docsync.verify.fleet import Fleet, preflight
    from docsync.verify.plan import plan
    from docsync.verify.report import findings_of, plan_findings
    from docsync.verify.ruleset import load_rules
    from docsync.verify.runner import Runner, Secrets
    from docsync.verify.scenario import packages_of, scenario_of

    phases: dict[str, float] = {}
    t0 = time.monotonic()
    preflight()
    rules = load_rules(rules_path)
    sources = resolve_sources(docs, lang)
    if len(sources) != 1:
        raise UsageError("verify runs one language at a time: pass --lang en or --lang ja")
    documents = read_documents(sources[0])
    blocks, _found, _files = blocks_of(documents, sources[0].language)
    scene = scenario_of(blocks, documents, rules)
    steps, problems = plan(list(blocks), [h.name for h in scene.hosts], rules)
    mapped: list[str] = []
    if profile is not None:
        from docsync.verify.profile import apply_profile, load_profile

        platform = load_profile(profile)
        steps = apply_profile(steps, platform)
        mapped = platform.describe()
    phases["read"] = time.monotonic() - t0

    t = time.monotonic()
    layer, fetched = base_mod.base_layer(packages_of(steps))
    phases["base layer"] = time.monotonic() - t

    secrets = Secrets()
    unix = sorted({a for s in steps for a in s.answers if a.startswith("unix:")})
    files = {s.path: (s.script, 0o755) for s in rules.standins}
    files.update(
        {f"/run/docsync/secrets/{a.replace(':', '-')}": (secrets.get(a), 0o644) for a in unix}
    )
    substitutions = [f"{s.name} ({s.path}): {s.reason}" for s in rules.standins]
    substitutions += [f"environment {k}={v}" for k, v in rules.env.items()]
    substitutions += mapped
    if fetched:
        substitutions.append(
            f"packages from the base layer, not installed here: {', '.join(fetched)}"
        )
    substitutions += [
        f"`{r.command.pattern}` repeated until its output matches, up to {r.eventually:g}s ({r.name})"
        for r in rules.outputs
        if r.eventually
    ]
    substitutions += [
        f"wait up to {w.timeout:g}s for HOST:PORT to answer before `{w.command.pattern}`"
        for w in rules.waits
    ]
    findings: list[Finding] = plan_findings(problems)
    results: list[StepResult] = []
    t = time.monotonic()
    with Fleet(scene.hosts, base=layer, files=files, env=rules.env) as fleet:
        for host in fleet.hosts.values():
            for command in rules.boot:
                host.run(command, timeout=30, login=False)
        phases["boot"] = time.monotonic() - t
        runner = Runner(fleet, rules, secrets, progress)
        t = time.monotonic()
        results = runner.run(steps, stop_after=stop_after, keep_going=keep_going)
        phases.update({f"  {k}": v for k, v in runner.sections.items()})
        phases["run"] = time.monotonic() - t
        t = time.monotonic()
    phases["teardown"] = time.monotonic() - t
    findings += findings_of(results)
    if settings is not None:
        findings = finish_findings(findings, settings, suppressed=covered_by(suppression_spans(documents)))
    used = {r.step.answers for r in results if r.step.answers}
    if used:
        substitutions.append(
            "prompts answered with passwords generated for this run (rules/verify.toml [[prompts]])"
        )
    return Verification(
        steps, results, findings, substitutions, phases, [h.name for h in scene.hosts]
    )
