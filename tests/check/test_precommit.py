"""The pre-commit hooks, run by the real pre-commit against a temporary git repository, offline.

``pre-commit try-repo <project> docsync-check-system`` runs the hook definition of the
project's ``.pre-commit-hooks.yaml`` (the committed file plus uncommitted changes, as try-repo
does) with the docsync of this virtualenv: ``language: system`` installs nothing, so no
network is needed. The ``language: python`` hooks are the same commands in an environment
pre-commit builds with pip; building it needs PyPI (or a wheel mirror), so that test runs only
with ``DOCSYNC_TEST_HOOK_INSTALL=1``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from docsync.paths import DEFAULT_DOCS_DIR, PROJECT_DIR
from tests.check.helpers import EN, JA
from tests.conftest import require_tool

CLUSTER = f"{EN}/example-cluster.sgml"
FOLLOW = re.compile(r"^(follow_primary_command = '.*)'$", re.M)


def _pre_commit() -> None:
    try:
        import pre_commit  # noqa: F401
    except ImportError:
        if os.environ.get("CI") == "true":
            pytest.fail("pre-commit is required in CI (it is in the test extras)")
        pytest.skip("pre-commit is not installed")


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    require_tool("git")
    _pre_commit()
    bin_dir = str(Path(sys.executable).parent)
    return {
        **os.environ,
        "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""),
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "GIT_AUTHOR_NAME": "docs",
        "GIT_AUTHOR_EMAIL": "docs@example.org",
        "GIT_COMMITTER_NAME": "docs",
        "GIT_COMMITTER_EMAIL": "docs@example.org",
        # Nothing may reach a package index: pip is never called, but make sure of it.
        "PIP_NO_INDEX": "1",
        "NO_COLOR": "1",
    }


def git(repo: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True)


@pytest.fixture
def docs_repo(tmp_path: Path, env: dict[str, str]) -> Path:
    """A git repository holding a docs tree (a copy of the project's reference docs), committed."""
    repo = tmp_path / "docs-repo"
    shutil.copytree(DEFAULT_DOCS_DIR, repo)
    git(repo, env, "init", "-q", "-b", "main")
    git(repo, env, "add", ".")
    git(repo, env, "commit", "-q", "-m", "docs")
    return repo


def try_repo(repo: Path, env: dict[str, str], hook: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(PROJECT_DIR), hook],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def break_quote(repo: Path) -> int:
    chapter = repo / CLUSTER
    text = chapter.read_text(encoding="utf-8")
    m = FOLLOW.search(text)
    assert m is not None
    chapter.write_text(text[: m.start()] + m.group(1) + text[m.end() :], encoding="utf-8")
    return text.count("\n", 0, m.start()) + 1


def test_try_repo_refuses_the_unterminated_quote(docs_repo: Path, env: dict[str, str]) -> None:
    line = break_quote(docs_repo)
    git(docs_repo, env, "add", CLUSTER)
    run = try_repo(docs_repo, env, "docsync-check-system")
    assert run.returncode == 1, run.stdout + run.stderr
    assert f"{CLUSTER}:{line}:" in run.stdout and "PGP002" in run.stdout, run.stdout


def test_try_repo_passes_a_clean_change(docs_repo: Path, env: dict[str, str]) -> None:
    for rel in (CLUSTER, f"{JA}/example-cluster.sgml"):
        path = docs_repo / rel
        path.write_text("<!-- reviewed -->\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    git(docs_repo, env, "add", ".")
    run = try_repo(docs_repo, env, "docsync-check-system")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Passed" in run.stdout


def test_an_installed_hook_refuses_the_commit(tmp_path: Path, docs_repo: Path, env: dict[str, str]) -> None:
    # A hook repository holding the project's hook definitions, pinned by commit, as a docs
    # repository's .pre-commit-config.yaml would pin docsync's.
    hooks = tmp_path / "hooks-repo"
    hooks.mkdir()
    shutil.copy(PROJECT_DIR / ".pre-commit-hooks.yaml", hooks)
    git(hooks, env, "init", "-q", "-b", "main")
    git(hooks, env, "add", ".")
    git(hooks, env, "commit", "-q", "-m", "hooks")
    rev = git(hooks, env, "rev-parse", "HEAD").stdout.strip()
    (docs_repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hooks}\n    rev: {rev}\n    hooks:\n      - id: docsync-check-system\n"
    )
    git(docs_repo, env, "add", ".pre-commit-config.yaml")
    git(docs_repo, env, "commit", "-q", "-m", "pre-commit")
    subprocess.run(
        [sys.executable, "-m", "pre_commit", "install"], cwd=docs_repo, env=env, check=True, capture_output=True
    )
    break_quote(docs_repo)
    git(docs_repo, env, "add", CLUSTER)
    refused = subprocess.run(
        ["git", "commit", "-m", "drop a quote"], cwd=docs_repo, env=env, capture_output=True, text=True
    )
    assert refused.returncode != 0 and "PGP002" in refused.stdout + refused.stderr
    git(docs_repo, env, "checkout", "HEAD", "--", CLUSTER)
    (docs_repo / CLUSTER).write_text("<!-- ok -->\n" + (docs_repo / CLUSTER).read_text(encoding="utf-8"))
    git(docs_repo, env, "add", CLUSTER)
    git(docs_repo, env, "commit", "-q", "-m", "a clean change")


@pytest.mark.slow
@pytest.mark.skipif(
    os.environ.get("DOCSYNC_TEST_HOOK_INSTALL") != "1" and os.environ.get("CI") != "true",
    reason="installs the hook's dependencies from a package index (always run in CI)",
)
def test_the_python_hook_installs_and_refuses(docs_repo: Path, env: dict[str, str]) -> None:
    env = {k: v for k, v in env.items() if k != "PIP_NO_INDEX"}
    break_quote(docs_repo)
    git(docs_repo, env, "add", CLUSTER)
    run = try_repo(docs_repo, env, "docsync-check")
    assert run.returncode == 1 and "PGP002" in run.stdout, run.stdout + run.stderr
