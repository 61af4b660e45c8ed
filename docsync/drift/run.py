"""The drift pipeline: pair files, read each once, segment, align, check, suppress.

``drift_book`` runs over a whole docs tree (``doc/src/sgml`` <-> ``doc.ja/src/sgml``, files paired
by name, each book parsed once); ``drift_files`` over one given pair. Both return findings and
never print.
"""

from __future__ import annotations

import dataclasses
import stat
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docsync.cache import Store, decode_findings, encode_findings, text_digest
from docsync.drift.align import Aligner
from docsync.drift.base import Context, Enabled
from docsync.drift.blocks import read_content, segment
from docsync.drift.checks import check_codes, check_pairs
from docsync.drift.normalize import Glossary, load_glossary
from docsync.drift.stale import has_originals
from docsync.errors import InputError
from docsync.inputs import InputProblem, stat_input
from docsync.model import Finding, Location, Related, sort_findings
from docsync.parallel import map_shared
from docsync.policy import apply_policy
from docsync.rules import rule
from docsync.segment import Part, Segmented, segmentation
from docsync.sgml import Document, load_document
from docsync.sgml.source import Reads, SourceFile
from docsync.suppress import Span, covered_by

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
    suppressions: list[Span] = field(default_factory=list)


def drift_segments(
    en: Segmented,
    ja: Segmented,
    glossary: Glossary | None = None,
    *,
    enabled: Enabled = None,
    options: Mapping[str, Any] | None = None,
) -> list[Finding]:
    """Align two segmented files and run the checks of the enabled codes (None: every check)
    with the rules' ``options`` (by code; a rule not in it has its defaults); inline
    suppressions applied."""
    if enabled is not None and not any(enabled(c) for c in check_codes()):
        return []  # no check would read the pairs: nothing to align
    aligner = Aligner(glossary or load_glossary())
    pairs = aligner.align(en, ja)
    ja_blocks = list(ja.blocks())
    embedded = has_originals(ja_blocks)
    ctx = Context(aligner, embedded, list(en.blocks()), ja_blocks, options or {})
    findings = check_pairs(pairs, ctx, enabled)
    # The inline suppressions of either file (docsync.suppress), before the per-pair cache.
    covered = covered_by([*en.suppressions, *ja.suppressions])
    return findings if covered is None else [f for f in findings if not covered(f)]


def _load(
    path: Path, root: Path, display_base: Path, findings: list[Finding], reads: Reads, enabled: Enabled
) -> Document | None:
    """Read one file; the reader's findings (broken markup, limits) of enabled codes go to
    ``findings``, and so does a file that cannot be read (None then: the other files are still
    compared)."""
    try:
        doc = load_document(path, root=root, display_base=display_base, reads=reads)
    except InputError as exc:
        shown = path.relative_to(display_base).as_posix() if path.is_relative_to(display_base) else str(path)
        unread = Finding.of(rule("SGM020"), Location(shown, 1, 1), str(exc).split(": ", 1)[-1])
        findings.extend(_kept([unread], enabled))
        return None
    findings.extend(_kept(doc.findings, enabled))
    return doc


def drift_files(
    en: Path,
    ja: Path,
    *,
    glossary: Glossary | None = None,
    en_display: str | None = None,
    ja_display: str | None = None,
    enabled: Enabled = None,
    options: Mapping[str, Any] | None = None,
) -> DriftReport:
    """Drift between one English and one Japanese file, paths shown as given (or as named);
    ``enabled``: which codes to report (None: every code); ``options``: the rules' options."""
    findings: list[Finding] = []
    segs = []
    for path, display in ((en, en_display), (ja, ja_display)):
        doc = load_document(path, root=path.parent)
        # The reader's findings, as check reports them (shown under the name given, if any).
        findings.extend(f if display is None else _renamed(f, doc, display) for f in _kept(doc.findings, enabled))
        segs.append(segment(doc, display or str(path)))
    findings.extend(drift_segments(segs[0], segs[1], glossary, enabled=enabled, options=options))
    return DriftReport(sort_findings(apply_policy(findings)), 2)


def _kept(findings: list[Finding], enabled: Enabled) -> list[Finding]:
    """The findings of enabled codes (the reader's: they are made before selection is known)."""
    return findings if enabled is None else [f for f in findings if enabled(f.code)]


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


class _Side:
    """One language's files for a drift run: the documents' file parts (``docsync.segment``,
    segmented on demand, once per document), and the content hashes a pair's cache key is made of."""

    def __init__(self) -> None:
        self.parts: dict[str, Part] = {}
        self.context: dict[str, frozenset[str]] = {}  # display -> files every part of it depends on
        self.sources: dict[str, SourceFile] = {}
        self.loaded: dict[str, Segmented] = {}
        self._hashes: dict[str, str] = {}

    def add_book(self, doc: Document) -> None:
        parts = segmentation(doc).parts
        # Files without elements of their own (version.sgml, filelist.sgml, the book's
        # declarations) can change how every part reads.
        shared = frozenset(d for d in doc.files if d not in parts) | {d for d in parts if parts[d].tops[0] is doc.root}
        for display in parts:
            self.context[display] = shared
        self.parts.update(parts)
        self.sources.update(doc.files)

    def add_file(self, display: str, doc: Document) -> Segmented:
        seg = segment(doc)
        self.loaded[display] = seg
        self.context[display] = frozenset(doc.files)
        self.sources.update(doc.files)
        return seg

    def segmented(self, display: str) -> Segmented | None:
        found = self.loaded.get(display)
        if found is None and display in self.parts:
            found = self.loaded[display] = read_content(self.parts[display].segment())
        return found

    def stamp(self, display: str) -> tuple[tuple[str, str], ...]:
        """(file, content hash) of every file the display's segmentation was read from."""
        deps = {display, *self.context.get(display, ())}
        part = self.parts.get(display)
        if part is not None:
            deps |= part.neighbours
        return tuple((d, self._hash(d)) for d in sorted(deps))

    def size(self, display: str) -> int:
        """How much text the display's segmentation reads (a measure of the work on it)."""
        source = self.sources.get(display)
        return 0 if source is None else len(source.text)

    def _hash(self, display: str) -> str:
        found = self._hashes.get(display)
        if found is None:
            source = self.sources.get(display)
            found = self._hashes[display] = "-" if source is None else text_digest(source.text)
        return found


def drift_book(
    root: Path,
    names: Sequence[str] = (),
    *,
    glossary: Glossary | None = None,
    documents: Sequence[Document] = (),
    store: Store | None = None,
    reads: Reads | None = None,
    enabled: Enabled = None,
    options: Mapping[str, Any] | None = None,
) -> DriftReport:
    """Drift over a docs tree; ``names`` limits it to some files (e.g. ``example-cluster.sgml``).

    With no names, each language's book is parsed once and split by file; files the book does
    not include, and named files, are read on their own. Paths are shown relative to ``root``.
    ``documents`` are books or chapters the caller has already parsed (display paths relative
    to ``root``): they are used instead of reading those files again. With a ``store`` (the
    incremental cache), a file pair whose files and context read the same as when the store's
    findings were computed is not segmented or aligned again. ``reads``: the files the caller
    has read already (each file is read once per run). ``enabled``: which codes to report
    (None: every code); the checks of no enabled code are not run. ``options``: the rules'
    options by code (a rule not in it has its defaults).
    """
    pairs = book_pairs(root, names)
    reads = reads if reads is not None else Reads()
    glossary = glossary or load_glossary()
    report = DriftReport()
    shared = _Side()
    for doc in documents:
        shared.add_book(doc)
    sides = [shared, shared]
    in_books = {name for doc in documents for name in doc.files}  # files whose reading is reported
    if not names and not documents:
        sides = [_Side(), _Side()]
        for lang, base in enumerate((EN_DIR, JA_DIR)):
            book = root / base / BOOK
            if book.is_file():
                doc = load_document(book, root=root / base, display_base=root, reads=reads)
                report.findings.extend(_kept(doc.findings, enabled))  # the reader's, as check reports them
                in_books.update(doc.files)
                sides[lang].add_book(doc)
    glossary_key = _glossary_key(glossary) if store is not None else ""
    # A pair's findings depend on the codes enabled: a run with fewer must not serve one with more.
    codes_key = tuple(sorted(c for c in check_codes() if enabled is None or enabled(c))) if store is not None else ()
    # And on the options of its rules.
    options_key = repr(sorted((c, v) for c, v in (options or {}).items() if c in check_codes()))
    # Findings in pair order: known lists, or the index of a pair still to align (in ``todo``).
    slots: list[list[Finding] | int] = []
    todo: list[tuple[list[str], str]] = []
    for pair in pairs:
        if pair.en is None or pair.ja is None:
            if enabled is None or enabled("DRF001"):
                report.findings.append(_missing_file(pair))
            continue
        displays = [(EN_DIR / pair.name).as_posix(), (JA_DIR / pair.name).as_posix()]
        for lang, (base, path) in enumerate(((EN_DIR, pair.en), (JA_DIR, pair.ja))):
            side, display = sides[lang], displays[lang]
            if display in side.parts or display in side.loaded:
                continue
            if display in in_books:
                # A file of a book with no elements of its own there (config-last.sgml only
                # closes a chapter, ref/allfiles.sgml only declares entities): only the book's
                # reading of a file counts, so it is not read again on its own.
                side.loaded[display] = Segmented(None, display)
                continue
            doc = _load(path, root / base, root, report.findings, reads, enabled)
            if doc is not None:
                side.add_file(display, doc)
        if not all(d in s.parts or d in s.loaded for s, d in zip(sides, displays, strict=True)):
            continue  # a file that could not be read (reported)
        key = ""
        if store is not None:
            key = store.key(
                "drift-pair", glossary_key, codes_key, options_key,
                sides[0].stamp(displays[0]), sides[1].stamp(displays[1]),
            )
            found = store.get(key, _decode_pair)
            if found is not None:
                report.files += found[0]
                slots.append(found[1])
                continue
        slots.append(len(todo))
        todo.append((displays, key))

    def compute(item: tuple[list[str], str]) -> tuple[int, list[Finding]]:
        en, ja = sides[0].segmented(item[0][0]), sides[1].segmented(item[0][1])
        assert en is not None and ja is not None
        if en.root is None and ja.root is None:
            return 0, []
        return 1, drift_segments(en, ja, glossary, enabled=enabled, options=options)

    weights = [sides[0].size(d[0]) + sides[1].size(d[1]) for d, _ in todo]
    done = map_shared(todo, compute, weights=weights, encode=_encode_pair, decode=_decode_pair)
    for (_, key), result in zip(todo, done, strict=True):
        report.files += result[0]
        if store is not None:
            store.put(key, _encode_pair(result))
    for slot in slots:
        report.findings.extend(done[slot][1] if isinstance(slot, int) else slot)
    report.findings = sort_findings(apply_policy(report.findings))
    return report


def _glossary_key(glossary: Glossary) -> str:
    """The glossary's content as a stable hash (a set's ``repr`` changes from run to run)."""
    values = [getattr(glossary, f.name) for f in dataclasses.fields(glossary)]
    return text_digest(repr([sorted(v) if isinstance(v, frozenset) else v for v in values]))


def _encode_pair(result: tuple[int, list[Finding]]) -> list:
    return [result[0], encode_findings(result[1])]


def _decode_pair(data: list) -> tuple[int, list[Finding]]:
    return int(data[0]), decode_findings(data[1])


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
