"""dependency rules: backends, watchdog lists, recovery, spare children, shared memory."""

from __future__ import annotations

from docsync.lint.checks.dependency import SharedMemoryOptions
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


def test_shared_memory_threshold_is_an_option() -> None:
    # 5000 x 4 slots need about 1.2 GiB: reported from 1 GiB (the default), not from 2.
    text = "num_init_children = 5000\nmax_pool = 4\n"
    raised = {"PGP605": SharedMemoryOptions(threshold_gib=2.0)}
    assert_findings(text, [], only=["shared-memory-size"], rule_options=raised)
    lowered = {"PGP605": SharedMemoryOptions(threshold_gib=0.04)}  # 200 x 4 slots: about 0.05 GiB
    assert_findings("num_init_children = 200\nmax_pool = 4\n", [(1, "shared-memory-size")],
                    only=["shared-memory-size"], rule_options=lowered)


def test_heartbeat_destination_needs_a_host_even_without_watchdog() -> None:
    """pgpool 4.3.5 refuses heartbeat_portN (N >= 1) without a non-empty heartbeat_hostnameN
    in heartbeat mode (the default), with use_watchdog off too; index 0 is exempt."""
    only = ["watchdog-node-mismatch"]
    hosts = "heartbeat_hostname0 = ''\nheartbeat_port0 = 9694\nheartbeat_hostname1 = 'b'\n"
    assert_findings(hosts + "heartbeat_port1 = 9694\n", [], only=only)
    assert_findings(hosts + "heartbeat_port1 = 9694\nheartbeat_port3 = 9694\n", [(5, only[0])], only=only)
    assert_findings(
        "heartbeat_hostname1 = ''\nheartbeat_port1 = 9694\n", [(2, only[0])], only=only
    )
    assert_findings(
        "wd_lifecheck_method = 'query'\nheartbeat_port1 = 9694\n", [], only=only
    )


def test_replication_mode_conflicts_with_quorum_failover() -> None:
    only = ["conflicting-settings"]
    # failover_when_quorum_exists is on by default from 4.3
    assert_findings("replication_mode = on\n", [(1, only[0])], only=only)
    assert_findings(
        "replication_mode = maybe\nfailover_when_quorum_exists = on\n", [(2, only[0])], only=only
    )
    assert_findings(
        "replication_mode = on\nfailover_when_quorum_exists = off\n", [], only=only
    )
    assert_findings(  # backend_clustering_mode does not trip pgpool's check
        "backend_clustering_mode = 'native_replication'\nfailover_when_quorum_exists = on\n",
        [],
        only=only,
    )
    assert_findings("replication_mode = on\n", [], only=only, version="4.1")  # default off
