"""unknown-parameter: typos, case, version-specific names, include before 4.3."""

from __future__ import annotations

from tests.lint.helpers import assert_findings, lint


def test_typo_and_case_get_suggestions() -> None:
    findings = assert_findings(
        "helth_check_period = 10\nPort = 9999\nport = 9999\n",
        [(1, "unknown-parameter"), (2, "unknown-parameter")],
    )
    assert "'health_check_period'" in findings[0].message
    assert "'port'" in findings[1].message and "case-sensitive" in findings[1].message


def test_indexed_typo_suggests_the_array() -> None:
    f = lint("backend_hostnme0 = 'db'\n", select=["unknown-parameter"])[0]
    assert "backend_hostname0" in f.message


def test_parameter_from_a_newer_version() -> None:
    f = lint("max_spare_children = 10\n", version="4.3")[0]
    assert f.name == "unknown-parameter" and "4.4" in f.message
    assert lint("max_spare_children = 10\n", version="4.4", select=["unknown-parameter"]) == []


def test_include_before_43() -> None:
    f = lint("include = 'x.conf'\n", version="4.2")[0]
    assert f.name == "unknown-parameter" and "4.3" in f.message


def test_removed_and_indexed_scalars_are_left_to_their_rules() -> None:
    assert_findings("master_slave_mode = on\nport0 = 1\n", [], only=["unknown-parameter"])
