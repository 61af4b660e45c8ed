"""Helpers for extract tests: inline SGML -> blocks, artifacts on disk, shell checks."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterable
from pathlib import Path

from docsync.extract import Artifact
from docsync.extract.blocks import BlockList, extract_blocks
from docsync.sgml.load import load_document

# "<version> <lang>" -> {kind: count}, filled by test_upstream.py, printed by conftest.py.
KIND_COUNTS: dict[str, dict[str, int]] = {}

FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOLDEN = Path(__file__).resolve().parent / "golden"

# su - USER -c "$(cat <<'AS_USER' ... AS_USER\n)": the body runs in another shell, so bash -n on
# the script cannot see it; tests check each body on its own.
_SU_BODY = re.compile(r"<<'(AS_\w+)'\n(.*?)\n\1\n", re.DOTALL)


def blocks_of(tmp_path: Path, body: str, language: str = "en", section: str = "s") -> BlockList:
    """The blocks of a one-section document holding ``body``."""
    path = tmp_path / "doc.sgml"
    path.write_text(f'<sect1 id="{section}"><title>T</title>\n{body}\n</sect1>\n', encoding="utf-8")
    return extract_blocks(load_document(path), language)


def listing(text: str, tag: str = "programlisting") -> str:
    """A block element around ``text`` (escape < > & yourself)."""
    return f"<{tag}>\n{text}\n</{tag}>"


def write_tree(root: Path, files: dict[str, str]) -> None:
    """Put ``{relative path: text}`` on disk (cog's make_files)."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def read_tree(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def check_scripts(artifacts: Iterable[Artifact], tmp_path: Path, shellcheck: str | None) -> None:
    """Each script and su body passes ``bash -n``; all pass ``shellcheck -S error``."""
    scripts = [a for a in artifacts if a.path.endswith(".sh")]
    assert scripts, "no scripts to check"
    paths = []
    for artifact in scripts:
        path = tmp_path / artifact.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(artifact.text, encoding="utf-8")
        paths.append(path)
        _bash_n(path, artifact.path)
        for i, m in enumerate(_SU_BODY.finditer(artifact.text)):
            body = path.with_name(f"{path.name}.su{i}")
            body.write_text(m.group(2) + "\n", encoding="utf-8")
            _bash_n(body, f"{artifact.path} (su body {i})")
    if shellcheck:
        proc = subprocess.run(
            [shellcheck, "-S", "error", *map(str, paths)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert proc.returncode == 0, proc.stdout + proc.stderr


def _bash_n(path: Path, label: str) -> None:
    proc = subprocess.run(["bash", "-n", str(path)], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, f"{label}: {proc.stderr}"
