"""Run docsync as a program: the ``docsync`` console script and ``python -m docsync``.

Choices that hold for the whole process live here, in the one function that owns it, and not in
library code (which tests and other programs import):

- typer imports rich (~40 ms) whenever it is installed, only to pretty-print help; docsync never
  uses it, so a run keeps it out unless something imported it already.
- The cyclic garbage collector is off for the run: a run builds a few large trees with parent
  links (SGML documents) that live until it ends, and the collector's passes over them while
  they grow cost a third to a half of a book's parse (benchmarks/bench_sgml2xml.py) and free
  nothing. Reference counting still frees everything acyclic; the process exits soon after.
"""

from __future__ import annotations

import gc
import sys


def main() -> int:
    """The console script's entry point: set the process up, then run the command line."""
    if "rich" not in sys.modules:
        sys.modules["rich"] = None  # type: ignore[assignment]
    gc.disable()
    from docsync.cli import main as run

    return run()


if __name__ == "__main__":
    raise SystemExit(main())
