"""version-consistency (DOC101, DOC102): tokens against what a chapter declares."""

from __future__ import annotations

from pathlib import Path

from tests.check.helpers import EN, JA, chapter, check, explain, listing, pairs, write_tree

SELECT = ("version-consistency",)
PATH = f"{EN}/example.sgml"


def run(tmp_path: Path, body: str, *, version: str = "4.5.3", ja: str | None = None):
    files = {f"{EN}/example.sgml": chapter(body), f"{EN}/version.sgml": f'<!ENTITY version "{version}">\n'}
    if ja is not None:
        files[f"{JA}/example.sgml"] = chapter(ja)
        files[f"{JA}/version.sgml"] = f'<!ENTITY version "{version}">\n'
    write_tree(tmp_path, files)
    return check(tmp_path, select=SELECT)


def test_a_path_for_another_major_is_reported_where_it_stands(tmp_path: Path) -> None:
    body = "<para><productname>PostgreSQL</productname> 16 is used in this example.</para>\n" + listing(
        "[server1]$ initdb -D /var/lib/pgsql/16/data\n[server1]$ pg_ctl -D /var/lib/pgsql/15/data stop"
    )
    found = run(tmp_path, body)
    assert pairs(found) == [(PATH, 6, "DOC101")], explain(found)
    f = found[0]
    assert f.location.column == len("[server1]$ pg_ctl -D ") + 1
    assert f.related[0].location.line == 3 and "PostgreSQL 16" in f.related[0].message


def test_every_kind_of_postgresql_token(tmp_path: Path) -> None:
    tokens = [
        "/var/lib/pgsql/15/data",
        "/usr/pgsql-15/bin/initdb",
        "PGHOME=/usr/pgsql-15",
        "dnf install -y postgresql15-server",
        "dnf install -y pgpool-II-pg15-*",
        "/var/lib/postgresql/15/main",
        "/usr/lib/postgresql/15/bin/pg_ctl",
        "/etc/postgresql/15/main/postgresql.conf",
        "systemctl stop postgresql@15-main",
    ]
    body = "<para>PostgreSQL 16 is used here.</para>\n" + listing("\n".join(tokens))
    found = run(tmp_path, body)
    assert [f.location.line for f in found] == list(range(5, 5 + len(tokens))), explain(found)
    assert all(f.code == "DOC101" for f in found)


def test_agreeing_tokens_and_undeclared_chapters_are_quiet(tmp_path: Path) -> None:
    agreeing = "<para>PostgreSQL 16 is used.</para>\n" + listing("/usr/pgsql-16/bin/pg_ctl -D /var/lib/pgsql/16/data")
    assert run(tmp_path, agreeing) == []
    undeclared = listing("/usr/pgsql-15/bin/pg_upgrade -b /usr/pgsql-15/bin -B /usr/pgsql-16/bin")
    assert run(tmp_path, undeclared) == []


def test_a_package_name_is_one_token(tmp_path: Path) -> None:
    body = "<para>PostgreSQL 16 is used.</para>\n" + listing("dnf install -y postgresql15-server postgresql15-contrib")
    found = run(tmp_path, body)
    assert len(found) == 2, explain(found)  # two packages, neither also read as a service name


def test_a_version_table_row_declares(tmp_path: Path) -> None:
    body = (
        '<table><title>PostgreSQL Settings</title><tgroup cols="2"><tbody>\n'
        "<row><entry>Version</entry><entry>16.2</entry></row>\n"
        "</tbody></tgroup></table>\n" + listing("/usr/pgsql-15/bin/initdb")
    )
    found = run(tmp_path, body)
    assert pairs(found) == [(PATH, 7, "DOC101")], explain(found)
    assert found[0].related[0].location.line == 4


def test_the_book_version_declares_pgpool_unless_it_is_a_development_version(tmp_path: Path) -> None:
    body = listing(
        "dnf install -y https://www.pgpool.net/yum/rpms/4.4/redhat/rhel-9-x86_64/pgpool-II-release-4.4-1.noarch.rpm"
    )
    found = run(tmp_path, body, version="4.5.3")
    assert [f.code for f in found] == ["DOC101", "DOC101"], explain(found)
    assert "version.sgml" in found[0].message
    assert run(tmp_path, body, version="4.8devel") == []


def test_tokens_in_link_urls(tmp_path: Path) -> None:
    body = (
        '<para>See <ulink url="https://example.org/pgpool2/refs/heads/V4_4_STABLE/src/sample/failover.sh">'
        "the sample</ulink>.</para>"
    )
    found = run(tmp_path, body, version="4.5.1")
    assert pairs(found) == [(PATH, 3, "DOC101")], explain(found)


def test_the_operating_system_release(tmp_path: Path) -> None:
    body = "<para>We use three servers with <emphasis>Rocky Linux 9</emphasis> installed.</para>\n" + listing(
        "dnf install -y https://download.postgresql.org/pub/repos/yum/reporpms/EL-9-x86_64/pgdg-redhat-repo-latest.noarch.rpm\n"
        "dnf install -y https://www.pgpool.net/yum/rpms/4.5/redhat/rhel-8-x86_64/pgpool-II-release-4.5-1.noarch.rpm"
    )
    found = run(tmp_path, body)
    assert pairs(found) == [(PATH, 6, "DOC101")], explain(found)
    assert "RHEL 8" in found[0].message and "RHEL 9" in found[0].message


def test_japanese_declarations(tmp_path: Path) -> None:
    en = "<para>PostgreSQL 16 is used.</para>\n" + listing("/var/lib/pgsql/16/data")
    ja = (
        "<para>この設定例では<productname>PostgreSQL</productname> 16を使っています。"
        "使用するOSはすべてRocky Linux 9とします。</para>\n"
        + listing("/var/lib/pgsql/15/data\nhttps://www.pgpool.net/yum/rpms/4.5/redhat/rhel-8-x86_64/")
    )
    found = run(tmp_path, en, ja=ja)
    assert pairs(found) == [(f"{JA}/example.sgml", 5, "DOC101"), (f"{JA}/example.sgml", 6, "DOC101")], explain(found)


def test_conflicting_declarations_the_tokens_decide(tmp_path: Path) -> None:
    # The sentence says 16, the table row 15.2; the paths follow 16, so the table is the odd one out.
    body = (
        "<para>PostgreSQL 16 is used in this example.</para>\n"
        '<table><title>T</title><tgroup cols="2"><tbody>\n'
        "<row><entry>PostgreSQL Version</entry><entry>15.2</entry></row>\n"
        "</tbody></tgroup></table>\n" + listing("/var/lib/pgsql/16/data\n/usr/pgsql-16/bin")
    )
    found = run(tmp_path, body)
    assert pairs(found) == [(PATH, 5, "DOC102")], explain(found)
    # With the paths on 15, the sentence is the odd one out, and no token is reported.
    found = run(tmp_path, body.replace("pgsql/16", "pgsql/15").replace("pgsql-16", "pgsql-15"))
    assert pairs(found) == [(PATH, 3, "DOC102")], explain(found)


def test_a_chapter_declaration_against_the_book(tmp_path: Path) -> None:
    body = (
        '<table><title>T</title><tgroup cols="2"><tbody>\n'
        "<row><entry>Pgpool-II Version</entry><entry>4.3.0</entry></row>\n"
        "</tbody></tgroup></table>\n" + listing("https://www.pgpool.net/yum/rpms/4.5/redhat/rhel-9-x86_64/")
    )
    found = run(tmp_path, body, version="4.5.2")
    assert pairs(found) == [(PATH, 4, "DOC102")], explain(found)
    assert "version.sgml" in found[0].message
