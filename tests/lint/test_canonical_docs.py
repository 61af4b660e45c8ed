"""``docsync lint --docs``: the canonical pgpool.conf extracted on the fly from any upstream
checkout, no comparison without a chosen canonical, and ``--fix`` bringing a live file to the
documented values. Reads ../shared/pgpool-docs at test time."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from docsync.cli import main
from tests.conftest import UPSTREAM, require_upstream

BRANCHES = [
    "V4_1_STABLE",
    "V4_2_STABLE",
    "V4_3_STABLE",
    "V4_4_STABLE",
    "V4_5_STABLE",
    "V4_6_STABLE",
    "V4_7_STABLE",
    "master",
]
SECRET = "Live-7f3e-secret"


def run(args: list[str], capsys) -> tuple[int, str, str]:
    code = main(["lint", *args])
    out, err = capsys.readouterr()
    return code, out, err


def live_conf(tmp_path: Path) -> Path:
    """A server's file: the 4.3 sample, site values, and one documented value changed."""
    sample = (UPSTREAM / "V4_3_STABLE/src/sample/pgpool.conf.sample-stream").read_text()
    text = sample.replace("#backend_hostname0 = 'host1'", "backend_hostname0 = 'db-a'")
    text = text.replace("#sr_check_password = ''", f"sr_check_password = '{SECRET}'")
    text += "health_check_period = 30   # ours\nnum_init_children = 64\n"
    path = tmp_path / "pgpool.conf"
    path.write_text(text)
    return path


@pytest.mark.parametrize("branch", BRANCHES)
def test_docs_of_every_branch_give_a_canonical(branch: str, tmp_path: Path, capsys):
    require_upstream()
    conf = tmp_path / "pgpool.conf"
    conf.write_text("health_check_period = 999\n")
    docs = UPSTREAM / branch
    code, out, err = run(
        ["--docs", str(docs), "--select", "canonical-mismatch", "--format", "json", str(conf)],
        capsys,
    )
    assert code == 1, err
    found = json.loads(out)["findings"]
    period = [f for f in found if "health_check_period = '999'" in f["message"]]
    assert period, found
    # The related place is the SGML line that documents the value.
    related = period[0]["related"][0]
    assert related["path"].endswith("doc/src/sgml/example-cluster.sgml") and related["line"] > 1


def test_scenario_and_language(tmp_path: Path, capsys):
    require_upstream()
    conf = tmp_path / "pgpool.conf"
    conf.write_text("replication_mode = off\n")
    docs = str(UPSTREAM / "V4_1_STABLE")
    code, out, _ = run(["--docs", docs, "--scenario", "example-basic", "--lang", "ja", str(conf)], capsys)
    assert code == 1 and "replication_mode" in out and "doc.ja/src/sgml/example-basic.sgml" in out
    code, _, err = run(["--docs", docs, "--scenario", "example-nope", str(conf)], capsys)
    assert code == 2 and "unknown scenario 'example-nope'" in err and "Traceback" not in err
    code, _, err = run(["--scenario", "example-basic", str(conf)], capsys)
    assert code == 2 and "--docs" in err


def test_without_a_chosen_canonical_nothing_is_compared(tmp_path: Path, capsys, monkeypatch):
    """Even inside the project, whose generated/ holds a pgpool.conf, and with every rule on."""
    conf = tmp_path / "pgpool.conf"
    conf.write_text("# Pgpool-II 4.3 configuration file\nhealth_check_period = 999\n")
    monkeypatch.chdir(Path(__file__).resolve().parents[2])
    code, out, err = run(["--verbose", "--format", "json", str(conf)], capsys)
    assert not [f for f in json.loads(out)["findings"] if f["code"].startswith("PGP9")]
    assert "canonical: none" in err
    # `canonical = ...` in the configuration opts in; --against on the command line wins.
    require_upstream()
    opted = tmp_path / "opted"
    opted.mkdir()
    (opted / ".docsync.toml").write_text(f'[lint]\ncanonical = "{UPSTREAM / "V4_3_STABLE"}"\n')
    conf = opted / "pgpool.conf"
    conf.write_text("# Pgpool-II 4.3 configuration file\nhealth_check_period = 999\n")
    code, out, _ = run(["--format", "json", str(conf)], capsys)
    assert any("health_check_period" in f["message"] for f in json.loads(out)["findings"])
    other = tmp_path / "other.conf"
    other.write_text("health_check_period = 999\n")
    code, out, _ = run(["--against", str(other), "--select", "PGP9", str(conf)], capsys)
    assert code == 0, out


def test_fix_applies_the_documented_values(tmp_path: Path, capsys):
    require_upstream()
    conf = live_conf(tmp_path)
    original = conf.read_bytes()
    docs = str(UPSTREAM / "V4_3_STABLE")
    args = ["--docs", docs, "--pgpool-version", "4.3", "--select", "PGP901"]
    code, out, _ = run([*args, "--diff", str(conf)], capsys)
    assert code == 1 and conf.read_bytes() == original and not (tmp_path / "pgpool.conf.bak").exists()
    assert "-health_check_period = 30   # ours" in out and "+health_check_period = 5   # ours" in out
    assert "+failover_command = '/etc/pgpool-II/failover.sh" in out
    assert SECRET not in out
    code, out, err = run([*args, "--fix", str(conf)], capsys)
    assert "Fixed" in err and code == 0, out
    assert (tmp_path / "pgpool.conf.bak").read_bytes() == original
    before = original.decode().splitlines()
    after = conf.read_text().splitlines()
    assert len(after) == len(before)  # every fix went where its setting (or its comment) stands
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert changed and all(b.split("=")[0].strip() in a for a, b in changed)
    # Site-specific settings and values nobody documents stay as they were.
    assert "backend_hostname0 = 'db-a'" in after and f"sr_check_password = '{SECRET}'" in after
    assert "num_init_children = 64" in after
    assert "health_check_period = 5   # ours" in after
    code, out, _ = run([*args, str(conf)], capsys)
    assert code == 0 and "Found 0 problems" in out
    os.remove(tmp_path / "pgpool.conf.bak")


def test_fix_appends_what_has_no_place(tmp_path: Path, capsys):
    require_upstream()
    conf = tmp_path / "pgpool.conf"
    conf.write_bytes(b"# Pgpool-II 4.3 configuration file\r\nport = 9999")
    docs = str(UPSTREAM / "V4_3_STABLE")
    code, _, err = run(["--docs", docs, "--select", "PGP901", "--fix", str(conf)], capsys)
    data = conf.read_bytes()
    assert data.startswith(b"# Pgpool-II 4.3 configuration file\r\nport = 9999\r\n")
    assert b"health_check_period = 5\r\n" in data and b"\n\n" not in data.replace(b"\r\n", b"")
    assert code == 0, err


def test_a_chapter_file_is_its_own_scenario(tmp_path: Path, capsys):
    require_upstream()
    conf = tmp_path / "pgpool.conf"
    conf.write_text("replication_mode = off\n")
    chapter = UPSTREAM / "V4_3_STABLE/doc/src/sgml/example-basic.sgml"
    code, out, _ = run(["--docs", str(chapter), "--select", "PGP9", str(conf)], capsys)
    assert code == 1 and "replication_mode = 'off' differs" in out and "example-basic.sgml" in out


def test_fix_uncomments_the_samples_own_line(tmp_path: Path, capsys):
    canonical = tmp_path / "canonical.conf"
    canonical.write_text("health_check_period = 5\n")
    conf = tmp_path / "pgpool.conf"
    original = (
        b"# Pgpool-II 4.3 configuration file\r\n"
        b"      # health_check_period = 10 is a mention, not the setting\r\n"
        b"#health_check_period = 0\r\n"
        b"            # Health check period\r\n"
    )
    conf.write_bytes(original)
    code, _, err = run(["--against", str(canonical), "--select", "PGP901", "--fix", str(conf)], capsys)
    assert code == 0, err
    assert conf.read_bytes() == original.replace(
        b"#health_check_period = 0\r\n", b"health_check_period = 5\r\n"
    )
