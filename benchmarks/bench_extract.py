"""Time `docsync extract` on upstream's example-cluster.sgml pair, in process and as a command.

    .venv/bin/python benchmarks/bench_extract.py [--branch master] [--rounds 15]

Each round runs, in turn: the whole extract pipeline in this process (read both files,
classify, render, plan the output directory; warm imports) and the real command in a fresh
interpreter (``python -m docsync extract --check`` into a scratch directory, so nothing in the
project changes). The report gives median wall and CPU time of each (CPU time is what to
compare on a busy machine), and the first in-process run separately (cold: templates and rules
still to load).
Target (issue 2): under 0.3 s wall.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

TARGET = 0.3


def in_process(docs: Path, out: Path) -> tuple[float, float]:
    """Wall and CPU seconds of the pipeline in this process."""
    from docsync.extract import extract
    from docsync.extract.sync import plan_sync

    start, cpu = time.perf_counter(), time.process_time()
    result = extract(docs)
    plan_sync(result.artifacts, out, ("en", "ja"))
    return time.perf_counter() - start, time.process_time() - cpu


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def as_command(docs: Path, out: Path) -> tuple[float, float]:
    """Wall and CPU seconds of the command in a fresh interpreter."""
    start, cpu = time.perf_counter(), _children_cpu()
    subprocess.run([sys.executable, "-m", "docsync", "extract", "--docs", str(docs),
                    "--out", str(out), "--check"], cwd=PROJECT,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start, _children_cpu() - cpu


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
        times: dict[str, list[tuple[float, float]]] = {"in process": [], "command": []}
        for _ in range(args.rounds):
            times["in process"].append(in_process(docs, out))
            times["command"].append(as_command(docs, out))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"docsync extract, {args.branch} example-cluster.sgml (en + ja), {args.rounds} rounds, "
          f"load average {load:.2f} on {os.cpu_count()} CPUs")
    print(f"  {'in process (cold)':<18} {cold[0] * 1000:7.1f} ms wall {cold[1] * 1000:7.1f} ms cpu")
    worst = 0.0
    for name, values in times.items():
        wall = statistics.median(v[0] for v in values)
        cpu = statistics.median(v[1] for v in values)
        worst = max(worst, wall)
        print(f"  {name:<18} {wall * 1000:7.1f} ms wall {cpu * 1000:7.1f} ms cpu (medians), "
              f"{min(v[0] for v in values) * 1000:7.1f} ms wall min")
    verdict = "meets" if worst < TARGET else "misses"
    print(f"  target < {TARGET * 1000:.0f} ms wall: {verdict} it"
          + ("" if worst < TARGET or load < 1 else " (the machine is busy: compare cpu time)"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
