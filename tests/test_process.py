"""Library code leaves the process alone; the console script's entry point owns it (issue 9).

Each case runs in a fresh interpreter, so what it observes is what importing and running
docsync did, not what another test left behind.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from docsync.cli import main
from docsync.errors import InputError

from .conftest import PROJECT

CHAPTER = next((PROJECT / "sgml" / "doc" / "src" / "sgml").glob("*.sgml"))


def _python(code: str, *args: str) -> str:
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          cwd=PROJECT, check=False)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


def test_library_code_never_switches_the_collector(tmp_path: Path) -> None:
    conf = tmp_path / "pgpool.conf"
    conf.write_text("port = 9999\n")
    code = (
        "import gc, io, sys\n"
        "def refuse(*a):\n    raise AssertionError('library code switched the garbage collector')\n"
        "gc.disable = gc.enable = gc.freeze = refuse\n"
        "from docsync.cli import main\n"
        "sys.stdout = io.StringIO()\n"
        "codes = [main(['sgml2xml', sys.argv[1]]), main(['lint', sys.argv[2]])]\n"
        "sys.stdout = sys.__stdout__\n"
        "print(2 not in codes, gc.isenabled())\n"
    )
    # A refused call would surface as an internal error: exit code 2.
    assert _python(code, str(CHAPTER), str(conf)) == "True True"


def test_importing_the_cli_leaves_rich_importable() -> None:
    code = "import sys, docsync.cli, docsync.commands; print(sys.modules.get('rich', 'absent') is not None)"
    assert _python(code) == "True"


def test_the_entry_point_makes_the_process_choices() -> None:
    code = (
        "import gc, io, sys\n"
        "from docsync.__main__ import run_command_line\n"
        "sys.argv = ['docsync', 'sgml2xml', sys.argv[1]]\n"
        "sys.stdout = io.StringIO()\n"
        "code = run_command_line()\n"
        "sys.stdout = sys.__stdout__\n"
        "print(code, gc.isenabled(), 'rich' in sys.modules and sys.modules['rich'] is None)\n"
    )
    assert _python(code, str(CHAPTER)) == "0 False True"


def test_debug_is_an_option_not_an_environment_change(tmp_path: Path, capsys) -> None:
    missing = str(tmp_path / "missing.sgml")
    assert main(["sgml2xml", missing]) == 2
    assert "no such file" in capsys.readouterr().err
    before = dict(os.environ)
    with pytest.raises(InputError):
        main(["--debug", "sgml2xml", missing])
    assert dict(os.environ) == before
    assert main(["sgml2xml", missing]) == 2  # the next run is not in debug mode


def test_sgml2xml_reports_on_stderr_without_swapping_stdout(tmp_path: Path, capfd) -> None:
    chapter = tmp_path / "c.sgml"
    chapter.write_text("<chapter id='c'><title>T</title><para>a & b</para></chapter>\n")
    stdout = sys.stdout
    main(["sgml2xml", str(chapter)])
    assert sys.stdout is stdout
    out, err = capfd.readouterr()
    assert out.startswith("<?xml") and "a &amp; b" in out and "Found" not in out
    assert "Found 1 problem" in err  # the report (an info: its summary line) went to stderr


def test_the_fast_exit_keeps_the_exit_code_the_output_and_atexit(tmp_path: Path) -> None:
    """main() ends the process without the interpreter's teardown, but only after what a
    normal exit does: streams flushed, atexit handlers (temporary directories) run."""
    marker = tmp_path / "atexit-ran"
    code = (
        "import atexit, sys, tempfile, pathlib\n"
        "atexit.register(pathlib.Path(sys.argv[2]).write_text, 'yes')\n"
        "leftover = tempfile.TemporaryDirectory(dir=sys.argv[3])\n"
        "from docsync.__main__ import main\n"
        "sys.argv = ['docsync', 'sgml2xml', sys.argv[1]]\n"
        "main()\n"
        "print('not reached')\n"
    )
    temps = tmp_path / "temps"
    temps.mkdir()
    proc = subprocess.run([sys.executable, "-c", code, str(CHAPTER), str(marker), str(temps)],
                          capture_output=True, text=True, cwd=PROJECT, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("<?xml") and proc.stdout.rstrip().endswith(">")
    assert "not reached" not in proc.stdout
    assert marker.read_text() == "yes" and list(temps.iterdir()) == []
    missing = subprocess.run([sys.executable, "-m", "docsync", "sgml2xml", str(tmp_path / "none.sgml")],
                             capture_output=True, text=True, cwd=PROJECT, check=False)
    assert missing.returncode == 2 and "no such file" in missing.stderr
