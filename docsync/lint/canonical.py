"""The canonical configuration a live file is compared with, and which parameters count.

Sources, first that applies: ``--against FILE`` (a pgpool.conf), ``--docs PATH`` (see
``canonical_settings_from_docs``), or the project's own ``generated/`` pgpool.conf artifact.
``rules/canonical.toml`` says which parameters must match, which only warn, and which are
site-specific and never compared.
"""

from __future__ import annotations

import functools
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from docsync.errors import UsageError
from docsync.lint.catalogue import glob_match
from docsync.lint.conffile import PGPOOL, ConfFile, Dialect, Setting, parse_conf
from docsync.lint.files import ReadError, read_input
from docsync.paths import DEFAULT_OUT_DIR, RULES_DIR


@dataclass(frozen=True)
class Canonical:
    """Settings of the canonical configuration, last occurrence of each name."""

    source: str
    conf: ConfFile
    settings: dict[str, Setting]


@dataclass(frozen=True)
class Policy:
    """Which parameters must match, only warn, or are never compared (fnmatch patterns)."""

    must_match: tuple[str, ...]
    warn: tuple[str, ...]
    never: tuple[str, ...]

    def level(self, name: str) -> str | None:
        """ "error", "warning" or None (not compared); patterns match the name without index."""
        cache = self.__dict__.setdefault("_levels", {})
        if name not in cache:
            cache[name] = self._level(name)
        return cache[name]

    def _level(self, name: str) -> str | None:
        base = name.rstrip("0123456789")
        for level, patterns in (
            ("never", self.never),
            ("error", self.must_match),
            ("warning", self.warn),
        ):
            if any(glob_match(base, p) or glob_match(name, p) for p in patterns):
                return None if level == "never" else level
        return None


@functools.cache
def policy() -> Policy:
    with (RULES_DIR / "canonical.toml").open("rb") as fh:
        data = tomllib.load(fh)
    return Policy(
        tuple(data["must_match"]["parameters"]),
        tuple(data["warn"]["parameters"]),
        tuple(data["never"]["parameters"]),
    )


def _from_file(path: str, dialect: Dialect) -> Canonical:
    try:
        data = read_input(path)
    except ReadError as exc:
        raise UsageError(f"canonical configuration {path}: {exc}") from None
    conf = parse_conf(data, path, dialect)
    return Canonical(path, conf, {s.name: s for s in conf.settings})


def default_canonical_path(out_dir: Path = DEFAULT_OUT_DIR) -> Path | None:
    """The generated pgpool.conf artifact: ``generated/en/pgpool.conf`` first, else any."""
    preferred = out_dir / "en" / "pgpool.conf"
    if preferred.is_file():
        return preferred
    if out_dir.is_dir():
        found = sorted(out_dir.rglob("pgpool.conf"))
        if found:
            return found[0]
    return None


def canonical_settings_from_docs(path: Path, dialect: Dialect = PGPOOL) -> Canonical:
    """Canonical settings from a documentation tree (the ``--docs`` hook).

    Today this reads an already extracted ``pgpool.conf`` under ``path`` (a ``generated/``
    directory, or a docs checkout that contains one). Extracting on the fly from SGML
    sources belongs to ``docsync.extract``; when it offers a function that returns the
    pgpool.conf text of a docs tree, call it here and parse its output the same way.
    """
    found = default_canonical_path(path) if path.is_dir() else (path if path.is_file() else None)
    if found is None:
        raise UsageError(
            f"--docs {path}: no extracted pgpool.conf found there; extraction from SGML "
            "sources is not available yet (use --against FILE)"
        )
    return _from_file(os.fspath(found), dialect)


_CACHE: dict[tuple[str, str], Canonical] = {}


def load_canonical(
    against: Path | None, docs: Path | None, use_default: bool, dialect: Dialect = PGPOOL
) -> Canonical | None:
    """The canonical configuration for this run, cached per source."""
    if against is not None:
        key = ("file", os.fspath(against))
    elif docs is not None:
        key = ("docs", os.fspath(docs))
    elif use_default and (found := default_canonical_path()) is not None:
        key = ("file", os.fspath(found))
    else:
        return None
    if key not in _CACHE:
        if key[0] == "docs":
            _CACHE[key] = canonical_settings_from_docs(Path(key[1]), dialect)
        else:
            _CACHE[key] = _from_file(key[1], dialect)
    return _CACHE[key]
