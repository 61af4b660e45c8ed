"""Deployment checks on real files, owners and modes in a tmp configuration directory.

The directory stands in for /etc/pgpool2: docsync is told so with ``--server``. Scripts
are real files with real owners and modes; whether the service user
(postgres, from the packaged unit file) may execute one is decided by the kernel's rules,
which the test confirms independently with ``runuser -u postgres -- test -x``.
"""

from __future__ import annotations

import json
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from docsync.cli import main
from docsync.lint.scripts import service_user
from tests.conftest import require

GOOD_SCRIPT = "#!/bin/bash\nset -o errexit\nexit 0\n"


def _postgres() -> pwd.struct_passwd:
    try:
        return pwd.getpwnam("postgres")
    except KeyError:
        if os.environ.get("CI") == "true":
            pytest.fail("the postgres user (postgresql package) is required in CI")
        pytest.skip("no postgres user here")


@pytest.fixture
def confdir() -> Iterator[Path]:
    """A directory the postgres user can enter (pytest's tmp_path is private to root)."""
    require(os.geteuid() == 0, "root (to create files owned by other users)")
    _postgres()
    d = Path(tempfile.mkdtemp(prefix="docsync-deploy-"))
    d.chmod(0o755)
    try:
        yield d
    finally:
        shutil.rmtree(d, ignore_errors=True)


def script(path: Path, text: str = GOOD_SCRIPT, mode: int = 0o755, owner: str = "root") -> Path:
    path.write_text(text)
    path.chmod(mode)
    pw = pwd.getpwnam(owner)
    os.chown(path, pw.pw_uid, pw.pw_gid)
    return path


def postgres_can_execute(path: Path) -> bool:
    """The kernel's answer, asked as the postgres user."""
    return subprocess.run(["runuser", "-u", "postgres", "--", "test", "-x", str(path)], check=False).returncode == 0


def write_server(d: Path, conf: str, hba: str = "local all all trust\n", passwd: str = "") -> Path:
    (d / "pcp.conf").write_text("")
    (d / "pool_hba.conf").write_text(hba)
    (d / "pool_passwd").write_text(passwd)
    path = d / "pgpool.conf"
    path.write_text(conf)
    return path


def lint(path: Path, capsys, server: str | None = "--server") -> list[tuple[int, str]]:
    main(["lint", "-f", "json", "--select", "deployment", *([server] if server else []), str(path)])
    doc = json.loads(capsys.readouterr().out)
    return sorted((f["line"], f["code"]) for f in doc["findings"])


def test_service_user_comes_from_the_unit_file() -> None:
    unit = Path("/lib/systemd/system/pgpool2.service")
    require(unit.is_file(), "the pgpool2 systemd unit (Debian's pgpool2 package)")
    user = service_user()
    assert user.name == "postgres" and user.source == str(unit)


def test_every_cross_file_problem_at_its_setting(confdir: Path, capsys) -> None:
    d = confdir
    data0 = d / "data0"
    data0.mkdir()
    script(data0 / "recovery_1st_stage", owner="postgres", mode=0o700)
    script(d / "failover.sh")
    locked = script(d / "follow_primary.sh", mode=0o700)  # root's own: postgres may not run it
    script(d / "escalation.sh", "echo no shebang\n")
    script(d / "de_escalation.sh", "#!/bin/bash\nif true; then\n  echo x\n")
    assert not postgres_can_execute(locked) and postgres_can_execute(d / "failover.sh")
    (d / "pgpool_node_id").write_text("1\n")
    conf = write_server(
        d,
        f"backend_hostname0 = 'localhost'\n"  # 1
        f"backend_port0 = 5432\n"
        f"backend_data_directory0 = '{data0}'\n"  # 3
        f"backend_hostname1 = '127.0.0.1'\n"
        f"backend_port1 = 5433\n"
        f"backend_data_directory1 = '{d}/data1'\n"  # 6: missing
        f"failover_command = '{d}/failover.sh %d %h'\n"  # 7: fine
        f"follow_primary_command = '{d}/follow_primary.sh %d'\n"  # 8: not executable by postgres
        f"failback_command = '/usr/bin/sudo {d}/failback.sh %d'\n"  # 9: missing (past sudo)
        f"wd_escalation_command = '{d}/escalation.sh'\n"  # 10: no shebang
        f"wd_de_escalation_command = '{d}/de_escalation.sh'\n"  # 11: bash -n fails
        f"recovery_1st_stage_command = 'recovery_1st_stage'\n"  # 12: missing in data1 only
        f"enable_pool_hba = on\n"  # 13
        f"sr_check_user = 'pgpool'\n"  # 14: pool_hba admits only postgres; no pool_passwd entry
        f"sr_check_password = ''\n"
        f"health_check_user = 'postgres'\n"  # 16: in pool_passwd: fine
        f"health_check_password = ''\n"
        f"use_watchdog = on\n"  # 18: node id 1, but only hostname0
        f"hostname0 = 'localhost'\n",
        hba="local all postgres trust\nhost all app 127.0.0.1/32 md5\n",
        passwd="postgres:TEXTpostgres-pw\n",
    )
    assert lint(conf, capsys) == [
        (6, "PGP068"),
        (8, "PGP061"),
        (9, "PGP060"),
        (10, "PGP062"),
        (11, "PGP063"),
        (12, "PGP060"),
        (13, "PGP066"),  # pool_hba authenticates 'app' with md5: no pool_passwd entry
        (14, "PGP065"),
        (14, "PGP066"),
        (18, "PGP067"),
    ]
    # fix it all: nothing left
    locked.chmod(0o755)
    script(d / "escalation.sh")
    script(d / "de_escalation.sh")
    (d / "data1").mkdir()
    script(d / "data1" / "recovery_1st_stage", owner="postgres", mode=0o700)
    script(d / "failback.sh")
    (d / "pool_hba.conf").write_text("local all postgres,pgpool trust\nhost all app 127.0.0.1/32 md5\n")
    (d / "pool_passwd").write_text("postgres:TEXTpostgres-pw\npgpool:TEXTpgpool-pw\napp:TEXTapp-pw\n")
    (d / "pgpool_node_id").write_text("0\n")
    assert lint(conf, capsys) == []


def test_a_directory_on_the_way_counts(confdir: Path, capsys) -> None:
    private = confdir / "private"
    private.mkdir(mode=0o700)
    target = script(private / "failover.sh")
    assert not postgres_can_execute(target)
    conf = write_server(confdir, f"failover_command = '{target} %d'\n")
    assert lint(conf, capsys) == [(1, "PGP061")]
    private.chmod(0o711)
    assert postgres_can_execute(target) and lint(conf, capsys) == []


def test_missing_hba_and_node_id(confdir: Path, capsys) -> None:
    conf = write_server(confdir, "enable_pool_hba = on\nuse_watchdog = on\nhostname0 = 'localhost'\n")
    (confdir / "pool_hba.conf").unlink()
    assert lint(conf, capsys) == [(1, "PGP064"), (2, "PGP067")]


def test_copies_and_samples_are_not_a_server(tmp_path: Path, capsys) -> None:
    """Elsewhere than where the service reads it, with its companions or not, the same file is
    somebody's copy (generated/en, a template): no deployment findings, unless --server."""
    conf = write_server(tmp_path, "failover_command = '/nonexistent/failover.sh %d'\nenable_pool_hba = on\n")
    assert lint(conf, capsys, server=None) == []
    assert lint(conf, capsys, server="--no-server") == []
    assert lint(conf, capsys) == [(1, "PGP060")]


def test_standard_input_is_not_the_server_file_unless_said(capsys, monkeypatch) -> None:
    """A pipe named /etc/pgpool2/pgpool.conf (pre-commit, an editor) is not what the service
    reads: no deployment checks, unless --server."""
    import io

    text = b"failover_command = '/nonexistent/failover.sh %d'\n"
    for options, expected in (([], []), (["--server"], [(1, "PGP060")])):
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(text)))
        shown = ["--stdin-filename", "/etc/pgpool2/pgpool.conf", "-"]
        main(["lint", "-f", "json", "--select", "deployment", *options, *shown])
        doc = json.loads(capsys.readouterr().out)
        assert sorted((f["line"], f["code"]) for f in doc["findings"]) == expected

