"""``docsync lint --live`` against a real Pgpool-II 4.3.5 in front of a real PostgreSQL 15,
both started by the test on loopback ports in a tmp directory (``live_cluster.py``).

The file is edited after pgpool started: a reload-context setting and an init-context one.
docsync must name both, each with the right remedy; after a real ``pgpool reload`` only the
restart-pending one is left. PCP's view of the backends is read too (a detached node is
down).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator

import pytest

from docsync.cli import main
from tests.lint.live_cluster import Cluster, start_cluster

pytestmark = [pytest.mark.oracle, pytest.mark.xdist_group("live-cluster")]


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    c = start_cluster()
    try:
        yield c
    finally:
        c.stop()
        shutil.rmtree(c.dir, ignore_errors=True)


@pytest.fixture
def live_env(cluster: Cluster, monkeypatch) -> Cluster:
    monkeypatch.setenv("PGUSER", "postgres")
    monkeypatch.setenv("PCPPASSFILE", str(cluster.pcppass))
    return cluster


def run(args: list[str], capsys) -> tuple[int, list[dict]]:
    code = main(["lint", "--live", "--select", "runtime", "--fail-level", "info", "-f", "json", *args])
    out = capsys.readouterr().out
    return code, json.loads(out)["findings"]


def line_of(conf_text: str, name: str) -> int:
    return next(i for i, line in enumerate(conf_text.splitlines(), 1) if re.match(rf"{name}\s*=", line))


def test_file_equal_to_running_pgpool_is_quiet(live_env: Cluster, capsys) -> None:
    code, findings = run([str(live_env.conf)], capsys)
    assert (code, findings) == (0, []), [f["message"] for f in findings]


def test_pending_reload_and_restart_then_a_real_reload(live_env: Cluster, capsys) -> None:
    c = live_env
    original = c.conf.read_text()
    edited = original.replace("num_init_children = 4", "num_init_children = 6").replace(
        "log_line_prefix = '%m: %a pid %p: '", "log_line_prefix = 'live-test %p: '"
    )
    try:
        c.conf.write_text(edited)
        _, findings = run([str(c.conf)], capsys)
        got = sorted((f["line"], f["code"]) for f in findings)
        assert got == sorted(
            [(line_of(edited, "num_init_children"), "PGP951"), (line_of(edited, "log_line_prefix"), "PGP950")]
        ), findings
        assert all(f["category"] == "runtime" and f["severity"] == "warning" for f in findings)
        restart = next(f for f in findings if f["code"] == "PGP951")
        assert "'4'" in restart["message"] and "'6'" in restart["message"] and "restart" in restart["message"]
        c.reload()  # the real pgpool reload: applies reload-context settings only
        _, findings = run([str(c.conf)], capsys)
        assert [(f["line"], f["code"]) for f in findings] == [(line_of(edited, "num_init_children"), "PGP951")]
    finally:
        c.conf.write_text(original)
        c.reload()
    assert run([str(c.conf)], capsys)[1] == []


def test_detached_backend_is_reported(live_env: Cluster, capsys) -> None:
    c = live_env
    detached = c.pcp("pcp_detach_node", "-n", "1")
    assert detached.returncode == 0, detached.stderr
    try:
        c.wait_accepting()  # a detach is a failover: pgpool restarts its children meanwhile
        _, findings = run([str(c.conf)], capsys)
        where = line_of(c.conf.read_text(), "backend_hostname1")
        assert [(f["code"], f["line"]) for f in findings] == [("PGP953", where)]
    finally:
        assert c.pcp("pcp_attach_node", "-n", "1").returncode == 0


def test_unreachable_pgpool_is_an_error(live_env: Cluster, capsys, tmp_path) -> None:
    code, findings = run([str(live_env.conf), "--dsn", f"host={tmp_path} port=1 user=postgres"], capsys)
    assert code == 1 and [(f["code"], f["line"], f["column"]) for f in findings] == [("PGP952", 1, 1)]


def test_pcp_without_password_file_is_a_note(live_env: Cluster, capsys, monkeypatch) -> None:
    monkeypatch.setenv("PCPPASSFILE", os.devnull)
    monkeypatch.setenv("HOME", str(live_env.dir / "nowhere"))
    code, findings = run([str(live_env.conf)], capsys)
    assert code == 1 and [(f["code"], f["severity"]) for f in findings] == [("PGP954", "info")]  # --fail-level info


def test_plain_text_pcp_password_never_authenticates(live_env: Cluster, capsys) -> None:
    """PGP034, verified: with the password itself in pcp.conf (not its md5) pcp refuses the
    right password; with the md5 hash it accepts it."""
    from tests.lint.live_cluster import PCP_PASSWORD, PCP_USER

    c = live_env
    pcp_conf = c.dir / "pcp.conf"
    original = pcp_conf.read_text()
    try:
        pcp_conf.write_text(f"{PCP_USER}:{PCP_PASSWORD}\n")
        c.reload()
        assert c.pcp("pcp_node_count").returncode != 0
        main(["lint", "-f", "json", str(pcp_conf)])
        doc = json.loads(capsys.readouterr().out)
        assert [(f["code"], f["line"]) for f in doc["findings"]] == [("PGP034", 1)]
        assert PCP_PASSWORD not in json.dumps(doc)
    finally:
        pcp_conf.write_text(original)
        c.reload()
    assert c.pcp("pcp_node_count").returncode == 0
    main(["lint", "-f", "json", str(pcp_conf)])
    assert json.loads(capsys.readouterr().out)["findings"] == []
