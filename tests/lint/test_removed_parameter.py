"""removed-parameter and deprecated-alias: replacements, versions, safe renames."""

from __future__ import annotations

from tests.lint.helpers import assert_findings, lint


def test_renames_name_the_replacement_and_version() -> None:
    text = "master_slave_mode = on\nfollow_master_command = 'x'\nheartbeat_destination0 = 'h'\n"
    findings = assert_findings(
        text,
        [(1, "removed-parameter"), (2, "removed-parameter"), (3, "removed-parameter")],
        version="4.2",
        only=["removed-parameter"],
    )
    assert "backend_clustering_mode" in findings[0].message and "4.2" in findings[0].message
    assert findings[0].fix is None  # the value changes meaning: no automatic fix
    assert findings[1].fix is not None and findings[1].fix.text == "follow_primary_command"
    assert findings[2].fix.text == "heartbeat_hostname0"


def test_rename_fix_is_withheld_when_the_new_name_is_set() -> None:
    f = lint("follow_master_command = 'x'\nfollow_primary_command = 'y'\n", version="4.7")[0]
    assert f.name == "removed-parameter" and f.fix is None


def test_socket_dir_removed_in_44() -> None:
    assert_findings("socket_dir = '/tmp'\n", [], version="4.3")
    f = lint("socket_dir = '/tmp'\n", version="4.4")[0]
    assert f.name == "removed-parameter" and "unix_socket_directories" in f.message


def test_delegate_ip_alias_by_version() -> None:
    assert_findings("delegate_IP = '192.0.2.1'\n", [], version="4.3")  # still the real name
    f = lint("delegate_IP = '192.0.2.1'\n", version="4.4")[0]
    assert (f.name, f.severity.value, f.fix.text) == ("deprecated-alias", "warning", "delegate_ip")
    f = lint("logdir = '/tmp'\n", version="4.7")[0]
    assert (f.name, f.fix.text) == ("deprecated-alias", "work_dir")
    assert lint("logdir = '/tmp'\n", version="4.6") == []


def test_ignored_alias_is_an_error() -> None:
    f = lint("fail_over_on_backend_error = off\n", version="4.3")[0]
    assert (f.name, f.severity.value) == ("removed-parameter", "error")
    assert "ignores" in f.message
    f = lint("fail_over_on_backend_error = off\n", version="4.4")[0]
    assert f.name == "deprecated-alias"
