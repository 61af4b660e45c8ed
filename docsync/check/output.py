"""``extract --check`` inside ``docsync check``: generated output that the docs no longer produce.

The artifacts are rendered from the blocks the run has already read (no second parse) and
compared with the output directory the way ``docsync extract --check`` compares them; every
file that would be created, changed or removed is one DOC001 finding at its first differing line.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from docsync.model import Finding, Location
from docsync.rules import rule

if TYPE_CHECKING:
    from docsync.check.tree import DocsTree
    from docsync.extract.sync import Change

# What comparing needs (rendering, planning a sync) is imported in ``check_output``: a run on a
# tree without an output directory, an upstream checkout, only looks for one.


def find_output_dir(tree_root: Path, name: str, default_docs: Path, default_out: Path) -> Path | None:
    """The output directory to compare: the project's for its own docs, else ``name`` beside the
    docs tree (or inside it) when extract wrote a manifest there."""
    from docsync.extract.manifest import MANIFEST_NAME

    if tree_root.resolve() == default_docs.resolve():
        return default_out
    for candidate in (tree_root / name, tree_root.parent / name):
        if (candidate / MANIFEST_NAME).is_file():
            return candidate
    return None


def shown_path(path: Path) -> str:
    """A path for messages: relative to the working directory when under it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel


def _first_difference(change: Change) -> int:
    old = (change.old or "").splitlines()
    new = (change.new or "").splitlines()
    for i, (a, b) in enumerate(zip(old, new, strict=False)):
        if a != b:
            return i + 1
    return min(len(old), len(new)) + 1 if old and new else 1


def check_output(tree: DocsTree, out: Path) -> tuple[list[Finding], list[Finding]]:
    """(DOC001 findings, extract's rendering findings) for the output directory ``out``."""
    from docsync.extract.inputs import LANGUAGES
    from docsync.extract.manifest import MANIFEST_NAME
    from docsync.extract.render import render_artifacts
    from docsync.extract.samples import sample_set
    from docsync.extract.scenarios import load_scenarios
    from docsync.extract.sync import CREATE, REMOVE, plan_sync

    lists = [lang.blocks for lang in tree.languages.values()]
    # The same samples `docsync extract` would use for this tree (its src/sample/, if any).
    samples = sample_set(None, tree.root, load_scenarios().samples.subdirectories)
    rendered = render_artifacts(lists, samples=samples)
    plan = plan_sync(rendered.artifacts, out, LANGUAGES)
    stale = rule("DOC001")
    findings = []
    shown = shown_path(out)
    pending = plan.pending
    # The manifest changes with every artifact; on its own it is worth a finding, else noise.
    if any(c.path != MANIFEST_NAME for c in pending):
        pending = tuple(c for c in pending if c.path != MANIFEST_NAME)
    for change in pending:
        if change.action == CREATE:
            what = "is missing"
        elif change.action == REMOVE:
            what = "is no longer generated"
        else:
            what = "differs from what the documentation generates"
        line = 1 if change.action != "update" else _first_difference(change)
        where = Location(f"{shown}/{change.path}", line, 1)
        findings.append(Finding.of(stale, where, f"{change.path} {what}; run `docsync extract`"))
    return findings, list(rendered.findings)
