"""rules/ writes strings as TOML literal strings where it can (scripts/toml_literals.py says why),
and the rewrite that keeps it so changes no data."""

from __future__ import annotations

import importlib.util
import tomllib

import pytest

from tests.conftest import PROJECT

spec = importlib.util.spec_from_file_location("toml_literals", PROJECT / "scripts" / "toml_literals.py")
toml_literals = importlib.util.module_from_spec(spec)
spec.loader.exec_module(toml_literals)


def test_rules_use_literal_strings_where_they_can(capsys) -> None:
    code = toml_literals.main(["--check", str(PROJECT / "rules")])
    assert code == 0, f"run scripts/toml_literals.py: {capsys.readouterr().out}"


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ('a = "plain"\n', "a = 'plain'\n"),
        ('a = "it\'s"\n', 'a = "it\'s"\n'),  # the literal quote: stays basic
        ('a = "tab\\there"\n', "a = 'tab\there'\n"),  # an escape whose value a literal can hold
        ('a = "line\\nbreak"\n', 'a = "line\\nbreak"\n'),  # a newline on one line: stays basic
        ('a = """\nx "quoted" \\\\ y\n"""\n', "a = '''\nx \"quoted\" \\ y\n'''\n"),
        ('a = """\nends with \'"""\n', 'a = """\nends with \'"""\n'),  # a quote before the closer
        ('a = """one \\\n   two"""\n', 'a = """one \\\n   two"""\n'),  # a line-joining backslash
        ('"key.dotted" = "v"  # "a comment" stays\n', "'key.dotted' = 'v'  # \"a comment\" stays\n"),
        ("a = ['x', \"y\"]\n", "a = ['x', 'y']\n"),
        ('a = """two "" quotes"""\n', "a = '''two \"\" quotes'''\n"),
    ],
)
def test_the_rewrite_keeps_the_data(before: str, after: str) -> None:
    new, _ = toml_literals.rewrite(before)
    assert new == after
    assert tomllib.loads(new) == tomllib.loads(before)
