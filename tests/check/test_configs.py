"""Configuration content in the docs: lint rules for pgpool.conf, PostgreSQL syntax (DOC002)."""

from __future__ import annotations

from pathlib import Path

from tests.check.helpers import EN, chapter, check, explain, listing, pairs, write_tree

PATH = f"{EN}/example.sgml"
EDIT = listing("[all servers]# vi /etc/pgpool-II/pgpool.conf")


def run(tmp_path: Path, *blocks: str, version: str = "4.3.5", **kwargs):
    write_tree(
        tmp_path,
        {PATH: chapter("\n".join(blocks)), f"{EN}/version.sgml": f'<!ENTITY version "{version}">\n'},
    )
    return check(tmp_path, **kwargs)


def test_an_unterminated_quote_is_reported_at_its_sgml_line_and_column(tmp_path: Path) -> None:
    content = (
        "failover_command = '/etc/pgpool-II/failover.sh %d %h'\nfollow_primary_command = '/etc/pgpool-II/follow.sh %d"
    )
    found = run(tmp_path, EDIT, listing(content))
    # sect1, title, 3 lines of the editor listing, <programlisting>, failover_command, follow_...
    assert pairs(found) == [(PATH, 8, "PGP002")], explain(found)
    assert found[0].category.value == "syntax"
    assert found[0].location.column == len("follow_primary_command = ") + 1


def test_indented_content_keeps_source_columns(tmp_path: Path) -> None:
    content = "    port = 9999\n    listen_addresses = '*"
    found = run(tmp_path, EDIT, listing(content))
    assert [(f.location.line, f.location.column, f.code) for f in found] == [(8, 24, "PGP002")], explain(found)


def test_rules_that_need_a_whole_file_are_left_out(tmp_path: Path) -> None:
    # A backend without its port, nodes numbered from 1, an include: fine in a fragment.
    content = "backend_hostname1 = 'server2'\ninclude = 'more.conf'\nport = 99999"
    found = run(tmp_path, EDIT, listing(content))
    assert pairs(found) == [(PATH, 9, "PGP311")], explain(found)


def test_the_catalogue_is_the_declared_version(tmp_path: Path) -> None:
    content = "delegate_ip = '192.0.2.10'"
    assert pairs(run(tmp_path, EDIT, listing(content), version="4.5.1")) == []
    found = run(tmp_path, EDIT, listing(content), version="4.3.5")
    assert pairs(found) == [(PATH, 7, "PGP101")], explain(found)


def test_content_written_by_a_command(tmp_path: Path) -> None:
    # Whatever extract records as written to pgpool.conf is linted, not only settings blocks.
    session = '[server1]# echo "num_init_children = 0" &gt;&gt; /etc/pgpool-II/pgpool.conf'
    found = run(tmp_path, listing(session))
    assert pairs(found) == [(PATH, 4, "PGP311")], explain(found)


def test_postgresql_conf_gets_syntax_only(tmp_path: Path) -> None:
    edit = listing("[server1]$ vi $PGDATA/postgresql.conf")
    content = "wal_level = replica\nunknown_setting = 1\narchive_command = 'cp %p /archive/%f"
    found = run(tmp_path, edit, listing(content))
    assert pairs(found) == [(PATH, 9, "DOC002")], explain(found)


def test_selection_applies_to_lint_codes(tmp_path: Path) -> None:
    content = "port = 99999\nlisten_addresses = '*"
    blocks = (EDIT, listing(content))
    assert [f.code for f in run(tmp_path, *blocks, select=["syntax"])] == ["PGP002"]
    assert [f.code for f in run(tmp_path, *blocks, ignore=["PGP0"])] == ["PGP311"]
