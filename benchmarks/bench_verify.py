"""Time per phase of `docsync verify` on our chapter, and peak memory (root needed).

Usage: python benchmarks/bench_verify.py [DOCS]. Targets (issue 13): the whole story under
120 s on 2 cores, peak memory under 4 GiB. Memory is the peak resident size of this process
and of the hosts' processes, sampled from /proc while the run goes on.
"""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

from docsync.paths import DEFAULT_DOCS_DIR
from docsync.verify import verify


def _rss_total_kib() -> int:
    """Resident memory of every process (the hosts' processes are on this machine too)."""
    total = 0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                for line in (entry / "status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            except OSError:
                pass
    return total


def main() -> int:
    docs = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DOCS_DIR
    baseline = _rss_total_kib()
    peak = [0]
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            peak[0] = max(peak[0], _rss_total_kib() - baseline)
            stop.wait(0.5)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    t0 = time.monotonic()
    result = verify(docs, "en")
    total = time.monotonic() - t0
    stop.set()
    sampler.join()
    print(f"{'phase':<50} {'seconds':>8}")
    for name, seconds in result.phases.items():
        print(f"{name:<50} {seconds:8.1f}")
    print(f"{'total':<50} {total:8.1f}")
    print(f"peak memory above the idle machine: {peak[0] / 1024 / 1024:.2f} GiB")
    errors = [f for f in result.findings if f.severity.value == "error"]
    print(f"steps: {len(result.results)}, errors: {len(errors)}")
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
