"""version-path-mismatch: PostgreSQL-major-specific paths against the target major."""

from __future__ import annotations

from tests.lint.helpers import assert_findings, lint

TEXT = (
    "backend_data_directory0 = '/var/lib/pgsql/16/data'\n"
    "backend_data_directory1 = '/var/lib/pgsql/16/data'\n"
    "failover_command = '/usr/pgsql-15/bin/failover.sh %d'\n"
)


def test_majority_of_the_file_is_a_warning() -> None:
    f = assert_findings(TEXT, [(3, "version-path-mismatch")], only=["version-path-mismatch"])[0]
    assert f.severity.value == "warning"
    assert f.location.column == len("failover_command = '/usr/pgsql-") + 1
    start = TEXT.index("15/bin")
    assert (f.fix.start, f.fix.end, f.fix.text) == (start, start + 2, "16")


def test_pg_version_flag_is_a_requirement() -> None:
    findings = lint(TEXT, pg_version="15", select=["version-path-mismatch"])
    assert [(x.location.line, x.severity.value) for x in findings] == [(1, "error"), (2, "error")]


def test_layouts() -> None:
    text = "recovery_1st_stage_command = 'x'\na = '/usr/lib/postgresql/13/bin/pg_ctl'\n"
    assert [
        f.location.line for f in lint(text, pg_version="16", select=["version-path-mismatch"])
    ] == [2]
    text = "wd_escalation_command = 'systemctl restart postgresql-14 && pgpool-II-pg14'\n"
    assert len(lint(text, pg_version="16", select=["version-path-mismatch"])) == 2
    assert (
        lint(
            "ssl_cert = '/etc/postgresql.conf'\n", pg_version="16", select=["version-path-mismatch"]
        )
        == []
    )


def test_tie_gives_no_target() -> None:
    text = "a = '/var/lib/pgsql/15/data'\nb = '/var/lib/pgsql/16/data'\n"
    assert lint(text, select=["version-path-mismatch"]) == []
