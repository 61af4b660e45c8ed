"""Sample files a scenario starts from, and the ``cp SAMPLE DEST`` commands that copy them.

Samples come from the documentation tree (a checkout's ``src/sample/``) or from ``--samples
DIR``; never from whatever happens to be installed, so the output is the same everywhere.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from docsync.errors import InputError
from docsync.extract.model import Block
from docsync.extract.scenarios import SampleRules, file_name

SAMPLE_DIR = Path("src") / "sample"
_MAX_SAMPLE = 4 * 1024 * 1024  # bytes; upstream's largest sample is ~50 kB


@dataclass(frozen=True)
class Sample:
    """One sample file: the name it was asked for, where it was read, and its text."""

    name: str
    shown: str  # the path for provenance (relative to the docs tree when inside it)
    text: str


@dataclass
class SampleSet:
    """The sample directory of a run; each file is read at most once."""

    directory: Path
    shown_base: Path | None = None
    subdirectories: tuple[str, ...] = ()
    _cache: dict[str, Sample | None] = field(default_factory=dict)

    def find(self, name: str) -> Sample | None:
        """The sample called ``name`` (a file name), or None when there is none."""
        if name not in self._cache:
            self._cache[name] = self._read(name)
        return self._cache[name]

    def _read(self, name: str, depth: int = 0) -> Sample | None:
        if "/" in name or name in ("", ".", ".."):
            return None
        for sub in ("", *self.subdirectories):
            path = self.directory / sub / name
            packed = path.with_name(name + ".gz")  # Debian compresses larger examples
            if not path.is_file() and not packed.is_file():
                continue
            try:
                if path.is_file():
                    data = path.read_bytes()[:_MAX_SAMPLE]
                else:
                    import gzip  # only for compressed samples: keep it off the common path

                    path = packed
                    with gzip.open(packed) as fh:
                        data = fh.read(_MAX_SAMPLE)
            except (OSError, EOFError):
                return None
            text = data.decode("utf-8", "replace")
            # A git symbolic link checked out as a plain file holds the target's name only
            # (upstream's pgpool.conf.sample -> pgpool.conf.sample-stream).
            target = text.strip()
            if depth < 3 and "\n" not in text and target and "/" not in target and target != name:
                linked = self._read(target, depth + 1)
                if linked is not None:
                    return Sample(name, linked.shown, linked.text)
            return Sample(name, self._shown(path), text)
        return None

    def _shown(self, path: Path) -> str:
        if self.shown_base is not None:
            try:
                return path.relative_to(self.shown_base).as_posix()
            except ValueError:
                pass
        return os.fspath(path)


def sample_set(
    explicit: Path | None, docs_base: Path | None, subdirectories: Sequence[str]
) -> SampleSet | None:
    """``--samples DIR`` when given, else the docs tree's ``src/sample/`` when it has one."""
    if explicit is not None:
        if not explicit.is_dir():
            raise InputError(f"--samples {explicit}: not a directory")
        return SampleSet(explicit.resolve(), None, tuple(subdirectories))
    if docs_base is not None and (docs_base / SAMPLE_DIR).is_dir():
        return SampleSet(docs_base / SAMPLE_DIR, docs_base, tuple(subdirectories))
    return None


@dataclass(frozen=True)
class Copy:
    """``cp SOURCE DEST`` in a scenario: DEST starts as the sample called ``sample``."""

    sample: str  # the sample's file name
    dest: str  # the destination path as the documentation writes it
    block: Block
    line: int

    @property
    def dest_name(self) -> str:
        return file_name(self.dest)


def _expand(word: str, rules: SampleRules) -> tuple[str, str] | None:
    m = rules.brace.match(word)
    if m is None:
        return None
    stem, rest = m.group("stem"), m.group("rest")
    return stem + m.group("first") + rest, stem + m.group("second") + rest


def find_copies(blocks: Sequence[Block], rules: SampleRules) -> Iterator[Copy]:
    """Every copy of a sample file the blocks' commands make, in document order."""
    for block in blocks:
        for cmd in block.commands:
            if cmd.shell != "sh" or "cp" not in cmd.text:
                continue
            for m in rules.copy.finditer(cmd.text):
                source, dest = m.group("source"), m.group("dest")
                if "{" in source:
                    expanded = _expand(source, rules)
                    if expanded is None or dest:
                        continue
                    source, dest = expanded
                if not dest:
                    continue
                name = file_name(source)
                if rules.sample_name.search(name) and not rules.sample_name.search(dest):
                    yield Copy(name, dest, block, cmd.line)
