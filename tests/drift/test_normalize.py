"""Small pure functions: numbers, glossary normalisation of listings, token diffs."""

from __future__ import annotations

from pathlib import Path

import pytest

from docsync.drift.listing import diff_tokens, normalize_code
from docsync.drift.normalize import load_glossary, numbers, strip_markup, word_diff
from docsync.errors import UsageError


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("PostgreSQL 9.5以降", ("9.5",)),
        ("95 and later", ("95",)),
        ("バージョン１４を使います", ("14",)),  # full-width digits (NFKC)
        ("3台のサーバ", ("3",)),
        ("rhel-9-x86_64 and pg14 and EL-7", ()),  # identifiers, not numbers
        ("version 4.3.2.", ("4.3.2",)),  # sentence full stop is not part of it
        ("1,000 rows, nodes 0,1", ("1000", "0", "1")),
        ("/var/lib/pgsql/14/data", ()),  # inside a path
        ("Pgpool-II 4.1以降(2台)", ("4.1", "2")),
    ],
)
def test_numbers(text: str, expected: tuple[str, ...]) -> None:
    assert numbers(text) == expected


def test_spelled_numbers_are_read_in_both_languages() -> None:
    g = load_glossary()
    assert g.spelled_english("one primary and two standby servers on 3 hosts, the 17th, node1") == {
        "1", "2", "17"
    }
    assert g.spelled_japanese("二重引用符とノード1") == {"2", "1"}
    assert numbers("(bool) 1/0 and /usr/lib/14") == ("1", "0")


def _norm(text: str, japanese: bool) -> list[str]:
    return [c.text for c in normalize_code(text, load_glossary(), japanese=japanese)]


@pytest.mark.parametrize(
    ("en", "ja"),
    [
        ("[all servers]# yum install -y x", "[全サーバ]# yum install -y x"),
        ("[any server]$ psql", "[いずれかのサーバ]$ psql"),
        ("h:5432:repl:repl:<repl user password>", "h:5432:repl:repl:<replユーザのパスワード>"),
        ("db password: [pgpool user's password]", "db password: [pgpoolユーザのパスワード]"),
        ("a\n  b   c  \n\n", "(以下を追加)\na\nb c"),
        ("echo 'some string' > k", "echo '任意の文字列' > k"),
        ("x\u3000=\u30001", "x = 1"),  # ideographic spaces
        ("h:5432:repl:repl:<password of repl>", "h:5432:repl:repl:<replユーザのパスワード>"),  # an alias
    ],
)
def test_glossary_removes_noise(en: str, ja: str) -> None:
    assert (
        diff_tokens(
            normalize_code(en, load_glossary(), japanese=False),
            normalize_code(ja, load_glossary(), japanese=True),
        )
        == []
    )


def test_translated_comment_removes_english_twin_only_on_its_line() -> None:
    g = load_glossary()
    en = normalize_code("a 1 LEADER 0 MEMBER #first one\nb 2 STANDBY # keep", g, japanese=False)
    ja = normalize_code("a 1 LEADER  #最初のサーバ\nb 2 STANDBY # keep", g, japanese=True)
    hunks = diff_tokens(en, ja)
    assert [(h.en, h.ja) for h in hunks] == [("LEADER 0 MEMBER", "LEADER")]
    assert hunks[0].en_line == 0


def test_real_differences_survive() -> None:
    g = load_glossary()
    url = "https://www.example.org/yum/rpms/4.6/redhat/{}/pgpool-II-release-4.6-1.noarch.rpm"
    en = normalize_code("[all servers]# dnf install " + url.format("rhel-9-x86_64"), g, japanese=False)
    ja = normalize_code("[全サーバ]# dnf install " + url.format("rhel-10-x86_64"), g, japanese=True)
    # A long word is narrowed to the path segment that changed.
    assert [(h.en, h.ja) for h in diff_tokens(en, ja)] == [("rhel-9-x86_64", "rhel-10-x86_64")]
    en = normalize_code("pg_ctl -D /var/lib/pgsql/13/data stop", g, japanese=False)
    ja = normalize_code("pg_ctl -D /var/lib/pgsql/14/data stop", g, japanese=True)
    assert [(h.en, h.ja) for h in diff_tokens(en, ja)] == [("/var/lib/pgsql/13/data", "/var/lib/pgsql/14/data")]


def test_prompt_label_not_in_glossary_is_a_difference() -> None:
    assert _norm("[全ノード]# ls", True) == ["[全ノード]# ls"]


def test_strip_markup_decodes_references() -> None:
    assert strip_markup("<literal>&#045;&#045;with-pgsql</> &amp; <xref linkend=x>") == "--with-pgsql & "


def test_word_diff_quotes_source_text() -> None:
    desc, changes = word_diff("Runs every 10 seconds.", "Runs every 20 seconds, always.")
    assert changes == [("10", "20"), ("", ", always")]
    assert "`10` → `20`" in desc


def test_glossary_is_validated(tmp_path: Path) -> None:
    bad = tmp_path / "g.toml"
    bad.write_text('[[prompt]]\nja = "x"\nen = "y"\nextra = 1\n', encoding="utf-8")
    with pytest.raises(UsageError, match="unknown key 'extra'"):
        load_glossary(bad)
    bad.write_text('[[placeholder]]\nja = "(["\nen = "y"\n', encoding="utf-8")
    with pytest.raises(UsageError, match="bad regular expression"):
        load_glossary(bad)


def test_secret_values_never_shown() -> None:
    g = load_glossary()
    en = normalize_code("recovery_password = 'alpha'\nport = 5432\nwd_authkey='k1'", g, japanese=False)
    ja = normalize_code("recovery_password = 'beta'\nport = 5433\nwd_authkey='k2'", g, japanese=True)
    shown = " ".join(f"{h.en} {h.ja}" for h in diff_tokens(en, ja))
    assert "alpha" not in shown and "beta" not in shown and "k1" not in shown and "k2" not in shown
    assert "'***'" in shown and "5432" in shown
    assert g.mask_secrets("set health_check_password = 'x' and port = 1") == (
        "set health_check_password = '***' and port = 1"
    )


def test_translated_prose_inside_a_listing_is_not_drift() -> None:
    g = load_glossary()
    en = normalize_code("#For example:\n#if queries use f1()\n#configure as follows.\nlist = 'f1'", g, japanese=False)
    ja = normalize_code("#たとえば、問い合わせがf1()を使うなら\nlist = 'f1'", g, japanese=True)
    assert diff_tokens(en, ja) == []
    en = normalize_code("hostname\nport number\n5432", g, japanese=False)
    ja = normalize_code("ノードのホスト名\nノードのポート番号\n5432", g, japanese=True)
    assert diff_tokens(en, ja) == []
    # ...but a number or identifier that changed next to the translated text is still drift.
    en = normalize_code("the config file pgpool.conf", g, japanese=False)
    ja = normalize_code("設定ファイルpgpool2.conf", g, japanese=True)
    assert diff_tokens(en, ja) != []
