"""docs/ansible.rst and docs/server.rst: ``validate: 'docsync lint ... %s'`` run by a real
``ansible-playbook`` against localhost (connection: local).

A good configuration is installed; one pgpool would refuse fails the task with "failed to
validate" and leaves the old file in place, and a secret of the template never appears in
Ansible's output.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import require, require_tool

pytestmark = pytest.mark.oracle

SECRET = "Ansible-Sr-9d3f"
GOOD = f"# Pgpool-II 4.3 configuration file\nport = 9999\nsr_check_password = '{SECRET}'\n"
BAD = f"# Pgpool-II 4.3 configuration file\nport = 80\nsr_check_password = '{SECRET}'\nload_balance_mode = 'on\n"


def _ansible_playbook() -> str:
    beside = Path(sys.executable).parent / "ansible-playbook"
    if beside.exists():
        return str(beside)
    return require_tool("ansible-playbook")


def _docsync() -> str:
    beside = Path(sys.executable).parent / "docsync"
    return str(beside) if beside.exists() else require_tool("docsync")


def play(tmp_path: Path, content: str, dest: Path) -> subprocess.CompletedProcess:
    src = tmp_path / "pgpool.conf.j2"
    src.write_text(content)
    playbook = tmp_path / "site.yml"
    playbook.write_text(
        "- hosts: localhost\n"
        "  connection: local\n"
        "  gather_facts: false\n"
        "  tasks:\n"
        "    - name: Install pgpool.conf\n"
        "      ansible.builtin.template:\n"
        f"        src: {src}\n"
        f"        dest: {dest}\n"
        "        mode: '0600'\n"
        f"        validate: {_docsync()} lint --pgpool-version 4.3 %s\n"
    )
    env = {
        "PATH": os.environ.get("PATH", os.defpath),
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "ANSIBLE_LOCAL_TEMP": str(tmp_path / "ansible-local"),
        "ANSIBLE_REMOTE_TEMP": str(tmp_path / "ansible-remote"),
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_PYTHON_INTERPRETER": sys.executable,
        "ANSIBLE_LOCALHOST_WARNING": "false",
        "ANSIBLE_INVENTORY_UNPARSED_WARNING": "false",
    }
    return subprocess.run(
        [_ansible_playbook(), "-i", "localhost,", str(playbook)],
        capture_output=True, text=True, env=env, timeout=300, check=False,
    )


def test_validate_installs_good_and_keeps_old_on_bad(tmp_path: Path) -> None:
    require(
        shutil.which("docsync") is not None or (Path(sys.executable).parent / "docsync").exists(),
        "docsync installed as a command",
    )
    dest = tmp_path / "etc" / "pgpool.conf"
    dest.parent.mkdir()
    first = play(tmp_path, GOOD, dest)
    assert first.returncode == 0, first.stdout + first.stderr
    assert dest.read_text() == GOOD
    second = play(tmp_path, BAD, dest)
    assert second.returncode != 0
    assert "failed to validate" in second.stdout
    assert "PGP002" in second.stdout and "PGP311" in second.stdout  # docsync's findings are shown
    assert SECRET not in second.stdout + second.stderr
    assert dest.read_text() == GOOD  # the old file stays
