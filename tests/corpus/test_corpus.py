"""The bad-input corpus: every case through every command and format, each batch in a child
process with a hard timeout; no traceback, the expected exit code and rule codes, each run under
2 s of CPU and the child under 300 MB.

The corpus (tests/corpus/cases, manifest.toml) is written by tests/corpus/generate.py; the first
test fails when the committed files differ from what the script writes.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from docsync.model import Severity
from docsync.rules import rule

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent.parent
MANIFEST = {c["name"]: c for c in tomllib.loads((HERE / "manifest.toml").read_text(encoding="utf-8"))["case"]}
BATCH = 8
NAMES = sorted(MANIFEST)
BATCHES = [NAMES[i : i + BATCH] for i in range(0, len(NAMES), BATCH)]
MAX_CPU_SECONDS = 2.0
MAX_PEAK_MB = 300


def test_corpus_is_what_the_generator_writes() -> None:
    done = subprocess.run([sys.executable, str(HERE / "generate.py"), "--check"], capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert len(MANIFEST) >= 200
    assert {c["kind"] for c in MANIFEST.values()} == {"sgml", "conf", "tree"}


def _shown_in_text(codes: list[str]) -> set[str]:
    return {c for c in codes if rule(c).severity is not Severity.INFO}


def _check_case(case: dict, expect: dict) -> list[str]:
    problems = []
    name = case["case"]
    runs = case["runs"]
    primary = runs[0]
    if primary["exit"] != expect["exit"]:
        problems.append(f"{name}: {primary['command']} exited {primary['exit']}, expected {expect['exit']}: "
                        f"{primary['stderr']!r}")
    for run in runs:
        where = f"{name}: {run['command']} -f {run['format']}"
        if run["traceback"]:
            problems.append(f"{where}: traceback or internal error: {run['stderr']!r}")
        if not run["parsed"]:
            problems.append(f"{where}: output is not valid {run['format']}")
        if run["cpu"] >= MAX_CPU_SECONDS:
            problems.append(f"{where}: took {run['cpu']:.2f} s of CPU")
        if run["exit"] == 2 and run["stderr_lines"] != 1:
            problems.append(f"{where}: exit 2 needs exactly one line on stderr: {run['stderr']!r}")
        if expect["exit"] in (1, 2) and run["exit"] != expect["exit"]:
            problems.append(f"{where}: exited {run['exit']}, expected {expect['exit']}")
        elif expect["exit"] == 0 and run["exit"] not in (0, 1):
            problems.append(f"{where}: exited {run['exit']}")
        # Text shows warnings and errors by default; JSON shows every finding.
        wanted = set(expect["codes"]) if run["format"] == "json" else _shown_in_text(expect["codes"])
        if run["format"] in ("text", "json") and not wanted <= set(run["codes"]):
            problems.append(f"{where}: expected {sorted(wanted)} among {run['codes']}")
    return problems


@pytest.mark.parametrize("batch", BATCHES, ids=[f"{b[0]}..{b[-1]}" for b in BATCHES])
def test_corpus_batch(batch: list[str]) -> None:
    timeout = 60 + 20 * len(batch)  # hard: a hang fails the test, naming the case being run
    try:
        done = subprocess.run(
            [sys.executable, "-m", "tests.corpus.runner", *(str(HERE / "cases" / n) for n in batch)],
            cwd=PROJECT, capture_output=True, text=True, timeout=timeout, check=False,
        )
    except subprocess.TimeoutExpired as exc:
        started = (exc.stderr or b"").decode() if isinstance(exc.stderr, bytes) else (exc.stderr or "")
        pytest.fail(f"timed out after {timeout} s; last started: {started.strip().splitlines()[-1:]}")
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout)
    assert result["peak_mb"] < MAX_PEAK_MB
    problems = [p for case in result["cases"] for p in _check_case(case, MANIFEST[case["case"]])]
    assert problems == []
