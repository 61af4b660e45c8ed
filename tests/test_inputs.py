"""docsync.inputs: FIFOs, sockets and devices refused without blocking, symlink loops named as
such, by every command (each run in a child process with a hard timeout: a hang fails)."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from docsync import inputs

PROJECT = Path(__file__).resolve().parent.parent


def _docsync(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "docsync", *args], cwd=PROJECT, capture_output=True, text=True,
                          timeout=30, check=False)


@pytest.fixture
def specials(tmp_path: Path) -> dict[str, Path]:
    fifo = tmp_path / "pgpool.conf"
    os.mkfifo(fifo)
    loop = tmp_path / "loop.sgml"
    os.symlink("loop2.sgml", loop)
    os.symlink("loop.sgml", tmp_path / "loop2.sgml")
    sock_path = tmp_path / "sock.sgml"
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(sock_path))
    sock.close()
    broken = tmp_path / "broken.sgml"
    os.symlink("nowhere.sgml", broken)
    return {"fifo": fifo, "loop": loop, "socket": sock_path, "device": Path("/dev/null"), "broken": broken}


EXPECTED = {
    "fifo": "is a FIFO (named pipe), not a regular file",
    "loop": "symlink loop",
    "socket": "is a socket, not a regular file",
    "device": "is a character device, not a regular file",
    "broken": "broken symlink",
}


@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_shared_opener_names_the_problem(specials: dict[str, Path], kind: str) -> None:
    with pytest.raises(inputs.InputProblem, match=re.escape(EXPECTED[kind])):
        inputs.read_input(specials[kind], max_bytes=1000)


def test_regular_files_read_and_size_bound(tmp_path: Path) -> None:
    path = tmp_path / "a.conf"
    path.write_bytes(b"port = 9999\n")
    assert inputs.read_input(path, max_bytes=100) == b"port = 9999\n"
    with pytest.raises(inputs.InputProblem) as exc:
        inputs.read_input(path, max_bytes=5)
    assert exc.value.problem is inputs.Problem.TOO_LARGE


@pytest.mark.parametrize("kind", sorted(EXPECTED))
@pytest.mark.parametrize("command", ["lint", "sgml2xml", "drift", "extract", "check"])
def test_every_command_refuses_without_blocking(specials: dict[str, Path], kind: str, command: str) -> None:
    """Issue 8: `docsync lint FIFO` blocked forever; a symlink loop was 'no such file'."""
    path = str(specials[kind])
    args = {
        "lint": ["lint", path],
        "sgml2xml": ["sgml2xml", path],
        "drift": ["drift", "--en", path, "--ja", path],
        "extract": ["extract", "--docs", path, "--check"],
        "check": ["check", "--docs", path],
    }[command]
    done = _docsync(*args)
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert EXPECTED[kind] in done.stderr
    if kind == "loop":
        assert "no such file" not in done.stderr
