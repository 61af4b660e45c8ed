"""Run corpus cases through every command and format, in this process; print one JSON result.

    python -m tests.corpus.runner CASE_DIR...

Started as a child process by test_corpus.py, which kills it at a hard timeout. Each run goes
through ``docsync.cli.main`` with stdout and stderr captured; the result holds, per run, the
exit code, the rule codes found, the CPU and wall time and whether stderr held a traceback,
and the process's peak memory at the end.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import resource
import sys
import tempfile
import time
import tomllib
from pathlib import Path

from docsync.cli import main as docsync_main

TEXT_CODE = re.compile(r"\b([A-Z]{3}\d{3}) \[")
FORMATS = {
    "lint": ("text", "json", "sarif", "github"),
    "extract": ("text", "json", "sarif", "github"),
    "check": ("text", "json", "sarif", "github", "html"),
    "drift": ("text", "json", "sarif", "github", "html"),
}


def commands(case: Path, kind: str, out: Path) -> list[tuple[str, list[str]]]:
    """(command, arguments) for every command that reads this kind of input; primary first."""
    if kind == "conf":
        return [("lint", ["lint", str(case / "pgpool.conf")])]
    if kind == "sgml":
        f = str(case / "input.sgml")
        return [
            ("sgml2xml", ["sgml2xml", f]),
            ("extract", ["extract", "--docs", f, "--out", str(out / "extract")]),
            ("check", ["check", "--docs", f, "--out", str(out / "check")]),
            ("drift", ["drift", "--en", f, "--ja", f]),
        ]
    tree = str(case / "tree")
    return [
        ("check", ["check", "--docs", tree, "--out", str(out / "check")]),
        ("extract", ["extract", "--docs", tree, "--out", str(out / "extract")]),
        ("drift", ["drift", tree]),
    ]


def codes_of(fmt: str, stdout: str, stderr: str) -> list[str]:
    if fmt == "json":
        return sorted({f["code"] for f in json.loads(stdout)["findings"]}) if stdout.strip() else []
    if fmt == "sarif":
        runs = json.loads(stdout)["runs"] if stdout.strip() else []
        return sorted({r["ruleId"] for run in runs for r in run["results"]})
    if fmt == "github":
        return sorted(set(re.findall(r"title=([A-Z]{3}\d{3})", stdout)))
    if fmt == "html":
        return sorted(set(re.findall(r"\b([A-Z]{3}\d{3})\b", stdout)))
    return sorted(set(TEXT_CODE.findall(stdout + stderr)))


def run_one(args: list[str]) -> dict:
    out, err = io.StringIO(), io.StringIO()
    cpu, wall = time.process_time(), time.perf_counter()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = docsync_main(args)
    return {
        "args": args,
        "exit": code,
        "stdout": out.getvalue(),
        "stderr": err.getvalue(),
        "cpu": time.process_time() - cpu,
        "wall": time.perf_counter() - wall,
    }


def run_case(case: Path, manifest: dict) -> dict:
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for command, args in commands(case, manifest["kind"], Path(tmp)):
            formats = FORMATS.get(command, ("text",))
            for fmt in formats:
                extra = ["--fail-level", "error"] if command != "sgml2xml" else []
                if command != "sgml2xml":
                    extra += ["-f", fmt]
                if command == "extract":
                    args = [*args[:-1], f"{args[-1]}-{fmt}"]
                r = run_one([*args, *extra])
                try:
                    found = codes_of(fmt, r["stdout"], r["stderr"])
                    parsed = True
                except (ValueError, KeyError):
                    found, parsed = [], False
                results.append({
                    "command": command,
                    "format": fmt,
                    "exit": r["exit"],
                    "codes": found,
                    "parsed": parsed,
                    "traceback": "Traceback" in r["stderr"] or "internal error" in r["stderr"],
                    "stderr_lines": r["stderr"].count("\n"),
                    "stderr": r["stderr"][-300:],
                    "cpu": r["cpu"],
                    "wall": r["wall"],
                })
    return {"case": case.name, "runs": results}


def main(argv: list[str]) -> int:
    manifest = {c["name"]: c for c in tomllib.loads((Path(__file__).parent / "manifest.toml").read_text())["case"]}
    out = []
    for arg in argv:
        case = Path(arg)
        sys.stderr.write(f"running {case.name}\n")
        sys.stderr.flush()
        out.append(run_case(case, manifest[case.name]))
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    sys.stdout.write(json.dumps({"cases": out, "peak_mb": peak_kb / 1024}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
