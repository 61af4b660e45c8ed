"""Alignment: sections by id (any case), then position; blocks by type and neutral content."""

from __future__ import annotations

from pathlib import Path

from docsync.drift.align import Aligner, Pair, align_sequences
from docsync.drift.blocks import segment
from docsync.drift.normalize import load_glossary
from docsync.segment import Block
from docsync.sgml import load_document


def _align(tmp_path: Path, en: str, ja: str) -> list[Pair]:
    (tmp_path / "en.sgml").write_text(en, encoding="utf-8")
    (tmp_path / "ja.sgml").write_text(ja, encoding="utf-8")
    segs = [segment(load_document(tmp_path / n)) for n in ("en.sgml", "ja.sgml")]
    return Aligner(load_glossary()).align(segs[0], segs[1])


def _lines(pairs: list[Pair], kind: str) -> list[tuple[int | None, int | None]]:
    return [
        (p.en.location.line if p.en else None, p.ja.location.line if p.ja else None) for p in pairs if p.kind == kind
    ]


def test_sections_pair_by_id_case_insensitively_and_in_any_order(tmp_path: Path) -> None:
    en = (
        '<sect1 id="a"><title>A</title>\n<sect2 id="B-One"><title>x</title></sect2>\n'
        '<sect2 id="c"><title>y</title></sect2>\n</sect1>\n'
    )
    ja = (
        '<sect1 id="A"><title>エー</title>\n<sect2 id="c"><title>ワイ</title></sect2>\n'
        '<sect2 id="b-one"><title>エックス</title></sect2>\n</sect1>\n'
    )
    pairs = _align(tmp_path, en, ja)
    ids = [(p.en.id if p.en else None, p.ja.id if p.ja else None) for p in pairs if p.kind == "section"]
    # Ids pair wherever the sections are: reordering is not drift.
    assert sorted(ids) == [("a", "a"), ("b-one", "b-one"), ("c", "c")]


def test_renamed_section_pairs_by_position_and_content(tmp_path: Path) -> None:
    listing = "<programlisting>\npgpool -n -D\n</programlisting>\n"
    en = f'<sect1 id="r"><title>R</title>\n<sect2 id="old-name"><title>S</title>\n{listing}</sect2>\n</sect1>\n'
    ja = f'<sect1 id="r"><title>R</title>\n<sect2 id="new-name"><title>エス</title>\n{listing}</sect2>\n</sect1>\n'
    pairs = _align(tmp_path, en, ja)
    ids = [(p.en.id if p.en else None, p.ja.id if p.ja else None) for p in pairs if p.kind == "section"]
    assert ("old-name", "new-name") in ids


def test_unrelated_sections_with_other_ids_stay_unpaired(tmp_path: Path) -> None:
    en = (
        '<sect1 id="r"><title>R</title>\n<sect2 id="one"><title>S</title>\n'
        "<programlisting>\nls -l\n</programlisting>\n</sect2>\n</sect1>\n"
    )
    ja = (
        '<sect1 id="r"><title>R</title>\n<sect2 id="two"><title>エス</title>\n'
        "<programlisting>\nrm -rf /tmp/x\n</programlisting>\n</sect2>\n</sect1>\n"
    )
    ids = [
        (p.en.id if p.en else None, p.ja.id if p.ja else None) for p in _align(tmp_path, en, ja) if p.kind == "section"
    ]
    assert ("one", None) in ids and (None, "two") in ids


def test_blocks_survive_an_inserted_paragraph_and_a_deleted_listing(tmp_path: Path) -> None:
    en = """<sect1 id="s"><title>S</title>
<para>Install <literal>pkg-a</literal>.</para>
<programlisting>
dnf install pkg-a
</programlisting>
<programlisting>
dnf install pkg-b
</programlisting>
<para>Start <command>svc</command>.</para>
<programlisting>
systemctl start svc
</programlisting>
</sect1>
"""
    ja = """<sect1 id="s"><title>エス</title>
<para><literal>pkg-a</literal>をインストールします。</para>
<para>追加の説明です。</para>
<programlisting>
dnf install pkg-a
</programlisting>
<para><command>svc</command>を起動します。</para>
<programlisting>
systemctl start svc
</programlisting>
</sect1>
"""
    pairs = _align(tmp_path, en, ja)
    assert _lines(pairs, "code") == [(3, 4), (6, None), (10, 8)]
    assert _lines(pairs, "para") == [(2, 2), (None, 3), (9, 7)]


def test_embedded_original_decides_which_paragraph_pairs(tmp_path: Path) -> None:
    en = """<sect1 id="s"><title>S</title>
<para>First paragraph about logging.</para>
<para>Second paragraph about memory.</para>
</sect1>
"""
    ja = """<sect1 id="s"><title>エス</title>
<para><!-- Second paragraph about memory. -->メモリについての段落。</para>
</sect1>
"""
    pairs = _align(tmp_path, en, ja)
    assert _lines(pairs, "para") == [(2, None), (3, 2)]


def test_nested_listing_becomes_its_own_block_after_its_paragraph(tmp_path: Path) -> None:
    doc = "<sect1 id=s><title>S</title><para>Run\n<programlisting>\nls\n</programlisting>\nthen stop.</para></sect1>"
    (tmp_path / "x.sgml").write_text(doc, encoding="utf-8")
    blocks: list[Block] = list(segment(load_document(tmp_path / "x.sgml")).blocks())
    assert [b.kind for b in blocks] == ["title", "para", "code"]
    assert blocks[1].text == "Run then stop."


def test_comments_both_files_carry_anchor_blocks(tmp_path: Path) -> None:
    items = "".join(
        f"<listitem>\n<!-- 2024-01-0{n} [abc{n}] -->\n<para>Fix {n}.</para>\n</listitem>\n" for n in range(1, 4)
    )
    ja_items = "".join(
        f"<listitem>\n<!-- 2024-01-0{n} [abc{n}] -->\n<para>修正{n}。</para>\n</listitem>\n" for n in (1, 3)
    )
    en = f'<sect1 id="s"><title>S</title><itemizedlist>\n{items}</itemizedlist></sect1>\n'
    ja = f'<sect1 id="s"><title>エス</title><itemizedlist>\n{ja_items}</itemizedlist></sect1>\n'
    pairs = _align(tmp_path, en, ja)
    # Items 1 and 3 pair by their commit stamps; item 2 has no Japanese counterpart.
    assert [(p.en is not None, p.ja is not None) for p in pairs if p.kind == "para"] == [
        (True, True),
        (True, False),
        (True, True),
    ]


def test_align_sequences_generic() -> None:
    a, b = list("abcxd"), list("abyd")
    out = align_sequences(
        a,
        b,
        lambda x, y: 1.0 if x == y else None,
        key_en=lambda x: x,
        key_ja=lambda x: x,
    )
    assert [(x, y) for x, y in out if x and y] == [("a", "a"), ("b", "b"), ("d", "d")]


def _counted_alignment(n: int) -> tuple[int, list[tuple[str | None, str | None]]]:
    """Align two long repetitive sequences (no key unique anywhere); count the score calls."""
    a = [f"k{i % 7}" for i in range(n)]
    b = [f"k{i % 7}" for i in range(n) if i % 50 != 3]  # every 50th item missing on one side
    calls = 0

    def score(x: str, y: str) -> float | None:
        nonlocal calls
        calls += 1
        return 1.0 if x == y else None

    out = align_sequences(a, b, score, key_en=lambda x: x, key_ja=lambda x: x)
    return calls, out


def test_long_repetitive_sequences_align_in_near_linear_work() -> None:
    small, out_small = _counted_alignment(2_000)
    large, out_large = _counted_alignment(16_000)
    # Eight times the input may cost at most about eight times the work (quadratic: 64 times).
    assert large <= 10 * max(small, 1)
    for out, n in ((out_small, 2_000), (out_large, 16_000)):
        assert [x for x, _ in out if x is not None] == [f"k{i % 7}" for i in range(n)]
        paired = [(x, y) for x, y in out if x is not None and y is not None]
        assert all(x == y for x, y in paired)
        # Every item present on both sides finds its counterpart.
        assert len(paired) == len([i for i in range(n) if i % 50 != 3])


def test_short_gaps_keep_the_best_alignment() -> None:
    # Small inputs go straight to the dynamic programming: a reordering costs one pair, not two.
    out = align_sequences(list("xabcy"), list("abxcy"), lambda x, y: 1.0 if x == y else None,
                          key_en=lambda x: None, key_ja=lambda x: None)
    assert [(x, y) for x, y in out if x and y] == [("a", "a"), ("b", "b"), ("c", "c"), ("y", "y")]
