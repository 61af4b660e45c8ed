"""Time `docsync extract` on upstream's example-cluster.sgml pair, in process and as a command.

    .venv/bin/python benchmarks/bench_extract.py [--branch master|all] [--rounds 7]

Every branch of ../shared/pgpool-docs by default, two inputs each: the chapter pair given as a
file, and the checkout given with ``--scenario example-cluster`` (what ``lint --docs`` reads).
Both make complete files from the checkout's ``src/sample/``.

Each round runs, in turn: the whole extract pipeline in this process (read both files,
classify, render, plan the output directory; warm imports) and the real command in a fresh
interpreter (``python -m docsync extract --check`` against a scratch output directory that
one untimed run filled first: the up-to-date check a pre-commit hook or CI makes; nothing in
the project changes). The report gives median wall and CPU time of each (CPU time is what to
compare on a busy machine); a first in-process run warms imports, templates and rules.
Target (issues 2 and 10): under 0.3 s wall as a command.
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


def in_process(docs: Path, out: Path, scenario: str | None = None) -> tuple[float, float]:
    """Wall and CPU seconds of the pipeline in this process."""
    from docsync.extract import extract
    from docsync.extract.sync import plan_sync

    start, cpu = time.perf_counter(), time.process_time()
    result = extract(docs, scenario=scenario)
    plan_sync(result.artifacts, out, ("en", "ja"))
    return time.perf_counter() - start, time.process_time() - cpu


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def as_command(
    docs: Path, out: Path, extra: tuple[str, ...] = (), source: Path = PROJECT, check: bool = True
) -> tuple[float, float]:
    """Wall and CPU seconds of the command in a fresh interpreter (docsync from ``source``)."""
    env = {**os.environ, "PYTHONPATH": str(source)}
    start, cpu = time.perf_counter(), _children_cpu()
    subprocess.run([sys.executable, "-m", "docsync", "extract", "--docs", str(docs),
                    "--out", str(out), *(("--check",) if check else ()), *extra], cwd=source,
                   env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start, _children_cpu() - cpu


def _branches(upstream: Path, wanted: str) -> list[str]:
    if wanted != "all":
        return [wanted]
    return sorted(p.name for p in upstream.iterdir() if (p / "doc" / "src" / "sgml").is_dir())


def _median(values: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(v[0] for v in values), statistics.median(v[1] for v in values)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--branch", default="all", help="a branch of ../shared/pgpool-docs, or all")
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument(
        "--baseline",
        type=Path,
        help="another docsync source tree (e.g. `git archive main | tar -x -C DIR`): its command "
        "runs on the chapter pair in the same rounds, and the ratio is reported",
    )
    args = ap.parse_args()
    upstream = PROJECT.parent / "shared" / "pgpool-docs"
    branches = _branches(upstream, args.branch)
    if not branches or not (upstream / branches[0]).is_dir():
        print(f"bench_extract: no {args.branch} under {upstream}", file=sys.stderr)
        return 2
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"docsync extract, example-cluster (en + ja, complete files from src/sample/), "
          f"{args.rounds} rounds, load average {load:.2f} on {os.cpu_count()} CPUs")
    print(f"  {'branch':<12} {'input':<34} {'in process':>22} {'command':>22}")
    worst = 0.0
    for branch in branches:
        chapter = upstream / branch / "doc" / "src" / "sgml" / "example-cluster.sgml"
        inputs = {
            "example-cluster.sgml pair": (chapter, ()),
            "checkout --scenario example-cluster": (
                upstream / branch,
                ("--scenario", "example-cluster"),
            ),
        }
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "generated"
            if args.baseline is not None:
                as_command(chapter, out, check=False)
                ours: list[tuple[float, float]] = []
                theirs: list[tuple[float, float]] = []
                for _ in range(args.rounds):
                    ours.append(as_command(chapter, out))
                    theirs.append(as_command(chapter, out, (), args.baseline.resolve()))
                (ow, oc), (tw, tc) = _median(ours), _median(theirs)
                print(f"  {branch:<12} {'pair: this command':<34} {'':>22} "
                      f"{ow * 1000:6.1f} ms ({oc * 1000:5.1f} cpu)")
                print(f"  {branch:<12} {'pair: baseline command':<34} {'':>22} "
                      f"{tw * 1000:6.1f} ms ({tc * 1000:5.1f} cpu)")
                print(f"  {branch:<12} {'pair: this / baseline (cpu)':<34} {'':>22} "
                      f"{oc / tc:14.2f}x")
            for label, (docs, extra) in inputs.items():
                scenario = extra[1] if extra else None
                in_process(docs, out, scenario)  # warm
                as_command(docs, out, extra, check=False)  # fill the output: --check finds it fresh
                inside: list[tuple[float, float]] = []
                command: list[tuple[float, float]] = []
                for _ in range(args.rounds):
                    inside.append(in_process(docs, out, scenario))
                    command.append(as_command(docs, out, extra))
                (iw, ic), (cw, cc) = _median(inside), _median(command)
                worst = max(worst, cw)
                print(f"  {branch:<12} {label:<34} {iw * 1000:6.1f} ms ({ic * 1000:5.1f} cpu) "
                      f"{cw * 1000:6.1f} ms ({cc * 1000:5.1f} cpu)")
    verdict = "meets" if worst < TARGET else "misses"
    print(f"  target < {TARGET * 1000:.0f} ms wall as a command (medians): {verdict} it"
          + ("" if worst < TARGET or load < 1 else " (the machine is busy: compare cpu time)"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
