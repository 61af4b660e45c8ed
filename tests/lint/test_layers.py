"""How lint's modules may depend on each other, and what library code leaves alone."""

from __future__ import annotations

import ast
from pathlib import Path

import docsync

LINT = Path(docsync.__file__).parent / "lint"


def _imports(path: Path) -> set[str]:
    """Every module ``path`` imports, at the top or inside functions."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return found


def test_checks_and_context_never_import_the_engine() -> None:
    """The engine imports the checks to run them; a check importing the engine (once, for
    LintContext) closed a cycle."""
    modules = [*sorted((LINT / "checks").glob("*.py")), LINT / "context.py", LINT / "registry.py"]
    assert len(modules) > 10
    offenders = {
        p.name: sorted(m for m in _imports(p) if m.startswith(("docsync.lint.engine", "docsync.lint.run")))
        for p in modules
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_registry_imports_no_job_module() -> None:
    assert {m for m in _imports(LINT / "registry.py") if m.startswith("docsync.lint")} == set()


def test_lint_leaves_the_process_alone() -> None:
    """No garbage-collector switching, environment writes or sys.modules edits in lint's
    library code: ``docsync/__main__.py`` owns the process."""
    bad: list[str] = []
    for path in sorted(LINT.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            name = node.value.id if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) else ""
            if name == "gc" or (name == "sys" and node.attr in ("modules", "stdout")):
                bad.append(f"{path.name}:{node.lineno}: {name}.{node.attr}")
            if isinstance(node, (ast.Assign, ast.AugAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for t in targets:
                    if isinstance(t, ast.Subscript) and ast.unparse(t.value) == "os.environ":
                        bad.append(f"{path.name}:{node.lineno}: os.environ[...] =")
    assert bad == []
