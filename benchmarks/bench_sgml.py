"""docsync's SGML reader against OpenSP's osx on the same input, side by side in one run.

    .venv/bin/python benchmarks/bench_sgml.py [--branch V4_3_STABLE] [--rounds 15]

Each round times, in turn: osx on the English book, osx on the Japanese book, docsync reading
both books (in this process, warm imports), and the same for example-cluster.sgml alone
(osx through the wrapper document upstream's build would need). Rounds interleave the tools so
machine noise hits both alike; the report gives medians and the docsync/osx ratio.
Target (issue 2): docsync's EN+JA book parse takes no longer than osx on the same two books.

Measured 2026-11-25 on the 2-core CI machine, quiet (load ~0.9), V4_3_STABLE, 15 rounds:
osx books ~126 ms, docsync books ~148 ms (ratio 1.17, target not met); osx chapters
61.7 ms (wrapper document), docsync chapters 5.0 ms (ratio 0.08). Of docsync's time on the
Japanese book, about 10 ms is reading and decoding UTF-8 and 27 ms is the C regex scan.
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
    base = PROJECT.parent / "shared" / "pgpool-docs" / args.branch
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
    print(f"branch {args.branch}, {args.rounds} rounds, medians (min-max):")
    for k, v in t.items():
        print(f"  {k:<18} {med[k] * 1000:8.1f} ms   ({min(v) * 1000:.1f}-{max(v) * 1000:.1f})")
    print(f"  ratio docsync/osx, EN+JA books:    {med['docsync books'] / med['osx books']:.2f}  (target <= 1.00)")
    print(f"  ratio docsync/osx, EN+JA chapters: {med['docsync chapters'] / med['osx chapters']:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
