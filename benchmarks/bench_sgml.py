"""docsync's SGML reader against OpenSP's osx on the same input, side by side in one run.

    .venv/bin/python benchmarks/bench_sgml.py [--branch V4_3_STABLE] [--rounds 15]

Each round times, in turn: osx on the English book, osx on the Japanese book, docsync reading
both books (in this process, warm imports), and the same for example-cluster.sgml alone
(osx through the wrapper document upstream's build would need). Rounds interleave the tools so
machine noise hits both alike; the report gives medians and the docsync/osx ratio.
Target (issue 2): docsync's EN+JA book parse takes no longer than osx on the same two books.

The compiled reader (setup.py, ``DOCSYNC_MYPYC=1``) is measured by running this script with the
compiled build first on ``PYTHONPATH``; the first output line says which reader ran.

Measured 2026-11-25 on the 2-core CI machine, quiet (load ~0.9), V4_3_STABLE, 15 rounds:
- pure Python: osx books ~126 ms, docsync books ~148 ms (ratio 1.17, target not met);
- compiled:    osx books 134.6 ms, docsync books 116.5 ms (ratio 0.87, target met);
chapters (example-cluster EN+JA): osx 62-65 ms (wrapper document), docsync 4-5 ms (0.06-0.08).
Of the pure reader's time on the Japanese book, about 10 ms is reading and decoding UTF-8 and
27 ms the C regex scan; the rest is the tree-building loop, which mypyc compiles.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from docsync.sgml import load_document  # noqa: E402
from docsync.sgml import parse as _reader  # noqa: E402
from tests.sgml.osx import run_osx  # noqa: E402

ENV = {**os.environ, "SP_CHARSET_FIXED": "1", "SP_ENCODING": "UTF-8"}


def osx_book(path: Path) -> float:
    start = time.perf_counter()
    subprocess.run(["osx", "-D.", "-x", "lower", "-i", "include-xslt-index", path.name],
                   cwd=path.parent, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def osx_chapter(path: Path) -> float:
    start = time.perf_counter()
    run_osx(path)
    return time.perf_counter() - start


def docsync_parse(*paths: Path) -> float:
    start = time.perf_counter()
    for p in paths:
        load_document(p)
    return time.perf_counter() - start


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--branch", default="V4_3_STABLE")
    ap.add_argument("--rounds", type=int, default=15)
    args = ap.parse_args()
    shared = Path(os.environ.get("DOCSYNC_SHARED", PROJECT.parent / "shared"))
    base = shared / "pgpool-docs" / args.branch
    books = [base / "doc/src/sgml/pgpool.sgml", base / "doc.ja/src/sgml/pgpool.sgml"]
    chapters = [base / "doc/src/sgml/example-cluster.sgml", base / "doc.ja/src/sgml/example-cluster.sgml"]
    docsync_parse(*books, *chapters)  # warm imports and caches once
    t: dict[str, list[float]] = {k: [] for k in ("osx books", "docsync books", "osx chapters", "docsync chapters")}
    for _ in range(args.rounds):
        t["osx books"].append(sum(osx_book(b) for b in books))
        t["docsync books"].append(docsync_parse(*books))
        t["osx chapters"].append(sum(osx_chapter(c) for c in chapters))
        t["docsync chapters"].append(docsync_parse(*chapters))
    med = {k: statistics.median(v) for k, v in t.items()}
    kind = "compiled with mypyc" if not _reader.__file__.endswith(".py") else "pure Python"
    print(f"branch {args.branch}, {args.rounds} rounds, SGML reader {kind}, medians (min-max):")
    for k, v in t.items():
        print(f"  {k:<18} {med[k] * 1000:8.1f} ms   ({min(v) * 1000:.1f}-{max(v) * 1000:.1f})")
    print(f"  ratio docsync/osx, EN+JA books:    {med['docsync books'] / med['osx books']:.2f}  (target <= 1.00)")
    print(f"  ratio docsync/osx, EN+JA chapters: {med['docsync chapters'] / med['osx chapters']:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
