"""The optional mypyc build of the SGML reader (setup.py) is what runs when CI says it is."""

from __future__ import annotations

import os

import pytest

from docsync.sgml import dialect, document, entities, parse, source


@pytest.mark.skipif(os.environ.get("DOCSYNC_EXPECT_COMPILED") != "1", reason="testing the pure-Python reader")
def test_reader_modules_are_compiled() -> None:
    for module in (dialect, document, entities, parse, source):
        assert not module.__file__.endswith(".py"), module.__file__


def test_pure_reader_unless_compiled_on_purpose() -> None:
    """A stale compiled module next to the sources would shadow edits to them."""
    if os.environ.get("DOCSYNC_EXPECT_COMPILED") == "1":
        return
    assert parse.__file__.endswith(".py"), f"{parse.__file__}: remove compiled modules from the source tree"
