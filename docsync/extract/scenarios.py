"""``rules/scenarios.toml`` -> scenarios, and which blocks belong to which one.

A scenario is one example chapter that a reader follows from start to end; its blocks, and no
others, make its artifact set (``<lang>/<scenario>/...``). A block of a chapter that belongs to
no scenario (the reference, the release notes) never reaches an artifact.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

from docsync.errors import UsageError
from docsync.extract.model import Block
from docsync.paths import RULES_DIR
from docsync.ruledata import Table

SCENARIOS_FILE = RULES_DIR / "scenarios.toml"


class Scenario(NamedTuple):
    """A named artifact set: the chapter files (and optionally sections) it is made of."""

    name: str
    files: tuple[str, ...]  # chapter file names (no directory)
    sections: tuple[str, ...] = ()  # section ids; empty: the whole files
    exclude_sections: tuple[str, ...] = ()  # section ids left out (another scenario's variant)
    sample: str | None = None  # the pgpool.conf sample when the chapter copies none

    def owns(self, block: Block) -> bool:
        """True when ``block`` is part of this scenario."""
        if file_name(block.start.path) not in self.files:
            return False
        ids = {s.id.lower() for s in block.sections}  # SGML ids ignore case
        if ids & {i.lower() for i in self.exclude_sections}:
            return False
        return not self.sections or bool(ids & {i.lower() for i in self.sections})


class SampleRules(NamedTuple):
    defaults: dict[str, str]  # file name (pgpool.conf) -> the sample it starts from
    subdirectories: tuple[str, ...]
    copy: re.Pattern[str]
    brace: re.Pattern[str]
    sample_name: re.Pattern[str]


class ScenarioRules(NamedTuple):
    """Everything ``rules/scenarios.toml`` says."""

    scenarios: tuple[Scenario, ...]
    detect: re.Pattern[str]
    samples: SampleRules

    def named(self, name: str) -> Scenario | None:
        return next((s for s in self.scenarios if s.name == name), None)

    def for_files(self, names: Iterable[str]) -> tuple[Scenario, ...]:
        """The declared scenarios, then one per detected example chapter among ``names``."""
        declared = {f for s in self.scenarios for f in s.files}
        found: list[Scenario] = [s for s in self.scenarios if any(f in names for f in s.files)]
        for name in sorted(set(names) - declared):
            m = self.detect.match(name)
            if m is not None and self.named(m.group("name")) is None:
                found.append(Scenario(m.group("name"), (name,)))
        return tuple(found)


def file_name(path: str) -> str:
    return path.rsplit("/", 1)[-1]


def assign(blocks: Sequence[Block], rules: ScenarioRules) -> list[tuple[Scenario, list[Block]]]:
    """Each scenario the blocks' files form, with its blocks in document order."""
    scenarios = rules.for_files({file_name(b.start.path) for b in blocks})
    owned = [(s, [b for b in blocks if s.owns(b)]) for s in scenarios]
    return [(s, mine) for s, mine in owned if mine]  # a variant this version lacks: nothing


def scenario_files(rules: ScenarioRules, name: str, available: Iterable[str]) -> tuple[str, ...]:
    """The chapter files of scenario ``name`` (declared or detected among ``available``)."""
    found = rules.named(name) or next(
        (s for s in rules.for_files(available) if s.name == name), None
    )
    if found is None:
        known = sorted({s.name for s in rules.for_files(available)})
        raise UsageError(f"unknown scenario {name!r} (known here: {', '.join(known) or 'none'})")
    return found.files


@functools.cache
def load_scenarios(path: Path = SCENARIOS_FILE) -> ScenarioRules:
    """Read and validate ``rules/scenarios.toml``."""
    source = path.name
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except OSError as exc:
        raise UsageError(f"{path}: cannot read scenarios: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: {exc}") from None
    top = Table(data, "scenarios", source)
    detect = Table(top.take("detect"), "detect", source)
    pattern = detect.regex("files", groups=("name",))
    detect.done()
    s = Table(top.take("samples"), "samples", source)
    samples = SampleRules(
        defaults={str(k): str(v) for k, v in s.take("defaults", {}, kind=dict).items()},
        subdirectories=tuple(s.take("subdirectories", [], kind=list)),
        copy=s.regex("copy", groups=("source", "dest")),
        brace=s.regex("brace", groups=("stem", "first", "second", "rest")),
        sample_name=s.regex("sample_name"),
    )
    s.done()
    scenarios = []
    for i, raw in enumerate(top.take("scenario", [], kind=list)):
        t = Table(raw, f"scenario[{i}]", source)
        scenario = Scenario(
            name=t.take("name", kind=str),
            files=tuple(t.take("files", kind=list)),
            sections=tuple(t.take("sections", [], kind=list)),
            exclude_sections=tuple(t.take("exclude_sections", [], kind=list)),
            sample=t.take("sample", None, kind=str),
        )
        t.done()
        if not scenario.files:
            raise UsageError(f"{source}: scenario[{i}] needs at least one file")
        if any(other.name == scenario.name for other in scenarios):
            raise UsageError(f"{source}: scenario {scenario.name!r} is declared twice")
        scenarios.append(scenario)
    top.done()
    return ScenarioRules(tuple(scenarios), pattern, samples)
