"""Engine: suppression comments, selection, configuration files, canonical comparison, versions."""

from __future__ import annotations

from pathlib import Path

import pytest

from docsync.config import find_config
from docsync.errors import UsageError
from docsync.lint.catalogue import load_catalogue
from docsync.lint.config import LintFlags, lint_settings_for
from docsync.lint.engine import build_context, lint_text
from docsync.lint.registry import CHECKS, KIND_CHECKS
from docsync.lint.settings import LintSettings
from docsync.rules import all_rules
from tests.lint.helpers import assert_findings, lint


def test_every_check_has_a_documented_rule_with_the_same_name() -> None:
    import docsync.lint.checks
    import docsync.lint.checks.otherkinds  # noqa: F401

    docs = all_rules()
    kinds = {code: chk for code, (_, chk) in KIND_CHECKS.items()}
    for code, chk in {**CHECKS, **kinds}.items():
        assert docs[code].rule.name == chk.name, code
        doc = docs[code]
        assert doc.rule.summary and doc.fix and doc.versions and doc.stage == "lint"
    lint_codes = {c for c, d in docs.items() if d.stage == "lint"}
    assert lint_codes - set(CHECKS) - set(kinds) == {"PGP011"}  # the io rule is raised by the engine


def test_inline_suppression_by_code_name_or_category() -> None:
    text = (
        "foo = 1  # docsync: ignore[PGP101] local extension\n"
        "bar = 1  # docsync: ignore[duplicate-setting] wrong rule\n"
        "baz = 1  # docsync: ignore[unknown-parameter,type]\n"
        "qux = 1  # docsync: ignore[PGP1]\n"
    )
    assert_findings(text, [(2, "unknown-parameter")])


@pytest.mark.parametrize(
    ("select", "ignore", "expected"),
    [
        ((), (), {"unknown-parameter", "out-of-range", "duplicate-setting"}),
        (("PGP1",), (), {"unknown-parameter"}),
        ((), ("duplicate",), {"unknown-parameter", "out-of-range"}),
        (("range", "PGP401"), (), {"out-of-range", "duplicate-setting"}),
        ((), ("PGP3",), {"unknown-parameter", "duplicate-setting"}),
        (("PGP311",), ("range",), {"out-of-range"}),
    ],  # the more specific selector wins
)
def test_select_and_ignore(select, ignore, expected) -> None:
    text = "foo = 1\nport = 80\nport = 81\n"
    got = {f.name for f in lint(text, select=select, ignore=ignore)}
    assert got == expected


def test_config_closest_to_the_input_wins(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.docsync.lint]\nignore = ["PGP101"]\npgpool-version = "4.2"\n'
    )
    sub = tmp_path / "etc"
    sub.mkdir()
    (sub / ".docsync.toml").write_text(
        '[lint]\nselect = ["PGP3"]\n[lint.severity]\nPGP311 = "warning"\n'
    )
    find_config.cache_clear()
    top = lint_settings_for(str(tmp_path / "a.conf"), LintFlags())
    assert top.ignore == ("PGP101",) and top.pgpool_version == "4.2"
    inner = lint_settings_for(str(sub / "b.conf"), LintFlags())
    assert (
        inner.select == ("PGP3",)
        and inner.ignore == ()
        and inner.severity["PGP311"].value == "warning"
    )
    cli = lint_settings_for(
        str(sub / "b.conf"),
        LintFlags(select=("PGP4",), ignore=("PGP401",)),
    )
    assert cli.select == ("PGP4",) and cli.ignore == ("PGP401",)
    findings = lint_text("port = 80\n", str(sub / "b.conf"), inner)
    assert [(f.code, f.severity.value) for f in findings] == [("PGP311", "warning")]


def test_bad_config_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / ".docsync.toml").write_text("[lint]\nslect = ['x']\n")
    find_config.cache_clear()
    with pytest.raises(UsageError, match="unknown lint option"):
        lint_settings_for(str(tmp_path / "a.conf"), LintFlags())


def test_version_selection() -> None:
    settings = LintSettings()
    assert (
        build_context(b"# Pgpool-II 4.5 configuration file\n", "a", settings).catalogue.version
        == "4.5"
    )
    flag = LintSettings(pgpool_version="4.2")
    assert (
        build_context(b"# Pgpool-II 4.5 configuration file\n", "a", flag).catalogue.version == "4.2"
    )
    old = b"master_slave_mode = on\nfollow_master_command = ''\nport = 9999\n"
    ctx = build_context(old, "a", settings)
    assert ctx.catalogue.version == "4.1" and "inferred" in ctx.version.reason
    assert ctx.conf.dialect.name == "pgpool-4.1"  # re-parsed with the 4.1 lexer
    new = (
        b"backend_clustering_mode = 'streaming_replication'\nlogdir = '/tmp'\n"
        b"wd_listen_port = 9000\n"
    )
    assert build_context(new, "a", settings).catalogue.version == "4.8"  # ties go to the newest


def test_catalogue_lookup_is_pgpools_find_option() -> None:
    cat = load_catalogue("4.3")
    assert cat.lookup("backend_hostname12").index == 12
    assert cat.lookup("backend_hostname_x").bad_index
    assert cat.lookup("heartbeat_port3").parameter.name == "heartbeat_port"
    assert cat.lookup("Port").parameter is None  # case-sensitive
    assert cat.is_secret("health_check_password0") and cat.is_secret("wd_authkey")
    assert not cat.is_secret("health_check_user")


def test_canonical_comparison(tmp_path: Path) -> None:
    canonical = tmp_path / "canonical.conf"
    canonical.write_text(
        "backend_clustering_mode = 'streaming_replication'\nhealth_check_period = 5\n"
        "load_balance_mode = on\nbackend_hostname0 = 'server1'\n"
        "sr_check_password = 'do-not-show'\n"
    )
    text = (
        "backend_clustering_mode = 'native_replication'\nload_balance_mode = off\n"
        "backend_hostname0 = 'db1'\nsr_check_password = 'also-secret'\n"
    )
    findings = assert_findings(
        text,
        [(1, "canonical-mismatch"), (1, "canonical-mismatch"), (2, "canonical-difference")],
        only=["canonical-mismatch", "canonical-difference"],
        against=canonical,
    )
    unset = next(f for f in findings if "not set" in f.message)  # health_check_period: default 0
    assert (unset.location.line, unset.location.column) == (1, 1)
    assert "health_check_period" in unset.message and unset.severity.value == "error"
    assert findings[0].related[0].location.path == str(canonical)
    assert all("secret" not in f.message and "do-not-show" not in f.message for f in findings)
    # equal after normalisation: on == true, 5 == 5s
    same = (
        "backend_clustering_mode = 'STREAMING_REPLICATION'\n"
        "health_check_period = 5\nload_balance_mode = true\n"
    )
    assert_findings(
        same, [], only=["canonical-mismatch", "canonical-difference"], against=canonical
    )


def test_docs_without_documentation_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="--docs"):
        lint("port = 9999\n", docs=tmp_path)


def test_canonical_sets_the_pg_version(tmp_path: Path) -> None:
    canonical = tmp_path / "c.conf"
    canonical.write_text("backend_data_directory0 = '/var/lib/pgsql/16/data'\n")
    f = lint(
        "backend_port0 = 5432\nbackend_data_directory0 = '/var/lib/pgsql/15/data'\n",
        against=canonical,
        select=["version-path-mismatch"],
    )
    assert [(x.location.line, x.severity.value) for x in f] == [(2, "error")]
