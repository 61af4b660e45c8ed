"""Deployment: the files and scripts a server's pgpool.conf relies on, checked where pgpool
will look for them, before a failover needs them.

Only for a server's own configuration (``--server``, or where the service reads it:
``docsync/lint/installed.py``): a copy, template or sample says nothing about this
machine. Findings point at the setting's line.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from typing import TYPE_CHECKING

from docsync.lint.catalogue import lint_rules_data
from docsync.lint.conffile import Setting
from docsync.lint.context import LintContext
from docsync.lint.files import ReadError, read_input
from docsync.lint.registry import Report, check
from docsync.lint.scripts import Script, ScriptProblemKind
from docsync.model import Location

if TYPE_CHECKING:
    from docsync.lint.hba import HbaFile

# The helpers below (hba, authfiles, scripts: subprocess, pwd, grp) load only for a server's
# own file; every other lint keeps its start-up time.

_BACKEND = re.compile(r"backend_hostname(\d+)")
_WATCHDOG_NODE = re.compile(r"hostname(\d+)")


def _data() -> dict:
    return lint_rules_data()["deployment"]


def _applies(ctx: LintContext) -> bool:
    """Only a server's own file (decided once, when the file was parsed)."""
    return ctx.server


def _where(ctx: LintContext, name: str) -> Location:
    s = ctx.effective.get(name)
    return ctx.location(s) if s is not None else Location(ctx.path, 1, 1)


def _config_dir(ctx: LintContext) -> str:
    return os.path.dirname(os.path.abspath(ctx.path))


def local_backends(ctx: LintContext) -> list[tuple[int, Setting]]:
    """Backends on this machine (by host name or a socket directory), with their settings."""
    local = set(_data()["local_hosts"]) | ctx.run.this_host()
    out = []
    for name, s in ctx.effective.items():
        m = _BACKEND.fullmatch(name)
        if m and (s.value in local or s.value.startswith("/")):
            out.append((int(m.group(1)), s))
    return sorted(out)


def _program(command: str) -> str | None:
    """The first word of a command, past wrappers such as sudo."""
    import shlex

    try:
        words = shlex.split(command)
    except ValueError:
        words = command.split()
    wrappers = set(_data()["wrappers"])
    while words and words[0] in wrappers:
        words = words[1:]
    return words[0] if words else None


def scripts(ctx: LintContext) -> Iterator[Script]:
    """Every program the configuration's command settings run, where pgpool looks for it."""
    for name, base in _data()["commands"].items():
        s = ctx.effective.get(name)
        if s is None or not s.value.strip() or name not in ctx.catalogue.parameters:
            continue
        program = _program(s.value)
        if not program:
            continue
        if base == "data_directory":
            for index, _ in local_backends(ctx):
                directory = ctx.value(f"backend_data_directory{index}")
                if directory:
                    yield Script(name, os.path.join(directory, program))
        elif os.path.isabs(program):
            yield Script(name, program)
        elif base in ("if_cmd_path", "arping_path"):
            yield Script(name, os.path.join(ctx.value(base) or "/", program))
        # a bare name in the other commands is looked up on the service's PATH: not checked


def _exists(path: str, *, want_dir: bool = False) -> bool | None:
    """Whether ``path`` exists (as a directory if ``want_dir``); None when docsync's own user
    cannot tell (a parent it may not search): that is not the service user's problem."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return False
    except NotADirectoryError:
        return False
    except PermissionError:
        return None
    return stat.S_ISDIR(st.st_mode) if want_dir else True


def _script_problems(ctx: LintContext) -> list[tuple[Script, ScriptProblemKind, str]]:
    """(script, kind, message) for every script: missing, not-executable, shebang, syntax."""
    if ctx.memo.scripts is not None:
        return ctx.memo.scripts
    from docsync.lint.scripts import can_execute, inspect_script

    out: list[tuple[Script, ScriptProblemKind, str]] = []
    user = ctx.run.service_user()
    for sc in scripts(ctx) if _applies(ctx) else ():
        found = _exists(sc.path)
        if found is None:
            continue  # docsync's user may not look there (a 0700 data directory): no verdict
        if not found:
            out.append((sc, ScriptProblemKind.MISSING, f"{sc.setting} runs {sc.path}, which does not exist"))
            continue
        ok, why = can_execute(sc.path, user.name)
        if not ok:
            out.append(
                (sc, ScriptProblemKind.NOT_EXECUTABLE,
                 f"{sc.setting} runs {sc.path}, which the service user {user.name} "
                 f"(from {user.source}) cannot execute: {why}")
            )
        try:
            data = read_input(sc.path)
        except ReadError:
            continue
        if data.startswith(b"\x7fELF"):
            continue  # a program, not a script
        for p in inspect_script(data, sc.path):
            where = f"{sc.path}:{p.line}: " if p.kind is ScriptProblemKind.SYNTAX else f"{sc.path}: "
            out.append((sc, p.kind, f"{sc.setting}: {where}{p.message}"))
    ctx.memo.scripts = out
    return out


def _script_reports(ctx: LintContext, kind: ScriptProblemKind) -> Iterator[Report]:
    for sc, k, message in _script_problems(ctx):
        if k is kind:
            yield Report(_where(ctx, sc.setting), message)


@check("PGP060")
def check_command_script_missing(ctx: LintContext) -> Iterator[Report]:
    """A script a command setting runs does not exist where pgpool will look for it."""
    yield from _script_reports(ctx, ScriptProblemKind.MISSING)


@check("PGP061")
def check_command_script_not_executable(ctx: LintContext) -> Iterator[Report]:
    """A script a command setting runs that the service user cannot execute."""
    yield from _script_reports(ctx, ScriptProblemKind.NOT_EXECUTABLE)


@check("PGP062")
def check_command_script_without_shebang(ctx: LintContext) -> Iterator[Report]:
    """A script a command setting runs that has no '#!' line."""
    yield from _script_reports(ctx, ScriptProblemKind.SHEBANG)


@check("PGP063")
def check_command_script_syntax_error(ctx: LintContext) -> Iterator[Report]:
    """A script a command setting runs that does not pass 'bash -n'."""
    yield from _script_reports(ctx, ScriptProblemKind.SYNTAX)


def _beside(ctx: LintContext, name: str) -> str:
    return name if os.path.isabs(name) else os.path.join(_config_dir(ctx), name)


def _hba(ctx: LintContext) -> HbaFile | None:
    from docsync.lint.hba import hba_methods, parse_hba

    if not ctx.memo.hba_read:
        ctx.memo.hba_read = True
        try:
            data = read_input(_beside(ctx, "pool_hba.conf"))
            ctx.memo.hba = parse_hba(data, hba_methods(ctx.catalogue.version), ctx.is_on("ssl"))
        except ReadError:
            ctx.memo.hba = None
    return ctx.memo.hba


@check("PGP064")
def check_hba_file_missing(ctx: LintContext) -> Iterator[Report]:
    """enable_pool_hba is on but there is no readable pool_hba.conf beside pgpool.conf."""
    if _applies(ctx) and ctx.is_on("enable_pool_hba") and _hba(ctx) is None:
        yield Report(
            _where(ctx, "enable_pool_hba"),
            f"enable_pool_hba is on but {_beside(ctx, 'pool_hba.conf')} cannot be read; "
            "pgpool refuses every client",
        )


@check("PGP065")
def check_hba_refuses_check_user(ctx: LintContext) -> Iterator[Report]:
    """pool_hba.conf admits no connection for health_check_user, sr_check_user or wd_lifecheck_user."""
    hba = _hba(ctx) if _applies(ctx) and ctx.is_on("enable_pool_hba") else None
    if hba is None:
        return
    from docsync.lint.hba import admits

    for name in ("health_check_user", "sr_check_user", "wd_lifecheck_user"):
        user = ctx.value(name)
        if name not in ctx.catalogue.parameters or not user or name not in ctx.effective:
            continue
        if admits(hba, user) is None:
            yield Report(
                _where(ctx, name),
                f"pool_hba.conf has no record admitting {name} {user!r} (or the first one "
                "rejects it); connections through pgpool as this user are refused",
            )


def _pool_passwd_users(ctx: LintContext) -> tuple[str, set[str]] | None:
    from docsync.lint.authfiles import parse_pool_passwd

    name = ctx.value("pool_passwd")
    if not name:
        return None
    path = _beside(ctx, name)
    try:
        return path, {e.user for e in parse_pool_passwd(read_input(path)).entries}
    except ReadError:
        return path, set()


@check("PGP066")
def check_pool_passwd_missing_user(ctx: LintContext) -> Iterator[Report]:
    """A user whose password pgpool must find in pool_passwd has no entry there."""
    if not _applies(ctx):
        return
    found = _pool_passwd_users(ctx)
    if found is None:
        return
    path, users = found
    for user_param, password_param in _data()["password_users"].items():
        user = ctx.value(user_param)
        if user_param not in ctx.effective or not user or user in users:
            continue
        if password_param in ctx.catalogue.parameters and not ctx.value(password_param):
            yield Report(
                _where(ctx, user_param),
                f"{password_param} is empty, so pgpool looks up {user_param} {user!r} in {path}, "
                "which has no entry for it",
            )
    hba = _hba(ctx) if ctx.is_on("enable_pool_hba") else None
    for rec in hba.records if hba is not None else ():
        if rec.method not in ("md5", "scram-sha-256", "password"):
            continue
        for tok in rec.users:
            if (tok.quoted or tok.text not in ("all", "sameuser")) and not tok.text.startswith("@") \
                    and tok.text not in users:
                yield Report(
                    _where(ctx, "enable_pool_hba"),
                    f"pool_hba.conf line {rec.line} authenticates {tok.text!r} with {rec.method}, "
                    f"but {path} has no entry for that user",
                )


@check("PGP067")
def check_node_id_missing(ctx: LintContext) -> Iterator[Report]:
    """use_watchdog is on but pgpool_node_id beside pgpool.conf is missing or names no node."""
    if not _applies(ctx) or ctx.match("hostname0").parameter is None or not ctx.is_on("use_watchdog"):
        return
    from docsync.lint.authfiles import parse_node_id

    path = _beside(ctx, "pgpool_node_id")
    try:
        node = parse_node_id(read_input(path))
    except ReadError as exc:
        yield Report(_where(ctx, "use_watchdog"), f"use_watchdog is on but {path}: {exc}; pgpool refuses to start")
        return
    nodes = {int(m.group(1)) for n in ctx.effective if (m := _WATCHDOG_NODE.fullmatch(n))}
    if node.value is not None and node.value not in nodes:
        yield Report(
            _where(ctx, "use_watchdog"),
            f"{path} says node {node.value}, but there is no hostname{node.value}; pgpool refuses to start",
        )


@check("PGP068")
def check_data_directory_missing(ctx: LintContext) -> Iterator[Report]:
    """backend_data_directoryN of a backend on this machine does not exist."""
    if not _applies(ctx):
        return
    for index, _ in local_backends(ctx):
        name = f"backend_data_directory{index}"
        directory = ctx.value(name)
        if name in ctx.effective and directory and _exists(directory, want_dir=True) is False:
            yield Report(
                _where(ctx, name),
                f"backend {index} is on this machine but {name} {directory!r} is not a directory; "
                "online recovery and pgpool_recovery() fail",
            )
