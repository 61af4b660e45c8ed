"""``docsync extract``: documentation blocks -> the artifacts the documentation prescribes.

The stages, each one function with typed input and output:
``inputs.resolve_sources`` (--docs) -> ``sgml.load_document`` -> ``segment.segmentation`` (the
document model, shared with drift) -> ``blocks.extract_blocks`` ->
``render.render_artifacts`` -> ``sync.plan_sync`` / ``sync.check`` / ``sync.apply``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from docsync.extract.blocks import BlockList, extract_blocks
from docsync.extract.inputs import Source, resolve_sources
from docsync.extract.model import Artifact, Block, BlockKind
from docsync.extract.render import ScenarioRun, render_artifacts
from docsync.model import Finding

if TYPE_CHECKING:
    from docsync.selection import RuleSettings
    from docsync.sgml.document import Document
    from docsync.sgml.source import Reads

__all__ = [
    "Artifact",
    "Block",
    "BlockKind",
    "BlockList",
    "Extraction",
    "artifact_text",
    "blocks_of",
    "extract",
    "read_blocks",
    "read_documents",
]


@dataclass(frozen=True)
class Extraction:
    """What one run produces: artifacts (not yet written), findings, and the blocks behind them."""

    artifacts: tuple[Artifact, ...]
    findings: tuple[Finding, ...]
    blocks: tuple[BlockList, ...]
    files: int  # SGML files read
    languages: tuple[str, ...]
    scenarios: tuple[ScenarioRun, ...] = ()


def _declarations_only(doc) -> bool:
    """A file such as version.sgml or filelist.sgml: entity declarations, no document."""
    return doc.root is None and all(f.code == "SGM008" for f in doc.findings)


def read_documents(source: Source, reads: Reads | None = None) -> list[Document]:
    """Each file of one language parsed once; declaration-only files of a multi-file source left out.

    ``reads``: the files the run has read already (entity files chapters share are read once)."""
    from docsync.sgml.load import load_document

    docs = []
    for path in source.files:
        doc = load_document(path, root=source.root, display_base=source.display_base, reads=reads)
        if len(source.files) > 1 and _declarations_only(doc):
            continue
        docs.append(doc)
    return docs


def blocks_of(
    docs: Sequence[Document], language: str, *, reader_findings: bool = True
) -> tuple[BlockList, list[Finding], int]:
    """The blocks of parsed documents of one language, the findings (the SGML reader's too,
    unless ``reader_findings`` is false) and the number of files read."""
    blocks: list[Block] = []
    findings: list[Finding] = []
    files: set[str] = set()
    for doc in docs:
        files.update(doc.files)
        if reader_findings:
            findings.extend(doc.findings)
        block_list = extract_blocks(doc, language)
        findings.extend(block_list.findings)
        blocks.extend(replace(b, index=len(blocks) + i) for i, b in enumerate(block_list.blocks))
    return BlockList(language, tuple(blocks)), findings, len(files)


def read_blocks(source: Source) -> tuple[BlockList, list[Finding], int]:
    """The blocks of one language (all its files), the reader's findings and the files read."""
    return blocks_of(read_documents(source), source.language)


def extract(
    docs: Path,
    lang: str = "all",
    *,
    samples: Path | None = None,
    scenario: str | None = None,
    complete: bool = True,
    settings: RuleSettings | None = None,
) -> Extraction:
    """Read the documentation at ``docs`` (see ``inputs``) and render every artifact in memory.

    ``scenario``: only that scenario, reading only its chapter files when ``docs`` is a tree.
    ``samples``: the sample directory (default: the docs tree's ``src/sample/``, if any);
    ``complete=False`` renders settings-only files even when samples are there.
    ``settings``: which findings are reported and how severe (``docsync.finish``, as every
    command; inline ``docsync: ignore[...]`` comments apply too); every finding when None.
    """
    from docsync.extract.samples import sample_set
    from docsync.extract.scenarios import load_scenarios, scenario_files
    from docsync.finish import finish_findings
    from docsync.suppress import covered_by, suppression_spans

    rules = load_scenarios()
    lists: list[BlockList] = []
    findings: list[Finding] = []
    files = 0
    only = None
    if scenario is not None:
        only = lambda names: scenario_files(rules, scenario, names)  # noqa: E731
    sources = resolve_sources(docs, lang, only=only)
    spans = []
    for source in sources:
        documents = read_documents(source)
        block_list, found, n = blocks_of(documents, source.language)
        if settings is not None:
            spans.extend(suppression_spans(documents))
        lists.append(block_list)
        findings.extend(found)
        files += n
    sample_dir = (
        sample_set(samples, sources[0].display_base, rules.samples.subdirectories)
        if complete
        else None
    )
    rendered = render_artifacts(
        lists,
        samples=sample_dir,
        scenario_rules=rules,
        scenarios=(scenario,) if scenario else (),
    )
    findings.extend(rendered.findings)
    if settings is not None:
        findings = finish_findings(findings, settings, suppressed=covered_by(spans))
    return Extraction(
        rendered.artifacts,
        tuple(findings),
        tuple(lists),
        files,
        tuple(s.language for s in sources),
        rendered.scenarios,
    )


def artifact_text(
    docs: Path,
    path: str = "en/example-cluster/pgpool.conf",
    *,
    samples: Path | None = None,
) -> str | None:
    """What extract would write at ``path`` (relative to the output directory) for ``docs``.

    For consumers such as lint's canonical configuration: no output directory is touched, and
    only the language and scenario ``path`` starts with are read. None when the docs prescribe
    no such file.
    """
    lang, _, rest = path.partition("/")
    scenario = rest.split("/", 1)[0] if "/" in rest else None
    result = extract(docs, lang, samples=samples, scenario=scenario)
    return next((a.text for a in result.artifacts if a.path == path), None)
