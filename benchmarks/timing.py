"""What the benchmarks share: timing a command in a fresh process, and the console script's interpreter."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

# Installed packages carry their .pyc files; with PYTHONDONTWRITEBYTECODE set (some shells and
# CI images set it) an editable install compiles every module from source at each start,
# ~45 ms of a lint (issue 9: a 7.0x measured so came from that, not from docsync).
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(cmd: list[str], **kwargs: Any) -> tuple[float, float]:
    """Wall and child CPU seconds of one command (its output is discarded); ``kwargs`` go to
    ``subprocess.run`` (``cwd``, ``env``, ``preexec_fn``)."""
    kwargs.setdefault("env", CHILD_ENV)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, **kwargs)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def interpreter(script: str | Path) -> str:
    """The interpreter a console script runs (its shebang)."""
    first = Path(script).read_text().splitlines()[0]
    return first[2:].strip() if first.startswith("#!") else sys.executable
