"""One ``docsync check`` run: parse the docs once, run every stage, filter, stamp and sort.

Stages, in order: the SGML reader and extract's block reading (SGM, EXT findings), the output
directory compared with what the docs generate (DOC001), configuration content through lint
(PGP, DOC002), the rule kinds registered in ``docsync.check.checks`` (DOC1xx-DOC4xx), and
EN/JA drift through ``docsync.drift``'s public API (DRF). Returns values; prints nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from docsync.check.context import CheckContext
from docsync.check.registry import CHECKS
from docsync.check.ruleset import CheckRules, load_rules
from docsync.check.settings import CheckSettings
from docsync.check.suppress import apply_spans, suppression_spans
from docsync.check.tree import DocsTree, infer_docs, load_tree
from docsync.model import Finding, Rule, sort_findings
from docsync.parallel import MIN_SHARED_WORK
from docsync.paths import DEFAULT_DOCS_DIR, DEFAULT_OUT_DIR
from docsync.policy import apply_policy
from docsync.rules import all_rules

if TYPE_CHECKING:
    from docsync.cache import Store


@dataclass
class CheckResult:
    """What a run found, over how many files, and what the user may want to know."""

    findings: list[Finding]
    files: int
    notes: list[str] = field(default_factory=list)


def _enabled(settings: CheckSettings, rules: dict[str, Rule], prefix: str) -> bool:
    return any(settings.enabled(r) for code, r in rules.items() if code.startswith(prefix))


def _scoped_names(tree: DocsTree) -> tuple[str, ...]:
    """Scope as file names inside the language directories (what drift takes)."""
    if tree.scope is None:
        return ()
    names = set()
    for lang in tree.languages.values():
        prefix = lang.directory.resolve().relative_to(tree.root.resolve()).as_posix().rstrip("/") + "/"
        names.update(p[len(prefix) :] for p in tree.scope if p.startswith(prefix))
    return tuple(sorted(names))


def _drift(tree: DocsTree, store: Store | None) -> list[Finding]:
    from docsync.drift import drift_book

    names = _scoped_names(tree)
    if tree.scope is not None and not names:
        return []
    # Hand drift the documents this run already parsed: one parse per input.
    parsed = [doc for lang in tree.languages.values() for doc in lang.docs]
    return list(drift_book(tree.root, names, documents=parsed, store=store, reads=tree.reads).findings)


def _registered(ctx: CheckContext, rules: dict[str, Rule]) -> list[Finding]:
    import docsync.check.checks  # noqa: F401  registers the rule kinds in their fixed order

    findings = []
    for code, chk in CHECKS.items():
        r = rules.get(code)
        if r is None or not ctx.settings.enabled(r):
            continue
        for rep in chk.func(ctx):
            findings.append(
                Finding.of(r, rep.location, rep.message, severity=rep.severity, related=rep.related, end=rep.end)
            )
    return findings


def _finish(
    findings: list[Finding], ctx: CheckContext, rules: dict[str, Rule], unscoped: Sequence[Finding] = ()
) -> list[Finding]:
    """Keep enabled findings in scope, apply severity settings and inline suppressions, dedupe.

    ``unscoped`` findings are about the output directory, which no ``--changed`` scope narrows.
    """
    settings = ctx.settings
    kept: list[Finding] = []
    seen: set[tuple] = set()
    scoped = [f for f in findings if ctx.in_scope(f.location.path)]
    for f in apply_policy([*scoped, *unscoped]):
        r = rules.get(f.code)
        if r is not None and not settings.enabled(r):
            continue
        if r is not None:
            severity = settings.severity_of(r, f.severity)
            if severity is not f.severity:
                f = replace(f, severity=severity)
        key = (f.location, f.code, f.message)
        if key not in seen:
            seen.add(key)
            kept.append(f)
    spans = suppression_spans(doc for lang in ctx.tree.languages.values() for doc in lang.docs)
    return sort_findings(apply_spans(kept, spans))


def run_check(
    docs: Path | None,
    changed: Sequence[Path] | None,
    settings_for: Callable[[Path], CheckSettings],
    *,
    out: Path | None = None,
    check_rules: CheckRules | None = None,
    store: Store | None = None,
) -> CheckResult:
    """Check the docs at ``docs`` (default: the tree of the changed files, else the project's
    sgml/); ``changed`` limits the run to those chapters and their counterparts. ``store``:
    per-file results of earlier runs (the incremental cache) that may be reused."""
    from docsync.check.configs import check_configurations
    from docsync.check.output import check_output, find_output_dir

    data = check_rules or load_rules()
    if docs is None:
        docs = infer_docs(changed) if changed is not None else DEFAULT_DOCS_DIR
        if docs is None and changed is not None and any(_under(p, DEFAULT_OUT_DIR) for p in changed):
            docs = DEFAULT_DOCS_DIR  # only the project's generated output changed
        if docs is None:
            return CheckResult([], 0, [NOTHING_CHANGED])
    from docsync.extract.inputs import resolve_sources

    root = resolve_sources(docs, "all")[0].display_base
    settings = settings_for(root)
    rules = {code: doc.rule for code, doc in all_rules().items()}
    output = None
    if _enabled(settings, rules, "DOC001"):
        output = out or find_output_dir(root, data.output_dir, DEFAULT_DOCS_DIR, DEFAULT_OUT_DIR)
    tree = load_tree(docs, changed, book_files=data.book_files, need_whole_book=output is not None)
    result = CheckResult([], tree.files)
    output_changed = output is not None and any(_under(p, output) for p in changed or ())
    if changed is not None and tree.scope is not None and not tree.scope and not output_changed:
        result.notes.append(NOTHING_CHANGED)
        return result
    ctx = CheckContext(tree, data, settings)
    findings = list(tree.findings)
    stale: list[Finding] = []
    if output is not None:
        stale, rendered = check_output(tree, output)
        findings.extend(rendered)
    drift = tree.has_both_languages() and _enabled(settings, rules, "DRF")

    def checks() -> list[Finding]:
        return [*check_configurations(ctx), *_registered(ctx, rules)]

    if drift and sum(len(s.text) for s in tree.sources.values()) >= MIN_SHARED_WORK:
        # A whole book: the checks run in a forked child while drift runs here (both cores).
        from docsync.cache import decode_findings, encode_findings
        from docsync.parallel import in_background

        join = in_background(checks, encode=encode_findings, decode=decode_findings)
        drift_found = _drift(tree, store)
        findings.extend(join())
        findings.extend(drift_found)
    else:
        findings.extend(checks())
        if drift:
            findings.extend(_drift(tree, store))
    result.findings = _finish(findings, ctx, rules, unscoped=stale)
    return result


NOTHING_CHANGED = "docsync check: no documentation among the changed files"


def _under(path: Path, directory: Path) -> bool:
    return directory.resolve() in path.resolve().parents
