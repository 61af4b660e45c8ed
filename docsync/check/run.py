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
from docsync.check.registry import CHECKS, DocCheck
from docsync.check.reuse import Reuse, block_digests, files_to_check, kept
from docsync.check.ruleset import CheckRules, load_rules
from docsync.check.settings import CheckSettings
from docsync.check.tree import DocsTree, infer_docs, load_tree
from docsync.finish import finish_findings
from docsync.model import Finding, Rule, sort_findings
from docsync.parallel import MIN_SHARED_WORK
from docsync.paths import DEFAULT_DOCS_DIR, DEFAULT_OUT_DIR
from docsync.policy import load_policy
from docsync.rules import all_rules
from docsync.suppress import covered_by, suppression_spans

if TYPE_CHECKING:
    from docsync.cache import Store


@dataclass
class CheckResult:
    """What a run found, over how many files, what the user may want to know, and what a
    later incremental run may keep (``docsync.check.reuse``)."""

    findings: list[Finding]
    files: int
    notes: list[str] = field(default_factory=list)
    reuse: Reuse = field(default_factory=Reuse)


def _enabled(settings: CheckSettings, rules: dict[str, Rule], prefix: str) -> bool:
    return any(settings.enabled(r) for code, r in rules.items() if code.startswith(prefix))


def _scoped_names(tree: DocsTree) -> tuple[str, ...]:
    """Scope as file names inside the language directories (what drift takes)."""
    if tree.scope is None:
        return ()
    names = set()
    for lang in tree.languages.values():
        prefix = tree.prefix(lang.code)
        names.update(p[len(prefix) :] for p in tree.scope if p.startswith(prefix))
    return tuple(sorted(names))


def _drift(
    tree: DocsTree, store: Store | None, settings: CheckSettings, rules: dict[str, Rule], *, whole: bool = False
) -> list[Finding]:
    """Drift over the pairs in scope (every pair when ``whole``), running only the checks of
    the rules the settings enable."""
    from docsync.drift import drift_book

    def enabled(code: str) -> bool:
        r = rules.get(code)
        return r is None or settings.enabled(r)

    names = () if whole else _scoped_names(tree)
    if tree.scope is not None and not names and not whole:
        return []
    # Hand drift the documents this run already parsed: one parse per input.
    parsed = [doc for lang in tree.languages.values() for doc in lang.docs]
    found = drift_book(
        tree.root, names, documents=parsed, store=store, reads=tree.reads, enabled=enabled,
        options=settings.rule_options,
    )
    return list(found.findings)


def _registered(
    ctx: CheckContext, rules: dict[str, Rule], *, book: bool, read: Callable[[DocCheck], bool] = lambda _: True
) -> list[Finding]:
    """What the registered checks find: the book-wide ones (``book``) or the per-file ones;
    only those ``read`` says can run now (whose languages are read)."""
    import docsync.check.checks  # noqa: F401  registers the rule kinds in their fixed order

    findings = []
    for code, chk in CHECKS.items():
        r = rules.get(code)
        if chk.book is not book or not read(chk) or r is None or not ctx.settings.enabled(r):
            continue
        for rep in chk.func(ctx):
            findings.append(
                Finding.of(r, rep.location, rep.message, severity=rep.severity, related=rep.related, end=rep.end)
            )
    return findings


def _finish(findings: list[Finding], ctx: CheckContext, unscoped: Sequence[Finding] = ()) -> list[Finding]:
    """Keep findings in scope and finish them as every command does (``docsync.finish``): the
    file classes' grades, the settings' selection and severities, SGML inline suppressions,
    dedupe.

    ``unscoped`` findings are about the output directory (or, in an incremental run, the whole
    book), which no ``--changed`` scope narrows.
    """
    found = [*(f for f in findings if ctx.in_scope(f.location.path)), *unscoped]
    paths = frozenset(f.location.path for f in found)
    spans = suppression_spans((doc for lang in ctx.tree.languages.values() for doc in lang.docs), paths)
    return finish_findings(found, ctx.settings, suppressed=covered_by(spans), policy=load_policy())


def run_check(
    docs: Path | None,
    changed: Sequence[Path] | None,
    settings_for: Callable[[Path], CheckSettings],
    *,
    out: Path | None = None,
    check_rules: CheckRules | None = None,
    store: Store | None = None,
    earlier: CheckResult | None = None,
) -> CheckResult:
    """Check the docs at ``docs`` (default: the tree of the changed files, else the project's
    sgml/); ``changed`` limits the run to those chapters and their counterparts. ``store``:
    per-file results of earlier runs (the incremental cache) that may be reused.

    ``earlier``: the result of a whole-tree run before ``changed`` (chapter files only) were
    edited. The run is then incremental (``docsync.check.reuse``): the book is read whole,
    whole-book stages run, per-file stages run on the files that changed or read differently,
    and the earlier run's findings of every other file are kept. The result equals a
    whole-tree run's."""
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
    # An incremental run reads the book whole, and its scope is the changed files alone (their
    # counterparts did not change; drift, which pairs them, is whole).
    tree = load_tree(
        docs, changed, book_files=data.book_files, need_whole_book=output is not None or earlier is not None,
        counterparts=earlier is None, defer_unchanged=earlier is not None and output is None,
    )
    result = CheckResult([], tree.files)
    output_changed = output is not None and any(_under(p, output) for p in changed or ())
    if changed is not None and tree.scope is not None and not tree.scope and not output_changed:
        result.notes.append(NOTHING_CHANGED)
        return result
    ctx = CheckContext(tree, data, settings)
    incremental = earlier is not None
    # Languages whose blocks are read, with the prefix of their display paths (an incremental
    # run: those with a changed file).
    redo = {code: tree.prefix(code) if incremental else "" for code in tree.languages}
    if incremental:
        redo = {code: prefix for code, prefix in redo.items() if any(p.startswith(prefix) for p in tree.scope or ())}
    # Whole: the reader's findings, the output's, drift's and the book-wide rules'. In an
    # incremental run they are all computed; in a --changed run narrowed to the scope.
    book = list(tree.findings)
    stale: list[Finding] = []
    if output is not None:
        stale, rendered = check_output(tree, output)
        book.extend(rendered)
    drift = tree.has_both_languages() and _enabled(settings, rules, "DRF")

    def blocks_and_checks() -> _Checked:
        """The block reader's findings, the per-file rules' (see ``docsync.check.reuse``) and the
        whole-book rules' (run here with the others: they read the same file texts)."""
        read: list[Finding] = []
        digests: dict[str, str] = {}
        for code in redo:
            blocks, found = tree.languages[code].read_blocks()
            read.extend(found)
            digests.update(block_digests(blocks.blocks))
        view = ctx
        if earlier is not None:
            rescan = files_to_check(tree.scope or (), earlier.reuse.blocks, digests, redo.values())
            view = CheckContext(replace(tree, scope=rescan), data, settings)
        found = [*check_configurations(view), *_registered(view, rules, book=False)]
        whole_book = _registered(ctx, rules, book=True, read=readable)
        return _Checked(read, _finish(found, view), whole_book, digests, view.tree.scope)

    # Whole-book rules run with the per-file ones (they share the files' texts), unless they
    # read a language still to be read (an incremental run's unchanged one): then here, after.
    deferred = frozenset(code for code, lang in tree.languages.items() if lang.deferred is not None)

    def readable(chk: DocCheck) -> bool:
        return not deferred & (chk.languages if chk.languages is not None else frozenset(tree.languages))

    if drift and sum(len(s.text) for s in tree.sources.values()) >= MIN_SHARED_WORK:
        # A whole book: blocks and rules run in a forked child while drift runs here (both cores).
        from docsync.parallel import in_background
        from docsync.segment import segmentation

        # Both read the same sections and blocks: what drift will segment is segmented here,
        # once, and the child has it as the fork left it (and segments the rest itself). An
        # incremental run's drift aligns again only the changed files (and the files that hold
        # them): segmenting the whole book here would hold the fork back.
        for code in redo:
            for doc in tree.languages[code].docs:
                segments = segmentation(doc)
                if incremental and tree.scope is not None:
                    segments.segment_around(tree.scope)
                else:
                    segments.segment_all()

        join = in_background(blocks_and_checks, encode=_Checked.encode, decode=_Checked.decode)
        book.extend(tree.load_deferred())  # (a language no file of which changed: only drift reads it)
        drifted = _drift(tree, store, settings, rules, whole=incremental)
        checked = join()
    else:
        checked = blocks_and_checks()
        book.extend(tree.load_deferred())
        drifted = _drift(tree, store, settings, rules, whole=incremental) if drift else []
    book.extend(checked.whole_book)
    if deferred:
        book.extend(_registered(ctx, rules, book=True, read=lambda chk: not readable(chk)))
    # A drift pair's findings can depend on more files than its own two (a book file holds the
    # elements of the chapters it includes): an incremental run aligns again every pair whose
    # files changed, reusing the others from drift's store; drift is whole.
    book.extend(drifted)
    if earlier is None:
        whole = _finish(book, ctx, unscoped=stale)
        read = _finish(checked.read, ctx)
        per_file = checked.found
        blocks = checked.digests
    else:
        # Kept from the earlier run: the block reader's findings of languages not read again,
        # the per-file rules' of files not checked again, and those files' block digests.
        redone = tuple(redo.values())
        rescanned = checked.scope or frozenset()
        whole = _finish([], ctx, unscoped=[*book, *stale])
        read = _finish([], ctx, unscoped=checked.read) + kept(
            earlier.findings, earlier.reuse.per_language, lambda f: not f.location.path.startswith(redone)
        )
        per_file = checked.found + kept(
            earlier.findings, earlier.reuse.per_file, lambda f: f.location.path not in rescanned
        )
        blocks = {**{p: d for p, d in earlier.reuse.blocks.items() if not p.startswith(redone)}, **checked.digests}
    result.files = tree.files
    result.findings = sort_findings([*whole, *read, *per_file])
    index = {id(f): i for i, f in enumerate(result.findings)}
    result.reuse = Reuse(
        per_file=frozenset(index[id(f)] for f in per_file),
        per_language=frozenset(index[id(f)] for f in read),
        blocks=blocks,
    )
    return result


@dataclass(frozen=True)
class _Checked:
    """What the blocks-and-checks stage returns (from a forked child, as JSON data)."""

    read: list[Finding]  # the block reader's, not yet finished
    found: list[Finding]  # the per-file rules', finished
    whole_book: list[Finding]  # the whole-book rules', not yet finished
    digests: dict[str, str]
    scope: frozenset[str] | None

    def encode(self) -> list:
        from docsync.cache import encode_findings

        scope = None if self.scope is None else sorted(self.scope)
        found = [encode_findings(x) for x in (self.read, self.found, self.whole_book)]
        return [*found, self.digests, scope]

    @staticmethod
    def decode(data: list) -> _Checked:
        from docsync.cache import decode_findings

        scope = None if data[4] is None else frozenset(str(p) for p in data[4])
        read, found, whole_book = (decode_findings(x) for x in data[:3])
        return _Checked(read, found, whole_book, dict(data[3]), scope)


NOTHING_CHANGED = "docsync check: no documentation among the changed files"



def _under(path: Path, directory: Path) -> bool:
    return directory.resolve() in path.resolve().parents
