"""What a lint check reads: one parsed input (``LintContext``) inside one run (``LintRun``).

Checks import this module, never the engine: the engine imports the checks to run them.
Nothing here is module-level state: what a run learns once (the installed Pgpool-II, the
canonical configuration, verdicts of repeated values) lives in its ``LintRun``, and work the
checks of one file share lives in that file's ``FileMemo``, in typed fields.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from docsync.lint.canonical import Canonical, Level
from docsync.lint.catalogue import Catalogue, Match, shown_value
from docsync.lint.conffile import ConfFile, Setting, Token
from docsync.lint.files import ConfTree
from docsync.lint.installed import Installed, installed_pgpool, server_directory, unit_config_dirs
from docsync.lint.registry import Check, Report
from docsync.lint.settings import LintSettings
from docsync.lint.values import Verdict, number_of, parse_bool
from docsync.lint.versions import Choice, VersionMention, find_version_mentions
from docsync.model import Location, Rule

if TYPE_CHECKING:
    from collections.abc import Collection

    from docsync.lint.authfiles import AuthFile
    from docsync.lint.hba import HbaFile
    from docsync.lint.kinds import FileKind
    from docsync.lint.live import Live
    from docsync.lint.scripts import Script, ScriptProblem, ScriptProblemKind, ServiceUser


@dataclass
class LintRun:
    """One run over many inputs: what it asks the machine once and what files share.

    A new run starts empty, so a long process (tests, an editor) never sees a stale answer
    about directories, the installed Pgpool-II or a canonical file that changed meanwhile.
    """

    # Checks enabled per selection (select, ignore, extend_select, off_by_default), in registry
    # order.
    enabled: dict[tuple[Collection[str], ...], list[tuple[Check, Rule]]] = field(default_factory=dict)
    # Canonical configurations per source and dialect, and the PostgreSQL major of each.
    canonicals: dict[tuple[str, ...], Canonical] = field(default_factory=dict)
    canonical_majors: dict[str, str | None] = field(default_factory=dict)
    # A verdict depends on the version, the name and the value only; files repeat them.
    verdicts: dict[tuple[str, str, str], Verdict] = field(default_factory=dict)
    normalized: dict[tuple[str, str, str, bool], str] = field(default_factory=dict)
    # Per directory: is it where this machine's pgpool service reads its configuration,
    # and which programs does the pgpool.conf there run.
    server_dirs: dict[str, bool] = field(default_factory=dict)
    scripts_named: dict[str, frozenset[str]] = field(default_factory=dict)
    _unit_dirs: frozenset[str] | None = None
    _installed: tuple[Installed | None] | None = None  # (answer,) once asked
    _this_host: frozenset[str] | None = None
    _service_user: ServiceUser | None = None

    def installed(self) -> Installed | None:
        """The Pgpool-II of this machine (``pgpool --version``, else dpkg/rpm), asked once."""
        if self._installed is None:
            self._installed = (installed_pgpool(),)
        return self._installed[0]

    def this_host(self) -> frozenset[str]:
        """The names of this machine (host name, fully qualified name), asked once."""
        if self._this_host is None:
            import socket  # only for a server's own file (deployment checks)

            self._this_host = frozenset(n for n in (socket.gethostname(), socket.getfqdn()) if n)
        return self._this_host

    def service_user(self) -> ServiceUser:
        """The user pgpool's service runs as (its systemd unit), asked once."""
        if self._service_user is None:
            from docsync.lint.scripts import service_user

            self._service_user = service_user()
        return self._service_user

    def is_server_config(self, path: str, forced: bool | None = None) -> bool:
        """A file this machine's pgpool service reads (``forced``: --server/--no-server)."""
        if forced is not None:
            return forced
        if not path or path == "-" or path.startswith("<"):
            return False
        directory = os.path.dirname(os.path.abspath(path))
        hit = self.server_dirs.get(directory)
        if hit is None:
            if self._unit_dirs is None:
                self._unit_dirs = unit_config_dirs()
            hit = self.server_dirs[directory] = server_directory(directory, self._unit_dirs)
        return hit


@dataclass
class FileMemo:
    """Work several checks of one file share, done by the first that needs it (None: not yet)."""

    verdicts: list[tuple[Setting, Verdict]] | None = None
    indexed: dict[str, dict[int, Setting]] | None = None
    members: dict[str, dict[int, Setting]] | None = None  # array name -> index -> first setting
    mentions: list[VersionMention] | None = None  # PostgreSQL majors in the values
    canonical: list[tuple[Level, Report]] | None = None
    canonical_commented: dict[str, tuple[int, int]] | None = None
    scripts: list[tuple[Script, ScriptProblemKind, str]] | None = None
    hba_read: bool = False
    hba: HbaFile | None = None
    live_asked: bool = False
    live: Live | None = None
    live_error: str | None = None


@dataclass
class LintContext:
    """Everything a check may read about one input: parsed once, shared by all checks."""

    path: str
    tree: ConfTree
    catalogue: Catalogue
    settings: LintSettings
    version: Choice
    run: LintRun = field(default_factory=LintRun)
    canonical: Canonical | None = None
    server: bool = False  # this machine's own configuration (deployment checks apply)
    pg_version: Choice = field(default_factory=lambda: Choice(None, "no PostgreSQL version known"))
    memo: FileMemo = field(default_factory=FileMemo)

    @property
    def conf(self) -> ConfFile:
        return self.tree.root

    @property
    def items(self) -> tuple[Setting, ...]:
        """Settings of the file and its includes, in the order the server processes them."""
        return self.tree.settings

    @functools.cached_property
    def occurrences(self) -> dict[str, list[Setting]]:
        out: dict[str, list[Setting]] = {}
        for s in self.items:
            out.setdefault(s.name, []).append(s)
        return out

    @functools.cached_property
    def effective(self) -> dict[str, Setting]:
        """The setting that wins for each name: the last one (pgpool processes in order)."""
        return {name: occ[-1] for name, occ in self.occurrences.items()}

    def match(self, name: str) -> Match:
        return self.catalogue.lookup(name)

    @functools.cached_property
    def matched(self) -> tuple[tuple[Setting, Match], ...]:
        """Every setting with what the catalogue makes of its name, looked up once."""
        items = self.items
        return tuple(zip(items, map(self.catalogue.lookup, [s.name for s in items]), strict=True))

    def value(self, name: str) -> str | None:
        """Effective value: the last setting, else the catalogue default (None if unknown)."""
        s = self.effective.get(name)
        if s is not None:
            return s.value
        p = self.catalogue.parameters.get(name)
        return p.default if p is not None else None

    def is_on(self, name: str) -> bool:
        v = self.value(name)
        return bool(v) and parse_bool(v) is not False

    def number(self, name: str) -> float | None:
        p = self.catalogue.parameters.get(name)
        v = self.value(name)
        if p is None or v is None:
            return None
        return number_of(
            p, v, self.catalogue, indexed=name not in self.effective or not p.type.is_array
        )

    def location(self, where: Setting | Token, path: str | None = None) -> Location:
        if isinstance(where, Setting):
            return Location(path or where.path, where.line, where.column)
        return Location(path or self.path, where.line, where.column)

    def version_mentions(self) -> list[VersionMention]:
        """PostgreSQL majors the settings' values name (paths, package names), found once."""
        if self.memo.mentions is None:
            self.memo.mentions = find_version_mentions(self.items)
        return self.memo.mentions

    def is_secret(self, name: str) -> bool:
        """Values of ``name`` are never shown, and never written by a fix."""
        return self.catalogue.is_secret(name)

    def shown(self, name: str, value: str) -> str:
        """A value fit for a message: ``'***'`` for secrets."""
        return shown_value(name, value, self.catalogue)


@dataclass
class OtherMemo:
    """The parse of a non-pgpool.conf input, made by its first check (None: not yet)."""

    hba: HbaFile | None = None
    auth: AuthFile | None = None
    script: list[ScriptProblem] | None = None


@dataclass
class FileInput:
    """One non-pgpool.conf input (pool_hba.conf, pcp.conf, a script...): what its checks read."""

    path: str
    data: bytes
    kind: FileKind
    settings: LintSettings
    version: str
    memo: OtherMemo = field(default_factory=OtherMemo)

    def location(self, line: int = 1, column: int = 1) -> Location:
        return Location(self.path, line, column)

    def sibling(self, name: str) -> str | None:
        """A file beside this one (as pgpool would find it), if it exists."""
        if self.path in ("-", "") or self.path.startswith("<"):
            return None
        candidate = os.path.join(os.path.dirname(self.path) or ".", name)
        return candidate if os.path.isfile(candidate) else None
