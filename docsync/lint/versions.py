"""Which Pgpool-II and PostgreSQL versions a file is checked against, and why.

Pgpool-II: ``--pgpool-version``, else the configuration's ``pgpool-version``, else the
Pgpool-II installed on this machine when the file is a server's own configuration, else the
sample's ``# Pgpool-II X.Y configuration file`` header, else the version whose catalogue knows
the file's parameter names best, else the newest. Every choice but an explicit one is named
in the report's summary: a detected or guessed version is never silent.

PostgreSQL: ``--pg-version``, else the canonical configuration's paths, else the
majority of the file's own version-specific paths.
"""

from __future__ import annotations

import enum
import functools
import re
import tomllib
from collections import Counter
from collections.abc import Iterable
from typing import NamedTuple

from docsync.lint.catalogue import available_versions, load_catalogue, version_key
from docsync.lint.conffile import ConfFile, Setting
from docsync.lint.installed import Installed
from docsync.paths import RULES_DIR

_HEADER = re.compile(
    rb"^[ \t]*#[ \t]*Pgpool-II[ \t]+(\d+)\.(\d+)[ \t]+configuration file", re.M | re.I
)


class Source(enum.Enum):
    """Where a version came from, strongest first."""

    FLAG = "flag"
    CONFIG = "configuration"
    INSTALLED = "installed"
    CANONICAL = "canonical"  # PostgreSQL only: the canonical configuration's paths
    HEADER = "header"
    INFERRED = "inferred"  # from names (Pgpool-II) or the file's majority of paths (PostgreSQL)
    DEFAULT = "default"

    @property
    def explicit(self) -> bool:
        """Chosen by the user; anything else is detected or guessed, and the report says so."""
        return self in (Source.FLAG, Source.CONFIG)


class Choice(NamedTuple):
    """A chosen version and the sentence that says where it came from."""

    version: str | None
    reason: str
    source: Source = Source.FLAG


def header_version(data: bytes) -> str | None:
    """``X.Y`` from a ``# Pgpool-II X.Y configuration file`` line near the top."""
    m = _HEADER.search(data[:4096])
    return f"{int(m.group(1))}.{int(m.group(2))}" if m else None


def _clamp(version: str) -> str:
    known = available_versions()
    if version in known:
        return version
    if version_key(version) < version_key(known[0]):
        return known[0]
    return known[-1]


_COMMENTED = re.compile(rb"^#[ \t]*([a-z_][A-Za-z0-9_]*)[ \t]*=", re.M)
# A file with this many commented-out settings lists a version's parameters, as samples and
# packaged configurations do: the closest catalogue is that version.
LISTING = 60


def infer_version(settings: Iterable[Setting], data: bytes = b"") -> str | None:
    """The version whose catalogue knows most of these names (ties go to the newer); for a
    file that lists its version's parameters (commented defaults), the closest catalogue."""
    names = {s.name for s in settings}
    commented = {m.decode() for m in _COMMENTED.findall(data)} if data else set()
    if len(commented) >= LISTING:  # a listing, not a file of its own settings only
        return _closest_listing(names | commented)
    if not names:
        return None
    best: tuple[int, tuple[int, ...]] | None = None
    chosen = None
    for version in available_versions():
        cat = load_catalogue(version)
        score = 0
        for name in names:
            m = cat.lookup(name)
            if m.parameter is not None and not m.bad_index and m.parameter.alias_of is None:
                score += 1
            elif name in cat.removed or m.parameter is None:
                score -= 1
        key = (score, version_key(version))
        if best is None or key > best:
            best, chosen = key, version
    return chosen


def _closest_listing(mentioned: set[str]) -> str:
    """The version whose parameter set differs least from the names the file mentions."""
    best: tuple[int, tuple[int, ...]] | None = None
    chosen = available_versions()[-1]
    for version in available_versions():
        cat = load_catalogue(version)
        known: set[str] = set()
        missing = 0
        for name in mentioned:
            m = cat.lookup(name)
            if m.parameter is None or m.bad_index:
                missing += 1
            else:
                known.add(m.parameter.alias_of or m.parameter.name)
        unmentioned = sum(1 for p in cat.parameters.values() if p.alias_of is None and p.name not in known)
        key = (-(missing + unmentioned), version_key(version))
        if best is None or key > best:
            best, chosen = key, version
    return chosen


def choose_pgpool_version(
    flag: str | None,
    data: bytes,
    provisional: ConfFile | None,
    *,
    origin: str = "--pgpool-version",
    installed: Installed | None = None,
) -> Choice:
    """Flag or configuration (``origin`` says which), then the installed Pgpool-II (pass it
    only for a server's own file), then the header, then inference from a provisional parse,
    then the newest."""
    if flag:
        load_catalogue(flag)  # UsageError for an unknown version
        source = Source.FLAG if origin.startswith("--") else Source.CONFIG
        return Choice(flag, f"Pgpool-II {flag} (from {origin})", source)
    if installed is not None:
        chosen = _clamp(installed.major)
        extra = "" if chosen == installed.major else f"; no catalogue for {installed.major}, using {chosen}"
        return Choice(
            chosen,
            f"Pgpool-II {chosen} (detected: pgpool {installed.version} is installed here, "
            f"from {installed.source}{extra})",
            Source.INSTALLED,
        )
    head = header_version(data)
    if head:
        chosen = _clamp(head)
        extra = "" if chosen == head else f"; no catalogue for {head}, using {chosen}"
        return Choice(chosen, f"Pgpool-II {chosen} (from the file's header{extra})", Source.HEADER)
    if provisional is not None:
        inferred = infer_version(provisional.settings, data)
        if inferred:
            return Choice(
                inferred,
                f"Pgpool-II {inferred} (inferred from the parameter names; "
                "set --pgpool-version to be sure)",
                Source.INFERRED,
            )
    newest = available_versions()[-1]
    return Choice(
        newest,
        f"Pgpool-II {newest} (the newest catalogue; nothing in the file says otherwise)",
        Source.DEFAULT,
    )


class Layout(NamedTuple):
    """A PostgreSQL-major-specific path or name pattern; group ``major`` is the version."""

    name: str
    pattern: re.Pattern[str]


@functools.cache
def layouts() -> tuple[Layout, ...]:
    with (RULES_DIR / "version_paths.toml").open("rb") as fh:
        data = tomllib.load(fh)
    out = []
    for entry in data["layout"]:
        rx = re.compile(entry["pattern"])
        if "major" not in rx.groupindex:
            raise ValueError(
                f"version_paths.toml: layout {entry['name']} has no (?P<major>...) group"
            )
        out.append(Layout(entry["name"], rx))
    return tuple(out)


class VersionMention(NamedTuple):
    """One PostgreSQL major found in a setting's value: where (offsets in the value) and which."""

    setting: Setting
    layout: str
    major: str
    start: int
    end: int


def find_version_mentions(settings: Iterable[Setting]) -> list[VersionMention]:
    found: list[VersionMention] = []
    for s in settings:
        if s.value and (hits := _mentions_in(s.value)):
            found.extend(VersionMention(s, *hit) for hit in hits)
    return found


@functools.lru_cache(maxsize=16384)
def _mentions_in(value: str) -> tuple[tuple[str, str, int, int], ...]:
    """(layout, major, start, end) of each mention in a value; values repeat across files."""
    hits: list[tuple[str, str, int, int]] = []
    taken: list[tuple[int, int]] = []
    for lay in layouts():
        for m in lay.pattern.finditer(value):
            a, b = m.span("major")
            if any(x < b and a < y for x, y in taken):
                continue
            taken.append((a, b))
            hits.append((lay.name, m.group("major"), a, b))
    return tuple(hits)


def majority(mentions: Iterable[VersionMention]) -> str | None:
    """The most frequent major, if one is strictly more frequent than every other."""
    counts = Counter(m.major for m in mentions).most_common()
    if not counts:
        return None
    if len(counts) > 1 and counts[0][1] == counts[1][1]:
        return None
    return counts[0][0]
