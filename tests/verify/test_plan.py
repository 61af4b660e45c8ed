"""Blocks -> steps on our chapter: hosts, users, sessions, answers, editor content (no hosts run)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from docsync.extract import blocks_of, read_documents
from docsync.extract.inputs import resolve_sources
from docsync.verify.plan import Kind, plan
from docsync.verify.ruleset import load_rules, parse_rules
from docsync.verify.scenario import packages_of, scenario_of
from tests.conftest import PROJECT, require

RULES = load_rules()


def _steps(lang: str = "en"):
    source = resolve_sources(PROJECT / "sgml", lang)[0]
    docs = read_documents(source)
    blocks, _, _ = blocks_of(docs, lang)
    scene = scenario_of(blocks, docs, RULES)
    steps, problems = plan(list(blocks), [h.name for h in scene.hosts], RULES)
    return scene, steps, problems


def test_hosts_and_addresses_come_from_the_chapter() -> None:
    scene, _, problems = _steps()
    assert [(h.name, h.address, h.interface) for h in scene.hosts] == [
        ("server1", "192.168.137.101", "enp1s0"),
        ("server2", "192.168.137.102", "enp1s0"),
        ("server3", "192.168.137.103", "enp1s0"),
    ]
    assert problems == []
    _, steps, _ = _steps()
    packages = packages_of(steps)
    assert "iputils-arping" in packages and "postgresql-15-pgpool2" in packages


def test_all_servers_runs_on_each_host_and_su_sets_the_user() -> None:
    _, steps, _ = _steps()
    mkdir = [s for s in steps if s.text == "mkdir -p /var/lib/postgresql/archivedir"]
    assert [(s.host, s.user) for s in mkdir] == [(h, "postgres") for h in ("server1", "server2", "server3")]
    restart = [s for s in steps if s.text == "systemctl restart postgresql@15-main"]
    assert [(s.host, s.user) for s in restart] == [("server1", "root")]


def test_psql_session_is_one_step_with_answers_for_its_prompts() -> None:
    _, steps, _ = _steps()
    (session,) = [s for s in steps if s.kind is Kind.PSQL]
    assert session.text == "psql" and session.user == "postgres"
    assert session.lines[0] == "CREATE ROLE pgpool WITH LOGIN;" and session.lines[-1] == "\\q"
    assert session.answers == ("db:pgpool", "db:pgpool", "db:repl", "db:repl", "db:postgres", "db:postgres")


def test_editor_content_and_elided_edits() -> None:
    _, steps, _ = _steps()
    writes = {(s.text, s.host): s for s in steps if s.kind is Kind.WRITE}
    escalation = writes[("/etc/pgpool2/escalation.sh", "server2")]
    assert escalation.assign and "DEVICE=enp1s0" in escalation.lines
    sudoers = writes[("/etc/sudoers.d/pgpool2", "server3")]
    assert sudoers.check == "visudo -c -q -f /etc/sudoers.d/pgpool2" and not sudoers.assign
    # A pgpool.conf block after the `vi` of its section goes to every host.
    assert {h for (t, h) in writes if t == "/etc/pgpool2/pgpool.conf"} == {"server1", "server2", "server3"}
    # The content shown after `echo 0 > pgpool_node_id` is checked on the host that wrote 0.
    (expect,) = [s for s in steps if s.kind is Kind.EXPECT]
    assert (expect.host, expect.lines) == ("server1", ("0",))


def test_prompts_become_answers_and_leave_the_expected_output() -> None:
    _, steps, _ = _steps()
    pcp = next(s for s in steps if s.text.startswith("pcp_recovery_node"))
    assert pcp.answers == ("pcp",) and pcp.expected == ("pcp_recovery_node -- Command Successful",)
    passwd = next(s for s in steps if s.text == "passwd postgres")
    assert passwd.answers == ("unix:postgres", "unix:postgres")
    table = next(s for s in steps if "show pool_nodes" in s.text)
    assert table.answers == ("db:pgpool",) and table.expected[0].lstrip().startswith("node_id")
    assert len(table.expected_numbers) == len(table.expected)


def test_japanese_chapter_plans_the_same_steps() -> None:
    def key(steps):
        out = []
        for s in steps:
            text = s.text
            for ph in RULES.placeholders:
                for spelling in ph.texts:
                    text = text.replace(spelling, f"<{ph.secret}>")
            out.append((s.kind, s.host, s.user, text))
        return out

    _, en, _ = _steps("en")
    _, ja, _ = _steps("ja")
    assert key(en) == key(ja)


def test_rules_reject_unknown_keys() -> None:
    from docsync.errors import UsageError

    with pytest.raises(UsageError, match="unknown option"):
        parse_rules({"fleet": {"interface": "dev (?P<interface>x)", "colour": 1}})


def test_without_root_one_line_and_exit_2(tmp_path: Path) -> None:
    require(os.geteuid() == 0, "root (to drop to an unprivileged user)")
    done = subprocess.run(
        ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
         sys.executable, "-m", "docsync", "verify"],
        capture_output=True, text=True, cwd=tmp_path, timeout=120,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().count("\n") == 0 and "root" in done.stderr
    assert done.stdout == ""
