"""The rhel-debian platform profile on the upstream V4_3_STABLE chapter (no hosts run)."""

from __future__ import annotations

import pytest

from docsync.errors import UsageError
from docsync.extract import blocks_of, read_documents
from docsync.extract.inputs import resolve_sources
from docsync.verify.plan import Kind, plan
from docsync.verify.profile import apply_profile, load_profile
from docsync.verify.ruleset import load_rules
from docsync.verify.scenario import packages_of, scenario_of
from tests.conftest import require_upstream

RULES = load_rules()


def _upstream_steps():
    chapter = require_upstream() / "V4_3_STABLE" / "doc" / "src" / "sgml" / "example-cluster.sgml"
    source = resolve_sources(chapter, "en")[0]
    docs = read_documents(source)
    blocks, _, _ = blocks_of(docs, "en")
    scene = scenario_of(blocks, docs, RULES)
    steps, _ = plan(list(blocks), [h.name for h in scene.hosts], RULES)
    return steps


def test_rhel_commands_files_and_paths_map_to_debian() -> None:
    steps = apply_profile(_upstream_steps(), load_profile("rhel-debian"))
    repo = next(s for s in steps if s.text.startswith("yum install -y https://download.postgresql.org"))
    assert repo.omit and "repository" in repo.omit
    server = next(s for s in steps if s.text == "yum install -y postgresql14-server")
    assert server.command == "apt-get install -y postgresql-15" and not server.omit
    assert {"postgresql-15", "pgpool2", "postgresql-15-pgpool2"} <= set(packages_of(steps))
    conf = [s for s in steps if s.kind is Kind.WRITE and s.text == "pgpool.conf"]
    assert conf and all(s.command == "/etc/pgpool2/pgpool.conf" for s in conf)
    data_dirs = [ln for s in conf for ln in s.lines if "backend_data_directory" in ln]
    assert data_dirs and all("/var/lib/postgresql/15/main" in ln for ln in data_dirs)
    firewall = [s for s in steps if s.text.startswith("firewall-cmd")]
    assert firewall and all(s.omit for s in firewall)
    # The documented text is kept: the transcript shows both.
    assert server.text == "yum install -y postgresql14-server"


def test_unknown_profile_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match=r"no platform profile 'solaris'.*rhel-debian"):
        load_profile("solaris")
