"""Rule options (docsync/options.py): typed dataclasses, defaults in rules/codes, values in configuration.

Every rule that declares options has defaults that validate; one validator reads every table
from the dataclass's fields; bad configuration is one line and exit 2; a configured option
changes what the real CLI reports.
"""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Literal

import pytest

from docsync import registry
from docsync.cli import main
from docsync.config import find_config
from docsync.errors import UsageError
from docsync.lint.settings import LintSettings
from docsync.options import option, parse, specs, stage_defaults
from docsync.rules import stage_rules

STAGES = ("lint", "check", "drift")


@pytest.fixture(autouse=True)
def fresh_config():
    find_config.cache_clear()
    yield
    find_config.cache_clear()


# -- the registry and rules/codes agree -------------------------------------------------------


def test_rules_with_options_exist() -> None:
    declared = [i for found in registry.implementations().values() for i in found if i.options is not None]
    # DOC301 (ShellCheck) and PGP605 (shared memory) at least: the checks below are not vacuous.
    assert {code for i in declared for code in i.codes} >= {"DOC301", "PGP605"}


@pytest.mark.parametrize("stage", STAGES)
def test_every_rule_that_declares_options_has_defaults_that_validate(stage: str) -> None:
    defaults = stage_defaults(stage)
    docs = stage_rules(stage)
    for code, found in registry.implementations(stage).items():
        kinds = {i.options for i in found}
        kind = kinds.pop()
        assert not kinds, f"{code}: implementations disagree on the options type"
        if kind is None:
            assert docs[code].options is None, f"{code} has [{code}.options] but its code declares no options"
            continue
        assert docs[code].options is not None, f"{code} declares options but rules/codes has no [{code}.options]"
        value = defaults[code]
        assert type(value) is kind
        # Every field is set from the table (no default hides in the dataclass) and documented.
        assert {s.key for s in specs(kind)} == set(docs[code].options)
        assert all(s.doc for s in specs(kind))
        assert [f.name for f in fields(kind)] == [s.attr for s in specs(kind)]


def test_options_belong_to_one_rule(monkeypatch) -> None:
    monkeypatch.setattr(registry, "IMPLEMENTATIONS", {})

    @dataclass(frozen=True)
    class Opts:
        n: int = option("a number")

    def check_two(pair, ctx):
        return iter(())

    with pytest.raises(ValueError, match="options belong to one rule"):
        registry.register("drift", ("DRF998", "DRF999"), check_two, options=Opts)


# -- the one validator ----------------------------------------------------------------------


class Mode(enum.Enum):
    FAST = "fast"
    SAFE = "safe"


@dataclass(frozen=True)
class Every:
    name: str = option("a string")
    count: int = option("an integer")
    ratio: float = option("a number")
    strict: bool = option("a flag")
    names: tuple[str, ...] = option("some strings")
    level: Literal["low", "high"] = option("a choice")
    mode: Mode = option("an enum")


GOOD = {"name": "x", "count": 3, "ratio": 2, "strict": True, "names": ["a", "b"], "level": "low", "mode": "safe"}


def test_a_table_becomes_the_typed_value() -> None:
    value = parse(Every, GOOD, "f.toml: [T]")
    assert value == Every("x", 3, 2.0, True, ("a", "b"), "low", Mode.SAFE)
    assert isinstance(value.ratio, float)
    changed = parse(Every, {"count": 4, "mode": "fast"}, "f.toml: [U]", base=value)
    assert changed == Every("x", 4, 2.0, True, ("a", "b"), "low", Mode.FAST)


@pytest.mark.parametrize(
    ("key", "bad", "said"),
    [
        ("name", 1, "name must be a string (got int 1)"),
        ("count", "3", "count must be an integer (got '3')"),
        ("count", True, "count must be an integer (got true)"),
        ("count", 1.5, "count must be an integer (got float 1.5)"),
        ("ratio", "2", "ratio must be a number (got '2')"),
        ("strict", 1, "strict must be true or false (got int 1)"),
        ("names", "a", "names must be a list of strings (got 'a')"),
        ("names", ["a", 1], "names must be a list of strings (got list ['a', 1])"),
        ("level", "medium", 'level must be one of "low", "high" (got \'medium\')'),
        ("mode", "slow", 'mode must be one of "fast", "safe" (got \'slow\')'),
    ],
)
def test_a_wrong_value_is_one_line_naming_file_and_key(key: str, bad: object, said: str) -> None:
    with pytest.raises(UsageError) as exc:
        parse(Every, {**GOOD, key: bad}, "f.toml: [T]")
    assert str(exc.value) == f"f.toml: [T]: {said}"


def test_unknown_and_missing_keys() -> None:
    with pytest.raises(UsageError, match=r"^f.toml: \[T\]: unknown option 'colour' \(known: name, count,"):
        parse(Every, {**GOOD, "colour": "red"}, "f.toml: [T]")
    with pytest.raises(UsageError, match=r"^f.toml: \[T\]: no default for 'mode'$"):
        parse(Every, {k: v for k, v in GOOD.items() if k != "mode"}, "f.toml: [T]")
    with pytest.raises(UsageError, match=r"^f.toml: \[T\] must be a table$"):
        parse(Every, ["name"], "f.toml: [T]")


def test_kebab_case_keys() -> None:
    @dataclass(frozen=True)
    class Two:
        max_count: int = option("a number")

    assert parse(Two, {"max-count": 2}, "w") == Two(2)
    with pytest.raises(UsageError, match="unknown option 'max_count'"):
        parse(Two, {"max_count": 2}, "w")


def test_an_option_type_toml_cannot_hold_or_an_undocumented_field_is_refused() -> None:
    @dataclass(frozen=True)
    class Table:
        pairs: dict[str, str] = option("a table")

    @dataclass(frozen=True)
    class Bare:
        n: int = 1

    @dataclass
    class Mutable:
        n: int = option("a number")

    for kind, said in ((Table, "an option is str, int"), (Bare, "option\\('what it means'\\)"),
                       (Mutable, "frozen dataclass")):
        with pytest.raises(TypeError, match=said):
            specs(kind)


def test_settings_without_a_configuration_read_the_defaults() -> None:
    from docsync.lint.checks.dependency import SharedMemoryOptions

    assert LintSettings().options(SharedMemoryOptions) == stage_defaults("lint")["PGP605"]
    assert LintSettings().options(SharedMemoryOptions).threshold_gib == 1.0


# -- through the CLI ------------------------------------------------------------------------


def _lint(tmp_path: Path, config: str | None, capsys) -> tuple[int, list[str], str]:
    conf = tmp_path / "pgpool.conf"
    conf.write_text("num_init_children = 5000\nmax_pool = 4\n")  # about 1.2 GiB of slots
    if config is not None:
        (tmp_path / ".docsync.toml").write_text(config)
    code = main(["lint", "-f", "json", str(conf)])
    out, err = capsys.readouterr()
    return code, [f["code"] for f in json.loads(out)["findings"]] if out else [], err


@pytest.mark.parametrize("key", ["PGP605", "pgp605", "shared-memory-size"])
def test_a_configured_threshold_changes_lint_findings(tmp_path: Path, capsys, key: str) -> None:
    assert _lint(tmp_path, None, capsys)[:2] == (0, ["PGP605"])
    find_config.cache_clear()
    assert _lint(tmp_path, f"[lint.options.{key}]\nthreshold-gib = 1.5\n", capsys)[:2] == (0, [])
    find_config.cache_clear()
    assert _lint(tmp_path, f"[lint.options.{key}]\nthreshold-gib = 0.5\n", capsys)[:2] == (0, ["PGP605"])


def test_options_in_pyproject(tmp_path: Path, capsys) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.docsync.lint.options.PGP605]\nthreshold-gib = 2\n")
    assert _lint(tmp_path, None, capsys)[:2] == (0, [])


@pytest.mark.parametrize(
    ("config", "said"),
    [
        ("[lint.options.PGP605]\nthreshold = 2\n",
         "[tool.docsync.lint.options.PGP605]: unknown option 'threshold' (known: threshold-gib)"),
        ("[lint.options.PGP605]\nthreshold-gib = '2'\n",
         "[tool.docsync.lint.options.PGP605]: threshold-gib must be a number (got '2')"),
        ("[lint.options.PGP101]\nx = 1\n",
         "[tool.docsync.lint.options.PGP101]: rule PGP101 (unknown-parameter) has no options"),
        ("[lint.options.no-such-rule]\nx = 1\n",
         "[tool.docsync.lint.options.no-such-rule]: no rule `docsync lint` runs has this code or name"),
        ("[lint.options.DOC301]\nlevel = 'error'\n",
         "[tool.docsync.lint.options.DOC301]: no rule `docsync lint` runs has this code or name"),
        ("[lint]\noptions = 1\n", "[tool.docsync.lint.options] must be a table"),
        ("[lint.options]\nPGP605 = 1\n", "[tool.docsync.lint.options.PGP605] must be a table"),
        ("[lint.options.PGP605]\nthreshold-gib = 2\n[lint.options.shared-memory-size]\nthreshold-gib = 3\n",
         "the options of PGP605 are set twice"),
    ],
)
def test_bad_lint_option_configuration_is_exit_2_and_one_line(tmp_path: Path, capsys, config: str, said: str) -> None:
    code, found, err = _lint(tmp_path, config, capsys)
    assert code == 2 and found == []
    assert err.count("\n") == 1 and str(tmp_path / ".docsync.toml") in err and said in err, err


def test_docsync_rule_prints_the_options(capsys) -> None:
    assert main(["rule", "DOC301"]) == 0
    out = capsys.readouterr().out
    assert "[tool.docsync.check.options.shellcheck] (pyproject.toml)" in out
    assert 'level = "warning"\n        one of "error", "warning", "info", "style": the lowest ShellCheck level' in out
    assert "exclude = []\n        a list of strings: ShellCheck codes to leave out" in out
    assert main(["rule", "shared-memory-size"]) == 0
    out = capsys.readouterr().out
    assert "[lint.options.shared-memory-size] (.docsync.toml)" in out
    assert "threshold-gib = 1.0\n        a number: the estimate, in GiB," in out
    assert main(["rule", "PGP101"]) == 0
    assert "Options" not in capsys.readouterr().out


def test_check_options_cover_the_lint_and_drift_rules_it_runs(tmp_path: Path) -> None:
    from docsync.check.config import check_settings_from
    from docsync.check.ruleset import load_rules
    from docsync.check.settings import default_settings
    from docsync.config import ProjectConfig
    from docsync.lint.checks.dependency import SharedMemoryOptions

    table = {"check": {"options": {"shared-memory-size": {"threshold-gib": 8}}}}
    config = ProjectConfig(tmp_path / ".docsync.toml", table)
    settings = check_settings_from(config, default_settings(load_rules()))
    assert settings.options(SharedMemoryOptions).threshold_gib == 8.0
    assert set(settings.rule_options) == {"DOC301", "PGP605"}  # each rule's defaults, one changed
    bad = ProjectConfig(tmp_path / ".docsync.toml", {"check": {"options": {"SGM001": {"x": 1}}}})
    with pytest.raises(UsageError, match=r"options.SGM001\]: no rule `docsync check` runs has this code or name"):
        check_settings_from(bad, default_settings(load_rules()))
