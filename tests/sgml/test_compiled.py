"""The reader that runs is the one intended: pure Python, or the mypyc build (setup.py) in CI."""

from __future__ import annotations

import os

from docsync.sgml import dialect, document, entities, parse, source


def test_the_intended_reader_runs() -> None:
    """CI's compiled-build run sets DOCSYNC_EXPECT_COMPILED=1; elsewhere the sources must run,
    since a stale compiled module next to them would shadow every later edit."""
    compiled = os.environ.get("DOCSYNC_EXPECT_COMPILED") == "1"
    for module in (dialect, document, entities, parse, source):
        assert module.__file__.endswith(".py") != compiled, module.__file__
