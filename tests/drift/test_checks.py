"""Each check kind on small inline pairs: expected (English line, code), nothing else."""

from __future__ import annotations

from pathlib import Path

from docsync.model import Severity
from tests.drift.helpers import drift_texts, ja_lines, sect, where


def test_identical_structure_and_code_is_clean(tmp_path: Path) -> None:
    en = sect(
        "<para>Run <command>pgpool</command> 4.3.</para>\n<programlisting>\n[all servers]# pgpool -n\n</programlisting>"
    )
    ja = sect(
        "<para><command>pgpool</command> 4.3を実行します。</para>\n"
        "<programlisting>\n[全サーバ]# pgpool -n\n</programlisting>"
    )
    assert drift_texts(tmp_path, en, ja) == []


def test_listing_difference_points_at_the_differing_line(tmp_path: Path) -> None:
    en = sect("<programlisting>\nfirst\n[all servers]# cat /etc/x.conf\n</programlisting>")
    ja = sect("<programlisting>\nfirst\n[全サーバ]# vi /etc/x.conf\n</programlisting>")
    found = drift_texts(tmp_path, en, ja)
    assert where(found) == [(5, "DRF020")]
    assert ja_lines(found) == [(5, "DRF020")]
    assert "`cat`" in found[0].message and "`vi`" in found[0].message
    assert found[0].severity is Severity.ERROR


def test_missing_and_extra_blocks(tmp_path: Path) -> None:
    en = sect(
        "<para>A <literal>a</literal>.</para>\n<programlisting>\nls\n"
        "</programlisting>\n<programlisting>\npwd\n</programlisting>"
    )
    ja = sect("<para><literal>a</literal>です。</para>\n<programlisting>\nls\n</programlisting>\n<para>補足。</para>")
    found = drift_texts(tmp_path, en, ja)
    assert sorted(where(found)) == [(4, "DRF003"), (7, "DRF003")]
    severity = {f.location.line: f.severity for f in found}
    assert severity[7] is Severity.WARNING  # a listing
    assert severity[4] is Severity.INFO  # the Japanese-only paragraph, placed after its neighbour


def test_section_missing_and_renamed(tmp_path: Path) -> None:
    code = "<programlisting>\npgpool -D\n</programlisting>"
    en = (
        f'<sect1 id="top"><title>T</title>\n<sect2 id="keep-me"><title>K</title>{code}</sect2>\n'
        f'<sect2 id="gone"><title>G</title></sect2>\n</sect1>\n'
    )
    ja = f'<sect1 id="top"><title>T</title>\n<sect2 id="kept"><title>K</title>{code}</sect2>\n</sect1>\n'
    found = drift_texts(tmp_path, en, ja)
    assert sorted(where(found)) == [(2, "DRF002"), (5, "DRF001")]


def test_numbers_cjk_boundaries(tmp_path: Path) -> None:
    en = sect("<para>Tested with PostgreSQL 95 and later on two hosts.</para>")
    ja = sect("<para>2台のホストでPostgreSQL 9.5以降を確認しています。</para>")
    found = drift_texts(tmp_path, en, ja)
    assert where(found) == [(3, "DRF030")]
    assert "95" in found[0].message and "9.5" in found[0].message


def test_number_only_in_one_language_is_silent_without_originals(tmp_path: Path) -> None:
    en = sect("<para>Use the primary and the standbys.</para>")
    ja = sect("<para>プライマリ1台とスタンバイ2台を使います。</para>")
    assert drift_texts(tmp_path, en, ja) == []


def test_number_in_inline_code_on_the_other_side_is_not_drift(tmp_path: Path) -> None:
    en = sect("<para>Port <literal>9999</literal> is the default.</para>")
    ja = sect("<para>デフォルトのポートは9999です。</para>")
    assert drift_texts(tmp_path, en, ja) == []


def test_links_are_compared_as_sets(tmp_path: Path) -> None:
    en = sect(
        '<para>See <xref linkend="a"> and <xref linkend="b">, or <ulink url="https://x.example/">x</ulink>.</para>'
    )
    ja = sect('<para><ulink url="https://x.example/">x</ulink>、<xref linkend="b">と<xref linkend="A">を参照。</para>')
    assert drift_texts(tmp_path, en, ja) == []
    ja = sect('<para><xref linkend="b">と<xref linkend="c">を参照。<ulink url="https://x.example/">x</ulink></para>')
    found = drift_texts(tmp_path, en, ja)
    assert where(found) == [(3, "DRF040")]
    assert found[0].severity is Severity.WARNING


def test_inline_code_changed_value(tmp_path: Path) -> None:
    en = sect("<para>Edit <filename>/etc/pgpool-II/pgpool.conf</filename> as <literal>postgres</literal>.</para>")
    ja = sect("<para><literal>postgres</literal>で<filename>/etc/pgpool2/pgpool.conf</filename>を編集します。</para>")
    found = drift_texts(tmp_path, en, ja)
    assert where(found) == [(3, "DRF021")]


def test_inline_code_marked_up_on_one_side_only_is_not_drift(tmp_path: Path) -> None:
    en = sect("<para>Run pg_basebackup on the standby.</para>")
    ja = sect("<para>スタンバイで<command>pg_basebackup</command>を実行します。</para>")
    assert drift_texts(tmp_path, en, ja) == []


def test_table_cells_and_shape(tmp_path: Path) -> None:
    def table(rows: str) -> str:
        return f"<table id=t><title>x</title><tgroup cols=2><tbody>\n{rows}</tbody></tgroup></table>"

    en = sect(
        table(
            "<row><entry>port</entry><entry>5432</entry></row>\n<row><entry>dir</entry><entry>/data/16</entry></row>\n"
        )
    )
    ja = sect(
        table(
            "<row><entry>ポート</entry><entry>5433</entry></row>\n"
            "<row><entry>ディレクトリ</entry><entry>/data/16</entry></row>\n"
        )
    )
    found = drift_texts(tmp_path, en, ja)
    assert where(found) == [(4, "DRF050")]  # at the differing cell's row
    ja = sect(table("<row><entry>ポート</entry><entry>5432</entry></row>\n"))
    assert where(drift_texts(tmp_path, en, ja)) == [(3, "DRF051")]


def test_psql_output_shape(tmp_path: Path) -> None:
    out = " a | b{}\n---+---{}\n 1 | 2{}\n"
    en = sect("<screen>\n$ psql -c 'show x'\n" + out.format("", "", "") + "</screen>")
    ja = sect("<screen>\n$ psql -c 'show x'\n" + out.format(" | c", "+---", " | 3") + "</screen>")
    found = drift_texts(tmp_path, en, ja)
    assert where(found) == [(5, "DRF051")]


def test_prompt_placeholder_and_annotation_noise_is_not_reported(tmp_path: Path) -> None:
    en = sect(
        "<programlisting>\n[all servers]$ vi ~/.pgpass\n"
        "h:5432:replication:repl:&lt;repl user password&gt;\n"
        "node1 LEADER 0 MEMBER #the first node\n</programlisting>"
    )
    ja = sect(
        "<programlisting>\n[全サーバ]$ vi ~/.pgpass\n(以下を追加)\n"
        "h:5432:replication:repl:&lt;replユーザのパスワード&gt;\n"
        "node1 LEADER 0 MEMBER  #最初のノード\n</programlisting>"
    )
    assert drift_texts(tmp_path, en, ja) == []


def test_replaceable_is_a_placeholder(tmp_path: Path) -> None:
    en = sect("<synopsis>pcp_attach_node <replaceable>node_id</replaceable></synopsis>")
    ja = sect("<synopsis>pcp_attach_node <replaceable>ノードID</replaceable></synopsis>")
    assert drift_texts(tmp_path, en, ja) == []


def test_localised_urls_and_schemes_are_the_same_link(tmp_path: Path) -> None:
    en = sect('<para>See <ulink url="https://docs.aws.amazon.com/cli/index.html">the CLI</ulink>.</para>')
    ja = sect('<para><ulink url="http://docs.aws.amazon.com/ja_jp/cli/index.html/">CLI</ulink>を参照。</para>')
    assert drift_texts(tmp_path, en, ja) == []


def test_protocol_3_is_protocol_3_0(tmp_path: Path) -> None:
    en = sect("<para>It needs protocol version 3.</para>")
    ja = sect("<para>プロトコル3.0が必要です。</para>")
    assert drift_texts(tmp_path, en, ja) == []


def test_table_cell_full_stop_is_not_part_of_a_value(tmp_path: Path) -> None:
    def table(cell: str) -> str:
        row = f"<row><entry>{cell}</entry></row>"
        return f"<table id=t><title>x</title><tgroup cols=1><tbody>{row}</tbody></tgroup></table>"

    assert drift_texts(tmp_path, sect(table("See num_hash_entries.")), sect(table("num_hash_entriesを参照"))) == []
