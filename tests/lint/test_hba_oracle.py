"""pool_hba.conf as the real pgpool 4.3.5 reads it: the lines pgpool rejects are exactly the
lines docsync reports.

pgpool reads pool_hba.conf only at start-up (the reload check does not), so the test starts
pgpool (as postgres, foreground, every path and port in a tmp directory, no backend needed)
with enable_pool_hba on, reads its log until it says it started, and stops it by its own
process group. pgpool logs each record it cannot use as ``LOG: ...`` followed by
``CONTEXT: line N of configuration file``.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from docsync.lint.context import LintRun
from docsync.lint.engine import iter_lint_paths
from docsync.lint.settings import LintSettings
from tests.lint.live_cluster import free_port, require_cluster_tools

pytestmark = pytest.mark.oracle

HBA = """\
# TYPE  DATABASE  USER  ADDRESS  METHOD
local   all       all                     trust
host    all       all   127.0.0.1/32      md5
host    all       all   10.0.0.0 255.0.0.0 scram-sha-256
hots    all       all   127.0.0.1/32      trust
local   all       all                     peer
host    all       all   192.168.1.0       md5
host    all       all   10.1.2.3/33       md5
host    all
host    all       all   0.0.0.0/0         ldap ldapserver=ldap.example.net
host    all       all   0.0.0.0/0         ldap ldapserver=ldap.example.net ldapbasedn="dc=example,dc=net"
host    all       all   ::1/128           password
local   "all"     sameuser                cert
host    db1,db2   u1,"u 2" 127.0.0.1/32   reject
local   all       all                     ident
hostssl all       all   0.0.0.0/0         md5
"""


def pgpool_rejected_lines(pgpool: str, hba: str) -> set[int]:
    d = Path(tempfile.mkdtemp(prefix="docsync-hba-"))
    proc = None
    try:
        d.chmod(0o755)
        shutil.chown(d, "postgres")
        port = free_port()
        (d / "pgpool.conf").write_text(
            f"listen_addresses = ''\nport = {port}\nsocket_dir = '{d}'\npcp_listen_addresses = ''\n"
            f"pcp_port = {free_port()}\npcp_socket_dir = '{d}'\nenable_pool_hba = on\n"
            f"pid_file_name = '{d}/pgpool.pid'\nlogdir = '{d}'\nwd_ipc_socket_dir = '{d}'\n"
            "num_init_children = 1\nlog_min_messages = warning\n"
        )
        (d / "pool_hba.conf").write_text(hba)
        (d / "pcp.conf").write_text("")
        for p in d.iterdir():
            p.chmod(0o644)
        log = d / "log"
        with log.open("wb") as out:
            proc = subprocess.Popen(
                ["runuser", "-u", "postgres", "--", pgpool, "-n", "-D", "-f", str(d / "pgpool.conf"),
                 "-F", str(d / "pcp.conf"), "-a", str(d / "pool_hba.conf")],
                stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
            )
            deadline = time.monotonic() + 30
            while "successfully started" not in log.read_text() and time.monotonic() < deadline:
                assert proc.poll() is None, log.read_text()
                time.sleep(0.2)
        text = log.read_text()
        assert "successfully started" in text, text[-2000:]
        return {int(n) for n in re.findall(r"CONTEXT:  line (\d+) of configuration file", text)}
    finally:
        if proc is not None and proc.poll() is None:
            os.killpg(proc.pid, signal.SIGINT)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        shutil.rmtree(d, ignore_errors=True)


def test_docsync_reports_the_lines_pgpool_rejects(tmp_path: Path) -> None:
    pgpool = require_cluster_tools()
    rejected = pgpool_rejected_lines(pgpool, HBA)
    assert rejected  # the oracle saw something: the bad lines are really bad
    hba = tmp_path / "pool_hba.conf"
    hba.write_text(HBA)
    (tmp_path / "pgpool.conf").write_text("ssl = off\n")  # as in the oracle's: hostssl never matches
    (res,) = iter_lint_paths([str(hba)], LintSettings(pgpool_version="4.3"), LintRun())
    assert {f.location.line for f in res.findings} == rejected
    assert all(f.severity.value == "error" for f in res.findings)
