"""Scenarios on every upstream version: one artifact set per example chapter, complete files
from the checkout's samples, each checked by the real tools (pgpool 4.3.5, bash, shellcheck).

Reads ../shared/pgpool-docs at test time; nothing of it is copied into the project.
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from docsync.extract import Extraction, extract
from docsync.lint.engine import lint_bytes
from docsync.lint.settings import LintSettings
from docsync.model import Severity
from tests.conftest import UPSTREAM, require_tool, require_upstream
from tests.lint.pgpool_oracle import case_directory, materialize, run_pgpool

# Every branch the shared data holds (a fixed list: a missing one is a failure, not a skip).
VERSIONS = [
    "V4_1_STABLE",
    "V4_2_STABLE",
    "V4_3_STABLE",
    "V4_4_STABLE",
    "V4_5_STABLE",
    "V4_6_STABLE",
    "V4_7_STABLE",
    "master",
]
_PROVENANCE = re.compile(r"#\s*(?P<file>\S+\.sgml):\d+")


def pgpool_version(branch: str) -> str:
    m = re.fullmatch(r"V(\d)_(\d)_STABLE", branch)
    return f"{m.group(1)}.{m.group(2)}" if m else "4.8"


@functools.cache
def _extraction(branch: str) -> Extraction:
    return extract(UPSTREAM / branch)


@pytest.fixture
def extraction(request) -> Extraction:
    require_upstream()
    assert (UPSTREAM / request.param).is_dir(), f"{UPSTREAM / request.param} is missing"
    return _extraction(request.param)


def _scenario_files(result: Extraction) -> dict[tuple[str, str], set[str]]:
    return {(run.language, run.name): set(run.files) for run in result.scenarios}


@pytest.mark.parametrize("extraction", VERSIONS, indirect=True, ids=VERSIONS)
def test_every_setting_comes_from_its_own_chapter(extraction: Extraction):
    files = _scenario_files(extraction)
    assert ("en", "example-cluster") in files and ("ja", "example-cluster") in files
    confs = [a for a in extraction.artifacts if a.path.endswith("pgpool.conf")]
    assert len(confs) >= 2 * 3  # example-cluster, example-basic, example-Aurora at least
    for artifact in confs:
        lang, scenario = artifact.path.split("/")[:2]
        named = {m.group("file") for m in _PROVENANCE.finditer(artifact.text)}
        assert named, f"{artifact.path}: no provenance comments"
        assert named <= files[(lang, scenario)], (artifact.path, named)


@pytest.mark.parametrize("extraction", VERSIONS, indirect=True, ids=VERSIONS)
def test_a_conflict_is_only_one_the_chapter_itself_makes(extraction: Extraction):
    """Reference chapters and release notes no longer override the examples' values."""
    conflicts = [f for f in extraction.findings if f.code == "EXT003"]
    for f in conflicts:
        assert f.related and f.related[0].location.path == f.location.path, f
        assert f.location.path.rsplit("/", 1)[-1].startswith("example-"), f


def test_v43_example_cluster_is_that_chapter_only():
    require_upstream()
    result = _extraction("V4_3_STABLE")
    text = next(a.text for a in result.artifacts if a.path == "en/example-cluster/pgpool.conf")
    active = {
        ln.split("  #")[0].strip() for ln in text.splitlines() if ln and not ln.startswith("#")
    }
    assert "health_check_period = 5" in active
    for other in (
        "health_check_period = 10",  # 3.7 release notes
        "backend_hostname0 = 'cluster endpoint'",  # example-Aurora
        "replication_mode = true",  # example-basic
        "search_primary_node_timeout = 6min",  # config.sgml's syntax illustration
        "include = 'filename'",
    ):
        assert other not in active, other
    assert not any(ln.startswith(("hostname0 = 'host0'", "backend_clustering_mode = 'native")) for ln in active)


def _complete(result: Extraction, path: str):
    artifact = next(a for a in result.artifacts if a.path == path)
    assert artifact.form == "complete" and artifact.sample.startswith("src/sample/"), artifact
    return artifact


@pytest.mark.oracle
def test_v43_complete_example_cluster_is_accepted_by_pgpool():
    require_upstream()
    pgpool = require_tool("pgpool")
    artifact = _complete(_extraction("V4_3_STABLE"), "en/example-cluster/pgpool.conf")
    # The sample's own comments are there, and documented lines replaced where they stand.
    assert "# Pgpool-II 4.3 configuration file" in artifact.text
    assert "#health_check_period0 = 0" in artifact.text
    assert not re.search(r"^#health_check_period = ", artifact.text, re.M)
    directory = case_directory()  # readable by the unprivileged user pgpool runs as
    try:
        observed = run_pgpool(pgpool, materialize(directory, artifact.text.encode()))
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    assert not [w for w in observed.warnings if "could not open" in w], observed.warnings
    assert observed.accepted, observed.fatal
    applied = dict(observed.applied)
    assert applied.get("health_check_period") == "5"
    assert applied.get("backend_hostname2") == "server3"
    findings = lint_bytes(artifact.text.encode(), "pgpool.conf", LintSettings(pgpool_version="4.3")).findings
    assert not [f for f in findings if f.severity is Severity.ERROR], findings


@pytest.mark.parametrize("extraction", VERSIONS, indirect=True, ids=VERSIONS)
def test_complete_example_cluster_lints_clean_for_its_version(extraction: Extraction, request):
    version = pgpool_version(request.node.callspec.id)
    for lang in ("en", "ja"):
        artifact = _complete(extraction, f"{lang}/example-cluster/pgpool.conf")
        findings = lint_bytes(
            artifact.text.encode(), artifact.path, LintSettings(pgpool_version=version)
        ).findings
        errors = [f"{f.location.line}: {f.code} {f.message}" for f in findings if f.severity is Severity.ERROR]
        assert not errors, (artifact.path, errors)


@pytest.mark.parametrize("extraction", VERSIONS, indirect=True, ids=VERSIONS)
def test_every_complete_file_reads_as_its_version(extraction: Extraction, request):
    """Whatever a chapter prescribes, completing its sample never breaks the file: no syntax
    error, no name the version does not know (other errors are the chapter's own)."""
    version = pgpool_version(request.node.callspec.id)
    for artifact in extraction.artifacts:
        if not artifact.path.endswith("pgpool.conf"):
            continue
        assert artifact.form == "complete", artifact.path
        findings = lint_bytes(
            artifact.text.encode(), artifact.path, LintSettings(pgpool_version=version)
        ).findings
        broken = [f for f in findings if f.category.value in ("syntax", "unknown-parameter")]
        assert not [f for f in broken if f.severity is Severity.ERROR], (artifact.path, broken)


@pytest.mark.oracle
@pytest.mark.parametrize("extraction", VERSIONS, indirect=True, ids=VERSIONS)
def test_copied_scripts_pass_bash_and_shellcheck(extraction: Extraction, tmp_path: Path):
    shellcheck = require_tool("shellcheck")
    scripts = [a for a in extraction.artifacts if "/files/" in a.path]
    names = {a.path.rsplit("/", 1)[-1] for a in scripts}
    assert {"failover.sh", "recovery_1st_stage", "pgpool_remote_start"} <= names
    paths = []
    for artifact in scripts:
        assert artifact.form == "complete"
        path = tmp_path / artifact.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(artifact.text, encoding="utf-8")
        paths.append(str(path))
        proc = subprocess.run(["bash", "-n", str(path)], capture_output=True, text=True)
        assert proc.returncode == 0, (artifact.path, proc.stderr)
    proc = subprocess.run([shellcheck, "-S", "error", *paths], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout
    failover = next(a for a in scripts if a.path == "en/example-cluster/files/failover.sh")
    assert failover.text.startswith("#!/bin/bash\n")
    assert re.search(r"^PGHOME=/usr/pgsql-\d+$", failover.text, re.M)
    assert len(re.findall(r"^PGHOME=", failover.text, re.M)) == 1  # replaced, not added


def test_alternative_setups_of_one_chapter_are_separate_scenarios():
    """From 4.4 the AWS chapter shows an Elastic IP setup and a route table setup."""
    require_upstream()
    old = {a.path for a in _extraction("V4_3_STABLE").artifacts}
    assert "en/example-AWS/pgpool.conf" in old
    assert not [p for p in old if "example-AWS-rtb" in p]  # 4.3 has no such section
    result = _extraction("master")
    texts = {a.path: a.text for a in result.artifacts}
    eip, rtb = texts["en/example-AWS/pgpool.conf"], texts["en/example-AWS-rtb/pgpool.conf"]
    assert re.search(r"^if_up_cmd = '/etc/pgpool-II/aws_eip_if_cmd\.sh up", eip, re.M)
    assert re.search(r"^if_up_cmd = '/etc/pgpool-II/aws_rtb_if_cmd\.sh up", rtb, re.M)
    assert "aws_rtb" not in eip and "aws_eip" not in rtb
    assert "en/example-AWS-rtb/files/aws_rtb_if_cmd.sh" in texts


def test_entries_files_start_from_their_sample():
    require_upstream()
    by_path = {a.path: a for a in _extraction("V4_3_STABLE").artifacts}
    hba = by_path["en/example-cluster/pool_hba.conf"]
    assert hba.form == "complete" and hba.sample == "src/sample/pool_hba.conf.sample"
    lines = [ln.split() for ln in hba.text.splitlines() if ln and not ln.startswith("#")]
    # The sample's entries first (pool_hba.conf is first-match), then the documented ones.
    assert lines[0] == ["local", "all", "all", "trust"]
    assert ["host", "all", "pgpool", "0.0.0.0/0", "scram-sha-256"] in lines[3:]
