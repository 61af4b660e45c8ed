"""The scripts pgpool runs, and who runs them: existence, the service user's execute
permission, the shebang line and ``bash -n``.

pgpool starts ``failover_command`` and its siblings through ``/bin/sh -c``, as the user the
service runs as (Debian's and the RPMs' units say ``User=postgres``); a script it cannot
execute, or one that does not parse, fails only when a failover needs it.
"""

from __future__ import annotations

import enum
import grp
import os
import pwd
import re
import shutil
import stat
import subprocess
from typing import NamedTuple

DEFAULT_USER = "postgres"


class Script(NamedTuple):
    """A program a command setting runs, where pgpool will look for it."""

    setting: str
    path: str


class ServiceUser(NamedTuple):
    name: str
    source: str


def service_user() -> ServiceUser:
    """The user pgpool's service runs as: ``User=`` of its systemd unit, else postgres."""
    from docsync.lint.installed import unit_file

    found = unit_file()
    if found is None:
        return ServiceUser(DEFAULT_USER, "the packages' default")
    unit, text = found
    m = re.search(r"^\s*User\s*=\s*(\S+)", text, re.M)
    return ServiceUser(m.group(1), unit) if m else ServiceUser("root", f"{unit} (no User=)")


def can_execute(path: str, user: str) -> tuple[bool, str]:
    """Whether ``user`` may execute ``path`` (search permission on every directory on the
    way, execute permission on the file), with the reason when not."""
    try:
        pw = pwd.getpwnam(user)
    except KeyError:
        return False, f"user {user!r} does not exist on this machine"
    if pw.pw_uid == 0:
        st = os.stat(path)
        return (bool(st.st_mode & 0o111), "no execute bit is set")
    groups = {pw.pw_gid} | {g.gr_gid for g in grp.getgrall() if user in g.gr_mem}
    real = os.path.realpath(path)
    parts = real.split("/")
    for i in range(1, len(parts) - 1):
        directory = "/".join(parts[: i + 1]) or "/"
        if not _allowed(os.stat(directory), pw.pw_uid, groups, 0o1):
            return False, f"{user} cannot enter {directory}"
    st = os.stat(real)
    if not _allowed(st, pw.pw_uid, groups, 0o1):
        owner = _owner(st)
        return False, f"mode {stat.S_IMODE(st.st_mode):04o} owner {owner} gives {user} no execute permission"
    if not _allowed(st, pw.pw_uid, groups, 0o4):
        return False, f"{user} can execute but not read it (a script must be readable)"
    return True, ""


def _owner(st: os.stat_result) -> str:
    try:
        return pwd.getpwuid(st.st_uid).pw_name
    except KeyError:
        return str(st.st_uid)


def _allowed(st: os.stat_result, uid: int, gids: set[int], bit: int) -> bool:
    mode = st.st_mode
    if st.st_uid == uid:
        return bool(mode & (bit << 6))
    if st.st_gid in gids:
        return bool(mode & (bit << 3))
    return bool(mode & bit)


class ScriptProblemKind(enum.Enum):
    """What is wrong with a script (each kind has its rule)."""

    SHEBANG = "shebang"
    SYNTAX = "syntax"
    # Found by the deployment checks of a pgpool.conf, not by reading the script:
    MISSING = "missing"
    NOT_EXECUTABLE = "not-executable"


class ScriptProblem(NamedTuple):
    """A problem with a script's text: ``line`` in the script (1 for the whole file)."""

    kind: ScriptProblemKind
    line: int
    message: str


_BASH_LINE = re.compile(r"line (\d+): (.*)")


def inspect_script(data: bytes, path: str) -> list[ScriptProblem]:
    """Shebang present, and ``bash -n`` clean when the script is a shell script."""
    problems: list[ScriptProblem] = []
    first = data.split(b"\n", 1)[0]
    interpreter = first[2:].decode("utf-8", "replace").strip() if first.startswith(b"#!") else ""
    if not interpreter:
        problems.append(
            ScriptProblem(
                ScriptProblemKind.SHEBANG,
                1,
                "no '#!' line: the kernel refuses to execute it and /bin/sh runs it instead, "
                "so bash syntax fails at failover time",
            )
        )
    words = interpreter.split()
    program = os.path.basename(words[-1] if words and words[0].endswith("env") else (words[0] if words else "sh"))
    if program in ("sh", "bash", "dash", "ksh") and (bash := shutil.which("bash")):
        proc = subprocess.run(
            [bash, "-n"], input=data, capture_output=True, timeout=20, env={"LANG": "C", "PATH": os.defpath}
        )
        if proc.returncode != 0:
            for line in proc.stderr.decode("utf-8", "replace").splitlines():
                m = _BASH_LINE.search(line)
                if m:
                    problems.append(ScriptProblem(ScriptProblemKind.SYNTAX, int(m.group(1)), f"bash -n: {m.group(2)}"))
                    break
            else:
                problems.append(ScriptProblem(ScriptProblemKind.SYNTAX, 1, "bash -n reports a syntax error"))
    return problems
