"""Platform profiles: run a chapter written for another platform (RHEL) on the Debian hosts.

A profile (``rules/profiles/<name>.toml``) maps whole commands (``yum install`` -> ``apt-get
install``, ``firewall-cmd`` -> left out), the files a chapter edits, and text in commands,
file names and content (``/etc/pgpool-II`` -> ``/etc/pgpool2``). It changes what a step runs,
never what the chapter shows: transcripts keep the documented text beside the command run.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

from docsync.errors import UsageError
from docsync.paths import RULES_DIR
from docsync.ruledata import Table
from docsync.verify.plan import Kind, Step

PROFILES_DIR = RULES_DIR / "profiles"


@dataclass(frozen=True)
class CommandMap:
    pattern: re.Pattern[str]
    run: str  # "" leaves the step out
    reason: str


@dataclass(frozen=True)
class Profile:
    name: str
    commands: tuple[CommandMap, ...]
    files: dict[str, str]
    text: tuple[tuple[str, str], ...]

    def swap(self, value: str) -> str:
        for old, new in self.text:
            value = value.replace(old, new)
        return value

    def describe(self) -> list[str]:
        out = [
            f"profile {self.name}: `{c.pattern.pattern}` -> `{c.run or '(not run)'}`: {c.reason}"
            for c in self.commands
        ]
        out += [f"profile {self.name}: file {k} -> {v or '(not edited)'}" for k, v in self.files.items()]
        out += [f"profile {self.name}: text {a!r} -> {b!r}" for a, b in self.text]
        return out


def load_profile(name: str) -> Profile:
    """A profile by name (``rules/profiles/NAME.toml``) or path; a bad one is exit 2."""
    path = Path(name) if name.endswith(".toml") else PROFILES_DIR / f"{name}.toml"
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except OSError:
        known = ", ".join(sorted(p.stem for p in PROFILES_DIR.glob("*.toml")))
        raise UsageError(f"no platform profile {name!r} (known: {known})") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: {exc}") from None
    source = str(path)
    commands = []
    for i, item in enumerate(data.pop("commands", [])):
        t = Table(item, f"commands[{i}]", source)
        commands.append(CommandMap(t.regex("pattern"), t.take("run", kind=str), t.take("reason", kind=str)))
        t.done()
    files = data.pop("files", {})
    if not all(isinstance(v, str) for v in files.values()):
        raise UsageError(f"{source}: [files] values must be paths")
    text = []
    for i, item in enumerate(data.pop("text", [])):
        t = Table(item, f"text[{i}]", source)
        text.append((t.take("from", kind=str), t.take("to", kind=str)))
        t.done()
    if data:
        raise UsageError(f"{source}: unknown key {next(iter(data))!r}")
    return Profile(path.stem, tuple(commands), dict(files), tuple(text))


def apply_profile(steps: list[Step], profile: Profile) -> list[Step]:
    """Each step with what it runs on Debian (``run``), or left out with a reason (``omit``)."""
    return [_map(step, profile) for step in steps]


def _map(step: Step, profile: Profile) -> Step:
    lines = tuple(profile.swap(ln) for ln in step.lines)
    if step.kind in (Kind.WRITE, Kind.EXPECT):
        target = profile.files.get(step.text, profile.swap(step.text))
        if not target:
            return replace(step, omit=f"profile {profile.name}: {step.text} is not edited on Debian")
        return replace(step, run=target if target != step.text else None, lines=lines)
    text = step.text
    for cmd in profile.commands:
        m = cmd.pattern.search(text)
        if m is None:
            continue
        if not cmd.run:
            return replace(step, omit=f"profile {profile.name}: {cmd.reason}")
        text = cmd.run.format(**m.groupdict())
        break
    text = profile.swap(text)
    return replace(step, run=text if text != step.text else None, lines=lines)
