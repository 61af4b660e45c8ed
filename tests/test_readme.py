"""The README's example session prints what docsync prints."""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

from docsync.cli import main
from tests.conftest import PROJECT


def _session() -> list[tuple[str, list[str]]]:
    """(command, expected output lines) of the README's ``console`` block."""
    text = (PROJECT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```console\n(.*?)```", text, re.S)
    assert block is not None, "the README has no console session"
    steps: list[tuple[str, list[str]]] = []
    for line in block.group(1).splitlines():
        if line.startswith("$ "):
            steps.append((line[2:], []))
        else:
            steps[-1][1].append(line)
    return steps


def test_readme_lint_example_prints_what_it_shows(tmp_path: Path, capsys) -> None:
    steps = _session()
    printf, lint = steps[0][0], steps[1]
    assert printf.startswith("printf ") and lint[0] == ".venv/bin/docsync lint small.conf"
    fmt = shlex.split(printf.split(">")[0])[1]
    (tmp_path / "small.conf").write_text(fmt.encode().decode("unicode_escape"))
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        code = main(shlex.split(lint[0])[1:])
    finally:
        os.chdir(cwd)
    assert code == 1
    assert capsys.readouterr().out.splitlines() == lint[1]
