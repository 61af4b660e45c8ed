"""``--docs PATH`` -> the SGML inputs of each language.

PATH may be a pgpool2 checkout root (``doc/src/sgml`` and ``doc.ja/src/sgml`` inside, like the
project's ``sgml/``), one of those two directories (the other language is found beside it),
or a single ``.sgml`` file (its counterpart of the same name in the other language is used
when it exists). A directory with ``pgpool.sgml`` is read as the whole book; otherwise each
chapter file is read on its own.
"""

from __future__ import annotations

import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from docsync.errors import InputError, UsageError
from docsync.inputs import InputProblem, stat_input

LANGUAGE_DIRS = {"en": "doc", "ja": "doc.ja"}
LANGUAGES = tuple(LANGUAGE_DIRS)
BOOK_FILE = "pgpool.sgml"


@dataclass(frozen=True)
class Source:
    """The files of one language, the root their entities must stay in, and the display base."""

    language: str
    files: tuple[Path, ...]
    root: Path
    display_base: Path


def _layout(directory: Path) -> tuple[Path, str] | None:
    """(checkout root, language) when ``directory`` is ``<root>/doc{,.ja}/src/sgml``."""
    parts = directory.parts
    if len(parts) >= 3 and parts[-2:] == ("src", "sgml"):
        for lang, name in LANGUAGE_DIRS.items():
            if parts[-3] == name:
                return directory.parents[2], lang
    return None


def _language_dir(root: Path, lang: str) -> Path:
    return root / LANGUAGE_DIRS[lang] / "src" / "sgml"


def _chapters(directory: Path) -> tuple[Path, ...]:
    if (directory / BOOK_FILE).is_file():
        return (directory / BOOK_FILE,)
    # Anything but a directory is read, so that a FIFO or a symlink loop named *.sgml is
    # reported by the reader (docsync.inputs) instead of being skipped without a word.
    return tuple(sorted(p for p in directory.glob("*.sgml") if not p.is_dir()))


def _only(directory: Path, pick: Callable[[Iterable[str]], Iterable[str]]) -> tuple[Path, ...]:
    """The chapter files ``pick`` chooses among the directory's ``*.sgml`` names."""
    names = {p.name for p in directory.glob("*.sgml")}
    return tuple(directory / n for n in pick(names) if n in names)


def resolve_sources(
    docs: Path,
    lang: str = "all",
    only: Callable[[Iterable[str]], Iterable[str]] | None = None,
) -> list[Source]:
    """The inputs for ``--docs`` and ``--lang`` (``en``, ``ja`` or ``all``), English first.

    ``only`` picks chapter files by name (a scenario's), instead of the whole book, when
    ``docs`` is a directory or checkout; a single file stays what it is.
    """
    if lang not in (*LANGUAGES, "all"):
        raise UsageError(f"--lang must be en, ja or all, not {lang!r}")
    wanted = LANGUAGES if lang == "all" else (lang,)
    try:
        st = stat_input(docs, directory=True)
    except InputProblem as exc:
        raise InputError(f"{docs}: {exc}") from None
    docs = docs.resolve()
    single: str | None = None
    if stat.S_ISREG(st.st_mode):
        if docs.suffix != ".sgml":
            raise InputError(f"{docs}: not an .sgml file")
        single, directory = docs.name, docs.parent
    elif docs.is_dir():
        directory = docs
    else:
        raise InputError(f"{docs}: not a file or directory")

    found: dict[str, Path] = {}
    given = "en"  # the language PATH itself is in
    if single is None and _language_dir(directory, "en").is_dir():
        checkout: Path | None = directory
    else:
        layout = _layout(directory)
        checkout = layout[0] if layout else None
        if layout is None:
            found["en"] = directory
        else:
            given = layout[1]
    if checkout is not None:
        for language in LANGUAGES:
            d = _language_dir(checkout, language)
            if d.is_dir():
                found[language] = d
    base = checkout if checkout is not None else directory

    sources = []
    for language in wanted:
        d = found.get(language)
        if d is None:
            if lang != "all":
                raise InputError(f"{docs}: no {language} documentation found beside it")
            continue
        if single:
            files = (d / single,) if (d / single).is_file() else ()
        elif only is not None:
            files = _only(d, only)
        else:
            files = _chapters(d)
        if not files:
            if lang != "all" or language == given:
                what = single or "*.sgml"
                raise InputError(f"{d}: no {what} to read")
            continue
        sources.append(Source(language, files, d, base))
    if not sources:
        raise InputError(f"{docs}: no SGML documentation found")
    return sources
