"""The package's layers hold, and the import contracts that say so can fail (issue 9, item 3).

``lint-imports`` reads ``[tool.importlinter]`` in pyproject.toml. The first test runs it on the
package as it is; the others run it on a copy with one forbidden import added, so a contract
that had become vacuous (a layer renamed away, a wildcard too wide) fails here.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import PROJECT

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint_imports(cwd: Path) -> tuple[int, str]:
    proc = subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=cwd, capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1"}, check=False)
    return proc.returncode, re.sub(r"\x1b\[[0-9;]*m", "", proc.stdout + proc.stderr)


def test_the_import_contracts_hold() -> None:
    code, out = _lint_imports(PROJECT)
    assert code == 0, out
    assert "Contracts: 3 kept, 0 broken." in out


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        # core reaching up into a job
        ("config.py", "import docsync.lint.settings", "Layers"),
        # a job reaching up into the commands
        ("drift/run.py", "import docsync.commands.base", "Layers"),
        # one job using another without a declaration
        ("drift/run.py", "import docsync.lint.conffile", "Jobs are independent"),
        ("extract/render.py", "import docsync.verify.plan", "Jobs are independent"),
        # siblings importing each other
        ("sgml/document.py", "import docsync.sgml.parse", "No import cycles"),
        ("drift/base.py", "import docsync.drift.stale", "No import cycles"),
    ],
)
def test_a_forbidden_import_breaks_a_contract(tmp_path: Path, module: str, line: str, broken: str) -> None:
    shutil.copytree(PROJECT / "docsync", tmp_path / "docsync", ignore=shutil.ignore_patterns("__pycache__", "*.so"))
    shutil.copy2(PROJECT / "pyproject.toml", tmp_path)
    with (tmp_path / "docsync" / module).open("a", encoding="utf-8") as fh:
        fh.write(f"\n{line}  # noqa: E402\n")
    code, out = _lint_imports(tmp_path)
    assert code == 1, out
    assert re.search(rf"^{re.escape(broken)}.* BROKEN\b", out, re.MULTILINE), out
