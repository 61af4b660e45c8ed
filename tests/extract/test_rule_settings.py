"""``docsync extract`` reports rules as every command does: --select/--ignore, [tool.docsync.extract],
severities and inline ``docsync: ignore[...]`` comments (docsync/finish.py)."""

from __future__ import annotations

import json
from pathlib import Path

from docsync.cli import main

# A here-document never closed (EXT002, a warning) and a stray '&' (SGM004, an info).
CHAPTER = """<sect1 id="setup">
<title>Setup</title>
<para>Tom & Jerry</para>
{comment}<programlisting>
[server1]# cat > /etc/pgpool2/pool_hba.conf &lt;&lt;END
host all all 0.0.0.0/0 scram-sha-256
</programlisting>
</sect1>
"""


def _docs(tmp_path: Path, comment: str = "", config: str = "") -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "example-a.sgml").write_text(CHAPTER.format(comment=comment))
    if config:
        (docs / ".docsync.toml").write_text(config)
    return docs


def _codes(capsys, tmp_path: Path, docs: Path, *args: str) -> dict[str, str]:
    code = main(["extract", "--docs", str(docs), "--out", str(tmp_path / "out"), "-f", "json", *args])
    out = capsys.readouterr().out
    assert code in (0, 1), out
    return {f["code"]: f["severity"] for f in json.loads(out)["findings"]}


def test_every_finding_by_default(capsys, tmp_path):
    assert _codes(capsys, tmp_path, _docs(tmp_path)) == {"EXT002": "warning", "SGM004": "info"}


def test_select_and_ignore_on_the_command_line(capsys, tmp_path):
    docs = _docs(tmp_path)
    assert _codes(capsys, tmp_path, docs, "--select", "EXT") == {"EXT002": "warning"}
    assert _codes(capsys, tmp_path, docs, "--ignore", "extract-unclosed-heredoc") == {"SGM004": "info"}


def test_the_configuration_selects_and_grades(capsys, tmp_path):
    config = '[extract]\nignore = ["SGM"]\n[extract.severity]\nEXT002 = "error"\n'
    docs = _docs(tmp_path, config=config)
    assert _codes(capsys, tmp_path, docs) == {"EXT002": "error"}
    # An error in the documentation: nothing is written.
    assert not (tmp_path / "out" / "en").exists()


def test_an_inline_comment_covers_the_element_after_it(capsys, tmp_path):
    docs = _docs(tmp_path, comment="<!-- docsync: ignore[EXT002] the file is closed in the next step -->\n")
    assert _codes(capsys, tmp_path, docs) == {"SGM004": "info"}


def test_an_unknown_key_in_the_table_is_a_usage_error(capsys, tmp_path):
    docs = _docs(tmp_path, config="[extract]\nselct = ['EXT']\n")
    assert main(["extract", "--docs", str(docs), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "unknown extract option(s) selct" in err and err.count("\n") == 1
