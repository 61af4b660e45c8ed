"""``run_lint`` over many files: worker processes, streaming, and no garbage left behind."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from docsync.lint.engine import lint_bytes
from docsync.lint.run import PARALLEL_MIN_FILES, _workers, run_lint
from docsync.lint.settings import LintSettings

SETTINGS = LintSettings(pgpool_version="4.3")


def _files(tmp_path: Path, n: int) -> list[str]:
    variants = [
        "port = 9999\nload_balance_mode = maybe\n",
        "helth_check_period = 10\nport = 80\n",
        "backend_hostname0 = 'a'\nbackend_hostname2 = 'c'\nbackend_port0 = 5432\nbackend_port2 = 5432\n",
        "port = 9999\n# fine\n",
        "listen_addresses = '*\n",
    ]
    paths = []
    for i in range(n):
        path = tmp_path / f"p{i:03d}.conf"
        path.write_text(f"# Pgpool-II 4.3 configuration file\n{variants[i % len(variants)]}wd_priority = {i}\n")
        paths.append(str(path))
    paths.append(str(tmp_path / "missing.conf"))  # an io finding in a multi-file run
    return paths


def test_workers_give_what_one_process_gives(tmp_path: Path) -> None:
    paths = _files(tmp_path, PARALLEL_MIN_FILES + 6)
    assert _workers(paths, 2, False) == 2
    one = run_lint(paths, lambda p: SETTINGS, jobs=1, verbose=True)
    two = run_lint(paths, lambda p: SETTINGS, jobs=2, verbose=True)
    assert len({f.code for f in one.findings}) >= 6
    assert two.findings == one.findings  # same findings, same order
    assert two.notes == one.notes
    assert two.files == one.files == len(paths)


@pytest.mark.parametrize("fix", [True, False])
def test_fixing_and_short_runs_stay_in_process(tmp_path: Path, monkeypatch, fix: bool) -> None:
    import docsync.lint.run as run

    monkeypatch.setattr(run, "_lint_in_workers", None)  # would fail if used
    paths = _files(tmp_path, PARALLEL_MIN_FILES + 1 if fix else 3)
    run_lint(paths[:-1], lambda p: SETTINGS, jobs=2, diff=fix)


def test_linting_leaves_no_cyclic_garbage(tmp_path: Path) -> None:
    """Parses are freed by reference counting: a long run must not depend on the collector
    (a reference cycle once kept every file's parse alive until a full collection)."""
    (tmp_path / "inc.conf").write_bytes(b"port = 9999\n")
    main = tmp_path / "main.conf"
    main.write_bytes(b"include = 'inc.conf'\nload_balance_mode = maybe\nfoo = 1\n")
    lint_bytes(main.read_bytes(), str(main), SETTINGS)  # warm caches
    gc.collect()
    was = gc.isenabled()
    gc.disable()
    try:
        for _ in range(3):
            lint_bytes(main.read_bytes(), str(main), SETTINGS)
        assert gc.collect() == 0
    finally:
        if was:
            gc.enable()


def test_each_run_reads_its_canonical_file_and_machine_afresh(tmp_path: Path) -> None:
    """What a run learns (the canonical configuration here) belongs to that run: a second run
    in the same process sees the file as it is now (module caches once kept the first)."""
    canonical = tmp_path / "canonical.conf"
    conf = tmp_path / "pgpool.conf"
    conf.write_text("# Pgpool-II 4.3 configuration file\nhealth_check_period = 10\n")
    settings = LintSettings(pgpool_version="4.3", against=canonical, select=("PGP901",))
    canonical.write_text("health_check_period = 10\n")
    assert run_lint([str(conf)], lambda p: settings, jobs=1).findings == []
    canonical.write_text("health_check_period = 30\n")
    (found,) = run_lint([str(conf)], lambda p: settings, jobs=1).findings
    assert (found.code, found.location.line) == ("PGP901", 2)
    assert "30" in found.message


def test_a_run_decides_each_directory_once(tmp_path: Path) -> None:
    """``LintRun`` keeps one answer per directory for the run; a new run starts empty."""
    from docsync.lint.context import LintRun

    run = LintRun()
    a, b = tmp_path / "a.conf", tmp_path / "b.conf"
    assert not run.is_server_config(str(a))
    assert not run.is_server_config(str(b))
    assert list(run.server_dirs) == [str(tmp_path)]
    assert run.is_server_config(str(a), forced=True)  # --server decides without asking
    assert "/etc/pgpool2" not in run.server_dirs
    assert run.is_server_config("/etc/pgpool2/pgpool.conf")
    assert LintRun().server_dirs == {}
