"""dependency rules: backends, watchdog lists, recovery, spare children, shared memory."""

from __future__ import annotations

from tests.lint.helpers import assert_findings, lint

BACKENDS = "backend_hostname0 = 'a'\nbackend_port0 = 5432\nbackend_data_directory0 = '/d'\n"


def test_backend_without_port() -> None:
    assert_findings(
        BACKENDS + "backend_hostname1 = 'b'\n",
        [(4, "backend-without-port")],
        only=["backend-without-port"],
    )
    assert_findings(BACKENDS, [], only=["backend-without-port"])


def test_watchdog_lists_must_agree_when_watchdog_is_on() -> None:
    nodes = (
        "hostname0 = 'a'\nwd_port0 = 9000\npgpool_port0 = 9999\n"
        "hostname1 = 'b'\nwd_port1 = 9000\n"
        "heartbeat_hostname0 = 'a'\nheartbeat_port0 = 9694\n"
    )
    assert_findings(nodes, [], only=["watchdog-node-mismatch"])  # use_watchdog is off by default
    findings = assert_findings(
        "use_watchdog = on\n" + nodes,
        [(5, "watchdog-node-mismatch")],
        only=["watchdog-node-mismatch"],
    )
    assert "pgpool_port1" in findings[0].message and "heartbeat_hostname1" in findings[0].message
    # with another lifecheck method the heartbeat lists do not matter
    assert (
        "heartbeat"
        not in lint(
            "use_watchdog = on\nwd_lifecheck_method = query\n" + nodes,
            select=["watchdog-node-mismatch"],
        )[0].message
    )


def test_recovery_needs_data_directories() -> None:
    text = (
        "recovery_1st_stage_command = 'recovery_1st_stage'\n"
        "backend_port0 = 5432\nbackend_port1 = 5433\n"
        "backend_data_directory1 = '/d'\n"
    )
    assert_findings(
        text, [(2, "recovery-without-data-directory")], only=["recovery-without-data-directory"]
    )
    assert_findings(
        text.replace("recovery_1st_stage_command = 'recovery_1st_stage'", "port = 9999"),
        [],
        only=["recovery-without-data-directory"],
    )


def test_spare_children_order() -> None:
    assert_findings(
        "min_spare_children = 10\nmax_spare_children = 5\n",
        [(1, "spare-children-order")],
        version="4.4",
        only=["spare-children-order"],
    )
    assert_findings(
        "max_spare_children = 3\n",
        [(1, "spare-children-order")],
        version="4.4",
        only=["spare-children-order"],
    )  # default min is 5
    f = lint(
        "process_management_mode = dynamic\nnum_init_children = 8\nmax_spare_children = 20\n",
        version="4.4",
        select=["spare-children-order"],
    )
    assert [(x.location.line, x.severity.value) for x in f] == [(3, "warning")]
    assert lint("min_spare_children = 10\n", version="4.3", select=["spare-children-order"]) == []


def test_shared_memory_estimate() -> None:
    assert_findings(
        "num_init_children = 5000\nmax_pool = 4\n",
        [(1, "shared-memory-size")],
        only=["shared-memory-size"],
    )
    assert_findings("num_init_children = 200\nmax_pool = 4\n", [], only=["shared-memory-size"])
