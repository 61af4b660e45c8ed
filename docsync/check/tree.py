"""``--docs`` and ``--changed`` -> the documents of a check run, each file parsed once.

A full run reads each language's book (or its chapters) once. ``--changed FILE...`` reads only
those chapters and their counterparts in the other language, unless the run needs the whole
book anyway: a book-wide file changed (``pgpool.sgml``, ``filelist.sgml``, ``version.sgml``),
or an output directory must be compared with what the whole book generates; then the book is
read once and only the changed chapters are checked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from docsync.errors import InputError, UsageError
from docsync.extract import BlockList, blocks_of, read_documents
from docsync.extract.inputs import LANGUAGE_DIRS, Source, resolve_sources
from docsync.model import Finding
from docsync.sgml.document import Document
from docsync.sgml.load import load_document
from docsync.sgml.source import Reads, SourceFile


@dataclass
class Language:
    """One language of the tree: its directory, parsed documents, and (on first use) blocks."""

    code: str
    directory: Path
    docs: list[Document]
    _blocks: tuple[BlockList, list[Finding]] | None = field(default=None, repr=False)
    deferred: Source | None = None  # not parsed yet (``DocsTree.load_deferred``)

    def read_blocks(self) -> tuple[BlockList, list[Finding]]:
        """The blocks of every document, and what reading them found (EXT); computed once.

        Not at load: a run reads them where it needs them (a forked child, in a whole-book run)."""
        if self._blocks is None:
            blocks, findings, _ = blocks_of(self.docs, self.code, reader_findings=False)
            self._blocks = (blocks, findings)
        return self._blocks

    @property
    def blocks(self) -> BlockList:
        return self.read_blocks()[0]


@dataclass
class DocsTree:
    """What a check run reads: the languages, the files in scope, and the SGML reader's findings."""

    root: Path  # paths in findings are relative to this (the checkout root, or the directory)
    languages: dict[str, Language]
    scope: frozenset[str] | None  # display paths checked; None: every file read
    whole_book: bool  # every chapter of the book was read (not single chapters)
    findings: list[Finding] = field(default_factory=list)
    files: int = 0
    reads: Reads = field(default_factory=Reads)  # every file read, for later stages to reuse

    def in_scope(self, path: str) -> bool:
        return self.scope is None or path in self.scope

    @property
    def sources(self) -> dict[str, SourceFile]:
        """Every file read, by display path."""
        out: dict[str, SourceFile] = {}
        for lang in self.languages.values():
            for doc in lang.docs:
                out.update(doc.files)
        return out

    def prefix(self, code: str) -> str:
        """What the display paths of a language's files start with."""
        directory = self.languages[code].directory.resolve()
        return directory.relative_to(self.root.resolve()).as_posix().rstrip("/") + "/"

    def reads_language(self, code: str) -> bool:
        """Whether any file of language ``code`` is in scope."""
        if self.scope is None:
            return True
        try:
            prefix = self.prefix(code)
        except ValueError:  # a language directory outside the root: its paths do not tell
            return True
        return any(p.startswith(prefix) for p in self.scope)

    def load_deferred(self) -> list[Finding]:
        """Parse the languages ``load_tree`` deferred; return their reader's findings (also
        added to ``findings``)."""
        found: list[Finding] = []
        for lang in self.languages.values():
            if lang.deferred is not None:
                lang.docs = read_documents(lang.deferred, self.reads)
                lang.deferred = None
                found.extend(f for doc in lang.docs for f in doc.findings)
                self.files += len({path for doc in lang.docs for path in doc.files})
        self.findings.extend(found)
        return found

    def has_both_languages(self) -> bool:
        return all(code in self.languages for code in LANGUAGE_DIRS)


def _tree_of(path: Path) -> tuple[Path, str] | None:
    """(docs tree root, language) of a file inside ``<root>/doc{,.ja}/src/sgml``."""
    for parent in path.parents:
        parts = parent.parts
        if len(parts) >= 3 and parts[-2:] == ("src", "sgml"):
            for lang, name in LANGUAGE_DIRS.items():
                if parts[-3] == name:
                    return parent.parents[2], lang
    return None


def infer_docs(changed: Sequence[Path]) -> Path | None:
    """The docs tree the changed files belong to (None when none is in a docs tree)."""
    roots = {t[0] for p in changed if (t := _tree_of(p.resolve())) is not None}
    if len(roots) > 1:
        shown = ", ".join(sorted(str(r) for r in roots))
        raise UsageError(f"the changed files belong to several docs trees ({shown}); pass --docs")
    return roots.pop() if roots else None


def _relative_name(path: Path, sources: Sequence[Source]) -> str | None:
    """The file's path inside its language directory, when it is inside one of the sources'."""
    resolved = path.resolve()
    for source in sources:
        directory = source.root.resolve()
        if directory in resolved.parents:
            return resolved.relative_to(directory).as_posix()
    return None


def changed_names(changed: Sequence[Path], sources: Sequence[Source]) -> list[str]:
    """Names of the changed files inside the language directories (others are not docs)."""
    names: list[str] = []
    for path in changed:
        name = _relative_name(path, sources)
        if name is not None and name.endswith(".sgml") and name not in names:
            names.append(name)
    return names


def load_tree(
    docs: Path,
    changed: Sequence[Path] | None,
    *,
    book_files: frozenset[str],
    need_whole_book: bool,
    counterparts: bool = True,
    defer_unchanged: bool = False,
) -> DocsTree:
    """Parse what the run needs; ``changed`` None means every file. The scope is the changed
    files and (``counterparts``) the same files of the other language. ``defer_unchanged``:
    a language none of whose files changed is parsed later, by ``DocsTree.load_deferred``
    (an incremental run forks its per-file work off before reading it)."""
    sources = resolve_sources(docs, "all")
    root = sources[0].display_base
    names = changed_names(changed, sources) if changed is not None else None
    whole = names is None or need_whole_book or any(n.rsplit("/", 1)[-1] in book_files for n in names)
    tree = DocsTree(root, {}, None, whole)
    scope: set[str] = set()
    for source in sources:
        mine = [n for n in names or () if changed is not None and _is_in(source, n, changed)]
        if whole and defer_unchanged and not mine:
            tree.languages[source.language] = Language(source.language, source.root, [], deferred=source)
            continue
        if whole:
            docs_read = read_documents(source, tree.reads)
        else:
            docs_read = []
            for name in names or ():
                path = source.root / name
                if path.is_file():
                    docs_read.append(load_document(path, root=source.root, display_base=root, reads=tree.reads))
        if names is not None:
            scope.update(
                _display(source.root / n, root)
                for n in (names if counterparts else mine)
                if (source.root / n).is_file()
            )
        tree.languages[source.language] = Language(source.language, source.root, docs_read)
        tree.findings.extend(f for doc in docs_read for f in doc.findings)
        tree.files += len({path for doc in docs_read for path in doc.files})
    if names is not None and not any(n.rsplit("/", 1)[-1] in book_files for n in names):
        tree.scope = frozenset(scope)
    return tree


def _is_in(source: Source, name: str, changed: Sequence[Path]) -> bool:
    """Whether file ``name`` of this language is among the changed paths."""
    target = (source.root / name).resolve()
    return any(p.resolve() == target for p in changed)


def _display(path: Path, base: Path) -> str:
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError as exc:
        raise InputError(f"{path}: outside the docs tree {base}") from exc
