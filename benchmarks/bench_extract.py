"""Time `docsync extract` on upstream's example-cluster.sgml pair, in process and as a command.

    .venv/bin/python benchmarks/bench_extract.py [--branch master] [--rounds 15]

Each round runs, in turn: the whole extract pipeline in this process (read both files,
classify, render, plan the output directory; warm imports) and the real command in a fresh
interpreter (``python -m docsync extract --check`` into a scratch directory, so nothing in the
project changes). The report gives min and median wall time of each, and the first in-process
run separately (cold: templates and rules still to load).
Target (issue 2): under 0.3 s wall.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

TARGET = 0.3


def in_process(docs: Path, out: Path) -> float:
    from docsync.extract import extract
    from docsync.extract.sync import plan_sync

    start = time.perf_counter()
    result = extract(docs)
    plan_sync(result.artifacts, out, ("en", "ja"))
    return time.perf_counter() - start


def as_command(docs: Path, out: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "docsync", "extract", "--docs", str(docs),
                    "--out", str(out), "--check"], cwd=PROJECT,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--branch", default="master")
    ap.add_argument("--rounds", type=int, default=15)
    args = ap.parse_args()
    upstream = PROJECT.parent / "shared" / "pgpool-docs"
    docs = upstream / args.branch / "doc" / "src" / "sgml" / "example-cluster.sgml"
    if not docs.is_file():
        print(f"bench_extract: {docs} not found", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "generated"
        cold = in_process(docs, out)
        times: dict[str, list[float]] = {"in process": [], "command": []}
        for _ in range(args.rounds):
            times["in process"].append(in_process(docs, out))
            times["command"].append(as_command(docs, out))
    print(f"docsync extract, {args.branch} example-cluster.sgml (en + ja), {args.rounds} rounds")
    print(f"  {'in process (cold)':<20} {cold * 1000:8.1f} ms")
    worst = 0.0
    for name, values in times.items():
        median = statistics.median(values)
        worst = max(worst, median)
        print(f"  {name:<20} {median * 1000:8.1f} ms median, {min(values) * 1000:8.1f} ms min")
    verdict = "meets" if worst < TARGET else "misses"
    print(f"  target < {TARGET * 1000:.0f} ms wall: {verdict} it")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
