"""Scenarios and complete files: which chapters make artifacts, how a sample takes the edits,
and the project's own docs made complete with the installed package's samples."""

from __future__ import annotations

import gzip
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from docsync.errors import UsageError
from docsync.extract import extract
from docsync.extract.complete import Edit, complete_script, complete_settings
from docsync.extract.manifest import read_manifest
from docsync.extract.samples import SampleSet
from docsync.lint.engine import lint_bytes
from docsync.lint.settings import LintSettings
from docsync.model import Severity
from docsync.paths import DEFAULT_DOCS_DIR, DEFAULT_OUT_DIR
from tests.conftest import require_tool
from tests.extract.helpers import listing, write_tree
from tests.lint.pgpool_oracle import case_directory, materialize, run_pgpool

DEBIAN_EXAMPLES = Path("/usr/share/doc/pgpool2/examples")


def _chapter(ident: str, body: str) -> str:
    return (
        f'<chapter id="{ident}"><title>T</title>\n'
        f'<sect1 id="{ident}-s"><title>S</title>\n{body}\n</sect1></chapter>\n'
    )


def test_only_example_chapters_make_artifacts(tmp_path: Path):
    conf = listing("health_check_period = 5")
    write_tree(
        tmp_path / "doc/src/sgml",
        {
            "example-cluster.sgml": _chapter("a", conf),
            "example-new.sgml": _chapter("b", listing("health_check_period = 7")),
            "config.sgml": _chapter("c", listing("health_check_period = 10")),
            "release-3.7.sgml": _chapter("d", listing("health_check_period = 10")),
        },
    )
    result = extract(tmp_path)
    paths = sorted(a.path for a in result.artifacts)
    assert paths == ["en/example-cluster/pgpool.conf", "en/example-new/pgpool.conf"]
    texts = {a.path: a.text for a in result.artifacts}
    assert "health_check_period = 5 " in texts["en/example-cluster/pgpool.conf"]
    assert "health_check_period = 7 " in texts["en/example-new/pgpool.conf"]  # detected by name
    assert not [f for f in result.findings if f.code == "EXT003"]  # no cross-chapter conflict
    assert all(a.form == "settings-only" for a in result.artifacts)
    only = extract(tmp_path, scenario="example-new")
    assert [a.path for a in only.artifacts] == ["en/example-new/pgpool.conf"]
    assert only.files == 1  # only that chapter was read
    with pytest.raises(UsageError, match=r"unknown scenario 'nope'.*example-cluster"):
        extract(tmp_path, scenario="nope")


def test_two_values_in_one_chapter_stay_a_finding(tmp_path: Path):
    body = listing("port = 9999") + "\n" + listing("port = 9998")
    write_tree(tmp_path / "doc/src/sgml", {"example-cluster.sgml": _chapter("a", body)})
    result = extract(tmp_path)
    (conflict,) = [f for f in result.findings if f.code == "EXT003"]
    assert conflict.location.line == 7 and conflict.related[0].location.line == 4


def test_settings_replace_the_sample_lines_where_they_stand():
    sample = (
        "# head\n"
        "port = 5432   # the port\n"
        "#health_check_period = 0\n"
        "                # seconds\n"
        "#backend_hostname0 = 'host1'\n"
        "#backend_hostname1 = 'host2'\n"
        "# tail\n"
    )
    edits = [
        Edit("port", "port = 9999", "d.sgml:1 s"),
        Edit("health_check_period", "health_check_period = 5", "d.sgml:2 s"),
        Edit("backend_hostname2", "backend_hostname2 = 'c'", "d.sgml:3 s"),
        Edit("wd_lifecheck_method", "wd_lifecheck_method = 'query'", "d.sgml:4 s"),
    ]
    assert complete_settings(sample, edits, "Added:") == (
        "# head\n"
        "port = 9999  # d.sgml:1 s; the port\n"
        "health_check_period = 5  # d.sgml:2 s\n"
        "                # seconds\n"
        "#backend_hostname0 = 'host1'\n"
        "#backend_hostname1 = 'host2'\n"
        "backend_hostname2 = 'c'  # d.sgml:3 s\n"
        "# tail\n"
        "\n"
        "# Added:\n"
        "wd_lifecheck_method = 'query'  # d.sgml:4 s\n"
    )


def test_script_edits_replace_assignments_after_the_shebang():
    sample = "#!/bin/bash\n# about\nPGHOME=/usr/pgsql-11\nif true; then\n  PGHOME=x\nfi\n"
    text, unapplied = complete_script(
        sample,
        ["made by docsync"],
        [Edit("PGHOME", "PGHOME=/usr/pgsql-14", "d.sgml:9 s"), Edit("NOPE", "NOPE=1", "d:1")],
    )
    assert text == (
        "#!/bin/bash\n# made by docsync\n# about\n# d.sgml:9 s\nPGHOME=/usr/pgsql-14\n"
        "if true; then\n  PGHOME=x\nfi\n"
    )
    assert [e.key for e in unapplied] == ["NOPE"]


def test_samples_follow_git_links_and_gzip(tmp_path: Path):
    (tmp_path / "scripts").mkdir()
    (tmp_path / "pgpool.conf.sample-stream").write_text("port = 1\n")
    (tmp_path / "pgpool.conf.sample").write_text("pgpool.conf.sample-stream")  # git symlink
    (tmp_path / "scripts" / "failover.sh.sample.gz").write_bytes(gzip.compress(b"#!/bin/sh\n"))
    samples = SampleSet(tmp_path, tmp_path, ("scripts",))
    found = samples.find("pgpool.conf.sample")
    assert found is not None and found.text == "port = 1\n"
    assert found.shown == "pgpool.conf.sample-stream"
    assert samples.find("failover.sh.sample").text == "#!/bin/sh\n"
    assert samples.find("../etc/passwd") is None and samples.find("missing") is None


def test_an_edit_the_sample_lacks_is_reported(tmp_path: Path):
    body = listing("[all servers]# cp -p /etc/pgpool-II/failover.sh{.sample,}") + listing(
        "[all servers]# vi /etc/pgpool-II/failover.sh\n...\nPG_HOME=/usr/pgsql-14\n..."
    ) + listing("[server1]# cp /etc/pgpool-II/gone.sample /etc/pgpool-II/gone")
    write_tree(tmp_path / "doc/src/sgml", {"example-cluster.sgml": _chapter("a", body)})
    write_tree(tmp_path / "src/sample/scripts", {"failover.sh.sample": "#!/bin/bash\nPGHOME=/x\n"})
    result = extract(tmp_path)
    codes = sorted(f.code for f in result.findings)
    assert codes == ["EXT005", "EXT006"]
    (script,) = [a for a in result.artifacts if a.path.endswith("files/failover.sh")]
    assert "PGHOME=/x" in script.text and script.sample == "src/sample/scripts/failover.sh.sample"


def test_committed_output_is_settings_only_and_says_so():
    entries = read_manifest((DEFAULT_OUT_DIR / "manifest.toml").read_text(encoding="utf-8"))
    conf = entries["en/example-cluster/pgpool.conf"]
    assert conf.form == "settings-only" and not conf.sample
    assert entries["en/example-cluster/pool_hba.conf"].form == "entries-only"
    assert not any(e.form == "complete" or e.sample for e in entries.values())


@pytest.fixture
def debian_examples() -> Path:
    require_tool("pgpool")  # the package that installs the examples
    assert (DEBIAN_EXAMPLES / "pgpool.conf.sample").is_file() or (
        DEBIAN_EXAMPLES / "pgpool.conf.sample.gz"
    ).is_file()
    return DEBIAN_EXAMPLES


@pytest.mark.oracle
def test_project_docs_complete_with_the_installed_samples(debian_examples: Path, tmp_path: Path):
    result = extract(DEFAULT_DOCS_DIR, samples=debian_examples)
    by_path = {a.path: a for a in result.artifacts}
    conf = by_path["en/example-cluster/pgpool.conf"]
    assert conf.form == "complete" and conf.sample.endswith("pgpool.conf.sample")
    assert "# - pgpool Connection Settings -" in conf.text  # the sample's comments are kept
    assert re.search(r"^health_check_period = 5 ", conf.text, re.M)
    assert not re.search(r"^#health_check_period = ", conf.text, re.M)  # uncommented in place
    findings = lint_bytes(conf.text.encode(), conf.path, LintSettings(pgpool_version="4.3"))
    assert not [f for f in findings.findings if f.severity is Severity.ERROR]
    directory = case_directory()
    try:
        observed = run_pgpool(require_tool("pgpool"), materialize(directory, conf.text.encode()))
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    assert not [w for w in observed.warnings if "could not open" in w]
    assert observed.accepted, observed.fatal
    scripts = [a for a in result.artifacts if "/files/" in a.path]
    assert {a.path.rsplit("/", 1)[-1] for a in scripts} >= {"failover.sh", "recovery_1st_stage"}
    paths = []
    for artifact in scripts:
        path = tmp_path / artifact.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(artifact.text, encoding="utf-8")
        paths.append(str(path))
        assert subprocess.run(["bash", "-n", str(path)], check=False).returncode == 0
    shellcheck = require_tool("shellcheck")
    proc = subprocess.run([shellcheck, "-S", "error", *paths], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout
    # Without --samples the same docs stay settings-only: nothing installed is read implicitly.
    plain = {a.path: a for a in extract(DEFAULT_DOCS_DIR).artifacts}
    assert plain["en/example-cluster/pgpool.conf"].form == "settings-only"
    assert not [p for p in plain if "/files/" in p]


def test_reference_blocks_are_still_checked_as_fragments(tmp_path: Path, capsys):
    """config.sgml makes no artifact, but `docsync check` still lints its settings."""
    import json

    from docsync.cli import main

    write_tree(
        tmp_path / "doc/src/sgml",
        {
            "example-cluster.sgml": _chapter("a", listing("health_check_period = 5")),
            "config.sgml": _chapter("c", listing("health_check_period = often")),
        },
    )
    assert [a.path for a in extract(tmp_path).artifacts] == ["en/example-cluster/pgpool.conf"]
    code = main(["check", "--docs", str(tmp_path), "--format", "json", "--select", "PGP"])
    found = json.loads(capsys.readouterr().out)["findings"]
    assert code == 1 and [f["path"] for f in found] == ["doc/src/sgml/config.sgml"], found
    assert found[0]["category"] == "type"


def test_a_scenario_may_take_only_some_sections(tmp_path: Path):
    from docsync.extract import read_blocks
    from docsync.extract.inputs import resolve_sources
    from docsync.extract.scenarios import Scenario, assign, load_scenarios

    body = (
        '<sect1 id="keep"><title>K</title>' + listing("port = 1") + "</sect1>"
        '<sect1 id="drop"><title>D</title>' + listing("port = 2") + "</sect1>"
    )
    write_tree(tmp_path / "doc/src/sgml", {"guide.sgml": f'<chapter id="g"><title>G</title>{body}</chapter>'})
    blocks, _, _ = read_blocks(resolve_sources(tmp_path, "en")[0])
    rules = load_scenarios()._replace(scenarios=(Scenario("guide-part", ("guide.sgml",), ("keep",)),))
    ((scenario, mine),) = assign(blocks.blocks, rules)
    assert scenario.name == "guide-part" and [b.text for b in mine] == ["port = 1"]


def test_one_scenario_run_leaves_the_others_alone(tmp_path: Path, capsys):
    from docsync.cli import main

    docs = tmp_path / "docs"
    write_tree(
        docs / "doc/src/sgml",
        {
            "example-cluster.sgml": _chapter("a", listing("port = 1")),
            "example-new.sgml": _chapter("b", listing("port = 2")),
        },
    )
    out = tmp_path / "out"
    assert main(["extract", "--docs", str(docs), "--out", str(out)]) == 0
    (docs / "doc/src/sgml/example-new.sgml").write_text(_chapter("b", listing("port = 3")))
    args = ["extract", "--docs", str(docs), "--out", str(out), "--scenario", "example-new"]
    assert main([*args, "--check"]) == 1  # only example-new is stale
    assert "2 files would change (en/example-new/pgpool.conf, manifest.toml)" in capsys.readouterr().err
    assert main(args) == 0
    assert "port = 3 " in (out / "en/example-new/pgpool.conf").read_text()
    assert "port = 1 " in (out / "en/example-cluster/pgpool.conf").read_text()
    assert main(["extract", "--docs", str(docs), "--out", str(out), "--check"]) == 0


def test_a_documented_secret_in_a_script_edit_is_masked(tmp_path: Path):
    body = listing("[server1]# cp /etc/pgpool-II/x.sh.sample /etc/pgpool-II/x.sh") + listing(
        "[server1]# vi /etc/pgpool-II/x.sh\n...\nPCP_PASS=Hunter2-secret\nPCP_USER=pgpool\n..."
    )
    write_tree(tmp_path / "doc/src/sgml", {"example-cluster.sgml": _chapter("a", body)})
    write_tree(tmp_path / "src/sample", {"x.sh.sample": "#!/bin/bash\nPCP_PASS=\nPCP_USER=x\n"})
    (script,) = [a for a in extract(tmp_path).artifacts if a.path.endswith("files/x.sh")]
    assert "Hunter2" not in script.text and "PCP_PASS='***'" in script.text
    assert "\nPCP_USER=pgpool\n" in script.text


def test_the_samples_own_commented_line_beats_a_mention_in_a_description():
    sample = (
        "#use_memory_cache = off\n"
        "                  # memqcache_method = 'memcached'.\n"
        "#memqcache_method = 'shmem'\n"
    )
    edits = [Edit("memqcache_method", "memqcache_method = 'memcached'", "d.sgml:1 s")]
    assert complete_settings(sample, edits, "Added:").splitlines() == [
        "#use_memory_cache = off",
        "                  # memqcache_method = 'memcached'.",
        "memqcache_method = 'memcached'  # d.sgml:1 s",
    ]


def test_bad_sample_directory_is_a_usage_error(tmp_path: Path, capsys):
    from docsync.cli import main

    code = main(["extract", "--samples", str(tmp_path / "none"), "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert code == 2 and "--samples" in err and "Traceback" not in err
    assert not (tmp_path / "o").exists()
