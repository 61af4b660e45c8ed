"""``drift --fix`` / ``--diff``: the seed's 13 -> 14 change replayed from the Japanese side onto
the English listings, in a real git repository built from upstream versions.

../shared/seed/000_11c8d280bd0fe0a1.txt records the change (V4_2 -> V4_3 of example-cluster):
the Japanese moved to PostgreSQL 14 first; its listings are what the English should have got.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest

from docsync.cli import main
from docsync.drift.carry import carry_values, substitute
from tests.conftest import SHARED
from tests.drift.test_history import EN, JA, Repo

SEED = SHARED / "seed" / "000_11c8d280bd0fe0a1.txt"
_PROMPT = re.compile(r"^(?:\[[^\]]*\])?[#$]\s*")


@pytest.fixture
def japanese_first(tmp_path: Path) -> tuple[Repo, str]:
    repo = Repo(tmp_path / "docs")
    repo.put("V4_2_STABLE", EN, JA)
    base = repo.commit("both languages at 4.2 / PostgreSQL 13")
    repo.put("V4_3_STABLE", JA)
    repo.commit("Japanese moves to PostgreSQL 14")
    return repo, base


def _seed_listing_lines() -> list[str]:
    """The English listing lines the seed's change adds that name PostgreSQL 14."""
    text = SEED.read_text(encoding="utf-8")
    english = text[text.index("is used in this configuration example") :]
    out = []
    for line in english.splitlines():
        body = line[1:].strip()
        names_14 = re.search(r"pgsql-14|postgresql14|pg14|pgsql/14", body)
        if line.startswith("+") and not body.startswith("<") and names_14:
            out.append(_PROMPT.sub("", body))
    return out


def _in_listing(lines: list[str], index: int) -> bool:
    opened = max((i for i, x in enumerate(lines[: index + 1]) if "<programlisting" in x or "<screen" in x), default=-1)
    closed = max((i for i, x in enumerate(lines[:index]) if "</programlisting" in x or "</screen" in x), default=-1)
    return opened > closed


def test_fix_replays_the_seed_onto_the_english_listings(japanese_first, capsys) -> None:
    repo, base = japanese_first
    en, ja = repo.path / EN, repo.path / JA
    before_en, before_ja = en.read_bytes(), ja.read_bytes()
    wanted = _seed_listing_lines()
    assert len(wanted) >= 8  # yum packages, data directories, PGHOME, recovery scripts

    # --diff shows and writes nothing.
    assert main(["drift", str(repo.path), "--since", base, "--diff"]) == 1
    diff = capsys.readouterr().out
    assert "+[all servers]# yum install -y postgresql14-server" in diff
    assert en.read_bytes() == before_en and not en.with_name(en.name + ".bak").exists()

    main(["drift", str(repo.path), "--since", base, "--fix", "--exit-zero"])
    err = capsys.readouterr().err
    assert "originals kept as .bak" in err
    fixed = en.read_text(encoding="utf-8")
    missing = [w for w in wanted if w not in fixed]
    assert missing == []
    assert en.with_name(en.name + ".bak").read_bytes() == before_en
    assert ja.read_bytes() == before_ja  # the side that changed is left alone
    # The target's own prompt labels stay English; nothing Japanese reaches it.
    assert "[all servers]# yum install -y postgresql14-server" in fixed
    assert not re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", fixed)
    # Prose is never reworded: outside listings, a changed line differs only in its numbers.
    old_lines, new_lines = before_en.decode("utf-8").split("\n"), fixed.split("\n")
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        for j in range(j1, j2):
            if not _in_listing(new_lines, j):
                assert op == "replace" and i2 - i1 == j2 - j1, new_lines[j]
                digits = re.compile(r"\d+")
                assert digits.sub("N", old_lines[i1 + j - j1]) == digits.sub("N", new_lines[j])


def test_fix_without_a_one_sided_change_writes_nothing(tmp_path: Path, capsys) -> None:
    repo = Repo(tmp_path / "docs")
    repo.put("V4_2_STABLE", EN, JA)
    base = repo.commit("4.2")
    repo.put("V4_3_STABLE", EN, JA)  # both languages in one commit
    repo.commit("4.3 in both languages")
    before = (repo.path / EN).read_bytes()
    assert main(["drift", str(repo.path), "--since", base, "--diff"]) in (0, 1)
    out = capsys.readouterr().out
    assert "postgresql14-server" not in out  # changed on both sides: nothing to carry
    assert (repo.path / EN).read_bytes() == before


def test_substitute_keeps_the_targets_own_words() -> None:
    # A Japanese-side edit of a path carried into an English line with its own prompt label.
    assert substitute(
        "[全サーバ]# yum install -y postgresql13-server",
        "[全サーバ]# yum install -y postgresql14-server",
        "[all servers]# yum install -y postgresql13-server",
        to_english=True,
    ) == "[all servers]# yum install -y postgresql14-server"
    # An edit whose place the target does not have is not guessed.
    assert substitute("a = 1", "a = 2", "b = 7", to_english=True) is None
    # Japanese text never reaches an English line.
    assert substitute("x = 1 # 旧", "x = 1 # 新しい", "x = 1 # old", to_english=True) is None


def test_carry_values_changes_numbers_not_words_nor_comments() -> None:
    target = "<!-- uses 13 -->\n<productname>PostgreSQL</productname> 13を使っています。"
    got = carry_values("PostgreSQL 13 is used.", "PostgreSQL 14 is used.", target)
    assert got == "<!-- uses 13 -->\n<productname>PostgreSQL</productname> 14を使っています。"
    assert carry_values("it is big", "it is small", "大きい") is None
    # Held a different number of times than the source had it: ambiguous, left alone.
    assert carry_values("13", "14", "13 and 13") is None
    # Whole values only (release-4.0.sgml upstream: the translation already says ".sample").
    assert carry_values("failover.sh, x", "failover.sh.sample, x", "failover.sh.sample、x") is None
    # Capitalisation is not a value change.
    assert carry_values("pgpool-II site", "Pgpool-II site", "pgpool-IIサイト") is None


def test_fix_refuses_other_inputs(tmp_path: Path, capsys) -> None:
    code = main(["drift", "--en", "a.sgml", "--ja", "b.sgml", "--fix"])
    assert code == 2 and "--fix" in capsys.readouterr().err
