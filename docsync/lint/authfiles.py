"""pcp.conf, pool_passwd, .pcppass / .pgpass and pgpool_node_id, read as their programs do.

Each becomes entries (the user, where, and the kind of secret, never the secret itself) and
problems with a 1-based position. Messages never carry a password or a hash.
"""

from __future__ import annotations

import base64
import binascii
import enum
import re
from typing import NamedTuple

_MD5 = re.compile(r"[0-9a-f]{32}")


class Entry(NamedTuple):
    """One line naming a user: where, who, and how its secret is stored (md5, AES, TEXT...)."""

    line: int
    user: str
    form: str


class ProblemKind(enum.Enum):
    """What is wrong with an entry of an authentication file (each kind has its rule)."""

    SYNTAX = "syntax"
    HASH = "hash"
    DUPLICATE = "duplicate"


class Problem(NamedTuple):
    line: int
    column: int
    message: str
    kind: ProblemKind


class AuthFile(NamedTuple):
    entries: tuple[Entry, ...]
    problems: tuple[Problem, ...]


def _lines(data: bytes) -> list[tuple[int, str]]:
    text = data.decode("utf-8", "surrogateescape")
    return [
        (n, line.rstrip("\r"))
        for n, line in enumerate(text.split("\n"), 1)
        if line.strip() and not line.lstrip().startswith("#")
    ]


def _duplicates(entries: list[Entry], what: str) -> list[Problem]:
    seen: dict[str, int] = {}
    out = []
    for e in entries:
        if e.user in seen:
            message = f"{what} {e.user!r} again (first on line {seen[e.user]}); the first wins"
            out.append(Problem(e.line, 1, message, ProblemKind.DUPLICATE))
        else:
            seen[e.user] = e.line
    return out


def parse_pcp_conf(data: bytes) -> AuthFile:
    """``user:md5hash`` lines (pcp compares the md5 of the password given with the hash)."""
    entries: list[Entry] = []
    problems: list[Problem] = []
    for n, line in _lines(data):
        user, sep, secret = line.partition(":")
        if not sep or not user.strip():
            problems.append(Problem(n, 1, "not a 'username:md5 hash' line", ProblemKind.SYNTAX))
            continue
        secret = secret.strip()
        if line != line.strip() or user != user.strip():
            message = "blanks around the user name or hash become part of them"
            problems.append(Problem(n, 1, message, ProblemKind.SYNTAX))
        if not _MD5.fullmatch(secret):
            problems.append(
                Problem(
                    n,
                    len(user) + 2,
                    f"the password of {user.strip()!r} is not an md5 hash (32 lower-case hex digits, "
                    "from pg_md5); pcp commands can never authenticate as this user",
                    ProblemKind.HASH,
                )
            )
            continue
        entries.append(Entry(n, user.strip(), "md5"))
    problems.extend(_duplicates(entries, "user"))
    return AuthFile(tuple(entries), tuple(problems))


def parse_pool_passwd(data: bytes) -> AuthFile:
    """``user:md5<32 hex>``, ``user:AES<base64>``, ``user:TEXT<password>`` or plain text."""
    entries: list[Entry] = []
    problems: list[Problem] = []
    for n, line in _lines(data):
        user, sep, secret = line.partition(":")
        if not sep or not user:
            problems.append(Problem(n, 1, "not a 'username:password' line", ProblemKind.SYNTAX))
            continue
        col = len(user) + 2
        if secret.startswith("md5"):
            if not _MD5.fullmatch(secret[3:]):
                problems.append(
                    Problem(n, col, f"the md5 entry of {user!r} is not 'md5' and 32 hex digits", ProblemKind.HASH)
                )
                continue
            form = "md5"
        elif secret.startswith("AES"):
            try:
                raw = base64.b64decode(secret[3:], validate=True)
            except (binascii.Error, ValueError):
                raw = b""
            if not raw or len(raw) % 16:
                problems.append(
                    Problem(
                        n,
                        col,
                        f"the AES entry of {user!r} is not base64 of whole AES blocks "
                        "(pg_enc writes it); pgpool cannot decrypt it",
                        ProblemKind.HASH,
                    )
                )
                continue
            form = "AES"
        elif secret.startswith("SCRAM-SHA-256$"):
            form = "scram"
        elif secret.startswith("TEXT"):
            form = "TEXT"
        elif not secret:
            problems.append(Problem(n, col, f"{user!r} has an empty password", ProblemKind.HASH))
            continue
        else:
            form = "text"
        entries.append(Entry(n, user, form))
    problems.extend(_duplicates(entries, "user"))
    return AuthFile(tuple(entries), tuple(problems))


def _split_escaped(line: str) -> list[str]:
    """libpq's passfile fields: ':' separates, backslash escapes ':' and '\\'."""
    fields, cur, escape = [], [], False
    for ch in line:
        if escape:
            cur.append(ch)
            escape = False
        elif ch == "\\":
            escape = True
        elif ch == ":":
            fields.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    fields.append("".join(cur))
    return fields


def parse_passfile(data: bytes, fields: int) -> AuthFile:
    """``.pgpass`` (5 fields: host:port:database:user:password) or ``.pcppass`` (4 fields)."""
    entries: list[Entry] = []
    problems: list[Problem] = []
    layout = "hostname:port:database:username:password" if fields == 5 else "hostname:port:username:password"
    for n, line in _lines(data):
        parts = _split_escaped(line)
        if len(parts) < fields:
            message = f"{len(parts)} fields where {fields} are needed ({layout}); the line never matches"
            problems.append(Problem(n, 1, message, ProblemKind.SYNTAX))
            continue
        port = parts[1]
        if port != "*" and not port.isdigit():
            problems.append(Problem(n, len(parts[0]) + 2, f"port {port!r} is not a number or '*'", ProblemKind.SYNTAX))
            continue
        entries.append(Entry(n, parts[fields - 2], "passfile"))
    return AuthFile(tuple(entries), tuple(problems))


class NodeId(NamedTuple):
    value: int | None
    problem: Problem | None


def parse_node_id(data: bytes) -> NodeId:
    """pgpool 4.2+ reads the first line of pgpool_node_id: digits only (no blank, no CR)."""
    first = data.split(b"\n", 1)[0]
    if not first:
        message = "the first line of pgpool_node_id is empty; pgpool refuses to start"
        return NodeId(None, Problem(1, 1, message, ProblemKind.SYNTAX))
    if not first.isdigit():
        return NodeId(
            None,
            Problem(1, 1, "pgpool_node_id is not a number on its first line (digits only: no blanks, "
                    "no carriage return, no comment); pgpool refuses to start", ProblemKind.SYNTAX),
        )
    return NodeId(int(first), None)
