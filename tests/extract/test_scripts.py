"""What a documented command becomes in a generated script."""

from __future__ import annotations

from docsync.extract.ruleset import load_rules
from docsync.extract.scripts import build_scripts
from tests.extract.helpers import blocks_of, listing


def script_lines(tmp_path, body: str) -> list[str]:
    scripts = build_scripts(list(blocks_of(tmp_path, body)), load_rules())
    return [line for script in scripts for step in script.steps for line in step.lines]


def test_a_documentation_placeholder_keeps_the_command_as_a_comment(tmp_path):
    lines = script_lines(
        tmp_path,
        listing("[server1]$ {installed_dir}/bin/pgpool stop\n[server1]$ echo ${HOME} {a,b}"),
    )
    assert "# Not run: fill in {installed_dir} first: {installed_dir}/bin/pgpool stop" in lines
    # ${var} and brace expansions are shell, not placeholders: that command runs.
    assert any(line.endswith("echo ${HOME} {a,b}") and not line.startswith("#") for line in lines)
