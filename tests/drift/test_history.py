"""Git history: real repositories built in a temp dir from upstream versions of example-cluster.

The seed's situation (../shared/seed/000_11c8d280bd0fe0a1.txt): the Japanese chapter moved to
PostgreSQL 14 / Pgpool-II 4.3 while the English still said 13 / 4.2, then the English followed.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from docsync.drift.history import drift_history, window_findings
from docsync.drift.since import drift_since
from tests.conftest import require_tool, require_upstream

NAME = "example-cluster.sgml"
EN = f"doc/src/sgml/{NAME}"
JA = f"doc.ja/src/sgml/{NAME}"
ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.org",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.org",
    "GIT_AUTHOR_DATE": "2021-10-01T00:00:00",
    "GIT_COMMITTER_DATE": "2021-10-01T00:00:00",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


class Repo:
    def __init__(self, path: Path) -> None:
        require_tool("git")
        self.path = path
        path.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str) -> str:
        return subprocess.run(
            ["git", "-C", str(self.path), *args],
            env=ENV,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()

    def put(self, branch: str, *paths: str) -> None:
        for rel in paths:
            target = self.path / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes((require_upstream() / branch / rel).read_bytes())

    def commit(self, message: str) -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)
        return self.git("rev-parse", "HEAD")


@pytest.fixture
def seed_repo(tmp_path: Path) -> tuple[Repo, list[str]]:
    repo = Repo(tmp_path / "docs")
    repo.put("V4_2_STABLE", EN, JA)
    c1 = repo.commit("both languages at 4.2")
    repo.put("V4_3_STABLE", JA)
    c2 = repo.commit("Japanese moves to PostgreSQL 14 / Pgpool-II 4.3")
    repo.put("V4_3_STABLE", EN)
    c3 = repo.commit("English follows")
    return repo, [c1, c2, c3]


def _window(history, base: str, text: str):
    return [w for w in history.windows if text in w.finding.message]


def test_history_windows(seed_repo: tuple[Repo, list[str]]) -> None:
    repo, (c1, c2, c3) = seed_repo
    calls: list[int] = []
    history = drift_history(repo.path, f"{c1}..{c3}", progress=lambda n, total, c: calls.append(n))
    assert [c.sha for c in history.commits] == [c2, c3]
    assert calls == [0, 1, 2, 3]
    # The package name changed in Japanese at c2 and in English at c3: a window from c2 to c3.
    pkg = _window(history, c1, "`postgresql13-server` vs JA `postgresql14-server`")
    assert [(w.opened.sha, w.closed.sha) for w in pkg] == [(c2, c3)]
    # "95" vs "9.5" was there from the start and went when the Japanese changed.
    old = _window(history, c1, "English 95, Japanese 9.5")
    assert [(w.opened, w.closed.sha) for w in old] == [(None, c2)]
    # The data directory: Japanese says 14 from c2, the English never followed.
    path = _window(history, c1, "`/var/lib/pgsql/13/data` vs JA `/var/lib/pgsql/14/data`")
    assert [(w.opened.sha, w.closed) for w in path] == [(c2, None)]
    messages = [f.message for f in window_findings(history, c1[:9])]
    assert any("appeared in " + c2[:9] in m and "resolved in " + c3[:9] in m for m in messages)
    assert any("present at " + c1[:9] in m for m in messages)
    assert any("still open" in m for m in messages)


def test_history_reuses_unchanged_pairs(seed_repo: tuple[Repo, list[str]], monkeypatch: pytest.MonkeyPatch) -> None:
    import docsync.drift.history as history_module

    repo, (c1, _, _) = seed_repo
    for lang in ("doc", "doc.ja"):
        (repo.path / lang / "src/sgml/notes.sgml").write_text(
            '<sect1 id="notes"><title>Notes</title><para>1</para></sect1>\n', encoding="utf-8"
        )
    c4 = repo.commit("an unrelated chapter")
    read: list[str] = []
    real = history_module._segment

    def counting(root: Path, base: Path, name: str):
        read.append(name)
        return real(root, base, name)

    monkeypatch.setattr(history_module, "_segment", counting)
    history = drift_history(repo.path, f"{c1}..{c4}")
    assert len(history.commits) == 3
    # example-cluster is read at c1, c2 and c3 (both files), not again at c4.
    assert read.count(NAME) == 6
    assert read.count("notes.sgml") == 2
    assert drift_history(repo.path, f"{c1}..{c4}", ["notes.sgml"]).windows == []


def test_since_one_sided_change_in_separate_commits(seed_repo: tuple[Repo, list[str]]) -> None:
    repo, (c1, c2, _) = seed_repo
    repo.git("checkout", "-q", c2)
    found = drift_since(repo.path, c1)
    assert found and all(f.code == "DRF011" for f in found)
    pkg = [f for f in found if "postgresql14-server" in f.message]
    assert len(pkg) == 1
    assert pkg[0].message.startswith("Japanese <programlisting> changed since")
    assert pkg[0].location.path == EN and pkg[0].related[0].location.path == JA
    assert pkg[0].related[0].location.line == 238  # the changed JA line in V4_3_STABLE


def test_since_finds_one_sided_edit_inside_a_commit_touching_both(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "docs")
    repo.put("V4_2_STABLE", EN, JA)
    c1 = repo.commit("4.2")
    repo.put("V4_3_STABLE", EN, JA)
    repo.commit("both languages to 4.3 in one commit")
    found = drift_since(repo.path, c1)
    lines = [f.message for f in found]
    # Both files changed in the commit, but this listing only in Japanese (the data directory).
    data = [f for f in found if "`13` → `14`" in f.message and f.message.startswith("Japanese <programlisting>")]
    assert data, lines
    ja = data[0].related[0].location
    assert "/var/lib/pgsql/14/data" in (repo.path / JA).read_text(encoding="utf-8").splitlines()[ja.line - 1]
    both = [m for m in lines if "postgresql14-server" in m]
    assert both == []  # changed in both languages: not one-sided


def test_since_english_change_names_old_and_new(seed_repo: tuple[Repo, list[str]]) -> None:
    repo, (c1, _, _) = seed_repo
    repo.git("checkout", "-q", c1)
    repo.put("V4_3_STABLE", EN)  # uncommitted English edit in the working tree
    found = drift_since(repo.path, "HEAD")
    pkg = [f for f in found if "postgresql14-server" in f.message]
    assert len(pkg) == 1
    assert "English <programlisting> changed since HEAD" in pkg[0].message
    assert "`postgresql13-server` → `postgresql14-server`" in pkg[0].message
    assert pkg[0].location.line == 231


def test_not_a_repository(tmp_path: Path) -> None:
    from docsync.errors import InputError

    require_tool("git")
    (tmp_path / "doc/src/sgml").mkdir(parents=True)
    (tmp_path / "doc.ja/src/sgml").mkdir(parents=True)
    with pytest.raises(InputError):
        drift_since(tmp_path, "HEAD")


def test_cli_since_and_history(seed_repo: tuple[Repo, list[str]], capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from docsync.cli import main

    repo, (c1, c2, c3) = seed_repo
    assert main(["drift", str(repo.path), "--history", f"{c1}..{c3}", "-f", "json"]) == 1
    out, err = capsys.readouterr()
    assert err == ""  # no progress bar when stderr is not a terminal
    messages = [f["message"] for f in json.loads(out)["findings"]]
    assert any(f"resolved in {c3[:9]}" in m for m in messages)
    main(["drift", str(repo.path / EN), "--since", c2, "--exit-zero"])
    out = capsys.readouterr().out
    assert "DRF011" in out and "English <programlisting> changed since" in out


def test_progress_bar_only_on_a_terminal() -> None:
    import io

    from docsync.drift.history import Commit, progress_bar

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert progress_bar(io.StringIO()) is None
    term = Terminal()
    show = progress_bar(term)
    assert show is not None
    show(1, 4, Commit("a" * 40, "2021-10-01", "x"))
    show(4, 4, Commit("b" * 40, "2021-10-02", "y"))
    assert "1/4 aaaaaaaaa" in term.getvalue() and term.getvalue().endswith("4/4 bbbbbbbbb\n")


def _release_notes_repo(tmp_path: Path) -> tuple[Repo, str]:
    """release-4.3.sgml without its newest release, then one commit adding it in both languages."""
    repo = Repo(tmp_path / "docs")
    rel = [f"{lang}/src/sgml/release-4.3.sgml" for lang in ("doc", "doc.ja")]
    repo.put("master", *rel)
    for path in rel:
        text = (repo.path / path).read_text(encoding="utf-8")
        first = text.index("<sect1")
        (repo.path / path).write_text(text[:first] + text[text.index("<sect1", first + 5) :], encoding="utf-8")
    base = repo.commit("4.3 release notes up to 4.3.19")
    repo.put("master", *rel)
    repo.commit("4.3.20 release notes, English and Japanese in one commit")
    return repo, base


def test_since_a_commit_adding_both_languages_is_not_drift(tmp_path: Path) -> None:
    # The release-4.3.sgml:136: one commit added the English and the Japanese lines.
    repo, base = _release_notes_repo(tmp_path)
    assert drift_since(repo.path, base) == []
    # ...and a later one-sided edit of a number in that new release is found, in English.
    en = repo.path / "doc/src/sgml/release-4.3.sgml"
    text = en.read_text(encoding="utf-8")
    assert "4.3.20" in text
    en.write_text(text.replace("4.3.20", "4.3.21", 2), encoding="utf-8")
    found = drift_since(repo.path, "HEAD")
    assert found and all(f.message.startswith("English <") for f in found)
    assert any("`4.3.20` → `4.3.21`" in f.message for f in found)
    assert all(f.severity.value == "warning" for f in found)


def test_since_follows_a_rename(seed_repo: tuple[Repo, list[str]]) -> None:
    repo, (_, _, c3) = seed_repo
    # Both languages renamed in one commit, and one number edited in the Japanese only.
    new = "example-cluster-rhel.sgml"
    for lang in ("doc", "doc.ja"):
        repo.git("mv", f"{lang}/src/sgml/{NAME}", f"{lang}/src/sgml/{new}")
    ja = repo.path / "doc.ja/src/sgml" / new
    text = ja.read_text(encoding="utf-8")
    assert "port = 9999" in text
    ja.write_text(text.replace("port = 9999", "port = 9998", 1), encoding="utf-8")
    repo.commit("rename the chapter; a Japanese-only port change")
    found = drift_since(repo.path, c3)
    # A rename is no change: only the port edit is one-sided.
    assert len(found) == 1, [f.message for f in found]
    assert found[0].message.startswith("Japanese <programlisting> changed since")
    assert "`9999` → `9998`" in found[0].message
    assert found[0].related[0].location.path == f"doc.ja/src/sgml/{new}"


def test_history_and_since_report_only_the_selected_rules(seed_repo: tuple[Repo, list[str]]) -> None:
    from docsync.drift.config import DriftSettings
    from docsync.drift.session import run_drift

    repo, (c1, c2, c3) = seed_repo
    full = run_drift([repo.path], history=f"{c1}..{c3}").findings
    assert {"DRF020", "DRF030"} <= {f.code for f in full}
    numbers = run_drift([repo.path], history=f"{c1}..{c3}", settings=DriftSettings(select=("DRF030",))).findings
    assert numbers == [f for f in full if f.code == "DRF030"]
    repo.git("checkout", "-q", c2)
    assert {f.code for f in run_drift([repo.path], since=c1).findings} == {"DRF011"}
    assert run_drift([repo.path], since=c1, settings=DriftSettings(ignore=("DRF011",))).findings == []
