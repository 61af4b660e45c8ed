"""Values pgpool accepts but reads other than they look, judged against the real pgpool 4.3.5.

Each case is a tiny configuration run through pgpool's reload check
(``tests/lint/pgpool_oracle.py``). How pgpool *read* the value shows in whether it refuses a
companion setting that is only wrong for one reading:

- ``replication_mode`` is refused when true (failover_when_quorum_exists, on by default, is
  not allowed in native replication mode), so a spelling that pgpool refuses there is true;
- ``num_init_children`` must be at least 1, so ``0.5`` refused and ``1.5`` accepted shows
  rounding half to even (and ``32.5`` reads 32).

docsync must report each with the rule and severity of the issue, and say what pgpool reads.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from docsync.lint.context import LintRun
from docsync.lint.engine import iter_lint_paths, lint_bytes
from docsync.lint.settings import LintSettings
from docsync.model import Severity
from tests.conftest import require_tool
from tests.lint.pgpool_oracle import case_directory, materialize, run_pgpool

pytestmark = pytest.mark.oracle

SETTINGS = LintSettings(pgpool_version="4.3")

# (case text, pgpool accepts?, docsync code, severity, words the message must hold)
CASES = [
    ("load_balance_mode\n", True, "PGP020", Severity.WARNING, "reads it as true"),
    ("replication_mode\n", False, "PGP020", Severity.WARNING, "reads it as true"),
    ("replication_mode = off\nreplication_mode =\n", False, "PGP020", Severity.WARNING, "true"),
    ("log_line_prefix =\n", True, "PGP020", Severity.WARNING, "empty string"),
    ("port\n", False, "PGP004", Severity.ERROR, "no value"),
    ("backend_clustering_mode =\n", False, "PGP004", Severity.ERROR, "no value"),
    ("log_destination\n", False, "PGP004", Severity.ERROR, "no value"),
    ("num_init_children = 32.5\n", True, "PGP021", Severity.WARNING, "rounds it to 32"),
    ("num_init_children = 1.5\n", True, "PGP021", Severity.WARNING, "rounds it to 2"),
    ("num_init_children = 0.5\n", False, "PGP311", Severity.ERROR, "reads as 0"),
    ("load_balance_mode = tr\n", True, "PGP022", Severity.INFO, "reads as true"),
    ("replication_mode = tr\n", False, "PGP022", Severity.INFO, "reads as true"),
    ("replication_mode = of\n", True, "PGP022", Severity.INFO, "reads as false"),
    ("replication_mode = fa\n", True, "PGP022", Severity.INFO, "reads as false"),
]


@pytest.fixture(scope="module")
def pgpool() -> str:
    return require_tool("pgpool")


@pytest.fixture
def case_dir() -> Iterator[Path]:
    """A directory pgpool (as nobody) can read: pytest's tmp_path is private to root."""
    d = case_directory()
    os.chmod(d, 0o755)
    try:
        yield d
    finally:
        shutil.rmtree(d, ignore_errors=True)


@pytest.mark.parametrize(("text", "accepts", "code", "severity", "words"), CASES, ids=[c[0] for c in CASES])
def test_pgpool_reading_and_docsync_agree(
    case_dir: Path, pgpool: str, text: str, accepts: bool, code: str, severity: Severity, words: str
) -> None:
    harness = materialize(case_dir / "case", text.encode())
    seen = run_pgpool(pgpool, harness)
    assert "could not open configuration file" not in seen.log  # it really read the case
    assert seen.verdict == ("accepted" if accepts else "rejected"), seen.fatal
    findings = lint_bytes(text.encode(), "case.conf", SETTINGS).findings
    hits = [f for f in findings if f.code == code]
    assert hits, [(f.code, f.message) for f in findings]
    assert all(f.severity is severity for f in hits)
    assert any(words in f.message for f in hits), [f.message for f in hits]
    if accepts:  # nothing pgpool takes is an error
        assert not [f for f in findings if f.severity is Severity.ERROR]


def test_spelled_out_booleans_and_whole_numbers_are_quiet() -> None:
    text = b"load_balance_mode = on\nreplication_mode = false\nnum_init_children = 32\nport = 9999\n"
    assert lint_bytes(text, "ok.conf", SETTINGS).findings == ()


WATCHDOG = (
    "use_watchdog = on\n"
    "hostname0 = 'localhost'\nwd_port0 = 9000\npgpool_port0 = 9999\n"
    "hostname1 = 'server2'\nwd_port1 = 9000\npgpool_port1 = 9999\n"
)
# pgpool_node_id contents: (bytes, pgpool refuses?) -- refused ones must be docsync errors
NODE_IDS = [
    (b"0\n", False),
    (b"1", False),
    (b"01\n", False),
    (b"1\n\n", False),
    (b"1\n2\n", False),
    (b" 1 \n", True),
    (b"1 \n", True),
    (b"1\r\n", True),
    (b"abc\n", True),
    (b"-1\n", True),
    (b"", True),
    (b"\n1\n", True),
    (b"# node\n1\n", True),
    (b"2\n", True),  # no hostname2
]


@pytest.mark.parametrize(("content", "refused"), NODE_IDS, ids=[repr(c) for c, _ in NODE_IDS])
def test_pgpool_node_id_read_as_pgpool_reads_it(
    case_dir: Path, tmp_path: Path, pgpool: str, content: bytes, refused: bool
) -> None:
    harness = materialize(case_dir / "case", WATCHDOG.encode())
    (case_dir / "case" / "pgpool_node_id").write_bytes(content)
    seen = run_pgpool(pgpool, harness)
    assert seen.verdict == ("rejected" if refused else "accepted"), seen.fatal
    (tmp_path / "pgpool.conf").write_text(WATCHDOG)
    node = tmp_path / "pgpool_node_id"
    node.write_bytes(content)
    (res,) = iter_lint_paths([str(node)], SETTINGS, LintRun())
    errors = [f.code for f in res.findings if f.severity is Severity.ERROR]
    assert bool(errors) == refused, [f.message for f in res.findings]
