"""The other files of a configuration directory, each with its own grammar."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator

from docsync.lint.authfiles import (
    AuthFile,
    ProblemKind,
    parse_node_id,
    parse_passfile,
    parse_pcp_conf,
    parse_pool_passwd,
)
from docsync.lint.conffile import PGPOOL, parse_conf
from docsync.lint.context import FileInput
from docsync.lint.files import ReadError, read_input
from docsync.lint.hba import HbaFile, HbaProblemKind, hba_methods, parse_hba
from docsync.lint.kinds import FileKind
from docsync.lint.registry import Report, kind_check
from docsync.lint.scripts import ScriptProblem, ScriptProblemKind, inspect_script
from docsync.lint.values import parse_bool

_WATCHDOG_NODE = re.compile(r"hostname\d+")
MAX_WATCHDOG_NODE = 127  # MAX_WATCHDOG_NUM - 1


def _hba(file: FileInput) -> HbaFile:
    if file.memo.hba is None:
        file.memo.hba = parse_hba(file.data, hba_methods(file.version), _sibling_ssl(file))
    return file.memo.hba


def _sibling_ssl(file: FileInput) -> bool | None:
    """Whether the pgpool.conf beside this file turns SSL on (None: no such file)."""
    conf = file.sibling("pgpool.conf")
    if conf is None:
        return None
    try:
        settings = parse_conf(read_input(conf), conf, PGPOOL).settings
    except ReadError:
        return None
    values = [s.value for s in settings if s.name == "ssl"]
    return bool(values) and parse_bool(values[-1]) is not False


def _hba_problems(file: FileInput, kind: HbaProblemKind) -> Iterator[Report]:
    for p in _hba(file).problems:
        if p.kind is kind:
            yield Report(file.location(p.line, p.column), p.message)


@kind_check("PGP023", FileKind.UNKNOWN)
def check_unknown_file_kind(file: FileInput) -> Iterator[Report]:
    """A file that is none of the files of a Pgpool-II configuration directory; not checked."""
    yield Report(
        file.location(),
        f"{os.path.basename(file.path)} is not a file docsync knows (pgpool.conf, pool_hba.conf, "
        "pcp.conf, pool_passwd, pgpool_node_id, .pcppass, .pgpass or a script); not checked",
    )


@kind_check("PGP030", FileKind.POOL_HBA)
def check_hba_syntax_error(file: FileInput) -> Iterator[Report]:
    """A pool_hba.conf line pgpool cannot read: an unknown connection type or missing fields."""
    yield from _hba_problems(file, HbaProblemKind.SYNTAX)


@kind_check("PGP031", FileKind.POOL_HBA)
def check_hba_unknown_method(file: FileInput) -> Iterator[Report]:
    """An authentication method this Pgpool-II does not know."""
    yield from _hba_problems(file, HbaProblemKind.METHOD)


@kind_check("PGP032", FileKind.POOL_HBA)
def check_hba_bad_address(file: FileInput) -> Iterator[Report]:
    """A host record whose address is not an IP address with a mask (or a host name)."""
    yield from _hba_problems(file, HbaProblemKind.ADDRESS)


def _auth(file: FileInput) -> AuthFile:
    if file.memo.auth is None:
        parser = {
            "pcp.conf": parse_pcp_conf,
            "pool_passwd": parse_pool_passwd,
            ".pcppass": lambda d: parse_passfile(d, 4),
            ".pgpass": lambda d: parse_passfile(d, 5),
        }[file.kind.value]
        file.memo.auth = parser(file.data)
    return file.memo.auth


def _auth_problems(file: FileInput, kind: ProblemKind) -> Iterator[Report]:
    for p in _auth(file).problems:
        if p.kind is kind:
            yield Report(file.location(p.line, p.column), p.message)


@kind_check("PGP039", FileKind.POOL_HBA)
def check_hba_hostssl_without_ssl(file: FileInput) -> Iterator[Report]:
    """A hostssl record while the pgpool.conf beside it has ssl off; pgpool rejects it."""
    yield from _hba_problems(file, HbaProblemKind.SSL)


@kind_check("PGP033", FileKind.PCP_CONF)
def check_pcp_syntax_error(file: FileInput) -> Iterator[Report]:
    """A pcp.conf line that is not 'username:md5 hash'."""
    yield from _auth_problems(file, ProblemKind.SYNTAX)


@kind_check("PGP034", FileKind.PCP_CONF)
def check_pcp_password_not_md5(file: FileInput) -> Iterator[Report]:
    """A pcp.conf password that is not an md5 hash; pcp can never authenticate that user."""
    yield from _auth_problems(file, ProblemKind.HASH)


@kind_check("PGP035", FileKind.PCP_CONF)
def check_pcp_duplicate_user(file: FileInput) -> Iterator[Report]:
    """A user listed twice in pcp.conf; the first line wins."""
    yield from _auth_problems(file, ProblemKind.DUPLICATE)


@kind_check("PGP036", FileKind.POOL_PASSWD)
def check_pool_passwd_syntax_error(file: FileInput) -> Iterator[Report]:
    """A pool_passwd line that is not 'username:password'."""
    yield from _auth_problems(file, ProblemKind.SYNTAX)


@kind_check("PGP037", FileKind.POOL_PASSWD)
def check_pool_passwd_bad_entry(file: FileInput) -> Iterator[Report]:
    """A pool_passwd md5 or AES entry pgpool cannot use, or an empty password."""
    yield from _auth_problems(file, ProblemKind.HASH)


@kind_check("PGP038", FileKind.POOL_PASSWD)
def check_pool_passwd_duplicate_user(file: FileInput) -> Iterator[Report]:
    """A user listed twice in pool_passwd; the first line wins."""
    yield from _auth_problems(file, ProblemKind.DUPLICATE)


@kind_check("PGP040", FileKind.PCPPASS)
def check_pcppass_syntax_error(file: FileInput) -> Iterator[Report]:
    """A .pcppass line without hostname:port:username:password."""
    yield from _auth_problems(file, ProblemKind.SYNTAX)


@kind_check("PGP041", FileKind.PGPASS)
def check_pgpass_syntax_error(file: FileInput) -> Iterator[Report]:
    """A .pgpass line without hostname:port:database:username:password."""
    yield from _auth_problems(file, ProblemKind.SYNTAX)


def _mode_report(file: FileInput) -> Iterator[Report]:
    # Only the file libpq and pcp read (~/.pgpass, ~/.pcppass): a copy by another name in a
    # repository or a generated tree is not used, whatever its mode.
    if not os.path.basename(file.path).startswith(".") or not os.path.isfile(file.path):
        return
    mode = stat.S_IMODE(os.stat(file.path).st_mode)
    if mode & 0o077:
        yield Report(
            file.location(),
            f"mode {mode:04o}: a password file readable by group or others is ignored "
            "(chmod 0600)",
        )


@kind_check("PGP042", FileKind.PCPPASS)
def check_pcppass_permissions(file: FileInput) -> Iterator[Report]:
    """A .pcppass readable by group or others; pcp commands ignore it."""
    yield from _mode_report(file)


@kind_check("PGP043", FileKind.PGPASS)
def check_pgpass_permissions(file: FileInput) -> Iterator[Report]:
    """A .pgpass readable by group or others; libpq ignores it."""
    yield from _mode_report(file)


@kind_check("PGP044", FileKind.NODE_ID)
def check_node_id_invalid(file: FileInput) -> Iterator[Report]:
    """A pgpool_node_id that is not one integer 0 .. 127; pgpool refuses to start."""
    found = parse_node_id(file.data)
    if found.problem is not None:
        yield Report(file.location(found.problem.line, found.problem.column), found.problem.message)


@kind_check("PGP045", FileKind.NODE_ID)
def check_node_id_not_a_watchdog_node(file: FileInput) -> Iterator[Report]:
    """A pgpool_node_id naming no watchdog node (hostnameN) of the pgpool.conf beside it."""
    found = parse_node_id(file.data)
    conf = file.sibling("pgpool.conf")
    if found.value is None or conf is None:
        return
    try:
        parsed = parse_conf(read_input(conf), conf, PGPOOL)
    except ReadError:
        return
    nodes = {int(s.name[8:]) for s in parsed.settings if _WATCHDOG_NODE.fullmatch(s.name)}
    if nodes and found.value not in nodes:
        known = "hostname" + ", hostname".join(str(n) for n in sorted(nodes))
        outcome = (
            "pgpool refuses to start with watchdog on"
            if found.value <= MAX_WATCHDOG_NODE
            else f"ids above {MAX_WATCHDOG_NODE} are past pgpool's watchdog table: it starts without "
            "a watchdog configuration of its own"
        )
        yield Report(file.location(), f"node id {found.value} names no watchdog node of {conf} ({known}); {outcome}")


def _script(file: FileInput) -> list[ScriptProblem]:
    if file.memo.script is None:
        file.memo.script = inspect_script(file.data, file.path)
    return file.memo.script


@kind_check("PGP046", FileKind.SCRIPT)
def check_script_without_shebang(file: FileInput) -> Iterator[Report]:
    """A script pgpool runs that has no '#!' line."""
    for p in _script(file):
        if p.kind is ScriptProblemKind.SHEBANG:
            yield Report(file.location(p.line), p.message)


@kind_check("PGP047", FileKind.SCRIPT)
def check_script_syntax_error(file: FileInput) -> Iterator[Report]:
    """A shell script that does not pass 'bash -n'."""
    for p in _script(file):
        if p.kind is ScriptProblemKind.SYNTAX:
            yield Report(file.location(p.line), p.message)
