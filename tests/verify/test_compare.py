"""Structural comparison of documented and live outputs (no hosts needed)."""

from __future__ import annotations

from docsync.verify.compare import compare, strip_prompts
from docsync.verify.ruleset import load_rules

RULES = load_rules()
NODES = RULES.output_rule('psql -c "show pool_nodes"')
WATCHDOG = RULES.output_rule("pcp_watchdog_info -h x -p 9898 -U pgpool")

TABLE = """\
 node_id | hostname | port | status | select_cnt | last_status_change
---------+----------+------+--------+------------+---------------------
 0       | server1  | 5432 | up     | 0          | 2024-03-12 10:21:07
 1       | server2  | 5432 | up     | 0          | 2024-03-12 10:24:31
(2 rows)""".splitlines()


def test_rules_select_the_table_comparisons() -> None:
    assert NODES is not None and NODES.format == "psql-table"
    assert WATCHDOG is not None and WATCHDOG.format == "watchdog-info"


def test_volatile_columns_and_row_order_do_not_matter() -> None:
    live = [
        " node_id | hostname | port | status | select_cnt | last_status_change",
        "---------+----------+------+--------+------------+--------------------",
        " 1       | server2  | 5432 | up     | 17         | 2026-01-01 00:00:00",
        " 0       | server1  | 5432 | up     | 3          | 2026-01-01 00:00:01",
        "(2 rows)",
    ]
    assert compare(TABLE, live, NODES) == []


def test_a_different_value_is_reported_at_its_row() -> None:
    live = [ln.replace("server2  | 5432 | up", "server2  | 5432 | down") for ln in TABLE]
    diffs = compare(TABLE, live, NODES)
    assert diffs == [(3, "row 1: status is 'down', documented 'up'")]


def test_missing_row_and_other_columns() -> None:
    assert compare(TABLE, TABLE[:3] + TABLE[4:], NODES) == [
        (3, "row 1 is documented but not in the live output")
    ]
    other = [TABLE[0].replace("status |", "state |"), *TABLE[1:]]
    assert "columns are" in compare(TABLE, other, NODES)[0][1]


def test_watchdog_leader_may_be_any_node_but_statuses_must_add_up() -> None:
    doc = [
        "3 3 YES server3:9999 Linux server3 server3",
        "",
        "server3:9999 Linux server3 server3 9999 9000 4 LEADER 0 MEMBER",
        "server1:9999 Linux server1 server1 9999 9000 10 SHUTDOWN 0 MEMBER",
        "server2:9999 Linux server2 server2 9999 9000 7 STANDBY 0 MEMBER",
    ]
    live = [
        "3 3 YES server2:9999 Linux server2 server2",
        "server2:9999 Linux server2 server2 9999 9000 4 LEADER 0 MEMBER",
        "server1:9999 Linux server1 server1 9999 9000 10 SHUTDOWN 0 MEMBER",
        "server3:9999 Linux server3 server3 9999 9000 7 STANDBY 0 MEMBER",
    ]
    assert compare(doc, live, WATCHDOG) == []
    two_leaders = [*live[:3], live[3].replace("7 STANDBY", "4 LEADER")]
    assert any("status" in msg for _, msg in compare(doc, two_leaders, WATCHDOG))


def test_messages_must_appear_in_order() -> None:
    assert compare(["CREATE EXTENSION"], ["CREATE EXTENSION"], None) == []
    assert compare(["CREATE EXTENSIONS"], ["CREATE EXTENSION"], None) == [
        (0, "documented 'CREATE EXTENSIONS', but the command printed 'CREATE EXTENSION'")
    ]


def test_prompts_printed_without_newline_are_removed() -> None:
    live = "Password: pcp_recovery_node -- Command Successful\n"
    assert strip_prompts(live, RULES.prompts) == ["pcp_recovery_node -- Command Successful"]


def test_pcp_node_info_fields_with_a_date_in_the_last_column() -> None:
    rule = RULES.output_rule("pcp_node_info -h x -p 9898 -U pgpool -n 2")
    assert rule is not None and rule.format == "fields"
    doc = ["server3 5432 2 0.333333 up up standby standby 0 streaming async 2024-03-12 10:41:26"]
    live = ["server3 5432 2 0.333333 up up standby standby 0 streaming async 2026-01-01 00:00:00"]
    assert compare(doc, live, rule) == []
    down = [live[0].replace("up up", "down down")]
    assert [m for _, m in compare(doc, down, rule)] == [
        "row server3: status_name is 'down', documented 'up'",
        "row server3: backend_status is 'down', documented 'up'",
    ]
