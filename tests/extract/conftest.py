"""Reports the per-version block kind counts that test_upstream.py collects."""

from __future__ import annotations

from tests.extract.helpers import KIND_COUNTS


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if not KIND_COUNTS:
        return
    columns = sorted(KIND_COUNTS)
    labels = [
        c.replace("_STABLE", "").replace("V", "").replace("_", ".").replace(" ", "/")
        for c in columns
    ]
    kinds = sorted({k for counts in KIND_COUNTS.values() for k in counts})
    width = max(len(k) for k in kinds) + 1
    tr = terminalreporter
    tr.section("docsync extract: block kinds in upstream example-cluster.sgml")
    tr.write_line(" " * width + "".join(f"{label:>10}" for label in labels))
    for kind in kinds:
        tr.write_line(
            f"{kind:<{width}}" + "".join(f"{KIND_COUNTS[c].get(kind, 0):>10}" for c in columns)
        )
    tr.write_line(
        f"{'total':<{width}}" + "".join(f"{sum(KIND_COUNTS[c].values()):>10}" for c in columns)
    )
