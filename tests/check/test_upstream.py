"""The issue's done-when, on fresh trees built from ../shared/pgpool-docs at test time."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from docsync.cli import main
from tests.check.helpers import EN, JA
from tests.conftest import require_upstream

CLUSTER = f"{EN}/example-cluster.sgml"


def findings(args: list[str], capsys) -> tuple[int, list[dict]]:
    code = main(["check", *args, "--format", "json"])
    out, err = capsys.readouterr()
    assert err == "" or "docsync check:" in err
    return code, json.loads(out)["findings"]


@pytest.fixture
def v43_english(tmp_path: Path) -> Path:
    """A fresh copy of V4_3_STABLE's English docs."""
    upstream = require_upstream()
    root = tmp_path / "pgpool2"
    shutil.copytree(upstream / "V4_3_STABLE" / EN, root / EN)
    return root


def line_of(path: Path, pattern: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i + 1 for i, line in enumerate(lines) if re.search(pattern, line))


def test_v43_path_and_table_shape(v43_english: Path, capsys) -> None:
    code, found = findings(["--docs", str(v43_english)], capsys)
    cluster = [f for f in found if f["path"] == CLUSTER]
    path13 = line_of(v43_english / CLUSTER, r"pg_ctl -D /var/lib/pgsql/13/data")
    version = [f for f in cluster if f["category"] == "version-consistency"]
    assert [(f["line"], f["code"]) for f in version] == [(path13, "DOC101")]
    assert "/var/lib/pgsql/13/" in version[0]["message"] and "PostgreSQL 14" in version[0]["message"]
    shape = [f for f in cluster if f["category"] == "table-shape"]
    assert len(shape) == 1 and shape[0]["code"] == "DOC201"
    assert re.search(r"header has 12 columns.*have 14", shape[0]["message"])
    assert code == 1


def test_v43_unterminated_follow_primary_command(v43_english: Path, capsys) -> None:
    chapter = v43_english / CLUSTER
    text = chapter.read_text(encoding="utf-8")
    line = line_of(chapter, r"^follow_primary_command = '.*%R'$")
    lines = text.split("\n")
    lines[line - 1] = lines[line - 1][:-1]  # the closing quote
    chapter.write_text("\n".join(lines), encoding="utf-8")
    code, found = findings(["--docs", str(v43_english), "--select", "syntax"], capsys)
    at = [f for f in found if f["path"] == CLUSTER and f["line"] == line]
    assert [(f["code"], f["category"], f["column"]) for f in at] == [("PGP002", "syntax", 26)]
    assert code == 1
    # The same through --changed, as the pre-commit hook runs it.
    code, found = findings(["--changed", str(chapter), "--select", "syntax"], capsys)
    assert [(f["line"], f["code"]) for f in found] == [(line, "PGP002")]


def test_master_rhel_drift(tmp_path: Path, capsys) -> None:
    upstream = require_upstream()
    root = tmp_path / "pgpool2"
    for lang in (EN, JA):
        shutil.copytree(upstream / "master" / lang, root / lang)
    code, found = findings(["--changed", str(root / CLUSTER)], capsys)
    drift = [f for f in found if f["code"].startswith("DRF") and "rhel-9" in f["message"]]
    assert len(drift) == 1 and "rhel-10" in drift[0]["message"], found
    assert drift[0]["category"] == "drift-code" and drift[0]["related"][0]["path"] == f"{JA}/example-cluster.sgml"
    # version-consistency sees it too: the chapter declares Rocky Linux 10.
    assert any(f["code"] == "DOC101" and "RHEL 9" in f["message"] for f in found)
    assert code == 1
