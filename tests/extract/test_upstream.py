"""Upstream example-cluster.sgml of every version: every block classified, every configuration
block with a target, scripts that bash and shellcheck accept, a pgpool.conf that parses.

Reads ../shared/pgpool-docs at test time; nothing of it is copied into the project.
"""

from __future__ import annotations

import functools
from collections import Counter

import pytest

from docsync.extract import Extraction, extract
from docsync.extract.model import BlockKind
from tests.conftest import BRANCHES, UPSTREAM, require_tool, require_upstream, upstream_cases
from tests.extract.helpers import KIND_COUNTS, check_scripts

VERSIONS = [
    b
    for b in BRANCHES
    if (UPSTREAM / b / "doc" / "src" / "sgml" / "example-cluster.sgml").is_file()
]


@functools.cache
def _extraction(version: str) -> Extraction:
    return extract(UPSTREAM / version / "doc" / "src" / "sgml" / "example-cluster.sgml")


@pytest.fixture
def extraction(request) -> Extraction:
    require_upstream()
    return _extraction(request.param)


def test_upstream_is_there():
    require_upstream()
    assert VERSIONS, f"no example-cluster.sgml under {UPSTREAM}"


@pytest.mark.parametrize("extraction", upstream_cases(VERSIONS), indirect=True)
def test_every_block_is_classified(extraction: Extraction, request):
    version = request.node.callspec.params["extraction"]
    assert extraction.languages == ("en", "ja")
    for block_list in extraction.blocks:
        counts = Counter(b.kind.value for b in block_list)
        KIND_COUNTS[f"{version} {block_list.language}"] = dict(counts)
        unknown = [f"{b.start}" for b in block_list if b.kind is BlockKind.UNKNOWN]
        assert not unknown, f"unclassified blocks: {unknown}"
        untargeted = [
            f"{b.start} {b.kind.value}"
            for b in block_list
            if b.kind.is_configuration and not b.target
        ]
        assert not untargeted, f"configuration blocks without a target file: {untargeted}"
        # Every version has these; a classification change that loses one is a regression.
        for kind in (
            "pgpool-conf",
            "postgresql-conf",
            "pg-hba",
            "pool-hba",
            "pgpass",
            "pcp-conf",
            "shell-session",
            "sql",
            "psql-table",
            "file-edit",
        ):
            assert counts[kind] >= 1, f"{block_list.language}: no {kind} block"
    assert not [f for f in extraction.findings if f.code.startswith("EXT")]


@pytest.mark.parametrize("extraction", upstream_cases(VERSIONS), indirect=True)
def test_languages_agree_on_configuration(extraction: Extraction):
    """The translation prescribes the same settings as the English original."""
    by_path = {a.path: a.text for a in extraction.artifacts}
    for path, text in by_path.items():
        if path.startswith("en/") and path.endswith("pgpool.conf"):
            ja = by_path.get("ja/" + path[3:])
            assert ja is not None, path
            assert _settings(text) == _settings(ja), path


def _settings(text: str) -> list[str]:
    return [
        line.split("  # ")[0] for line in text.splitlines() if line and not line.startswith("#")
    ]


@pytest.mark.oracle
@pytest.mark.parametrize("extraction", upstream_cases(VERSIONS), indirect=True)
def test_scripts_pass_bash_and_shellcheck(extraction: Extraction, tmp_path):
    check_scripts(extraction.artifacts, tmp_path, require_tool("shellcheck"))


@pytest.mark.parametrize("extraction", upstream_cases(VERSIONS), indirect=True)
def test_pgpool_conf_parses(extraction: Extraction):
    from docsync.lint import conffile

    confs = [a for a in extraction.artifacts if a.path.endswith(("pgpool.conf", "postgresql.conf"))]
    assert any(a.path.endswith("pgpool.conf") for a in confs)
    for artifact in confs:
        dialect = (
            conffile.POSTGRESQL if artifact.path.endswith("postgresql.conf") else conffile.PGPOOL
        )
        parsed = conffile.parse_conf(artifact.text.encode(), artifact.path, dialect)
        assert not parsed.problems, (artifact.path, parsed.problems[:3])
        assert parsed.settings


@pytest.mark.oracle
@pytest.mark.slow
def test_whole_upstream_checkout(tmp_path):
    """``--docs`` on a pgpool2 checkout root: both books, every chapter's blocks, sound scripts."""
    checkout = require_upstream() / "V4_3_STABLE"
    result = extract(checkout)
    assert result.languages == ("en", "ja")
    assert not [f for f in result.findings if f.severity.value == "error"]
    chapters = {b.start.path for block_list in result.blocks for b in block_list}
    # Blocks come from many chapters, not only example-cluster.
    assert len({p.rsplit("/", 1)[-1] for p in chapters}) > 20
    for lang in ("en", "ja"):
        assert any(a.path == f"{lang}/example-cluster/pgpool.conf" for a in result.artifacts)
    check_scripts(result.artifacts, tmp_path, require_tool("shellcheck"))
