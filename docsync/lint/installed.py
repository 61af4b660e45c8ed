"""The Pgpool-II installed on this machine, for linting the configuration of this server.

A file is a server's own configuration when ``--server`` (or ``server = true``) says so, or
when it lies where a service reads it: ``/etc/pgpool2``, ``/etc/pgpool-II*``, ``/etc/pgpool``,
``/usr/local/etc`` (source builds), or the directory a ``-f`` option of the pgpool systemd
unit names. Only then is the installed version asked, at most once per run:
``pgpool --version`` first (what the service would run), else the dpkg or rpm database.
Nothing here changes anything on the machine.
"""

from __future__ import annotations

import os
import re
from typing import NamedTuple

# Where distributions, the upstream packages and source builds put the configuration.
SERVER_DIRS = re.compile(r"^(/etc/(pgpool2|pgpool-II(-\d+)?|pgpool)|/usr/local/etc|/usr/local/pgpool[^/]*/etc)/$")
# systemd units of the packages (the first found says where the service reads its files).
UNIT_FILES = (
    "/etc/systemd/system/pgpool2.service",
    "/lib/systemd/system/pgpool2.service",
    "/usr/lib/systemd/system/pgpool2.service",
    "/etc/systemd/system/pgpool-II.service",
    "/usr/lib/systemd/system/pgpool-II.service",
    "/lib/systemd/system/pgpool-II.service",
)
_VERSION = re.compile(r"(\d+)\.(\d+)(?:\.(\d+))?")
_BINARY_DIRS = ("/usr/sbin", "/usr/bin", "/usr/local/bin", "/usr/pgpool-II/bin")
_CONFIG_OPTION = re.compile(r"(?:-f\s*|--config-file[= ])(\S+)")


class Installed(NamedTuple):
    """An installed Pgpool-II: its full version (``4.3.5``) and how it was found."""

    version: str
    source: str

    @property
    def major(self) -> str:
        """``X.Y``: the version a catalogue is named for."""
        return ".".join(self.version.split(".")[:2])


def unit_file() -> tuple[str, str] | None:
    """(path, text) of the pgpool systemd unit, if the machine has one."""
    for unit in UNIT_FILES:
        try:
            with open(unit, encoding="utf-8", errors="replace") as fh:
                return unit, fh.read()
        except OSError:
            continue
    return None


def unit_config_dirs() -> frozenset[str]:
    """Directories of the configuration files the unit's ExecStart names with -f."""
    found = unit_file()
    if found is None:
        return frozenset()
    dirs = set()
    for line in found[1].splitlines():
        if line.strip().startswith("ExecStart"):
            dirs.update(os.path.dirname(m) for m in _CONFIG_OPTION.findall(line) if os.path.isabs(m))
    return frozenset(dirs)


def is_server_config(path: str, forced: bool | None = None) -> bool:
    """A file the pgpool service of this machine reads, not a copy, template or sample;
    ``forced`` (``--server`` / ``--no-server``) overrides the guess. A lint run asks
    ``LintRun.is_server_config``, which remembers each directory's answer for the run."""
    if forced is not None:
        return forced
    if not path or path == "-" or path.startswith("<"):
        return False
    return server_directory(os.path.dirname(os.path.abspath(path)), unit_config_dirs())


def server_directory(directory: str, unit_dirs: frozenset[str]) -> bool:
    """Whether the service reads its configuration from ``directory`` (``unit_dirs``: what
    the systemd unit names)."""
    real = os.path.realpath(directory)
    return bool(SERVER_DIRS.match(real + "/")) or real in unit_dirs or directory in unit_dirs


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


def installed_pgpool() -> Installed | None:
    """The Pgpool-II of this machine, or None (a lint run asks once: ``LintRun.installed``)."""
    return _from_binary() or _from_dpkg() or _from_rpm()
