"""The per-file part of the incremental cache: a run that misses the whole-run entry reuses
every unchanged file pair's drift findings, and still prints exactly what ``--no-cache`` prints.

The tree is the project's own example book with two small chapters of our own added, so that
an edit to one chapter leaves other pairs to reuse.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import docsync.drift.run as drift_run
from docsync import parallel
from docsync.cache import CACHE_DIR_NAME
from docsync.cli import main
from docsync.config import find_config

from ..conftest import PROJECT

CHAPTERS = {
    "doc": {
        "notes-a": '<sect1 id="notes-a">\n <title>Timeouts</title>\n <para>\n  Wait <literal>30</literal> seconds,'
        " then run <command>pg_ctl status</command>.\n </para>\n <programlisting>\nhealth_check_period = 10\n"
        " </programlisting>\n</sect1>\n",
        "notes-b": '<sect1 id="notes-b">\n <title>Ports</title>\n <para>\n  The listener uses port'
        ' <literal>9999</literal>; see <xref linkend="notes-a">.\n </para>\n</sect1>\n',
    },
    "doc.ja": {
        "notes-a": '<sect1 id="notes-a">\n <title>タイムアウト</title>\n <para>\n  <literal>30</literal>秒待ってから'
        "<command>pg_ctl status</command>を実行します。\n </para>\n <programlisting>\nhealth_check_period = 10\n"
        " </programlisting>\n</sect1>\n",
        "notes-b": '<sect1 id="notes-b">\n <title>ポート</title>\n <para>\n  待ち受けポートは<literal>9998</literal>'
        'です。<xref linkend="notes-a">を参照してください。\n </para>\n</sect1>\n',
    },
}


@pytest.fixture
def docs(tmp_path: Path, monkeypatch) -> Path:
    root = tmp_path / "sgml"
    shutil.copytree(PROJECT / "sgml", root)
    for lang, chapters in CHAPTERS.items():
        base = root / lang / "src" / "sgml"
        for name, text in chapters.items():
            (base / f"{name}.sgml").write_text(text)
        filelist = base / "filelist.sgml"
        filelist.write_text(filelist.read_text() + "".join(f'<!ENTITY {n} SYSTEM "{n}.sgml">\n' for n in chapters))
        book = base / "pgpool.sgml"
        text = book.read_text()
        assert "   &example-cluster;\n" in text
        book.write_text(text.replace("   &example-cluster;\n", "   &example-cluster;\n   &notes-a;\n   &notes-b;\n"))
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)  # the cache lands in the working directory (no configuration file)
    return root


@pytest.fixture
def aligned(monkeypatch) -> list[str]:
    """English paths of the file pairs drift aligns (the real function runs; calls are noted).

    One process: calls in a forked child would not be noted here."""
    monkeypatch.setattr(parallel, "cores", lambda: 1)
    calls: list[str] = []
    real = drift_run.drift_segments

    def noting(en, ja, glossary=None, **kw):
        calls.append(en.path)
        return real(en, ja, glossary, **kw)

    monkeypatch.setattr(drift_run, "drift_segments", noting)
    return calls


def _check(capsys, docs: Path, *extra: str) -> str:
    assert main(["check", "--docs", str(docs), "--format", "json", "--severity", "info", "--exit-zero", *extra]) == 0
    return capsys.readouterr().out


def _edit(docs: Path, name: str, old: str, new: str) -> None:
    path = docs / "doc" / "src" / "sgml" / name
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def _pair_store() -> Path:
    (store,) = (Path(CACHE_DIR_NAME)).glob("drift-pairs-*.json")
    return store


def test_a_changed_chapter_is_the_only_pair_aligned_again(docs: Path, aligned: list[str], capsys) -> None:
    first = _check(capsys, docs)
    assert "doc/src/sgml/notes-a.sgml" in aligned and "doc/src/sgml/example-cluster.sgml" in aligned
    aligned.clear()
    _edit(docs, "notes-a.sgml", "<literal>30</literal>", "<literal>45</literal>")
    edited = _check(capsys, docs)
    # Only the edited chapter's pair, and the book file whose elements hold it, are read again.
    assert sorted(aligned) == ["doc/src/sgml/notes-a.sgml", "doc/src/sgml/pgpool.sgml"]
    assert "`45`" in edited and "`45`" not in first  # the new drift is found
    aligned.clear()
    assert _check(capsys, docs, "--no-cache") == edited  # exactly what a run without the cache finds
    assert len(aligned) == 4  # (--no-cache aligned every pair: the counter counts real work)


def test_an_entity_file_change_invalidates_every_pair(docs: Path, aligned: list[str], capsys) -> None:
    _check(capsys, docs)
    aligned.clear()
    filelist = docs / "doc" / "src" / "sgml" / "filelist.sgml"
    filelist.write_text(filelist.read_text() + "<!-- a declaration file edited -->\n")
    after = _check(capsys, docs)
    assert len(aligned) == 4
    assert _check(capsys, docs, "--no-cache") == after


@pytest.mark.parametrize("damage", [b"", b"{not json", b'{"layout": 1, "stamp": 2}', b"\xff\xfe\x00garbage"])
def test_a_damaged_pair_store_is_ignored_and_rewritten(docs: Path, aligned: list[str], capsys, damage: bytes) -> None:
    expected = _check(capsys, docs, "--no-cache")
    _check(capsys, docs)
    _pair_store().write_bytes(damage)
    for entry in Path(CACHE_DIR_NAME).glob("check-*.json"):
        entry.write_bytes(damage)  # the whole-run entry too, so that the pairs are looked up
    aligned.clear()
    assert _check(capsys, docs) == expected
    assert len(aligned) == 4
    stored = json.loads(_pair_store().read_text())
    assert len(stored["entries"]) == 4  # rewritten whole


def test_a_damaged_pair_entry_is_recomputed(docs: Path, aligned: list[str], capsys) -> None:
    expected = _check(capsys, docs, "--no-cache")
    _check(capsys, docs)
    store = _pair_store()
    data = json.loads(store.read_text())
    for value in data["entries"].values():
        value[1] = [{"location": "nonsense"}]
    store.write_text(json.dumps(data))
    for entry in Path(CACHE_DIR_NAME).glob("check-*.json"):
        entry.unlink()
    aligned.clear()
    assert _check(capsys, docs) == expected
    assert len(aligned) == 4


def test_a_settings_change_is_another_question(docs: Path, aligned: list[str], capsys) -> None:
    config = docs / ".docsync.toml"  # the cache then lives beside it, in the same place for both runs
    config.write_text("[check]\nignore = []\n")
    find_config.cache_clear()  # (cached per directory for a run)
    before = _check(capsys, docs)
    assert '"DRF021"' in before
    config.write_text('[check]\nignore = ["DRF021"]\n')
    find_config.cache_clear()
    after = _check(capsys, docs)
    assert '"DRF021"' not in after
    assert len(list((docs / CACHE_DIR_NAME).glob("check-*.json"))) == 2
    assert _check(capsys, docs, "--no-cache") == after


def test_pairs_checked_with_fewer_rules_do_not_serve_a_run_with_more(docs: Path, aligned: list[str], capsys) -> None:
    # Only the checks of selected rules run, so a pair's stored findings hold only theirs.
    selected = _check(capsys, docs, "--select", "DRF020")
    assert '"DRF021"' not in selected and len(aligned) == 4
    aligned.clear()
    full = _check(capsys, docs)
    assert '"DRF021"' in full  # notes-b's port: the inline-code check ran this time
    assert len(aligned) == 4  # no pair was served from the DRF020-only run
    assert _check(capsys, docs, "--no-cache") == full
    assert _check(capsys, docs, "--select", "DRF020", "--no-cache") == selected


def test_concurrent_runs_share_the_cache(docs: Path, capsys) -> None:
    _check(capsys, docs)  # a filled cache, then an edit: every round below misses the whole-run entry
    _edit(docs, "notes-a.sgml", "<literal>30</literal>", "<literal>45</literal>")
    cmd = [sys.executable, "-m", "docsync", "check", "--docs", str(docs), "--format", "json", "--severity", "info",
           "--exit-zero"]
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    for _ in range(3):
        procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, cwd=Path.cwd(), env=env) for _ in range(3)]
        outputs = [p.communicate(timeout=120)[0].decode() for p in procs]
        assert [p.returncode for p in procs] == [0, 0, 0]
        expected = subprocess.run([*cmd, "--no-cache"], capture_output=True, check=True, env=env).stdout.decode()
        assert outputs == [expected] * 3
        _edit(docs, "notes-b.sgml", "9999", "99999")
    # Every cache file is whole and readable; no temporary file is left behind.
    files = list(Path(CACHE_DIR_NAME).glob("*.json"))
    assert files and all(json.loads(f.read_text()) for f in files)
    assert not list(Path(CACHE_DIR_NAME).glob(".*.tmp"))


EDITS = {
    # (file, old, new): what the edit changes in the findings
    "drift appears": ("doc/src/sgml/notes-a.sgml", "<literal>30</literal>", "<literal>45</literal>"),
    "drift goes away": ("doc.ja/src/sgml/notes-b.sgml", "9998", "9999"),
    "a configuration error": ("doc/src/sgml/notes-a.sgml", "health_check_period = 10", "health_check_period = ten"),
    "an element left open": ("doc/src/sgml/notes-a.sgml", " </para>\n <programlisting>", " <programlisting>"),
    "a comment only": ("doc.ja/src/sgml/notes-a.sgml", "</sect1>\n", "</sect1>\n<!-- reviewed -->\n"),
}


@pytest.fixture
def runs(monkeypatch) -> list[tuple[bool, frozenset[str] | None]]:
    """(incremental, scope of the per-file checks) of every check run, in one process."""
    import docsync.check.configs as configs
    import docsync.check.run as check_run

    monkeypatch.setattr(parallel, "cores", lambda: 1)
    seen: list[tuple[bool, frozenset[str] | None]] = []
    real_run, real_configs = check_run.run_check, configs.check_configurations

    def run_check(*args, **kwargs):
        seen.append((kwargs.get("earlier") is not None, None))
        return real_run(*args, **kwargs)

    def check_configurations(ctx):
        seen[-1] = (seen[-1][0], ctx.tree.scope)
        return real_configs(ctx)

    monkeypatch.setattr(check_run, "run_check", run_check)
    monkeypatch.setattr(configs, "check_configurations", check_configurations)
    return seen


@pytest.mark.parametrize("edit", EDITS)
def test_a_chapter_edit_is_checked_incrementally_as_a_fresh_run_checks(docs: Path, runs, capsys, edit: str) -> None:
    name, old, new = EDITS[edit]
    # A per-file finding in a chapter no edit touches: the incremental run must keep it.
    other = docs / "doc" / "src" / "sgml" / "example-cluster.sgml"
    block = "<programlisting>\nport = 'x'\n</programlisting>\n</sect1>"
    other.write_text(other.read_text().replace("</sect1>", block, 1))
    before = _check(capsys, docs)
    assert '"PGP' in before and "example-cluster.sgml" in before
    path = docs / name
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    runs.clear()
    after = _check(capsys, docs)
    # Only the edited file is checked again (its blocks read the same as before elsewhere).
    assert runs == [(True, frozenset({name}))]
    fresh = _check(capsys, docs, "--no-cache")
    assert after == fresh
    assert (after == before) is (edit == "a comment only")  # each edit but the comment changes the findings


def test_a_book_file_edit_is_checked_afresh(docs: Path, runs, capsys) -> None:
    _check(capsys, docs)
    book = docs / "doc" / "src" / "sgml" / "pgpool.sgml"
    book.write_text(book.read_text() + "<!-- edited -->\n")
    runs.clear()
    after = _check(capsys, docs)
    assert runs == [(False, None)]
    assert after == _check(capsys, docs, "--no-cache")


def test_an_added_chapter_is_checked_afresh(docs: Path, runs, capsys) -> None:
    _check(capsys, docs)
    (docs / "doc" / "src" / "sgml" / "notes-c.sgml").write_text('<sect1 id="notes-c"><title>C</title></sect1>\n')
    runs.clear()
    _check(capsys, docs)
    assert runs == [(False, None)]


def test_a_chapter_whose_blocks_read_differently_after_an_edit_elsewhere_is_checked_again(
    docs: Path, runs, capsys
) -> None:
    # notes-a opens a file in an editor; notes-b's block is that file's content. Which file it
    # is decides how notes-b's block is checked, so an edit to notes-a changes notes-b's findings.
    for lang in ("doc", "doc.ja"):
        base = docs / lang / "src" / "sgml"
        (base / "notes-a.sgml").write_text(
            '<sect1 id="notes-a">\n <title>Edit</title>\n <programlisting>\n[server1]# vi /etc/pgpool2/pgpool.conf\n'
            " </programlisting>\n</sect1>\n"
        )
        (base / "notes-b.sgml").write_text(
            "<sect1 id=\"notes-b\">\n <title>Set</title>\n <programlisting>\nport = 'x'\n </programlisting>\n</sect1>\n"
        )
    before = _check(capsys, docs)
    assert '"PGP302"' in before and before.count('"path": "doc/src/sgml/notes-b.sgml"') == 1
    _edit(docs, "notes-a.sgml", "pgpool.conf", "pool_hba.conf")
    runs.clear()
    after = _check(capsys, docs)
    assert runs == [(True, frozenset({"doc/src/sgml/notes-a.sgml", "doc/src/sgml/notes-b.sgml"}))]
    assert '"path": "doc/src/sgml/notes-b.sgml"' not in after  # no longer pgpool.conf content
    assert after == _check(capsys, docs, "--no-cache")


# Real edits of an upstream tree (V4_3_STABLE, both languages): each makes a different stage's
# findings change, and the incremental run after it must print what a fresh run prints.
UPSTREAM_EDITS = [
    # a version token in the cluster chapter: DOC101 moves, drift's numbers differ
    ("doc/src/sgml/example-cluster.sgml", "/var/lib/pgsql/13/data", "/var/lib/pgsql/12/data"),
    # a configuration value in a Japanese chapter: a lint finding appears (per-file stage)
    ("doc.ja/src/sgml/example-Aurora.sgml", "ALWAYS_MASTER", "ALWAYS_PRIMARY"),
    # a reference entry's type (a whole-book rule's finding goes away)
    ("doc/src/sgml/memcache.sgml", "<type>string</type>", "<type>enum</type>"),
    # an element left open in a chapter (the reader's findings, which span files)
    ("doc/src/sgml/healthcheck.sgml", "</varlistentry>", ""),
]


def test_incremental_runs_on_an_upstream_tree_print_what_fresh_runs_print(tmp_path: Path, monkeypatch, capsys) -> None:
    from tests.conftest import require_upstream

    root = tmp_path / "pgpool2"
    shutil.copytree(require_upstream() / "V4_3_STABLE", root)
    monkeypatch.chdir(tmp_path)
    seen: list[bool] = []
    import docsync.check.run as check_run

    real = check_run.run_check

    def run_check(*args, **kwargs):
        seen.append(kwargs.get("earlier") is not None)
        return real(*args, **kwargs)

    monkeypatch.setattr(check_run, "run_check", run_check)
    previous = _check(capsys, root)
    for name, old, new in UPSTREAM_EDITS:
        path = root / name
        text = path.read_text(encoding="utf-8")
        assert old in text, (name, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        seen.clear()
        after = _check(capsys, root)
        assert seen == [True], name  # the incremental path was taken
        assert after != previous, name  # the edit changed the findings
        assert after == _check(capsys, root, "--no-cache"), name
        previous = after
