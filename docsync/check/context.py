"""What every check of a run may read: the tree parsed once, the rules, the settings.

Derived views (each file's text, source lines, declared versions) are computed on first use and
shared by every check, as lint's ``LintContext`` does for one configuration file.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass, field

from docsync.check.facts import CheckMemo
from docsync.check.ruleset import CheckRules
from docsync.check.settings import CheckSettings
from docsync.check.text import FileText, SourceLines, file_texts
from docsync.check.tree import DocsTree
from docsync.extract.model import Block
from docsync.sgml.document import Document, Element


@dataclass
class CheckContext:
    """One run's parsed input, data and settings; checks read it and never change it."""

    tree: DocsTree
    rules: CheckRules
    settings: CheckSettings
    memo: CheckMemo = field(default_factory=CheckMemo, repr=False)

    def in_scope(self, path: str) -> bool:
        return self.tree.in_scope(path)

    def blocks(self) -> Iterator[Block]:
        """Blocks of the files in scope, language by language, in document order."""
        for code, lang in self.tree.languages.items():
            if not self.tree.reads_language(code):
                continue  # (its blocks are not read for nothing)
            for block in lang.blocks:
                if self.in_scope(block.start.path):
                    yield block

    def elements(self, *tags: str) -> Iterator[Element]:
        """Elements with these tags in the files in scope, language by language."""
        for lang in self.tree.languages.values():
            for doc in lang.docs:
                yield from doc.iter_in(self.tree.scope, *tags)

    @functools.cached_property
    def texts(self) -> dict[str, FileText]:
        """The text of each file in scope (of every file read when the run has no scope)."""
        return file_texts(self._docs(), self.rules.text_blocks, self.tree.scope)

    def text_of(self, path: str) -> FileText | None:
        """One file's text, in scope or not (a file out of scope is walked for when asked)."""
        found = self.texts.get(path)
        if found is not None or self.in_scope(path):
            return found
        outside = self.memo.texts_outside
        if path not in outside:
            outside[path] = file_texts(self._docs(), self.rules.text_blocks, frozenset({path})).get(path)
        return outside[path]

    def _docs(self) -> Iterator[Document]:
        return (doc for lang in self.tree.languages.values() for doc in lang.docs)

    @functools.cached_property
    def lines(self) -> SourceLines:
        return SourceLines(self.tree.sources)

    @functools.cached_property
    def language_of(self) -> dict[str, str]:
        """Language code of every file read, by display path."""
        out: dict[str, str] = {}
        for lang in self.tree.languages.values():
            for doc in lang.docs:
                for path in doc.files:
                    out.setdefault(path, lang.code)
        return out
