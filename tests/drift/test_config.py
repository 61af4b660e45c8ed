"""``[tool.docsync]`` applies to drift as to every command: selection, severities, typos."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from docsync.cli import main

GOLDEN = Path(__file__).resolve().parent.parent / "golden"


def _tree(tmp_path: Path, config: str | None) -> Path:
    """The structural golden case as a docs tree, with ``config`` as its .docsync.toml."""
    root = tmp_path / "docs"
    for lang, name in (("doc", "en.sgml"), ("doc.ja", "ja.sgml")):
        d = root / lang / "src" / "sgml"
        d.mkdir(parents=True)
        shutil.copy(GOLDEN / "structural" / name, d / "demo.sgml")
    if config is not None:
        (root / ".docsync.toml").write_text(config)
    return root


def _found(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> list[tuple[str, str]]:
    code = main(["drift", str(root), "--format", "json", *args])
    assert code in (0, 1)
    return sorted((f["code"], f["severity"]) for f in json.loads(capsys.readouterr().out)["findings"])


def test_configuration_selects_ignores_and_regrades(tmp_path: Path, capsys) -> None:
    plain = _found(_tree(tmp_path / "a", None), capsys)
    codes = {c for c, _ in plain}
    assert {"DRF020", "DRF003"} <= codes  # what the case holds, so that each setting can remove it
    ignored = _found(_tree(tmp_path / "b", 'ignore = ["DRF020"]\n'), capsys)
    assert ignored == [f for f in plain if f[0] != "DRF020"]
    selected = _found(_tree(tmp_path / "c", '[drift]\nselect = ["DRF003"]\n'), capsys)
    assert selected and {c for c, _ in selected} == {"DRF003"}
    regraded = _found(_tree(tmp_path / "d", '[drift]\nseverity = { DRF020 = "info", drift-missing-block = "error" }\n'),
                      capsys)
    assert regraded == sorted(
        (c, "info" if c == "DRF020" else "error" if c == "DRF003" else s) for c, s in plain
    )


def test_command_line_select_replaces_and_ignore_adds(tmp_path: Path, capsys) -> None:
    root = _tree(tmp_path, '[drift]\nselect = ["DRF003"]\nextend-select = ["DRF020"]\n')
    assert {c for c, _ in _found(root, capsys)} == {"DRF003", "DRF020"}
    assert {c for c, _ in _found(root, capsys, "--select", "DRF020")} == {"DRF020"}
    assert {c for c, _ in _found(root, capsys, "--ignore", "DRF003")} == {"DRF020"}


@pytest.mark.parametrize(
    "config", ["[drift]\ncolour = 1\n", "selct = []\n", "[drift]\nseverity = { DRF020 = 'loud' }\n"]
)
def test_a_typo_is_a_usage_error(tmp_path: Path, capsys, config: str) -> None:
    root = _tree(tmp_path, config)
    assert main(["drift", str(root)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("docsync: error: ") and ".docsync.toml" in err and len(err.strip().splitlines()) == 1
