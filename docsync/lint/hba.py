"""pool_hba.conf as pgpool reads it (pool_hba.c): records, and who they admit.

``local DATABASE USER METHOD [OPTION]`` or ``host|hostssl|hostnossl DATABASE USER ADDRESS
METHOD [OPTIONS]`` where ADDRESS is ``ip/bits`` or ``ip`` followed by a netmask column (or a
host name). Tokens are separated by blanks, lists by commas, double quotes keep a keyword from
being one. ``#`` starts a comment. Parsed once; checks and the cross-file checks read this.
"""

from __future__ import annotations

import enum
import functools
import ipaddress
import re
from typing import NamedTuple

CONNECTION_TYPES = ("local", "host", "hostssl", "hostnossl")
# pool_hba.c's methods; "ldap" since 4.2 (rules/lint.toml says which version knows which).
_TOKEN = re.compile(r'"(?:[^"\n])*"?|[^\s",]+|,')


class Token(NamedTuple):
    """A word of a record: its text (quotes removed), whether it was quoted, its column."""

    text: str
    quoted: bool
    column: int


class HbaProblemKind(enum.Enum):
    """What is wrong with a pool_hba.conf record (each kind has its rule)."""

    SYNTAX = "syntax"
    METHOD = "method"
    ADDRESS = "address"
    SSL = "ssl"  # hostssl while ssl is off


class HbaProblem(NamedTuple):
    """A record pgpool cannot use, at a 1-based line and column."""

    line: int
    column: int
    message: str
    kind: HbaProblemKind


class HbaRecord(NamedTuple):
    """One usable record."""

    line: int
    type: str
    databases: tuple[Token, ...]
    users: tuple[Token, ...]
    address: str | None
    method: str
    method_column: int


class HbaFile(NamedTuple):
    records: tuple[HbaRecord, ...]
    problems: tuple[HbaProblem, ...]


def _fields(text: str) -> list[list[Token]]:
    """Blank-separated fields; a field is a comma-separated list of tokens."""
    fields: list[list[Token]] = []
    joining = False
    for m in _TOKEN.finditer(text):
        word = m.group()
        if word == ",":
            joining = True
            continue
        quoted = word.startswith('"')
        tok = Token(word.strip('"') if quoted else word, quoted, m.start() + 1)
        if joining and fields:
            fields[-1].append(tok)
        else:
            fields.append([tok])
        joining = False
    return fields


def _strip_comment(text: str) -> str:
    out, quoted = [], False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        elif ch == "#" and not quoted:
            break
        out.append(ch)
    return "".join(out)


def parse_hba(data: bytes, methods: frozenset[str], ssl: bool | None = None) -> HbaFile:
    """Records and problems of a pool_hba.conf; ``methods`` the version's known methods,
    ``ssl`` whether pgpool.conf turns SSL on (None: unknown)."""
    records: list[HbaRecord] = []
    problems: list[HbaProblem] = []
    for number, raw in enumerate(data.decode("utf-8", "surrogateescape").splitlines(), 1):
        text = _strip_comment(raw)
        fields = _fields(text)
        if not fields:
            continue
        first = fields[0][0]
        if first.quoted or first.text not in CONNECTION_TYPES or len(fields[0]) > 1:
            problems.append(
                HbaProblem(
                    number,
                    first.column,
                    f"{first.text!r} is not a connection type ({', '.join(CONNECTION_TYPES)})",
                    HbaProblemKind.SYNTAX,
                )
            )
            continue
        ctype = first.text
        if ctype == "hostssl" and ssl is False:
            problems.append(
                HbaProblem(
                    number,
                    first.column,
                    "a hostssl record never matches: ssl is off in pgpool.conf",
                    HbaProblemKind.SSL,
                )
            )
            continue
        want = 4 if ctype == "local" else 5
        if len(fields) < want:
            what = "DATABASE USER METHOD" if ctype == "local" else "DATABASE USER ADDRESS METHOD"
            problems.append(
                HbaProblem(number, first.column, f"a {ctype} record needs {what}", HbaProblemKind.SYNTAX)
            )
            continue
        address = None
        rest = fields[3:]
        if ctype != "local":
            address_field, rest = fields[3], fields[4:]
            address, problem = _address(address_field[0], rest)
            if problem:
                problems.append(HbaProblem(number, address_field[0].column, problem, HbaProblemKind.ADDRESS))
                continue
            if address is not None and "/" not in address and rest and _is_ip(rest[0][0].text):
                rest = rest[1:]  # a netmask column
        if not rest:
            problems.append(HbaProblem(number, first.column, f"a {ctype} record needs a METHOD", HbaProblemKind.SYNTAX))
            continue
        method = rest[0][0]
        if method.text not in methods:
            problems.append(
                HbaProblem(
                    number,
                    method.column,
                    f"unknown authentication method {method.text!r} "
                    f"(this Pgpool-II knows {', '.join(sorted(methods))})",
                    HbaProblemKind.METHOD,
                )
            )
            continue
        options = {tok.text.split("=", 1)[0] for field in rest[1:] for tok in field}
        if method.text == "ldap" and not options & {"ldapbasedn", "ldapprefix", "ldapsuffix"}:
            problems.append(
                HbaProblem(
                    number,
                    method.column,
                    "ldap needs an ldapbasedn, ldapprefix or ldapsuffix option; pgpool skips the record",
                    HbaProblemKind.METHOD,
                )
            )
            continue
        records.append(
            HbaRecord(number, ctype, tuple(fields[1]), tuple(fields[2]), address, method.text, method.column)
        )
    return HbaFile(tuple(records), tuple(problems))


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _address(tok: Token, rest: list[list[Token]]) -> tuple[str | None, str]:
    """The address text, or a problem: a malformed IP or CIDR mask."""
    text = tok.text
    if "/" in text:
        try:
            ipaddress.ip_network(text, strict=False)
        except ValueError:
            return None, f"{text!r} is not an IP address with a CIDR mask"
        return text, ""
    if _is_ip(text):
        if not rest or not _is_ip(rest[0][0].text):
            return None, f"IP address {text!r} needs a CIDR mask (/32) or a netmask column"
        return text, ""
    if re.fullmatch(r"[0-9.]+", text):
        return None, f"{text!r} is not an IP address"
    return text, ""  # a host name


def admits(hba: HbaFile, user: str, database: str | None = None) -> HbaRecord | None:
    """The first record that would let ``user`` in (to ``database``, or any), if any.

    pgpool takes the first record whose type, database and user match; a ``reject`` there
    refuses. Without a known client address every record type is considered.
    """
    for rec in hba.records:
        if not _matches(rec.users, user, user):
            continue
        if database is not None and not _matches(rec.databases, database, user):
            continue
        return None if rec.method == "reject" else rec
    return None


def _matches(tokens: tuple[Token, ...], name: str, user: str) -> bool:
    for tok in tokens:
        if not tok.quoted and tok.text == "all":
            return True
        if not tok.quoted and tok.text == "sameuser" and name == user:
            return True
        if tok.text == name:
            return True
    return False


@functools.cache
def hba_methods(version: str) -> frozenset[str]:
    """The authentication methods Pgpool-II ``version`` accepts (``rules/lint.toml``)."""
    from docsync.lint.catalogue import lint_rules_data, version_key

    table = lint_rules_data()["pool_hba"]["methods"]
    return frozenset(m for m, since in table.items() if version_key(since) <= version_key(version))
