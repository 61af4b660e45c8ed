"""Shared test helpers: where the upstream data lives, and how oracles are required in CI."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
# ../shared beside the project; DOCSYNC_SHARED points elsewhere (the compiled-build run in
# .ci/test tests a copy of the project made outside the checkout).
SHARED = Path(os.environ.get("DOCSYNC_SHARED", PROJECT.parent / "shared")).resolve()
UPSTREAM = SHARED / "pgpool-docs"
BRANCHES = sorted(p.name for p in UPSTREAM.iterdir() if p.is_dir()) if UPSTREAM.is_dir() else []


def require_tool(name: str) -> str:
    """Path of an external program; in CI a missing oracle fails the test, elsewhere it skips."""
    found = shutil.which(name)
    if found:
        return found
    if os.environ.get("CI") == "true":
        pytest.fail(f"{name} is required in CI (install it in .ci/run)")
    pytest.skip(f"{name} is not installed")


def require(present: bool, what: str) -> None:
    """Skip a test whose precondition this machine lacks; in CI the precondition is required
    (CI runs as root on Debian with what .ci/run installs), so its absence fails the test."""
    if present:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is required in CI (see .ci/run)")
    pytest.skip(f"no {what} here")


def chromium_dom(page: Path, profile: Path) -> str:
    """The DOM headless Chromium builds from ``page`` (scripts run, network off)."""
    import subprocess

    done = subprocess.run(
        [
            require_tool("chromium"),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={profile}",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def require_upstream() -> Path:
    if UPSTREAM.is_dir():
        return UPSTREAM
    if os.environ.get("CI") == "true":
        pytest.fail(f"{UPSTREAM} is required in CI")
    pytest.skip("../shared/pgpool-docs is not available")


@pytest.fixture
def upstream() -> Path:
    return require_upstream()


def upstream_cases(params: list, width: int = 1) -> list:
    """Test cases built from the upstream data at import time, never an empty list (pytest's
    ``empty_parameter_set_mark = fail_at_collect`` rejects one): without the data, one case of
    ``None`` values whose test requires the upstream (skips here, fails in CI)."""
    return params or [pytest.param(*([None] * width), id="no-upstream")]


# The commands that read the whole of our docs, as the read-once tests run them.
WHOLE_DOCS_COMMANDS = [
    ["check", "--no-cache", "--exit-zero"],
    ["drift", "--exit-zero"],
    ["extract", "--check"],
]


def run_on_project_docs(command: list[str], tmp_path: Path) -> None:
    """Run a ``WHOLE_DOCS_COMMANDS`` command line (in process) on a copy of our ``sgml/``."""
    from docsync.cli import main

    docs = tmp_path / "sgml"
    shutil.copytree(PROJECT / "sgml", docs)
    args = [*command, "--out", str(PROJECT / "generated")] if command[0] == "extract" else command
    where = ["--docs", str(docs)] if command[0] != "drift" else [str(docs)]
    main([*args, *where])
