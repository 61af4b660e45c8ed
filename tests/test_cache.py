"""The incremental cache: hits only for identical inputs, misses for any change or damage,
whole entries under concurrent writers, and `docsync check` served from it unchanged."""

from __future__ import annotations

import json
import multiprocessing
import shutil
from pathlib import Path

import pytest

from docsync.cache import CACHE_DIR_NAME, Cache, Inputs, cached, decode_findings, encode_findings
from docsync.cli import main
from docsync.model import Category, Finding, Fix, Location, Related, Severity

from .conftest import PROJECT


def _finding(line: int) -> Finding:
    return Finding(
        location=Location("doc/src/sgml/a.sgml", line, 3), code="DOC101", name="some-rule",
        category=Category.TYPE, severity=Severity.WARNING, message=f"problem on line {line} — 日本語",
        end=Location("doc/src/sgml/a.sgml", line, 9),
        related=(Related(Location("doc.ja/src/sgml/a.sgml", line + 1, 0), "the other side"),),
        fix=Fix(10, 12, "x"),
    )


def test_findings_survive_the_round_trip() -> None:
    findings = [_finding(1), Finding(Location("b", 2), "PGP001", "n", Category.SYNTAX, Severity.ERROR, "m")]
    assert decode_findings(json.loads(json.dumps(encode_findings(findings)))) == findings


class Counter:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> list[Finding]:
        self.calls += 1
        return [_finding(self.calls)]


def _run(cache: Cache, inputs: Inputs, compute: Counter) -> list[Finding]:
    return cached(cache, cache.key("test", "question"), inputs, compute, encode_findings, decode_findings)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    (docs / "sub").mkdir(parents=True)
    (docs / "a.sgml").write_text("<chapter>one</chapter>\n")
    (docs / "sub" / "b.sgml").write_text("<sect1>two</sect1>\n")
    return docs


def test_hit_only_while_nothing_changed(tmp_path: Path, tree: Path) -> None:
    cache = Cache(tmp_path / CACHE_DIR_NAME)
    inputs = Inputs.of([tree], [tmp_path / "config.toml"])
    compute = Counter()
    first = _run(cache, inputs, compute)
    assert _run(cache, inputs, compute) == first and compute.calls == 1
    (tree / "sub" / "b.sgml").write_text("<sect1>changed</sect1>\n")
    assert _run(cache, inputs, compute) != first and compute.calls == 2
    (tree / "new.sgml").write_text("<chapter/>\n")  # a file added to a recorded directory
    _run(cache, inputs, compute)
    (tmp_path / "config.toml").write_text("x = 1\n")  # a recorded single file that did not exist
    _run(cache, inputs, compute)
    (tree / "a.sgml").unlink()
    _run(cache, inputs, compute)
    assert compute.calls == 5
    assert _run(cache, inputs, compute)[0].location.line == 5 and compute.calls == 5


def test_another_question_is_another_entry(tmp_path: Path, tree: Path) -> None:
    cache = Cache(tmp_path / CACHE_DIR_NAME)
    inputs = Inputs.of([tree])
    a, b = Counter(), Counter()
    cached(cache, cache.key("check", "settings A"), inputs, a, encode_findings, decode_findings)
    cached(cache, cache.key("check", "settings B"), inputs, b, encode_findings, decode_findings)
    assert a.calls == b.calls == 1


@pytest.mark.parametrize("damage", [b"", b"{not json", b"[]", b'{"layout": 1}', b"\xff\xfe\x00garbage"])
def test_damaged_entries_are_ignored_and_rebuilt(tmp_path: Path, tree: Path, damage: bytes) -> None:
    cache = Cache(tmp_path / CACHE_DIR_NAME)
    inputs = Inputs.of([tree])
    compute = Counter()
    _run(cache, inputs, compute)
    (entry,) = (tmp_path / CACHE_DIR_NAME).glob("test-*.json")
    entry.write_bytes(damage)
    assert _run(cache, inputs, compute)[0].location.line == 2  # recomputed, no exception
    assert _run(cache, inputs, compute)[0].location.line == 2 and compute.calls == 2  # rebuilt


def test_damaged_value_is_recomputed(tmp_path: Path, tree: Path) -> None:
    cache = Cache(tmp_path / CACHE_DIR_NAME)
    inputs = Inputs.of([tree])
    compute = Counter()
    _run(cache, inputs, compute)
    (entry,) = (tmp_path / CACHE_DIR_NAME).glob("test-*.json")
    data = json.loads(entry.read_text())
    data["value"][0]["severity"] = "catastrophic"
    entry.write_text(json.dumps(data))
    assert _run(cache, inputs, compute)[0].location.line == 2 and compute.calls == 2


def test_no_cache_writes_nothing(tmp_path: Path, tree: Path) -> None:
    cache = Cache.for_run(False, tmp_path / "pyproject.toml")
    compute = Counter()
    _run(cache, Inputs.of([tree]), compute)
    _run(cache, Inputs.of([tree]), compute)
    assert compute.calls == 2 and not (tmp_path / CACHE_DIR_NAME).exists()


def test_unwritable_cache_is_skipped(tmp_path: Path, tree: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    compute = Counter()
    assert _run(Cache(blocker / CACHE_DIR_NAME), Inputs.of([tree]), compute)[0].location.line == 1


def _writer(directory: str, tree: str, rounds: int) -> None:
    cache = Cache(Path(directory))
    for _ in range(rounds):
        cache.put(cache.key("test", "question"), encode_findings([_finding(7)] * 200), Inputs.of([Path(tree)]),
                  Inputs.of([Path(tree)]).hashes())


def test_concurrent_writers_leave_a_whole_entry(tmp_path: Path, tree: Path) -> None:
    directory = tmp_path / CACHE_DIR_NAME
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_writer, args=(str(directory), str(tree), 20)) for _ in range(4)]
    for p in procs:
        p.start()
    cache = Cache(directory)
    inputs = Inputs.of([tree])
    seen = 0
    while any(p.is_alive() for p in procs):  # readers meanwhile see a whole entry or none
        value = cache.get(cache.key("test", "question"), inputs, inputs.hashes())
        if value is not None:
            assert len(decode_findings(value)) == 200
            seen += 1
    for p in procs:
        p.join()
        assert p.exitcode == 0
    assert not list(directory.glob("*.tmp")) and not list(directory.glob(".*.tmp"))
    compute = Counter()
    assert _run(cache, inputs, compute)[0].location.line == 7 and compute.calls == 0


def test_check_is_served_from_the_cache_unchanged(tmp_path: Path, monkeypatch, capsys) -> None:
    docs = tmp_path / "sgml"
    shutil.copytree(PROJECT / "sgml", docs)
    monkeypatch.chdir(tmp_path)
    args = ["check", "--docs", str(docs), "--format", "json", "--exit-zero"]
    assert main(args) == 0
    cold = capsys.readouterr().out
    (entry,) = (tmp_path / CACHE_DIR_NAME).glob("check-*.json")
    assert (tmp_path / CACHE_DIR_NAME / ".gitignore").read_text().endswith("*\n")
    before = entry.stat().st_mtime_ns
    assert main(args) == 0
    assert capsys.readouterr().out == cold
    assert entry.stat().st_mtime_ns == before  # answered from the entry, not recomputed
    assert main([*args, "--no-cache"]) == 0
    assert capsys.readouterr().out == cold
    # A chapter changes: the run sees it (an undefined entity is a new finding).
    chapter = next((docs / "doc" / "src" / "sgml").glob("*.sgml"))
    text = chapter.read_text()
    close = text.rindex("</")
    chapter.write_text(text[:close] + "<para>&nosuchentity;</para>\n" + text[close:])
    assert main(args) == 0
    warm_after_edit = capsys.readouterr().out
    assert "nosuchentity" in warm_after_edit and "nosuchentity" not in cold
    assert main([*args, "--no-cache"]) == 0
    assert capsys.readouterr().out == warm_after_edit
    assert entry.stat().st_mtime_ns != before


def test_another_shellcheck_is_another_question(tmp_path: Path, monkeypatch, capsys) -> None:
    docs = tmp_path / "sgml"
    shutil.copytree(PROJECT / "sgml", docs)
    monkeypatch.chdir(tmp_path)
    args = ["check", "--docs", str(docs), "--select", "shell", "--exit-zero"]
    assert main(args) == 0
    monkeypatch.setenv("PATH", str(tmp_path / "no-such-dir"))
    assert main(args) == 2  # the missing tool is reported, not the stored result served
    assert "shellcheck" in capsys.readouterr().err


def test_linked_directories_are_inputs_too(tmp_path: Path, tree: Path) -> None:
    """A docs tree may link a language directory in: a change behind the link is a change."""
    linked = tmp_path / "linked"
    linked.mkdir()
    (linked / "doc").symlink_to(tree, target_is_directory=True)
    (tree / "loop").symlink_to(linked, target_is_directory=True)  # a cycle ends, once per directory
    cache = Cache(tmp_path / CACHE_DIR_NAME)
    compute = Counter()
    _run(cache, Inputs.of([linked]), compute)
    _run(cache, Inputs.of([linked]), compute)
    assert compute.calls == 1
    (tree / "sub" / "b.sgml").write_text("<sect1>changed behind the link</sect1>\n")
    _run(cache, Inputs.of([linked]), compute)
    assert compute.calls == 2


def test_a_store_keeps_what_a_run_used_and_leaves_an_unused_one_alone(tmp_path: Path) -> None:
    from docsync.cache import Store

    cache = Cache(tmp_path / ".docsync_cache")
    first = Store(cache, "pairs")
    first.put("a", [1])
    first.put("b", [2])
    first.save()
    path = tmp_path / ".docsync_cache" / "pairs.json"
    stored = path.read_bytes()
    Store(cache, "pairs").save()  # a run that looked nothing up (drift not run)
    assert path.read_bytes() == stored
    second = Store(cache, "pairs")
    assert second.get("a", list) == [1]
    second.save()  # what it used, only
    assert Store(cache, "pairs").get("b", list) is None
    written = path.stat().st_mtime_ns
    second.save()  # saved already: not written again
    assert path.stat().st_mtime_ns == written


def test_text_that_is_not_unicode_is_stored_and_read_back(tmp_path: Path, tree: Path) -> None:
    # A file name or text read with surrogateescape (bytes that are not UTF-8) reaches findings.
    odd = Finding(Location("doc/\udcff.sgml", 1), "SGM005", "n", Category.SYNTAX, Severity.ERROR, "byte \udcfe")
    cache = Cache(tmp_path / CACHE_DIR_NAME)
    inputs = Inputs.of([tree])
    key = cache.key("test", "odd")
    calls = []

    def compute() -> list[Finding]:
        calls.append(1)
        return [odd]

    assert cached(cache, key, inputs, compute, encode_findings, decode_findings) == [odd]
    assert cached(cache, key, inputs, compute, encode_findings, decode_findings) == [odd]
    assert calls == [1]  # the second came from the file
