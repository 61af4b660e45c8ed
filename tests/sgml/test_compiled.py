"""The reader that runs is the one intended: pure Python, or the mypyc build (setup.py) in CI."""

from __future__ import annotations

import ast
import importlib
import os

from ..conftest import PROJECT


def _compiled_modules() -> list[str]:
    """The modules setup.py's COMPILED list names, as dotted names."""
    tree = ast.parse((PROJECT / "setup.py").read_text())
    listed = next(node.value for node in tree.body if isinstance(node, ast.Assign)
                  and any(isinstance(t, ast.Name) and t.id == "COMPILED" for t in node.targets))
    return [path.removesuffix(".py").replace("/", ".") for path in ast.literal_eval(listed)]


def test_the_intended_reader_runs() -> None:
    """CI's compiled-build run sets DOCSYNC_EXPECT_COMPILED=1; elsewhere the sources must run,
    since a stale compiled module next to them would shadow every later edit."""
    compiled = os.environ.get("DOCSYNC_EXPECT_COMPILED") == "1"
    names = _compiled_modules()
    assert "docsync.sgml.parse" in names and "docsync.sgml.xml" in names
    for name in names:
        module = importlib.import_module(name)
        assert module.__file__.endswith(".py") != compiled, module.__file__
