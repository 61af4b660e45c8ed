"""The drift pipeline: pair files, read each once, segment, align, check, suppress.

``drift_book`` runs over a whole docs tree (``doc/src/sgml`` <-> ``doc.ja/src/sgml``, files paired
by name, each book parsed once); ``drift_files`` over one given pair. Both return findings and
never print.
"""

from __future__ import annotations

import dataclasses
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from docsync.drift.align import Aligner
from docsync.drift.blocks import Segmented, Suppression, segment, segment_book
from docsync.drift.checks import Context, check_pairs
from docsync.drift.normalize import Glossary, load_glossary
from docsync.drift.stale import has_originals
from docsync.drift.suppress import apply_inline
from docsync.errors import InputError
from docsync.inputs import InputProblem, stat_input
from docsync.model import Finding, Location, Related, sort_findings
from docsync.policy import apply_policy
from docsync.rules import rule
from docsync.sgml import Document, load_document

EN_DIR = Path("doc/src/sgml")
JA_DIR = Path("doc.ja/src/sgml")
BOOK = "pgpool.sgml"
# Files that hold only declarations: nothing to align.
DECLARATION_FILES = frozenset({"filelist.sgml", "version.sgml"})


@dataclass
class DriftReport:
    """What a drift run found, and over how many file pairs."""

    findings: list[Finding] = field(default_factory=list)
    files: int = 0
    suppressions: list[Suppression] = field(default_factory=list)


def drift_segments(en: Segmented, ja: Segmented, glossary: Glossary | None = None) -> list[Finding]:
    """Align two segmented files and run every check; inline suppressions applied."""
    aligner = Aligner(glossary or load_glossary())
    pairs = aligner.align(en, ja)
    ja_blocks = list(ja.blocks())
    embedded = has_originals(ja_blocks)
    findings = check_pairs(pairs, Context(aligner, embedded, list(en.blocks()), ja_blocks))
    return apply_inline(findings, [*en.suppressions, *ja.suppressions])


def _load(path: Path, root: Path, display_base: Path, findings: list[Finding]) -> Segmented | None:
    """Read and segment one file; the reader's findings (broken markup, limits) go to ``findings``,
    and so does a file that cannot be read (None then: the other files are still compared)."""
    try:
        doc = load_document(path, root=root, display_base=display_base)
    except InputError as exc:
        shown = path.relative_to(display_base).as_posix() if path.is_relative_to(display_base) else str(path)
        findings.append(Finding.of(rule("SGM020"), Location(shown, 1, 1), str(exc).split(": ", 1)[-1]))
        return None
    findings.extend(doc.findings)
    return segment(doc)


def drift_files(
    en: Path,
    ja: Path,
    *,
    glossary: Glossary | None = None,
    en_display: str | None = None,
    ja_display: str | None = None,
) -> DriftReport:
    """Drift between one English and one Japanese file, paths shown as given (or as named)."""
    findings: list[Finding] = []
    segs = []
    for path, display in ((en, en_display), (ja, ja_display)):
        doc = load_document(path, root=path.parent)
        # The reader's findings, as check reports them (shown under the name given, if any).
        findings.extend(f if display is None else _renamed(f, doc, display) for f in doc.findings)
        segs.append(segment(doc, display or str(path)))
    findings.extend(drift_segments(segs[0], segs[1], glossary))
    return DriftReport(sort_findings(apply_policy(findings)), 2)


def _renamed(finding: Finding, doc: Document, display: str) -> Finding:
    """A finding in the file itself shown under its display name (entity files keep theirs)."""
    own = next(iter(doc.files), None)
    if own is None or finding.location.path != own:
        return finding
    return dataclasses.replace(finding, location=dataclasses.replace(finding.location, path=display))


@dataclass(frozen=True)
class FilePair:
    """A file name inside the language directories and the files that exist for it."""

    name: str
    en: Path | None
    ja: Path | None


def book_pairs(root: Path, names: Sequence[str] = ()) -> list[FilePair]:
    """Files of both languages paired by their path inside the language directory."""
    en_dir, ja_dir = root / EN_DIR, root / JA_DIR
    if not en_dir.is_dir() or not ja_dir.is_dir():
        raise InputError(f"{root}: not a docs tree (needs {EN_DIR} and {JA_DIR})")
    found: dict[str, list[Path | None]] = {}
    for lang, base in enumerate((en_dir, ja_dir)):
        for path in sorted(base.rglob("*.sgml")):
            name = path.relative_to(base).as_posix()
            found.setdefault(name, [None, None])[lang] = path
    wanted = set(names)
    unknown = wanted - set(found)
    if unknown:
        raise InputError(f"{sorted(unknown)[0]}: no such file in {en_dir} or {ja_dir}")
    return [
        FilePair(n, p[0], p[1])
        for n, p in sorted(found.items())
        if n not in DECLARATION_FILES and (not wanted or n in wanted)
    ]


def _missing_file(pair: FilePair) -> Finding:
    r = rule("DRF001")
    if pair.ja is None:
        loc = Location((EN_DIR / pair.name).as_posix(), 1)
        return Finding.of(
            r,
            loc,
            f"English file {pair.name} has no Japanese counterpart",
            related=(Related(Location((JA_DIR / pair.name).as_posix(), 1), "missing file"),),
        )
    loc = Location((EN_DIR / pair.name).as_posix(), 1)
    return Finding.of(
        r,
        loc,
        f"Japanese file {pair.name} has no English counterpart",
        related=(Related(Location((JA_DIR / pair.name).as_posix(), 1), "the Japanese-only file"),),
    )


def drift_book(
    root: Path,
    names: Sequence[str] = (),
    *,
    glossary: Glossary | None = None,
    documents: Sequence[Document] = (),
) -> DriftReport:
    """Drift over a docs tree; ``names`` limits it to some files (e.g. ``example-cluster.sgml``).

    With no names, each language's book is parsed once and split by file; files the book does
    not include, and named files, are read on their own. Paths are shown relative to ``root``.
    ``documents`` are books or chapters the caller has already parsed (display paths relative
    to ``root``): they are used instead of reading those files again.
    """
    pairs = book_pairs(root, names)
    glossary = glossary or load_glossary()
    report = DriftReport()
    parsed: dict[str, Segmented] = {}
    for doc in documents:
        parsed.update(segment_book(doc))
    books: list[dict[str, Segmented]] = [parsed, parsed]
    in_books = {name for doc in documents for name in doc.files}  # files whose reading is reported
    if not names and not documents:
        for lang, base in enumerate((EN_DIR, JA_DIR)):
            book = root / base / BOOK
            if book.is_file():
                doc = load_document(book, root=root / base, display_base=root)
                report.findings.extend(doc.findings)  # the reader's, as check reports them
                in_books.update(doc.files)
                books[lang] = segment_book(doc)
    for pair in pairs:
        if pair.en is None or pair.ja is None:
            report.findings.append(_missing_file(pair))
            continue
        segs = []
        for lang, (base, path) in enumerate(((EN_DIR, pair.en), (JA_DIR, pair.ja))):
            display = (base / pair.name).as_posix()
            seg = books[lang].get(display)
            if seg is None:
                # A fragment of a book (config-last.sgml) read alone is not its own document:
                # only the book's reading of it counts.
                seg = _load(path, root / base, root, [] if display in in_books else report.findings)
            segs.append(seg)
        if segs[0] is None or segs[1] is None or (segs[0].root is None and segs[1].root is None):
            continue
        report.files += 1
        report.findings.extend(drift_segments(segs[0], segs[1], glossary))
    report.findings = sort_findings(apply_policy(report.findings))
    return report


@dataclass(frozen=True)
class Target:
    """What one drift run covers: a docs tree and optionally some file names inside it."""

    root: Path
    names: tuple[str, ...] = ()


def find_targets(paths: Sequence[Path], default_root: Path) -> list[Target]:
    """Docs trees and files from the command line, grouped by tree.

    A directory is a docs tree (holding doc/src/sgml and doc.ja/src/sgml); a file inside either
    language directory of a tree selects that file pair. No paths: the default tree.
    """
    if not paths:
        return [Target(default_root)]
    trees: dict[Path, list[str]] = {}
    for path in paths:
        try:
            mode = stat_input(path, directory=True).st_mode
        except InputProblem as exc:
            raise InputError(f"{path}: {exc}") from None
        if stat.S_ISDIR(mode):
            trees.setdefault(path, [])
            continue
        resolved = path.resolve()
        for parent in resolved.parents:
            for base in (EN_DIR, JA_DIR):
                lang_dir = parent / base
                if lang_dir in resolved.parents:
                    root = path.parent
                    for _ in range(len(resolved.relative_to(parent).parts) - 1):
                        root = root.parent
                    names = trees.setdefault(root, [])
                    name = resolved.relative_to(lang_dir).as_posix()
                    if name not in names:
                        names.append(name)
                    break
            else:
                continue
            break
        else:
            raise InputError(
                f"{path}: not inside a doc/src/sgml or doc.ja/src/sgml tree "
                "(use --en FILE --ja FILE for a pair of loose files)"
            )
    return [Target(root, tuple(names)) for root, names in trees.items()]
