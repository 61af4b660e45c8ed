"""The project's own reference docs check clean, and their mistakes would be caught."""

from __future__ import annotations

import shutil
from pathlib import Path

from docsync.cli import main
from docsync.paths import DEFAULT_DOCS_DIR, DEFAULT_OUT_DIR
from tests.check.helpers import EN, check, explain


def test_the_project_docs_check_clean(capsys) -> None:
    assert main(["check"]) == 0
    assert capsys.readouterr().out == "Found 0 problems (0 errors, 0 warnings, 0 infos).\n"


def test_a_wrong_path_in_the_project_docs_is_caught(tmp_path: Path) -> None:
    docs = tmp_path / "sgml"
    shutil.copytree(DEFAULT_DOCS_DIR, docs)
    chapter = docs / EN / "example-cluster.sgml"
    text = chapter.read_text(encoding="utf-8")
    assert "/etc/postgresql/15/main/postgresql.conf" in text
    chapter.write_text(
        text.replace("/etc/postgresql/15/main/postgresql.conf", "/etc/postgresql/14/main/postgresql.conf", 1)
    )
    found = check(docs, ignore=["DOC001"])  # the copy has no generated/ beside it
    # The chapter contradicts itself (DOC101) and now differs from the Japanese (DRF020).
    assert {(f.location.path, f.code) for f in found} == {
        (f"{EN}/example-cluster.sgml", "DOC101"),
        (f"{EN}/example-cluster.sgml", "DRF020"),
    }, explain(found)


def test_the_generated_output_is_compared(tmp_path: Path) -> None:
    out = tmp_path / "generated"
    shutil.copytree(DEFAULT_OUT_DIR, out)
    pgpool = out / "en" / "example-cluster" / "pgpool.conf"
    pgpool.write_text(pgpool.read_text(encoding="utf-8").replace("port = 9999", "port = 9998"), encoding="utf-8")
    found = check(DEFAULT_DOCS_DIR, out=out)
    shown = [(f.code, f.location.path.rsplit("generated/", 1)[1]) for f in found]
    assert shown == [("DOC001", "en/example-cluster/pgpool.conf")]
