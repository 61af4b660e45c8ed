"""Run docsync as a program: the ``docsync`` console script and ``python -m docsync``.

Choices that hold for the whole process live here, in the function that owns it, and not in
library code (which tests and other programs import):

- typer imports rich (~40 ms) whenever it is installed, only to pretty-print help; docsync never
  uses it, so a run keeps it out unless something imported it already.
- A plain ``docsync sgml2xml FILE`` is read by ``docsync/quick.py`` without importing typer
  and every command (a sixth of the run); any other command line goes to ``docsync/cli.py``.
- The cyclic garbage collector is off for the run: a run builds a few large trees with parent
  links (SGML documents) that live until it ends, and the collector's passes over them while
  they grow cost a third to a half of a book's parse (benchmarks/bench_sgml2xml.py) and free
  nothing. Reference counting still frees everything acyclic.
- The process ends without the interpreter's teardown: freeing a book's ~100,000 nodes one by
  one at exit took ~80 ms of a 280 ms ``sgml2xml``. What a normal exit must still do is done
  first: the output streams are flushed and the ``atexit`` handlers run (temporary directories'
  finalizers among them); every file docsync writes is complete (and atomic) before that.
"""

from __future__ import annotations

import atexit
import gc
import os
import sys


def run_command_line() -> int:
    """Set the process up and run the command line; return the exit code."""
    if "rich" not in sys.modules:
        sys.modules["rich"] = None  # type: ignore[assignment]
    gc.disable()
    from docsync import quick

    code = quick.run(sys.argv[1:])  # a plain sgml2xml, without typer's start-up (quick.py)
    if code is not None:
        return code
    from docsync.cli import main as run

    return run()


def main() -> int:
    """The console script's entry point: run, then end the process with the exit code."""
    code = run_command_line()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:
        return code  # a closed pipe: let the interpreter's own exit report it, as before
    atexit._run_exitfuncs()  # what a normal exit runs, before skipping the rest of it
    os._exit(code)


if __name__ == "__main__":
    raise SystemExit(main())
