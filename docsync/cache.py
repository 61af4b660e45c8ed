"""The incremental cache: a run's findings reused while nothing they were computed from changed.

As ruff does, results live in ``.docsync_cache/`` (beside the project's configuration file, else
in the working directory; ``--no-cache`` turns it off). An entry is found by a key made of what
the run was asked (command, arguments, effective settings), docsync's version and a stamp of its
own code and rules data; it is used only if every input file it recorded still has the same
content hash and no file was added to or removed from the recorded directories.

Safe to share: entries are written atomically (``docsync.atomic``), so concurrent runs see a
whole entry or none, and an entry that cannot be read or decoded (truncated, edited, from an
older layout) is ignored and rebuilt. Entries are JSON, never pickle: a cache directory that
came with a downloaded tree cannot run code.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

try:
    # The BLAKE2 module itself: importing hashlib first loads OpenSSL (3-6 ms of every run
    # the cache answers).
    from _blake2 import blake2b
except ImportError:  # an interpreter built without it
    from hashlib import blake2b

from docsync import __version__
from docsync.model import Category, Finding, Fix, Location, Related, Severity
from docsync.paths import PACKAGE_DIR, RULES_DIR

CACHE_DIR_NAME = ".docsync_cache"
LAYOUT = 1  # bump when the entry format changes: older entries then simply miss
T = TypeVar("T")
_SKIP_DIRS = frozenset({".git", ".hg", ".svn", CACHE_DIR_NAME, "__pycache__", ".venv", "node_modules"})


def _digest(data: bytes) -> str:
    """A short content hash (BLAKE2b, 128 bits) as hex."""
    return blake2b(data, digest_size=16).hexdigest()


def text_digest(text: str) -> str:
    """The content hash of a text (a file already read, as the reader decoded it)."""
    return _digest(text.encode("utf-8", "surrogatepass"))


def code_stamp() -> str:
    """docsync's version, plus the size and mtime of its code and rules data files: a
    development checkout edited between runs must not be served results of the old code."""
    h = blake2b(f"{LAYOUT}:{__version__}".encode(), digest_size=16)
    for base in (PACKAGE_DIR, RULES_DIR):
        for path in sorted(_walk(base)):
            if path.endswith((".py", ".toml", ".j2")):
                st = os.stat(path)
                h.update(f"{path}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def _walk(directory: Path | str) -> Iterable[str]:
    """Every file under ``directory`` (version-control and cache directories left out).

    Symbolic links to directories are followed (a docs tree may link its language
    directories in), each real directory once, so a link cycle ends."""
    seen: set[str] = set()
    for top, dirs, files in os.walk(directory, followlinks=True):
        real = os.path.realpath(top)
        if real in seen:
            dirs[:] = []
            continue
        seen.add(real)
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS)
        for name in sorted(files):
            yield os.path.join(top, name)


@dataclass(frozen=True)
class Inputs:
    """What a result was computed from: whole directories and single files (by content hash)."""

    directories: tuple[str, ...]
    files: tuple[str, ...]

    @classmethod
    def of(cls, directories: Iterable[Path], files: Iterable[Path] = ()) -> Inputs:
        dirs = sorted({os.path.abspath(d) for d in directories if os.path.isdir(d)})
        return cls(tuple(dirs), tuple(sorted({os.path.abspath(f) for f in files})))

    def hashes(self) -> dict[str, str]:
        """Content hash of every input file now (a missing single file hashes as ``-``)."""
        out: dict[str, str] = {}
        for d in self.directories:
            for path in _walk(d):
                out[path] = _file_digest(path)
        for path in self.files:
            out[path] = _file_digest(path)
        return out


def _file_digest(path: str) -> str:
    try:
        with open(path, "rb") as fh:
            return _digest(fh.read())
    except OSError:
        return "-"


class Cache:
    """One cache directory (``None``: caching off, every lookup misses and nothing is written)."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory

    @classmethod
    def for_run(cls, enabled: bool, config_file: Path | None = None) -> Cache:
        """The cache beside the project's configuration file, else in the working directory."""
        if not enabled:
            return cls(None)
        base = config_file.parent if config_file is not None else Path.cwd()
        return cls(base / CACHE_DIR_NAME)

    def key(self, namespace: str, *parts: object) -> str:
        """The entry name for a request: its parts' ``repr`` (frozen dataclasses, tuples, paths)
        with the code stamp."""
        text = "\0".join([namespace, code_stamp(), *(repr(p) for p in parts)])
        return f"{namespace}-{_digest(text.encode('utf-8', 'surrogateescape'))}"

    def get(self, key: str, inputs: Inputs, hashes: dict[str, str]) -> Any | None:
        """The value stored for ``key`` if it was computed from these inputs with these
        ``hashes`` (``inputs.hashes()`` now), else None (also for any damage)."""
        found = self.entry(key, inputs)
        return found[0] if found is not None and found[1] == hashes else None

    def entry(self, key: str, inputs: Inputs) -> tuple[Any, dict[str, str]] | None:
        """(value, the input hashes it was computed from) stored for ``key`` from the same
        input directories and files, current or not; None when there is none (or it is damaged)."""
        if self.directory is None:
            return None
        try:
            entry = json.loads((self.directory / f"{key}.json").read_bytes())
            if (entry["layout"] != LAYOUT or entry["directories"] != list(inputs.directories)
                    or entry["files"] != list(inputs.files) or not isinstance(entry["hashes"], dict)):
                return None
            return entry["value"], entry["hashes"]
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, key: str, value: Any, inputs: Inputs, hashes: dict[str, str]) -> None:
        """Store ``value`` (JSON data) for ``key``, computed from ``inputs`` with ``hashes``
        (taken before computing, so an input edited meanwhile makes the entry miss next time);
        a cache that cannot be written is skipped."""
        if self.directory is None:
            return
        entry = {"layout": LAYOUT, "directories": list(inputs.directories), "files": list(inputs.files),
                 "hashes": hashes, "value": value}
        with contextlib.suppress(OSError):
            _write(self.directory / f"{key}.json", _json(entry))


class Store:
    """Many small results under one cache file, each found by a key that already names its
    inputs (content hashes): read once when opened, written once by ``save``.

    Used for per-file results (drift's per-pair findings): a run that misses the whole-run
    entry still reuses what it finds here for every unchanged file. ``save`` keeps only the
    entries this run looked up or added, so results for old file versions do not pile up.
    A damaged or foreign file reads as empty; concurrent runs each replace the file whole
    (the last one wins, losing nothing but entries the next run recomputes).
    """

    def __init__(self, cache: Cache, name: str) -> None:
        self.path = None if cache.directory is None else cache.directory / f"{name}.json"
        self._stamp = code_stamp() if self.path is not None else ""
        self._old: dict[str, Any] = {}
        self._new: dict[str, Any] = {}
        self.hits = self.misses = 0
        if self.path is None:
            return
        try:
            data = json.loads(self.path.read_bytes())
            if data["layout"] == LAYOUT and data["stamp"] == self._stamp and isinstance(data["entries"], dict):
                self._old = data["entries"]
        except (OSError, ValueError, KeyError, TypeError):
            pass  # missing, damaged or from other code: start empty, ``save`` rewrites it

    def key(self, *parts: object) -> str:
        """A key from parts' ``repr`` (content hashes, display paths)."""
        return _digest("\0".join(repr(p) for p in parts).encode("utf-8", "surrogateescape"))

    def get(self, key: str, decode: Callable[[Any], T]) -> T | None:
        """The decoded value stored under ``key``, or None (never stored, or damaged)."""
        if self.path is None or key not in self._old:
            self.misses += self.path is not None
            return None
        try:
            value = decode(self._old[key])
        except (KeyError, ValueError, TypeError, IndexError):
            self.misses += 1
            return None
        self._new[key] = self._old[key]
        self.hits += 1
        return value

    def put(self, key: str, value: Any) -> None:
        if self.path is not None:
            self._new[key] = value

    def save(self) -> None:
        """Write the entries this run used (atomically; a cache that cannot be written is
        skipped). A run that used none (drift not run) leaves the file as it is; saving twice
        writes once."""
        used = bool(self._new) or self.misses > 0
        unchanged = self._new.keys() == self._old.keys() and not self.misses
        if self.path is None or not used or unchanged:
            return
        data = {"layout": LAYOUT, "stamp": self._stamp, "entries": self._new}
        with contextlib.suppress(OSError):
            _write(self.path, _json(data))
        self._old, self.misses = dict(self._new), 0


def _json(value: Any) -> bytes:
    """A cache file's bytes: compact, ASCII (escaping is faster than encoding UTF-8 here)."""
    return json.dumps(value, separators=(",", ":")).encode("ascii")


def _write(path: Path, data: bytes) -> None:
    """Write one cache file atomically, creating the directory (which ignores itself) first."""
    from docsync.atomic import write_atomic

    path.parent.mkdir(parents=True, exist_ok=True)
    marker = path.parent / ".gitignore"
    if not marker.exists():
        # As ruff does: the directory ignores itself wherever it is created.
        write_atomic(marker, b"# Created by docsync automatically.\n*\n", durable=False)
    write_atomic(path, data, durable=False)  # (a cache lost in a crash is rebuilt)


def cached(
    cache: Cache,
    key: str,
    inputs: Inputs,
    compute: Callable[[], T],
    encode: Callable[[T], Any],
    decode: Callable[[Any], T],
    update: Callable[[T, frozenset[str]], T | None] | None = None,
) -> T:
    """``compute()``, or what an earlier run computed for ``key`` from the same inputs.

    ``update(earlier, changed)``: when the entry is from inputs whose content has since
    changed, the value brought up to date from the earlier one and the input files whose content
    changed (absolute paths), or None to compute afresh. A file added or removed since is
    not an update: the value is computed afresh.
    """
    if cache.directory is None:
        return compute()
    hashes = inputs.hashes()
    found = cache.entry(key, inputs)
    value: T | None = None
    if found is not None:
        stored, old = found
        try:
            earlier = decode(stored)
        except (KeyError, ValueError, TypeError, IndexError):
            earlier = None  # damaged or foreign: compute afresh and overwrite
        if earlier is not None and old == hashes:
            return earlier
        if earlier is not None and update is not None and old.keys() == hashes.keys():
            changed = frozenset(p for p in hashes if old[p] != hashes[p])
            if all("-" not in (old[p], hashes[p]) for p in changed):  # "-": a file missing then or now
                value = update(earlier, changed)
    if value is None:
        value = compute()
    cache.put(key, encode(value), inputs, hashes)
    return value


def _location(loc: Location | None) -> list[Any] | None:
    return None if loc is None else [loc.path, loc.line, loc.column]


def _from_location(data: list[Any] | None) -> Location | None:
    return None if data is None else Location(str(data[0]), int(data[1]), int(data[2]))


def encode_findings(findings: Sequence[Finding]) -> list[dict[str, Any]]:
    """Findings as JSON data, every field kept (``decode_findings`` gives them back equal)."""
    return [
        {
            "location": _location(f.location), "code": f.code, "name": f.name,
            "category": f.category.value, "severity": f.severity.value, "message": f.message,
            "end": _location(f.end),
            "related": [[_location(r.location), r.message] for r in f.related],
            "fix": None if f.fix is None else [f.fix.start, f.fix.end, f.fix.text],
        }
        for f in findings
    ]


def decode_findings(data: list[dict[str, Any]]) -> list[Finding]:
    """The findings ``encode_findings`` stored (raises KeyError/ValueError/TypeError on damage)."""
    out = []
    for d in data:
        fix = d["fix"]
        out.append(Finding(
            location=Location(str(d["location"][0]), int(d["location"][1]), int(d["location"][2])),
            code=str(d["code"]), name=str(d["name"]),
            category=Category(d["category"]), severity=Severity(d["severity"]), message=str(d["message"]),
            end=_from_location(d["end"]),
            related=tuple(Related(_from_location(loc), str(msg)) for loc, msg in d["related"]),  # type: ignore[arg-type]
            fix=None if fix is None else Fix(int(fix[0]), int(fix[1]), str(fix[2])),
        ))
    return out
