"""Pgpool-II's own sample configurations, read from ../shared (never copied into the project)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from docsync.lint.context import LintRun
from docsync.lint.engine import iter_lint_paths, lint_bytes
from docsync.lint.kinds import detect_kind
from docsync.lint.settings import LintSettings
from docsync.model import Severity
from tests.conftest import UPSTREAM, upstream_cases

VERSIONS = {
    "V4_1_STABLE": "4.1",
    "V4_2_STABLE": "4.2",
    "V4_3_STABLE": "4.3",
    "V4_4_STABLE": "4.4",
    "V4_5_STABLE": "4.5",
    "V4_6_STABLE": "4.6",
    "V4_7_STABLE": "4.7",
    "master": "4.8",
}

# Findings in upstream samples that are real problems of the samples, not of docsync:
# the logical-replication samples of 4.1 and 4.2 set enable_multiple_failover_requests_from_node,
# a name pgpool never had (the parameter is allow_multiple_failover_requests_from_node).
KNOWN = {
    (
        "pgpool.conf.sample-logical",
        "unknown-parameter",
        "enable_multiple_failover_requests_from_node",
    )
}


def samples() -> list[pytest.param]:
    out = []
    for branch, version in VERSIONS.items():
        for path in sorted((UPSTREAM / branch / "src" / "sample").glob("pgpool.conf.sample*")):
            out.append(pytest.param(path, version, id=f"{branch}/{path.name}"))
    return out


def read_sample(path: Path) -> bytes:
    data = path.read_bytes()
    # git symlinks checked out as plain files hold the target's name
    if b"\n" not in data and (path.parent / data.decode().strip()).is_file():
        data = (path.parent / data.decode().strip()).read_bytes()
    return data


@pytest.mark.parametrize(("path", "version"), upstream_cases(samples(), 2))
def test_sample_has_no_errors_for_its_version(upstream, path: Path, version: str) -> None:
    data = read_sample(path)
    settings = LintSettings()
    result = lint_bytes(data, str(path), settings)
    assert result.context.catalogue.version == version  # header, or inference for 4.1
    errors = [f for f in result.findings if f.severity.value == "error"]
    unexpected = [
        f
        for f in errors
        if (path.name, f.name, f.message.split("'")[1] if "'" in f.message else "") not in KNOWN
    ]
    assert unexpected == [], "\n".join(f"{f.location} {f.code} {f.message}" for f in unexpected)
    assert lint_bytes(data, str(path), settings).conf.render() == data


ACTIVATE = re.compile(rb"^#([a-z_][A-Za-z0-9_]*\s*=.*)$", re.M)

# Commented defaults that pgpool would reject if uncommented: wd_listen_port's default 0 is
# below its own minimum 1024 in pgpool's table (the default itself is never range-checked).
KNOWN_DEFAULTS = {("4.7", "wd_listen_port"), ("4.8", "wd_listen_port")}


@pytest.mark.parametrize(("path", "version"), upstream_cases(samples(), 2))
def test_commented_defaults_are_valid_values(upstream, path: Path, version: str) -> None:
    """Uncomment every '#name = value' line: each value must pass pgpool's type/range/enum rules."""
    data = ACTIVATE.sub(rb"\1", read_sample(path))
    settings = LintSettings(
        pgpool_version=version, select=("type", "range", "enum")
    )
    findings = [
        f
        for f in lint_bytes(data, str(path), settings).findings
        if (version, f.message.split(" ")[0]) not in KNOWN_DEFAULTS
    ]
    assert findings == [], "\n".join(f"{f.location} {f.code} {f.message}" for f in findings)


MISTAKES = tomllib.loads((Path(__file__).parent / "data" / "upstream_mistakes.toml").read_text())["mistake"]


def _sample_files(branch: str) -> list[Path]:
    base = UPSTREAM / branch / "src" / "sample"
    files = sorted(base.glob("*.conf.sample*")) + sorted((base / "scripts").glob("*"))
    out = []
    for path in files:
        data = path.read_bytes()
        # git symlinks checked out as plain files hold the target's name: lint the target
        if b"\n" not in data and (path.parent / data.decode().strip()).is_file():
            path = path.parent / data.decode().strip()
        out.append(path)
    return out


@pytest.mark.parametrize(("branch", "version"), sorted(VERSIONS.items()))
def test_every_sample_file_is_clean_for_its_version(upstream, branch: str, version: str) -> None:
    """Every sample (pgpool.conf, pool_hba.conf, pcp.conf, the scripts) with its own grammar and
    its branch's version: no error, no warning, except the upstream mistakes listed in data."""
    files = _sample_files(branch)
    kinds = {detect_kind(str(p), p.read_bytes()).value for p in files}
    assert {"pgpool.conf", "pool_hba.conf", "pcp.conf", "script"} <= kinds, kinds
    settings = LintSettings(pgpool_version=version)
    found = [
        f
        for res in iter_lint_paths([str(p) for p in files], settings, LintRun())
        for f in res.findings
        if f.severity.rank >= Severity.WARNING.rank
    ]
    known = {(m["branch"], m["file"], m["code"], m["names"]) for m in MISTAKES}
    unexpected = [
        f
        for f in found
        if not any(
            (branch, Path(f.location.path).name, f.code) == k[:3] and k[3] in f.message for k in known
        )
    ]
    assert unexpected == [], "\n".join(f"{f.location} {f.code} {f.message}" for f in unexpected)
    listed = [m for m in MISTAKES if m["branch"] == branch]
    assert len(found) == len(listed)  # each listed mistake is still there (else: remove it)
