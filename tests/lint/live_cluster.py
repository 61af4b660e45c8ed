"""A real PostgreSQL 15 cluster behind a real Pgpool-II on loopback ports, in a tmp directory.

Started by the tests, never the machine's own: ``initdb`` into a fresh directory as the
``postgres`` user, ``pg_ctl`` with its own port and socket directory, pgpool with ``-n``
(foreground, its pid known) and every path pointed into the directory. Stopping kills only
the processes started here, by pid, and removes the directory. PCP: user ``pgpool`` with a
password in a ``.pcppass`` of the directory (PCPPASSFILE).
"""

from __future__ import annotations

import hashlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

PG_BIN = Path("/usr/lib/postgresql/15/bin")
PCP_USER = "pgpool"
PCP_PASSWORD = "pcp-Live-7c2e"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def require_cluster_tools() -> str:
    """pgpool and PostgreSQL 15 binaries and the postgres user, or skip (fail in CI)."""
    missing = [p for p in ("initdb", "pg_ctl", "postgres") if not (PG_BIN / p).exists()]
    pgpool = shutil.which("pgpool") or ("/usr/sbin/pgpool" if os.path.exists("/usr/sbin/pgpool") else None)
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        missing.append("the postgres user")
    if pgpool is None:
        missing.append("pgpool")
    if os.geteuid() != 0:
        missing.append("root (to run the cluster as postgres)")
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"--live tests need {', '.join(missing)} in CI (postgresql-15, pgpool2 in .ci/run)")
        pytest.skip(f"--live tests need {', '.join(missing)}")
    return pgpool  # type: ignore[return-value]


def as_postgres(*cmd: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(["runuser", "-u", "postgres", "--", *cmd], check=False, capture_output=True, **kwargs)


@dataclass
class Cluster:
    """One running cluster; ``conf`` is the pgpool.conf the running pgpool was started with."""

    dir: Path
    pgpool_bin: str
    pg_port: int = field(default_factory=free_port)
    port: int = field(default_factory=free_port)
    pcp_port: int = field(default_factory=free_port)
    pgpool: subprocess.Popen | None = None

    @property
    def conf(self) -> Path:
        return self.dir / "pgpool.conf"

    @property
    def pcppass(self) -> Path:
        return self.dir / ".pcppass"

    def config_text(self) -> str:
        d = self.dir
        return (
            "# Pgpool-II 4.3 configuration file (docsync --live test)\n"
            "backend_clustering_mode = 'streaming_replication'\n"
            "listen_addresses = '127.0.0.1'\n"
            f"port = {self.port}\n"
            f"socket_dir = '{d}'\n"
            "pcp_listen_addresses = '127.0.0.1'\n"
            f"pcp_port = {self.pcp_port}\n"
            f"pcp_socket_dir = '{d}'\n"
            "backend_hostname0 = '127.0.0.1'\n"
            f"backend_port0 = {self.pg_port}\n"
            "backend_weight0 = 1\n"
            f"backend_data_directory0 = '{d}/pg'\n"
            "backend_flag0 = 'ALLOW_TO_FAILOVER'\n"
            "backend_hostname1 = 'localhost'\n"  # the same server by another name: a second node
            f"backend_port1 = {self.pg_port}\n"
            "backend_weight1 = 1\n"
            f"backend_data_directory1 = '{d}/pg'\n"
            "backend_flag1 = 'ALLOW_TO_FAILOVER'\n"
            "sr_check_period = 0\n"
            "sr_check_user = 'postgres'\n"
            "health_check_period = 0\n"
            "health_check_user = 'postgres'\n"
            "num_init_children = 4\n"
            "max_pool = 2\n"
            "load_balance_mode = on\n"
            "log_line_prefix = '%m: %a pid %p: '\n"
            f"pid_file_name = '{d}/pgpool.pid'\n"
            f"logdir = '{d}'\n"
            f"wd_ipc_socket_dir = '{d}'\n"
            "log_min_messages = warning\n"
        )

    def start(self) -> None:
        d = self.dir
        pw = pwd.getpwnam("postgres")
        os.chown(d, pw.pw_uid, pw.pw_gid)
        d.chmod(0o755)
        init = as_postgres(str(PG_BIN / "initdb"), "-D", str(d / "pg"), "-U", "postgres", "--auth=trust",
                           "-E", "UTF8", "--no-instructions")
        assert init.returncode == 0, init.stderr.decode()
        opts = f"-p {self.pg_port} -k {d} -c listen_addresses=127.0.0.1"
        started = as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(d / "pg"), "-o", opts, "-l", str(d / "pg.log"),
                              "-w", "-t", "60", "start")
        assert started.returncode == 0, started.stderr.decode()
        self.conf.write_text(self.config_text())
        digest = hashlib.md5(PCP_PASSWORD.encode()).hexdigest()
        (d / "pcp.conf").write_text(f"{PCP_USER}:{digest}\n")
        (d / "pool_hba.conf").write_text("local all all trust\nhost all all 127.0.0.1/32 trust\n")
        self.pcppass.write_text(f"*:*:{PCP_USER}:{PCP_PASSWORD}\n")
        self.pcppass.chmod(0o600)
        for name in ("pgpool.conf", "pcp.conf", "pool_hba.conf"):
            (d / name).chmod(0o644)
        log = (d / "pgpool.log").open("wb")
        self.pgpool = subprocess.Popen(
            ["runuser", "-u", "postgres", "--", self.pgpool_bin, "-n", "-D", "-f", str(self.conf),
             "-F", str(d / "pcp.conf"), "-a", str(d / "pool_hba.conf")],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
        )
        self.wait_ready()

    def pcp(self, tool: str, *args: str) -> subprocess.CompletedProcess:
        env = {"PATH": os.environ.get("PATH", os.defpath), "PCPPASSFILE": str(self.pcppass), "HOME": str(self.dir)}
        return subprocess.run(
            [tool, "-h", "127.0.0.1", "-p", str(self.pcp_port), "-U", PCP_USER, "-w", *args],
            capture_output=True, env=env, check=False, timeout=30,
        )

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.pgpool is not None and self.pgpool.poll() is None, (self.dir / "pgpool.log").read_text()
            if self.pcp("pcp_node_count").returncode == 0:
                return
            time.sleep(0.3)
        raise AssertionError("pgpool did not become ready: " + (self.dir / "pgpool.log").read_text()[-2000:])

    def wait_accepting(self, timeout: float = 60) -> None:
        """Wait until pgpool answers SQL again (after a failover it restarts its children)."""
        from docsync.lint.live import default_dsn, pool_status

        dsn = default_dsn({"socket_dir": str(self.dir), "port": str(self.port)}) + " user=postgres"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                pool_status(dsn)
                return
            except Exception:  # refused or reset while the children restart
                time.sleep(0.3)
        log = (self.dir / "pgpool.log").read_text()[-2000:]
        raise AssertionError("pgpool did not accept connections again: " + log)

    def reload(self) -> None:
        done = as_postgres(self.pgpool_bin, "-f", str(self.conf), "reload")
        assert done.returncode == 0, done.stderr.decode()
        time.sleep(1.5)  # children pick the new values up asynchronously

    def stop(self) -> None:
        if self.pgpool is not None and self.pgpool.poll() is None:
            # the process group started here (runuser and pgpool with its children): fast shutdown
            os.killpg(self.pgpool.pid, signal.SIGINT)
            try:
                self.pgpool.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.pgpool.pid, signal.SIGKILL)
                self.pgpool.wait(timeout=10)
        if (self.dir / "pg" / "postmaster.pid").exists():
            as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.dir / "pg"), "-m", "immediate", "-w", "stop")


def start_cluster() -> Cluster:
    pgpool = require_cluster_tools()
    cluster = Cluster(Path(tempfile.mkdtemp(prefix="docsync-live-")), pgpool)
    try:
        cluster.start()
    except BaseException:
        cluster.stop()
        shutil.rmtree(cluster.dir, ignore_errors=True)
        raise
    return cluster
