"""A plain ``docsync sgml2xml`` skips typer (docsync/quick.py) and answers as the full command line does.

Each command line runs twice in fresh interpreters: through the console script's entry point
(``python -m docsync``, which tries ``quick.run`` first) and through ``docsync.cli.main``
alone (typer reads every argument). Output, report and exit code must be the same bytes.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from docsync.quick import plain_sgml2xml

from .conftest import PROJECT

CHAPTER = next((PROJECT / "sgml" / "doc" / "src" / "sgml").glob("*.sgml"))

TYPER_ONLY = "import sys\nfrom docsync.cli import main\nsys.exit(main(sys.argv[1:]))\n"


def _run(args: list[str], *, quick: bool, cwd: Path) -> tuple[int, bytes, bytes]:
    command = [sys.executable, "-m", "docsync", *args] if quick else [sys.executable, "-c", TYPER_ONLY, *args]
    proc = subprocess.run(command, capture_output=True, cwd=cwd, check=False)
    return proc.returncode, proc.stdout, proc.stderr


def _inputs(tmp: Path) -> dict[str, Path]:
    docs = tmp / "docs"
    docs.mkdir()
    (docs / "part.sgml").write_text("<para>from a file &amp; its <emphasis>entity</>\n")
    (docs / "book.sgml").write_text(
        '<!DOCTYPE book [\n<!ENTITY part SYSTEM "part.sgml">\n<!ENTITY away SYSTEM "../away.sgml">\n]>\n'
        "<book><!-- a comment --><title>T</title>\n&part;\n&away;\n</book>\n"
    )
    (tmp / "away.sgml").write_text("<para>outside the root</para>\n")
    (docs / "broken.sgml").write_text("<chapter id='c'><title>T</title><para>open\n</chapter>\n<sect1>")
    (docs / "binary.sgml").write_bytes(b"\x00\xff\xfe<chapter>\x00</chapter>")
    (docs / "latin1.sgml").write_bytes("<para>caf\xe9</para>\n".encode("latin-1"))
    return {"docs": docs, "tmp": tmp}


CASES = [
    ["sgml2xml", "{chapter}"],
    ["sgml2xml", "--no-comments", "{chapter}"],
    ["sgml2xml", "{chapter}", "--no-comments"],
    ["sgml2xml", "{docs}/book.sgml"],
    ["sgml2xml", "--root", "{tmp}", "{docs}/book.sgml"],
    ["sgml2xml", "--root={tmp}", "--no-comments", "{docs}/book.sgml"],
    ["sgml2xml", "--root=", "book.sgml"],
    ["sgml2xml", "{docs}/broken.sgml"],
    ["sgml2xml", "{docs}/binary.sgml"],
    ["sgml2xml", "{docs}/latin1.sgml"],
    ["sgml2xml", "{docs}/missing.sgml"],
    ["sgml2xml", "{docs}"],
    ["sgml2xml", "--root", "{docs}/missing", "{docs}/book.sgml"],
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: " ".join(a.replace("{", "").replace("}", "") for a in case))
def test_the_quick_path_answers_as_typer_does(case: list[str], tmp_path: Path) -> None:
    where = _inputs(tmp_path)
    args = [a.format(chapter=CHAPTER, docs=where["docs"], tmp=where["tmp"]) for a in case]
    assert plain_sgml2xml(args[1:]) is not None  # the case is one the quick path takes
    quick = _run(args, quick=True, cwd=where["docs"])
    full = _run(args, quick=False, cwd=where["docs"])
    assert quick == full
    assert b"Traceback" not in quick[2]


@pytest.mark.parametrize(
    "args",
    [[], ["--help"], ["-h"], ["a.sgml", "b.sgml"], ["--root"], ["--root", "--no-comments", "a.sgml"],
     ["--bogus", "a.sgml"], ["--", "a.sgml"], ["-"]],
    ids=repr,
)
def test_anything_but_a_plain_form_goes_to_the_full_command_line(args: list[str]) -> None:
    assert plain_sgml2xml(args) is None


def test_a_plain_run_does_not_import_typer_and_help_does() -> None:
    code = (
        "import io, sys\n"
        "from docsync.__main__ import run_command_line\n"
        "sys.argv = ['docsync', *sys.argv[1:]]\n"
        "sys.stdout = io.StringIO()\n"
        "code = run_command_line()\n"
        "sys.stdout = sys.__stdout__\n"
        "print(code, 'typer' in sys.modules)\n"
    )
    for args, expected in (([str(CHAPTER)], "0 False"), (["--help"], "0 True")):
        proc = subprocess.run([sys.executable, "-c", code, "sgml2xml", *args], capture_output=True, text=True,
                              cwd=PROJECT, check=False)
        assert proc.stdout.strip() == expected, proc.stderr
