"""The Pgpool-II installed on this machine, for linting the configuration of this server.

Asked only when a file looks like a server's own configuration (under ``/etc/pgpool2``,
``/etc/pgpool-II*``, or beside a deployed ``pcp.conf`` / ``pool_hba.conf``), and at most once
per run: ``pgpool --version`` first (what the service would run), else the dpkg or rpm
database. Nothing here changes anything on the machine.
"""

from __future__ import annotations

import functools
import os
import re
from typing import NamedTuple

# Where distributions and the upstream packages put the configuration directory.
SERVER_DIRS = re.compile(r"^/etc/(pgpool2|pgpool-II(-\d+)?|pgpool)(/|$)")
# Files that only a deployed configuration directory holds (the sample trees have *.sample).
DEPLOYED_SIBLINGS = ("pcp.conf", "pool_hba.conf", "pool_passwd")
_VERSION = re.compile(r"(\d+)\.(\d+)(?:\.(\d+))?")
_BINARY_DIRS = ("/usr/sbin", "/usr/bin", "/usr/local/bin", "/usr/pgpool-II/bin")


class Installed(NamedTuple):
    """An installed Pgpool-II: its full version (``4.3.5``) and how it was found."""

    version: str
    source: str

    @property
    def major(self) -> str:
        """``X.Y``: the version a catalogue is named for."""
        return ".".join(self.version.split(".")[:2])


def is_server_config(path: str) -> bool:
    """A file in a server's configuration directory rather than a copy or a sample."""
    if not path or path == "-" or path.startswith("<"):
        return False
    return _server_directory(os.path.dirname(os.path.abspath(path)))


@functools.lru_cache(maxsize=1024)
def _server_directory(directory: str) -> bool:
    """Per directory, once per run (``forget_directories`` starts a new run)."""
    if SERVER_DIRS.match(os.path.realpath(directory) + "/"):
        return True
    return any(os.path.isfile(os.path.join(directory, name)) for name in DEPLOYED_SIBLINGS)


def forget_directories() -> None:
    """A new run: directories may have changed since the last one (tests, long processes)."""
    from docsync.lint.kinds import _scripts_named_in

    _server_directory.cache_clear()
    _scripts_named_in.cache_clear()


def _version_in(text: str) -> str | None:
    m = _VERSION.search(text)
    if m is None:
        return None
    return ".".join(g for g in m.groups() if g is not None)


def _from_binary() -> Installed | None:
    import shutil
    import subprocess

    binary = shutil.which("pgpool") or next(
        (p for d in _BINARY_DIRS if os.access(p := os.path.join(d, "pgpool"), os.X_OK)), None
    )
    if binary is None:
        return None
    try:
        proc = subprocess.run(
            [binary, "--version"],
            capture_output=True,
            timeout=10,
            stdin=subprocess.DEVNULL,
            env={"PATH": os.defpath, "LANG": "C"},
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    # pgpool prints "pgpool-II version 4.3.5 (tamahomeboshi)" on stderr.
    text = (proc.stdout + proc.stderr).decode("utf-8", "replace")
    if "pgpool" not in text.lower():
        return None
    version = _version_in(text)
    return Installed(version, f"`{binary} --version`") if version else None


def _from_dpkg(status: str = "/var/lib/dpkg/status") -> Installed | None:
    try:
        with open(status, encoding="utf-8", errors="replace") as fh:
            text = fh.read()
    except OSError:
        return None
    for stanza in text.split("\n\n"):
        fields = dict(
            line.split(": ", 1) for line in stanza.splitlines() if ": " in line and line[0] != " "
        )
        if fields.get("Package") == "pgpool2" and fields.get("Status", "").endswith(" installed"):
            version = _version_in(fields.get("Version", "").split(":")[-1])
            if version:
                return Installed(version, "the dpkg database (package pgpool2)")
    return None


def _from_rpm() -> Installed | None:
    import shutil
    import subprocess

    rpm = shutil.which("rpm")
    if rpm is None:
        return None
    try:
        proc = subprocess.run(
            [rpm, "-qa", "--qf", "%{NAME} %{VERSION}\\n", "pgpool-II*"],
            capture_output=True,
            timeout=20,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    for line in proc.stdout.decode("utf-8", "replace").splitlines():
        name, _, version = line.partition(" ")
        if re.fullmatch(r"pgpool-II(-pg\d+)?", name) and (found := _version_in(version)):
            return Installed(found, f"the rpm database (package {name})")
    return None


@functools.cache
def installed_pgpool() -> Installed | None:
    """The Pgpool-II of this machine, or None; asked once per process."""
    return _from_binary() or _from_dpkg() or _from_rpm()
