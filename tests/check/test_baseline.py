"""``docsync check --baseline``: adopt on a whole upstream chapter, then only new findings fail."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from docsync.cli import main
from tests.conftest import require_upstream

NAME = "example-cluster.sgml"


def _tree(tmp_path: Path) -> Path:
    upstream = require_upstream() / "V4_3_STABLE"
    root = tmp_path / "docs"
    for lang in ("doc/src/sgml", "doc.ja/src/sgml"):
        (root / lang).mkdir(parents=True)
        shutil.copy(upstream / lang / NAME, root / lang / NAME)
    return root


def test_baseline_accepts_old_findings_across_line_shifts(tmp_path: Path, capsys) -> None:
    root = _tree(tmp_path)
    baseline = tmp_path / "baseline.json"
    assert main(["check", str(root), "-f", "json"]) == 1  # upstream's real listing drift: errors
    before = json.loads(capsys.readouterr().out)["findings"]
    assert before
    assert main(["check", str(root), "--baseline", str(baseline), "--update-baseline"]) == 0
    assert f"Wrote {len(before)} accepted findings" in capsys.readouterr().err
    saved = json.loads(baseline.read_text(encoding="utf-8"))
    assert len(saved["accepted"]) == len(before) and all("line" not in e for e in saved["accepted"])
    assert main(["check", str(root), "--baseline", str(baseline)]) == 0
    assert "Found 0 problems" in capsys.readouterr().out
    # Unrelated edits shift every line; one new problem is added to an English listing.
    for lang in ("doc/src/sgml", "doc.ja/src/sgml"):
        path = root / lang / NAME
        path.write_text("<!-- moved -->\n" * 7 + path.read_text(encoding="utf-8"), encoding="utf-8")
    en = root / "doc/src/sgml" / NAME
    text = en.read_text(encoding="utf-8")
    assert "systemctl start pgpool.service" in text
    edited = text.replace("systemctl start pgpool.service", "systemctl start pgpool2.service", 1)
    en.write_text(edited, encoding="utf-8")
    assert main(["check", str(root), "--baseline", str(baseline), "-f", "json"]) == 1
    out, err = capsys.readouterr()
    new = json.loads(out)["findings"]
    assert len(new) == 1 and "pgpool2.service" in new[0]["message"]
    assert "accepted by the baseline" in err


def test_update_baseline_needs_a_file(tmp_path: Path, capsys) -> None:
    assert main(["check", str(_tree(tmp_path)), "--update-baseline"]) == 2
    assert "--baseline FILE" in capsys.readouterr().err
