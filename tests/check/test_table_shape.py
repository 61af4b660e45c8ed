"""table-shape (DOC201, DOC202): psql result tables in listings."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.check.helpers import EN, chapter, check, explain, listing, pairs, write_tree

PATH = f"{EN}/example.sgml"
FIRST = 5  # source line of the line after the prompt: sect1, title, <programlisting>, prompt


def run(tmp_path: Path, output: str):
    text = '[server1]# psql -c "show pool_nodes"\n' + output
    write_tree(tmp_path, {PATH: chapter(listing(text))})
    return check(tmp_path, select=("table-shape",))


GOOD = """\
 node_id | hostname | port | status
---------+----------+------+--------
 0       | server1  | 5432 | up
 1       | server2  | 5432 | up
(2 rows)"""


def test_a_consistent_table_is_quiet(tmp_path: Path) -> None:
    assert run(tmp_path, GOOD) == []


def test_a_header_left_behind_by_a_new_column(tmp_path: Path) -> None:
    bad = GOOD.replace(" | status\n", "\n", 1)
    found = run(tmp_path, bad)
    assert pairs(found) == [(PATH, FIRST, "DOC201")], explain(found)
    assert "header has 3 columns" in found[0].message and "have 4" in found[0].message
    assert found[0].location.column == 1


def test_a_row_with_a_missing_cell(tmp_path: Path) -> None:
    bad = GOOD.replace(" 1       | server2  | 5432 | up", " 1       | server2  | up")
    found = run(tmp_path, bad)
    assert pairs(found) == [(PATH, FIRST + 3, "DOC201")], explain(found)


@pytest.mark.parametrize("footer", ["(3 rows)", "(1 row)"])
def test_the_footer_counts_rows(tmp_path: Path, footer: str) -> None:
    found = run(tmp_path, GOOD.replace("(2 rows)", footer))
    assert pairs(found) == [(PATH, FIRST + 4, "DOC202")], explain(found)


@pytest.mark.parametrize("elision", ["...", ".", "[snip]", "(...)"])
def test_elided_rows_are_not_counted(tmp_path: Path, elision: str) -> None:
    elided = GOOD.replace(" 1       | server2", f"{elision}\n 9       | server2").replace("(2 rows)", "(10 rows)")
    assert run(tmp_path, elided) == []


def test_multi_line_cells_count_once(tmp_path: Path) -> None:
    table = """\
 name | value
------+---------
 a    | line 1 +
      | line 2
 b    | one
(2 rows)"""
    assert run(tmp_path, table) == []


def test_what_is_not_a_psql_table(tmp_path: Path) -> None:
    # Expanded output, a single column without footer, and dashes under a sentence.
    other = """\
-[ RECORD 1 ]----+------
pid              | 7198
state            | streaming

pg_is_in_recovery
-------------------
t

Results
-------
a | b | c"""
    assert run(tmp_path, other) == []


def test_a_single_column_table_with_a_footer(tmp_path: Path) -> None:
    table = "pg_is_in_recovery\n-------------------\n t\n(2 rows)"
    found = run(tmp_path, table)
    assert pairs(found) == [(PATH, FIRST + 3, "DOC202")], explain(found)
