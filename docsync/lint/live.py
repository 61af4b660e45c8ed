"""What the running Pgpool-II uses: ``SHOW pool_status`` over its own port, and the backends
through PCP (``pcp_node_count`` / ``pcp_node_info``), for comparing with the file.

Connection: ``--dsn`` if given, else the file's ``socket_dir`` (its first directory) and
``port``, database postgres, the user libpq picks (PGUSER, else the login name). PCP: the
file's ``pcp_listen_addresses`` (its first address, else ``pcp_socket_dir``) and ``pcp_port``,
the first user of the pcp.conf beside the file (PCPUSER overrides), the password from
``.pcppass`` / PCPPASSFILE (never prompted for). psycopg is imported only here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from typing import NamedTuple


class LiveError(Exception):
    """The running pgpool could not be asked; ``str()`` is a one-line reason."""


class NodeInfo(NamedTuple):
    """One backend as the running pgpool sees it."""

    index: int
    hostname: str
    port: str
    weight: str
    status: str  # "up", "waiting", "down", "unused"


class Live(NamedTuple):
    """The running pgpool's settings (name -> value as SHOW pool_status prints it) and nodes."""

    where: str
    status: dict[str, str]
    nodes: tuple[NodeInfo, ...] | None  # None: PCP not reachable
    pcp_problem: str = ""


def default_dsn(values: dict[str, str | None]) -> str:
    """A libpq conninfo for the pgpool this configuration describes."""
    socket_dir = (values.get("socket_dir") or "/tmp").split(",")[0].strip()
    port = values.get("port") or "9999"
    return f"host={socket_dir} port={port} dbname=postgres connect_timeout=10"


def pool_status(dsn: str) -> dict[str, str]:
    """``SHOW pool_status`` as item -> value."""
    try:
        import psycopg
    except ImportError:  # pragma: no cover - a declared dependency
        raise LiveError("--live needs psycopg (pip install 'psycopg[binary]')") from None
    try:
        with psycopg.connect(dsn, autocommit=True) as conn:
            rows = conn.execute("SHOW pool_status").fetchall()
    except psycopg.Error as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise LiveError(f"cannot ask the running pgpool ({_shown_dsn(dsn)}): {first}") from None
    return {str(r[0]): "" if r[1] in (None, "(null)") else str(r[1]) for r in rows}


def _shown_dsn(dsn: str) -> str:
    """The conninfo without a password."""
    return " ".join(w for w in dsn.split() if not w.startswith("password="))


def _pcp(tool: str, args: list[str], env: dict[str, str]) -> str:
    binary = shutil.which(tool) or next(
        (p for d in ("/usr/sbin", "/usr/bin") if os.access(p := os.path.join(d, tool), os.X_OK)), None
    )
    if binary is None:
        raise LiveError(f"{tool} is not installed")
    try:
        proc = subprocess.run(
            [binary, *args, "-w"], capture_output=True, timeout=20, stdin=subprocess.DEVNULL, env=env
        )
    except subprocess.TimeoutExpired:
        raise LiveError(f"{tool} did not answer within 20 s") from None
    if proc.returncode != 0:
        text = (proc.stderr or proc.stdout).decode("utf-8", "replace").strip().splitlines()
        raise LiveError(f"{tool}: {text[0] if text else 'failed'}")
    return proc.stdout.decode("utf-8", "replace")


_STATUS = {"0": "unused", "1": "waiting", "2": "up", "3": "down"}


def pcp_nodes(host: str, port: str, user: str) -> tuple[NodeInfo, ...]:
    """Every backend the running pgpool knows, through PCP."""
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "PCPPASSFILE", "LANG")}
    common = ["-h", host, "-p", port, "-U", user]
    count = int(_pcp("pcp_node_count", common, env).strip() or 0)
    nodes = []
    for index in range(count):
        fields = _pcp("pcp_node_info", [*common, "-n", str(index)], env).split()
        # hostname port status weight status_name ...
        if len(fields) < 4:
            raise LiveError(f"pcp_node_info -n {index}: unexpected output")
        nodes.append(NodeInfo(index, fields[0], fields[1], fields[3], _STATUS.get(fields[2], fields[2])))
    return tuple(nodes)


def pcp_user(conf_path: str) -> str | None:
    """PCPUSER, else the first user of the pcp.conf beside the configuration."""
    if os.environ.get("PCPUSER"):
        return os.environ["PCPUSER"]
    from docsync.lint.authfiles import parse_pcp_conf
    from docsync.lint.files import ReadError, read_input

    try:
        entries = parse_pcp_conf(read_input(os.path.join(os.path.dirname(conf_path) or ".", "pcp.conf"))).entries
    except ReadError:
        return None
    return entries[0].user if entries else None


def ask(conf_path: str, values: dict[str, str | None], dsn: str | None) -> Live:
    """Ask the running pgpool; LiveError if its SQL port cannot be; PCP problems are kept."""
    dsn = dsn or default_dsn(values)
    status = pool_status(dsn)
    addresses = (values.get("pcp_listen_addresses") or "").split(",")
    host = addresses[0].strip()
    if host in ("", "*"):
        host = "localhost" if host == "*" else (values.get("pcp_socket_dir") or "/tmp")
    user = pcp_user(conf_path)
    if user is None:
        return Live(_shown_dsn(dsn), status, None, "no PCP user (no pcp.conf beside the file, no PCPUSER)")
    try:
        nodes = pcp_nodes(host, values.get("pcp_port") or "9898", user)
    except LiveError as exc:
        return Live(_shown_dsn(dsn), status, None, str(exc))
    return Live(_shown_dsn(dsn), status, nodes)
