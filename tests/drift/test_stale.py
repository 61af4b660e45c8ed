"""Embedded-original mode: stale translations, graded; paragraphs without an original."""

from __future__ import annotations

from pathlib import Path

from docsync.model import Severity
from tests.drift.helpers import drift_texts, where

EN = """<sect1 id="s">
<title>Tuning</title>
<para>Checks run every {n} seconds.</para>
<para>Old messages are {word} for a while.</para>
<para><command>demo_ctl</command> prints the node states.</para>
</sect1>
"""
JA = """<sect1 id="s">
<!-- <title>Tuning</title> -->
<title>調整</title>
<para><!-- Checks run every 10 seconds. -->チェックは10秒ごとに実行されます。</para>
<para><!-- Old messages are kept for a while. -->古いメッセージはしばらく保持されます。</para>
<para><command>demo_ctl</command><!-- prints the node states. -->はノードの状態を表示します。</para>
</sect1>
"""


def test_up_to_date_translation_is_clean(tmp_path: Path) -> None:
    assert drift_texts(tmp_path, EN.format(n=10, word="kept"), JA) == []


def test_changed_number_is_a_warning(tmp_path: Path) -> None:
    found = drift_texts(tmp_path, EN.format(n=30, word="kept"), JA)
    assert where(found) == [(3, "DRF010")]
    assert found[0].severity is Severity.WARNING
    assert found[0].related[0].location.line == 4  # the comment holding the original
    assert "`10` → `30`" in found[0].message


def test_changed_wording_is_info(tmp_path: Path) -> None:
    found = drift_texts(tmp_path, EN.format(n=10, word="retained"), JA)
    assert where(found) == [(4, "DRF010")]
    assert found[0].severity is Severity.INFO


def test_new_value_already_in_the_translation_is_info(tmp_path: Path) -> None:
    ja = JA.replace("10秒", "30秒")  # translator updated the text but not the comment
    found = drift_texts(tmp_path, EN.format(n=30, word="kept"), ja)
    assert where(found) == [(3, "DRF010")]
    assert found[0].severity is Severity.INFO


def test_paragraph_without_original_in_an_embedded_file(tmp_path: Path) -> None:
    en = EN.format(n=10, word="kept").replace("</sect1>", "<para>Added later.</para>\n</sect1>")
    ja = JA.replace("</sect1>", "<para>後から追加。</para>\n</sect1>")
    found = drift_texts(tmp_path, en, ja)
    assert where(found) == [(6, "DRF004")]


def test_structural_file_does_not_ask_for_originals(tmp_path: Path) -> None:
    en = "<sect1 id=s><title>T</title><para>Hello.</para><para>World.</para></sect1>"
    ja = "<sect1 id=s><title>T</title><para>こんにちは。</para><para>世界。</para></sect1>"
    assert drift_texts(tmp_path, en, ja) == []


def test_listing_quoted_in_an_original_is_left_out(tmp_path: Path) -> None:
    en = "<sect1 id=s><title>T</title><para>Run\n<programlisting>\nls\n</programlisting>\nto list.</para></sect1>"
    ja = (
        "<sect1 id=s><!-- <title>T</title> --><title>ティー</title><para><!-- Run\n"
        "<programlisting>\nls\n"
        "</programlisting>\nto list. -->\n<programlisting>\n"
        "ls\n</programlisting>\n一覧します。</para></sect1>"
    )
    assert drift_texts(tmp_path, en, ja) == []


def test_stale_original_explains_the_number_difference(tmp_path: Path) -> None:
    # The number differs between EN and JA because the translation is stale: one finding, not two.
    found = drift_texts(tmp_path, EN.format(n=30, word="kept"), JA)
    assert [f.code for f in found] == ["DRF010"]
