"""``docsync check`` over a whole docs tree through the incremental cache (``docsync.cache``).

The entry's inputs are everything the run may read: the docs tree (a checkout's ``doc``,
``doc.ja`` and ``src``), the output directory DOC001 compares with, and every place a
configuration file could be found (one created later makes the entry miss). The key is the
question asked: the tree, the output directory, the effective settings and the ShellCheck
program the run would use.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docsync.cache import Cache, Inputs, Store, cached, decode_findings, encode_findings, text_digest
from docsync.check.settings import CheckSettings
from docsync.paths import DEFAULT_DOCS_DIR, DEFAULT_OUT_DIR

if TYPE_CHECKING:
    from docsync.check.run import CheckResult

CONFIG_NAMES = (".docsync.toml", "pyproject.toml")


def _tool_stamp(name: str) -> tuple[str, int, int] | None:
    """Which external program a run would use (another one, or none, is another question)."""
    import os
    import shutil

    found = shutil.which(name)
    if found is None:
        return None
    st = os.stat(found)
    return (os.path.realpath(found), st.st_size, st.st_mtime_ns)


def run_check_cached(
    docs: Path | None,
    settings_for: Callable[[Path], CheckSettings],
    *,
    out: Path | None,
    use_cache: bool,
) -> CheckResult:
    """``run_check`` of the whole tree at ``docs`` (default: the project's sgml/), or the
    result an earlier run computed from identical inputs."""
    from docsync.check.reuse import Reuse
    from docsync.check.run import CheckResult, run_check
    from docsync.config import find_config
    from docsync.extract.inputs import resolve_sources

    tree = docs or DEFAULT_DOCS_DIR
    root = resolve_sources(tree, "all")[0].display_base
    config = find_config(str(root)).path
    cache = Cache.for_run(use_cache, config)
    if cache.directory is None:
        return run_check(docs, None, settings_for, out=out)
    candidates = [d / name for d in (root, *root.parents) for name in CONFIG_NAMES]
    inputs = Inputs.of([root, out or DEFAULT_OUT_DIR], candidates)
    key = cache.key("check", str(root), str(out), settings_for(root), _tool_stamp("shellcheck"))

    def encode(result: CheckResult) -> dict[str, Any]:
        reuse = result.reuse
        return {"findings": encode_findings(result.findings), "files": result.files, "notes": result.notes,
                "per_file": sorted(reuse.per_file), "per_language": sorted(reuse.per_language),
                "blocks": dict(reuse.blocks)}

    def decode(data: dict[str, Any]) -> CheckResult:
        reuse = Reuse(frozenset(int(i) for i in data["per_file"]), frozenset(int(i) for i in data["per_language"]),
                      {str(k): str(v) for k, v in data["blocks"].items()})
        return CheckResult(decode_findings(data["findings"]), int(data["files"]), [str(n) for n in data["notes"]],
                           reuse)

    def compute(earlier: CheckResult | None = None, changed: list[Path] | None = None) -> CheckResult:
        # The whole-run entry missed: still reuse what earlier runs found for unchanged file
        # pairs (drift, the costliest stage), kept in one file per tree.
        store = Store(cache, "drift-pairs-" + text_digest(str(root)))
        result = run_check(docs, changed, settings_for, out=out, store=store, earlier=earlier)
        store.save()
        return result

    def update(earlier: CheckResult, changed: frozenset[str]) -> CheckResult | None:
        chapters = _chapters(tree, changed)
        return None if chapters is None else compute(earlier, chapters)

    return cached(cache, key, inputs, compute, encode, decode, update)


def _chapters(docs: Path, changed: frozenset[str]) -> list[Path] | None:
    """The changed files as chapters of the docs tree, or None when any is not a chapter (a
    book-wide file such as pgpool.sgml, the samples, the output, a configuration file): then
    only a whole run gives the right answer."""
    import os

    from docsync.check.ruleset import load_rules
    from docsync.extract.inputs import resolve_sources

    book_files = load_rules().book_files
    directories = [os.path.abspath(s.root) + os.sep for s in resolve_sources(docs, "all")]
    chapters = []
    for path in sorted(changed):
        name = os.path.basename(path)
        if not name.endswith(".sgml") or name in book_files or not any(path.startswith(d) for d in directories):
            return None
        chapters.append(Path(path))
    return chapters
