"""``rules/verify.toml`` -> typed verify rules: fleet, stand-ins, prompts, placeholders, outputs."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from docsync.errors import UsageError
from docsync.paths import RULES_DIR
from docsync.ruledata import Table

RULES_FILE = RULES_DIR / "verify.toml"


@dataclass(frozen=True)
class Standin:
    """A program verify puts first on PATH in every host, and why."""

    name: str
    path: str
    reason: str
    script: str


@dataclass(frozen=True)
class PromptRule:
    """A documented prompt line and the secret that answers it."""

    prompt: re.Pattern[str]
    secret: str  # "db:{name}", "pcp", "previous"
    command: re.Pattern[str] | None = None


@dataclass(frozen=True)
class AnswerRule:
    """A command that asks without a documented prompt, and its answers in order."""

    command: re.Pattern[str]
    secrets: tuple[str, ...]


@dataclass(frozen=True)
class Placeholder:
    texts: tuple[str, ...]  # the spellings (one per language)
    secret: str
    transform: str = ""  # "" or "md5"


@dataclass(frozen=True)
class WaitRule:
    command: re.Pattern[str]
    timeout: float


@dataclass(frozen=True)
class PacedRule:
    """A command run host after host, ``interval`` seconds apart, not on all hosts at once."""

    command: re.Pattern[str]
    interval: float


@dataclass(frozen=True)
class OutputRule:
    """How a documented output is compared with the live one."""

    name: str
    command: re.Pattern[str]
    format: str  # lines, psql-table, fields, watchdog-info
    key: tuple[str, ...]
    volatile: frozenset[str]
    eventually: float = 0.0
    columns: tuple[str, ...] = ()
    summary: tuple[str, ...] = ()
    summary_volatile: frozenset[str] = frozenset()
    multiset: tuple[str, ...] = ()


@dataclass(frozen=True)
class VerifyRules:
    interface: re.Pattern[str]
    default_interface: str
    prefix: int
    timeout: float
    boot: tuple[str, ...]
    env: dict[str, str]
    standins: tuple[Standin, ...]
    prompts: tuple[PromptRule, ...]
    answers: tuple[AnswerRule, ...]
    placeholders: tuple[Placeholder, ...]
    waits: tuple[WaitRule, ...]
    paced: tuple[PacedRule, ...]
    editors: dict[str, str]
    outputs: tuple[OutputRule, ...]

    def output_rule(self, command: str) -> OutputRule | None:
        return next((r for r in self.outputs if r.command.search(command)), None)


_FORMATS = ("lines", "psql-table", "fields", "watchdog-info")


def _strings(t: Table, key: str) -> tuple[str, ...]:
    value = t.take(key, [], list)
    if not all(isinstance(v, str) for v in value):
        raise UsageError(f"{t.source}: {t.where}.{key} must be a list of strings")
    return tuple(value)


def _tables(data: dict, key: str, source: str) -> list[Table]:
    items = data.pop(key, [])
    if not isinstance(items, list):
        raise UsageError(f"{source}: [[{key}]] must be an array of tables")
    return [Table(item, f"{key}[{i}]", source) for i, item in enumerate(items)]


def parse_rules(data: dict, source: str = "rules/verify.toml") -> VerifyRules:
    """Validate the data of ``rules/verify.toml``; unknown keys are errors."""
    data = dict(data)
    fleet = Table(data.pop("fleet", {}), "fleet", source)
    interface = fleet.regex("interface", groups=("interface",))
    default_interface = fleet.take("default_interface", "enp1s0", str)
    prefix = fleet.take("prefix", 24, int)
    timeout = float(fleet.take("timeout", 120, (int, float)))
    boot = _strings(fleet, "boot")
    env = fleet.take("env", {}, dict)
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in env.items()):
        raise UsageError(f"{source}: fleet.env must map names to strings")
    fleet.done()
    standins = []
    for t in _tables(data, "standins", source):
        standins.append(
            Standin(
                t.take("name", kind=str),
                t.take("path", kind=str),
                t.take("reason", kind=str),
                t.take("script", kind=str),
            )
        )
        t.done()
    prompts = []
    for t in _tables(data, "prompts", source):
        prompt = t.regex("prompt")
        command = t.regex("command", None)
        prompts.append(PromptRule(prompt, t.take("secret", kind=str), command))
        t.done()
    answers = []
    for t in _tables(data, "answers", source):
        answers.append(AnswerRule(t.regex("command"), _strings(t, "secrets")))
        t.done()
    placeholders = []
    for t in _tables(data, "placeholders", source):
        text = t.take("text", kind=(str, list))
        ph = Placeholder(
            (text,) if isinstance(text, str) else tuple(text), t.take("secret", kind=str), t.take("transform", "", str)
        )
        if ph.transform not in ("", "md5"):
            raise UsageError(f'{source}: {t.where}.transform must be "md5" or absent')
        placeholders.append(ph)
        t.done()
    waits = []
    for t in _tables(data, "waits", source):
        waits.append(
            WaitRule(
                t.regex("command", groups=("host", "port")),
                float(t.take("timeout", 60, (int, float))),
            )
        )
        t.done()
    paced = []
    for t in _tables(data, "paced", source):
        paced.append(PacedRule(t.regex("command"), float(t.take("interval", 0, (int, float)))))
        t.done()
    editors_t = Table(data.pop("editors", {}), "editors", source)
    editors = {k: editors_t.take(k, kind=str) for k in list(editors_t.data)}
    editors_t.done()
    outputs = []
    for t in _tables(data, "outputs", source):
        rule = OutputRule(
            name=t.take("name", kind=str),
            command=t.regex("command"),
            format=t.take("format", kind=str),
            key=_strings(t, "key"),
            volatile=frozenset(_strings(t, "volatile")),
            eventually=float(t.take("eventually", 0, (int, float))),
            columns=_strings(t, "columns"),
            summary=_strings(t, "summary"),
            summary_volatile=frozenset(_strings(t, "summary_volatile")),
            multiset=_strings(t, "multiset"),
        )
        if rule.format not in _FORMATS:
            raise UsageError(f"{source}: {t.where}.format must be one of {', '.join(_FORMATS)}")
        outputs.append(rule)
        t.done()
    if data:
        raise UsageError(f"{source}: unknown table {next(iter(data))!r}")
    return VerifyRules(
        interface,
        default_interface,
        prefix,
        timeout,
        boot,
        env,
        tuple(standins),
        tuple(prompts),
        tuple(answers),
        tuple(placeholders),
        tuple(waits),
        tuple(paced),
        editors,
        tuple(outputs),
    )


def load_rules(path: Path | None = None) -> VerifyRules:
    """Read ``rules/verify.toml`` (or ``path``); a bad file is one line and exit code 2."""
    path = path or RULES_FILE
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except OSError as exc:
        raise UsageError(f"{path}: cannot read verify rules: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: {exc}") from None
    return parse_rules(data, str(path))
