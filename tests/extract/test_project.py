"""The project's own sgml/ (Pgpool-II 4.3 + PostgreSQL 15 on Debian 12): every block kind is
exercised, every block classified, and the artifacts are usable."""

from __future__ import annotations

import functools
import re

import pytest

from docsync.extract import Extraction, extract
from docsync.extract.model import BlockKind
from docsync.model import Severity
from docsync.paths import DEFAULT_DOCS_DIR
from tests.conftest import require_tool
from tests.extract.helpers import check_scripts


@functools.cache
def _project() -> Extraction:
    return extract(DEFAULT_DOCS_DIR)


def test_reads_cleanly():
    result = _project()
    assert result.languages == ("en", "ja")
    assert not [f for f in result.findings if f.severity is not Severity.INFO], result.findings


def test_every_block_is_classified():
    for block_list in _project().blocks:
        assert block_list.blocks
        for block in block_list:
            assert block.kind is not BlockKind.UNKNOWN, block.start
            assert not block.kind.is_configuration or block.target, block.start


def test_every_kind_is_exercised():
    """The reference docs show every kind of block docsync knows (issue 2, section 4)."""
    wanted = {k for k in BlockKind if k is not BlockKind.UNKNOWN}
    missing = {bl.language: sorted(k.value for k in wanted - {b.kind for b in bl}) for bl in _project().blocks}
    assert set(missing) == {"en", "ja"} and missing == {"en": [], "ja": []}


def test_expected_artifacts():
    paths = {a.path for a in _project().artifacts}
    for lang in ("en", "ja"):
        for name in (
            "pgpool.conf",
            "postgresql.conf",
            "pg_hba.conf",
            "pool_hba.conf",
            "pcp.conf",
            "pgpass",
            "scripts/all-servers.sh",
            "scripts/server1.sh",
        ):
            assert f"{lang}/example-cluster/{name}" in paths
        for host in ("server1", "server2", "server3"):
            assert f"{lang}/example-cluster/hosts/{host}/pgpool_node_id" in paths


@pytest.mark.oracle
def test_scripts_pass_bash_and_shellcheck(tmp_path):
    check_scripts(_project().artifacts, tmp_path, require_tool("shellcheck"))


def test_configuration_parses():
    from docsync.lint import conffile

    for artifact in _project().artifacts:
        if artifact.path.endswith("pgpool.conf"):
            dialect = conffile.pgpool_dialect("4.3")
        elif artifact.path.endswith("postgresql.conf"):
            dialect = conffile.POSTGRESQL
        else:
            continue
        parsed = conffile.parse_conf(artifact.text.encode(), artifact.path, dialect)
        assert not parsed.problems, (artifact.path, parsed.problems[:3])


def test_languages_prescribe_the_same_configuration():
    """Same settings and entries in EN and JA; only translated <placeholders> may differ."""
    texts = {a.path: a.text for a in _project().artifacts}

    def settings(text: str) -> list[str]:
        lines = [ln.split("  # ")[0] for ln in text.splitlines() if ln and not ln.startswith("#")]
        return [re.sub(r"<[^<>]*>", "<>", ln) for ln in lines]

    for path, text in texts.items():
        if path.startswith("en/") and not path.endswith((".sh", ".sql")):
            assert settings(text) == settings(texts["ja/" + path[3:]]), path
