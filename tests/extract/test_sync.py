"""Writing generated output: deterministic, atomic, never clobbering hand edits or leaving
the output directory."""

from __future__ import annotations

import os

import pytest

from docsync.errors import DocsyncError, EditedOutputError, StaleOutputError
from docsync.extract import extract
from docsync.extract.manifest import MANIFEST_NAME, read_manifest
from docsync.extract.model import Artifact
from docsync.extract.sync import apply, check, plan_sync, unified_diff
from tests.extract.helpers import FIXTURES, read_tree

LANGS = ("en", "ja")


def art(path: str, text: str) -> Artifact:
    return Artifact(path, text, "test", ("doc.sgml:1",))


def write(out, artifacts, langs=LANGS, force=False):
    plan = plan_sync(artifacts, out, langs)
    apply(plan, force=force)
    return plan


def test_rerun_is_byte_identical(tmp_path):
    first = extract(FIXTURES / "cluster")
    write(tmp_path / "a", first.artifacts)
    write(tmp_path / "b", extract(FIXTURES / "cluster").artifacts)
    assert read_tree(tmp_path / "a") == read_tree(tmp_path / "b")
    plan = write(tmp_path / "a", first.artifacts)
    assert not plan.pending
    tree = read_tree(tmp_path / "a")
    assert all(text.endswith("\n") and not text.endswith("\n\n") for text in tree.values())


def test_manifest_lists_every_artifact_with_its_checksum(tmp_path):
    result = extract(FIXTURES / "cluster")
    write(tmp_path, result.artifacts)
    entries = read_manifest((tmp_path / MANIFEST_NAME).read_text())
    assert sorted(entries) == sorted(a.path for a in result.artifacts)
    for artifact in result.artifacts:
        assert entries[artifact.path].sources == artifact.sources
    assert (tmp_path / "en/example-cluster/scripts/all-servers.sh").stat().st_mode & 0o777 == 0o755
    assert (tmp_path / "en/example-cluster/pgpool.conf").stat().st_mode & 0o777 == 0o644


def test_hand_edited_file_is_not_overwritten_without_force(tmp_path):
    write(tmp_path, [art("en/a.conf", "one\n"), art("en/b.conf", "two\n")])
    (tmp_path / "en/a.conf").write_text("edited\n")
    with pytest.raises(EditedOutputError, match="edited by hand"):
        write(tmp_path, [art("en/a.conf", "new\n"), art("en/b.conf", "new\n")])
    # Nothing at all was written: not even the unedited file.
    assert (tmp_path / "en/a.conf").read_text() == "edited\n"
    assert (tmp_path / "en/b.conf").read_text() == "two\n"
    write(tmp_path, [art("en/a.conf", "new\n"), art("en/b.conf", "new\n")], force=True)
    assert (tmp_path / "en/a.conf").read_text() == "new\n"


def test_file_docsync_did_not_write_is_not_overwritten(tmp_path):
    (tmp_path / "en").mkdir()
    (tmp_path / "en/a.conf").write_text("mine\n")
    with pytest.raises(EditedOutputError, match="not written by docsync"):
        write(tmp_path, [art("en/a.conf", "new\n")])
    write(tmp_path, [art("en/a.conf", "mine\n")])  # identical content is fine


def test_stale_artifacts_are_removed_only_when_listed(tmp_path):
    write(tmp_path, [art("en/a.conf", "a\n"), art("en/sub/b.conf", "b\n")])
    (tmp_path / "en/notes.txt").write_text("keep me\n")
    plan = write(tmp_path, [art("en/a.conf", "a\n")])
    assert plan.count("remove") == 1
    assert not (tmp_path / "en/sub").exists()  # emptied directory pruned
    assert (tmp_path / "en/notes.txt").read_text() == "keep me\n"


def test_edited_stale_artifact_is_kept(tmp_path):
    write(tmp_path, [art("en/a.conf", "a\n"), art("en/b.conf", "b\n")])
    (tmp_path / "en/b.conf").write_text("edited\n")
    with pytest.raises(EditedOutputError, match="no longer generated"):
        write(tmp_path, [art("en/a.conf", "a\n")])
    assert (tmp_path / "en/b.conf").exists()


def test_manifest_cannot_make_docsync_delete_outside_the_output(tmp_path):
    out = tmp_path / "out"
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    write(out, [art("en/a.conf", "a\n")])
    manifest = (out / MANIFEST_NAME).read_text()
    entry = read_manifest(manifest)["en/a.conf"]
    forged = manifest + (
        f'\n[[artifact]]\npath = "en/../../victim.txt"\nkind = "x"\n'
        f'sha256 = "{entry.sha256}"\nsources = []\n'
    )
    (out / MANIFEST_NAME).write_text(forged)
    with pytest.raises(EditedOutputError, match="not a path inside"):
        write(out, [art("en/a.conf", "a\n")], force=True)
    assert victim.read_text() == "precious\n"


def test_symlinks_are_not_followed(tmp_path):
    out = tmp_path / "out"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out.mkdir()
    (out / "en").symlink_to(elsewhere)
    with pytest.raises(EditedOutputError, match="symbolic link"):
        write(out, [art("en/a.conf", "a\n")], force=True)
    assert not (elsewhere / "a.conf").exists()


def test_writes_are_atomic(tmp_path, monkeypatch):
    write(tmp_path, [art("en/a.conf", "old\n")])

    def fail(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(DocsyncError, match="cannot write: disk full"):
        write(tmp_path, [art("en/a.conf", "new\n")])
    monkeypatch.undo()
    assert (tmp_path / "en/a.conf").read_text() == "old\n"
    assert sorted(p.name for p in (tmp_path / "en").iterdir()) == ["a.conf"]  # no temp files


def test_interrupted_run_is_not_mistaken_for_a_hand_edit(tmp_path):
    """Files written before the manifest (a run killed midway) hold the new text: no conflict."""
    write(tmp_path, [art("en/a.conf", "old\n")])
    (tmp_path / "en/a.conf").write_text("new\n")  # as the interrupted run left it
    write(tmp_path, [art("en/a.conf", "new\n")])


def test_other_languages_are_left_alone(tmp_path):
    write(tmp_path, [art("en/a.conf", "a\n"), art("ja/a.conf", "あ\n")])
    plan = write(tmp_path, [art("en/a.conf", "b\n")], langs=("en",))
    assert plan.count("remove") == 0
    assert "ja/a.conf" in read_manifest((tmp_path / MANIFEST_NAME).read_text())
    assert (tmp_path / "ja/a.conf").read_text() == "あ\n"


def test_check_and_diff(tmp_path):
    write(tmp_path, [art("en/a.conf", "one\ntwo\n")])
    fresh = plan_sync([art("en/a.conf", "one\ntwo\n")], tmp_path, LANGS)
    check(fresh)
    assert list(unified_diff(fresh, "gen")) == []
    stale = plan_sync([art("en/a.conf", "one\nthree\n")], tmp_path, LANGS)
    with pytest.raises(StaleOutputError) as info:
        check(stale)
    assert info.value.exit_code == 1
    diff = "".join(unified_diff(stale, "gen"))
    assert "--- current gen/en/a.conf\n+++ changed gen/en/a.conf\n" in diff
    assert "-two\n+three\n" in diff
    assert (tmp_path / "en/a.conf").read_text() == "one\ntwo\n"  # check writes nothing
