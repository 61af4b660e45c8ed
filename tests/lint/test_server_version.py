"""Which Pgpool-II version a server's file is checked against, and that the report says so.

Order: --pgpool-version > configuration > the Pgpool-II installed here (for a server's own
file) > the file's header > inference. Uses the real pgpool binary and dpkg database of the
machine (Debian's pgpool2 4.3.5 in CI).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from docsync.cli import main
from docsync.lint.engine import build_context
from docsync.lint.installed import _from_dpkg, installed_pgpool, is_server_config
from docsync.lint.settings import LintSettings
from docsync.lint.versions import Source
from tests.conftest import require, require_tool

STOCK = Path("/etc/pgpool2/pgpool.conf")


def _real_version() -> str:
    """What the binary itself says, read independently of docsync."""
    pgpool = require_tool("pgpool")
    proc = subprocess.run([pgpool, "--version"], capture_output=True, text=True, check=False)
    m = re.search(r"version (\d+\.\d+)\.\d+", proc.stdout + proc.stderr)
    assert m, proc
    return m.group(1)


@pytest.fixture
def server_dir(tmp_path: Path) -> Path:
    """A copy of a server's configuration directory (linted with --server)."""
    d = tmp_path / "etc-pgpool"
    d.mkdir()
    (d / "pgpool.conf").write_text("# Pgpool-II 4.6 configuration file\nport = 9999\n")
    (d / "pcp.conf").write_text("")
    return d


SERVER = LintSettings(server=True)


def run(args: list[str], capsys) -> tuple[int, str]:
    code = main(["lint", *args])
    return code, capsys.readouterr().out


def test_installed_version_comes_from_the_binary() -> None:
    found = installed_pgpool()
    assert found is not None and found.major == _real_version()
    assert "--version" in found.source


def test_dpkg_database_agrees_with_the_binary() -> None:
    require(shutil.which("dpkg") is not None, "dpkg (a Debian system)")
    found = _from_dpkg()
    assert found is not None and found.major == _real_version()


def test_server_config_recognised(tmp_path: Path, server_dir: Path) -> None:
    assert is_server_config("/etc/pgpool2/pgpool.conf")
    assert is_server_config("/etc/pgpool-II/pgpool.conf")
    assert is_server_config("/etc/pgpool-II-15/pool_hba.conf")
    assert is_server_config("/usr/local/etc/pgpool.conf")
    assert not is_server_config("/etc/pgpool2/sub/pgpool.conf")
    # a copy elsewhere, even with its companions (generated/en has them), is not the server's
    assert not is_server_config(str(server_dir / "pgpool.conf"))
    assert is_server_config(str(server_dir / "pgpool.conf"), forced=True)  # --server
    assert not is_server_config("/etc/pgpool2/pgpool.conf", forced=False)  # --no-server
    assert not is_server_config("-") and not is_server_config("<string>")


def test_installed_beats_header_but_not_the_flag(server_dir: Path) -> None:
    conf = server_dir / "pgpool.conf"
    data = conf.read_bytes()
    ctx = build_context(data, str(conf), SERVER)
    assert ctx.version.source is Source.INSTALLED and ctx.server
    assert ctx.catalogue.version == _real_version()
    flag = build_context(data, str(conf), LintSettings(pgpool_version="4.5", server=True))
    assert flag.catalogue.version == "4.5" and flag.version.source is Source.FLAG
    # not the server's own file: the header decides
    copy = build_context(data, str(conf), LintSettings())
    assert copy.version.source is Source.HEADER and not copy.server


def test_configuration_beats_installed(server_dir: Path, capsys) -> None:
    (server_dir / ".docsync.toml").write_text('[lint]\npgpool-version = "4.4"\nserver = true\n')
    _, out = run([str(server_dir / "pgpool.conf"), "-f", "json"], capsys)
    versions = json.loads(out)["summary"]["pgpool_versions"]
    assert [(v["version"], v["source"]) for v in versions] == [("4.4", "configuration")]
    assert ".docsync.toml" in versions[0]["reason"]


def test_summary_names_detected_version(server_dir: Path, capsys) -> None:
    _, out = run([str(server_dir / "pgpool.conf"), "--server"], capsys)
    summary = out.splitlines()[-1]
    assert summary.startswith("Found ")
    assert f"Pgpool-II {_real_version()} (detected: pgpool {_real_version()}." in summary
    # an explicit version is the user's own: nothing added
    _, out = run([str(server_dir / "pgpool.conf"), "--server", "--pgpool-version", "4.3"], capsys)
    assert "Checked against" not in out


def test_summary_names_inferred_version(tmp_path: Path, capsys) -> None:
    conf = tmp_path / "a.conf"
    conf.write_text("master_slave_mode = on\nport = 9999\n")
    _, out = run([str(conf)], capsys)
    assert "Pgpool-II 4.1 (inferred from the parameter names" in out.splitlines()[-1]


def test_sarif_and_json_carry_the_version(server_dir: Path, capsys) -> None:
    conf = str(server_dir / "pgpool.conf")
    _, out = run([conf, "--server", "-f", "sarif"], capsys)
    props = json.loads(out)["runs"][0]["properties"]["pgpool_versions"]
    assert props[0]["version"] == _real_version() and props[0]["source"] == "installed"
    _, out = run([conf, "--server", "-f", "json"], capsys)
    assert json.loads(out)["summary"]["pgpool_versions"][0]["source"] == "installed"


def test_stock_config_is_detected_as_installed_version(capsys) -> None:
    """The machine's own /etc/pgpool2/pgpool.conf (read only)."""
    require(STOCK.is_file(), "/etc/pgpool2/pgpool.conf (Debian's pgpool2 package)")
    _, out = run([str(STOCK), "-f", "json"], capsys)
    (version,) = json.loads(out)["summary"]["pgpool_versions"]
    assert (version["version"], version["source"]) == (_real_version(), "installed")


def test_whole_file_findings_are_at_1_1(tmp_path: Path, capsys) -> None:
    """CONVENTIONS.md: 1-based columns; GitHub annotations never say col=0."""
    good = tmp_path / "good.conf"
    good.write_text("# Pgpool-II 4.3 configuration file\nport = 9999\n")
    missing = tmp_path / "missing.conf"
    _, out = run([str(good), str(missing), "-f", "json"], capsys)
    (io,) = [f for f in json.loads(out)["findings"] if f["path"] == str(missing)]
    assert (io["category"], io["line"], io["column"]) == ("io", 1, 1)
    _, out = run([str(good), str(missing), "-f", "github"], capsys)
    assert f"file={missing},line=1,col=1," in out.replace("%3A", ":") and "col=0" not in out


@pytest.mark.parametrize(
    ("branch", "version"),
    [("V4_1_STABLE", "4.1"), ("V4_3_STABLE", "4.3"), ("V4_5_STABLE", "4.5"), ("V4_7_STABLE", "4.7"), ("master", "4.8")],
)
def test_listing_without_header_infers_its_own_version(upstream, branch: str, version: str) -> None:
    """A packaged configuration lists its version's parameters (most commented out): without a
    header the closest catalogue is that version (Debian's 4.3 file was inferred as 4.8)."""
    data = (upstream / branch / "src" / "sample" / "pgpool.conf.sample-stream").read_bytes()
    data = re.sub(rb"(?m)^.*Pgpool-II [0-9.]+ configuration file.*\n", b"", data)
    ctx = build_context(data, "copy.conf", LintSettings())
    assert (ctx.version.source, ctx.catalogue.version) == (Source.INFERRED, version)


def test_stock_config_and_directory_exit_0(capsys) -> None:
    """The done-when of issue 11: the machine's stock /etc/pgpool2 lints clean (exit 0) and
    the summary names the installed version as detected."""
    require(STOCK.is_file(), "/etc/pgpool2/pgpool.conf (Debian's pgpool2 package)")
    code, out = run([str(STOCK)], capsys)
    assert code == 0, out
    assert f"Pgpool-II {_real_version()} (detected: pgpool {_real_version()}" in out.splitlines()[-1]
    code, out = run([str(STOCK.parent)], capsys)
    assert code == 0, out


def test_server_setting_in_configuration(server_dir: Path, capsys, tmp_path: Path) -> None:
    (server_dir / ".docsync.toml").write_text("[lint]\nserver = true\n")
    _, out = run([str(server_dir / "pgpool.conf"), "-f", "json"], capsys)
    assert json.loads(out)["summary"]["pgpool_versions"][0]["source"] == "installed"
    other = tmp_path / "other"  # configuration files are read once per run and process
    other.mkdir()
    (other / "pgpool.conf").write_text("port = 9999\n")
    (other / ".docsync.toml").write_text('[lint]\nserver = "yes"\n')
    assert main(["lint", str(other / "pgpool.conf")]) == 2
    assert "lint.server must be true or false" in capsys.readouterr().err
