"""The canonical configuration a live file is compared with, and which parameters count.

Lint compares only when a canonical configuration is chosen: ``--against FILE`` (a
pgpool.conf), ``--docs PATH`` (the pgpool.conf a scenario of a documentation tree prescribes,
extracted on the fly), or ``canonical = ...`` in ``[tool.docsync.lint]``. Without one,
nothing is compared. ``rules/canonical.toml`` says which parameters must match, which only
warn, and which are site-specific and never compared.
"""

from __future__ import annotations

import enum
import functools
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from docsync.errors import DocsyncError, UsageError
from docsync.lint.conffile import PGPOOL, ConfFile, Dialect, Setting, parse_conf
from docsync.lint.files import ReadError, read_input
from docsync.model import Location
from docsync.paths import RULES_DIR
from docsync.redact import glob_match

DEFAULT_SCENARIO = "example-cluster"


@dataclass(frozen=True)
class Canonical:
    """Settings of the canonical configuration, last occurrence of each name."""

    source: str
    conf: ConfFile
    settings: dict[str, Setting]
    # Where the documentation gives each setting (``--docs``): the SGML file and line.
    documented: dict[str, Location] = field(default_factory=dict)

    def location(self, name: str) -> Location:
        """Where the canonical value of ``name`` is written: in the docs when known."""
        if name in self.documented:
            return self.documented[name]
        s = self.settings[name]
        return Location(self.source, s.line, s.column)


class Level(enum.Enum):
    """How a parameter of the canonical configuration is compared (never: not at all)."""

    MUST_MATCH = "must_match"  # PGP901, an error with a fix
    WARN = "warn"  # PGP902


@dataclass(frozen=True)
class Policy:
    """Which parameters must match, only warn, or are never compared (fnmatch patterns)."""

    must_match: tuple[str, ...]
    warn: tuple[str, ...]
    never: tuple[str, ...]
    _levels: dict[str, Level | None] = field(default_factory=dict, compare=False, repr=False)

    def level(self, name: str) -> Level | None:
        """How ``name`` is compared (None: never); patterns match the name without index."""
        if name not in self._levels:
            self._levels[name] = self._level(name)
        return self._levels[name]

    def _level(self, name: str) -> Level | None:
        base = name.rstrip("0123456789")
        for level, patterns in (
            (None, self.never),
            (Level.MUST_MATCH, self.must_match),
            (Level.WARN, self.warn),
        ):
            if any(glob_match(base, p) or glob_match(name, p) for p in patterns):
                return level
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


# The provenance comment extract writes after every setting: "# FILE:LINE section-id".
_PROVENANCE = re.compile(r"#\s*(?P<file>\S+\.sgml):(?P<line>\d+)(?:\s|$)")


def _documented(text: str, docs_base: Path, relative: bool) -> dict[int, Location]:
    """Line of the extracted text -> where the documentation gives that line's setting
    (relative to the working directory when ``--docs`` was given as a relative path)."""
    out: dict[int, Location] = {}
    for i, line in enumerate(text.splitlines(), start=1):
        m = _PROVENANCE.search(line)
        if m is not None:
            path = os.fspath(docs_base / m.group("file"))
            out[i] = Location(os.path.relpath(path) if relative else path, int(m.group("line")))
    return out


def _extracted(path: Path, scenario: str, lang: str) -> tuple[str, str, dict[int, Location]]:
    """(source label, settings-only pgpool.conf text, line -> documented place)."""
    from docsync.extract import extract
    from docsync.extract.inputs import resolve_sources

    if lang not in ("en", "ja"):
        raise UsageError(f"--lang must be en or ja, not {lang!r}")
    try:
        result = extract(path, lang, scenario=scenario, complete=False)
        base = resolve_sources(path, lang)[0].display_base
    except DocsyncError as exc:
        raise UsageError(f"--docs {path}: {exc}") from None
    wanted = f"{lang}/{scenario}/pgpool.conf"
    artifact = next((a for a in result.artifacts if a.path == wanted), None)
    if artifact is None:
        raise UsageError(f"--docs {path}: scenario {scenario} ({lang}) prescribes no pgpool.conf")
    lines = _documented(artifact.text, base, not path.is_absolute())
    return f"{path} ({wanted})", artifact.text, lines


def canonical_from_docs(
    path: Path, scenario: str = DEFAULT_SCENARIO, lang: str = "en", dialect: Dialect = PGPOOL
) -> Canonical:
    """The pgpool.conf scenario ``scenario`` of the docs at ``path`` prescribes (settings only:
    the documented values, not the sample's), extracted on the fly from the SGML sources."""
    source, text, lines = _extracted(path, scenario, lang)
    conf = parse_conf(text.encode("utf-8"), source, dialect)
    settings = {s.name: s for s in conf.settings}
    documented = {name: lines[s.line] for name, s in settings.items() if s.line in lines}
    return Canonical(source, conf, settings, documented)


def _scenario_of(docs: Path) -> str:
    """The default scenario: a chapter file's own (example-basic.sgml), else example-cluster."""
    if docs.suffix == ".sgml":
        from docsync.extract.scenarios import load_scenarios

        found = load_scenarios().for_files({docs.name})
        if found:
            return found[0].name
    return DEFAULT_SCENARIO


def load_canonical(
    against: Path | None,
    docs: Path | None,
    scenario: str | None = None,
    lang: str | None = None,
    dialect: Dialect = PGPOOL,
    known: dict[tuple[str, ...], Canonical] | None = None,
) -> Canonical | None:
    """The canonical configuration for this run (None: none chosen), read once per source
    and dialect: ``known`` holds the run's (``LintRun.canonicals``)."""
    if against is not None:
        # Absolute paths: a relative one names another file after a change of directory.
        key: tuple[str, ...] = ("file", os.path.abspath(against))
    elif docs is not None:
        key = ("docs", os.path.abspath(docs), scenario or _scenario_of(docs), lang or "en")
    else:
        return None
    key = (*key, dialect.name)
    known = {} if known is None else known
    if key not in known:
        if docs is not None and against is None:
            known[key] = canonical_from_docs(docs, key[2], key[3], dialect)
        else:
            known[key] = _from_file(os.fspath(against), dialect)  # shown as given
    return known[key]
