"""Secret values never leave docsync: the one redaction layer every output passes through.

What is secret is data, in ``rules/secrets.toml``: parameter names (``*_password``,
``wd_authkey``, ...) and the shapes secrets take in documentation text (``.pgpass`` entries,
``PASSWORD '...'``, ``PGPASSWORD=``, ``pg_md5`` arguments, ...). Stages mask at the source,
where they know a value is secret (a setting's value, a token on a secret line); the CLI then
sends every finding, error line and preview through :func:`mask_text` or
:func:`redact_finding` as a safety net. Everything here works one line at a time, in linear
time, and imports nothing heavy.
"""

from __future__ import annotations

import fnmatch
import functools
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from docsync.paths import RULES_DIR
from docsync.ruledata import Table

if TYPE_CHECKING:
    from docsync.model import Finding

SECRETS_FILE = RULES_DIR / "secrets.toml"
MASK = "***"
SHOWN = "'***'"  # how a masked configuration value is shown (CONVENTIONS.md)

_VALUE_KINDS = ("sql-string", "shell-word", "conf-value", "rest-of-line")
_SHELL_STOP = frozenset(" \t\n|;&<>()`")


@dataclass(frozen=True)
class Shape:
    """One documented secret shape: where it matches and how far its value goes."""

    name: str
    summary: str
    pattern: re.Pattern[str]
    needs: str = ""
    value: str | None = None  # None: the pattern's secret... groups are the secret
    names: bool = False  # the group `name` must be a secret name


@dataclass(frozen=True)
class Command:
    """A command whose positional arguments (and ``secret_options`` values) are secrets."""

    name: str
    options_with_value: frozenset[str]
    secret_options: frozenset[str]


@dataclass(frozen=True)
class Secrets:
    """``rules/secrets.toml``, compiled."""

    patterns: tuple[str, ...]
    not_secret: frozenset[str]
    variables: re.Pattern[str]
    placeholder: re.Pattern[str]
    shapes: tuple[Shape, ...]
    commands: tuple[Command, ...]
    command_start: re.Pattern[str] | None


@functools.cache
def load_secrets() -> Secrets:
    """The rules of ``rules/secrets.toml`` (read once per process)."""
    source = str(SECRETS_FILE)
    with SECRETS_FILE.open("rb") as fh:
        data = tomllib.load(fh)
    top = Table(data, "secrets.toml", source)
    names = Table(top.take("names"), "[names]", source)
    patterns = tuple(names.take("patterns", kind=list))
    not_secret = frozenset(names.take("not_secret", [], kind=list))
    names.done()
    shell = Table(top.take("shell"), "[shell]", source)
    variables = shell.regex("variables")
    shell.done()
    ph = Table(top.take("placeholders"), "[placeholders]", source)
    placeholder = ph.regex("pattern")
    ph.done()
    shapes = []
    for i, raw in enumerate(top.take("shape", [], kind=list)):
        t = Table(raw, f"[[shape]] {i + 1}", source)
        shape = Shape(
            name=t.take("name", kind=str),
            summary=t.take("summary", "", kind=str),
            pattern=t.regex("pattern"),
            needs=t.take("needs", "", kind=str).lower(),
            value=t.take("value", None),
            names=t.take("names", False, kind=bool),
        )
        t.done()
        if shape.value is not None and shape.value not in _VALUE_KINDS:
            raise _bad(source, f"{t.where}.value must be one of {', '.join(_VALUE_KINDS)}")
        if shape.value is None and not any(g.startswith("secret") for g in shape.pattern.groupindex):
            raise _bad(source, f"{t.where}.pattern needs a (?P<secret>...) group or a `value`")
        if shape.names and "name" not in shape.pattern.groupindex:
            raise _bad(source, f"{t.where}.pattern needs a (?P<name>...) group with names = true")
        shapes.append(shape)
    commands = []
    for i, raw in enumerate(top.take("command", [], kind=list)):
        t = Table(raw, f"[[command]] {i + 1}", source)
        commands.append(Command(
            name=t.take("name", kind=str),
            options_with_value=frozenset(t.take("options_with_value", [], kind=list)),
            secret_options=frozenset(t.take("secret_options", [], kind=list)),
        ))
        t.done()
    top.done()
    start = None
    if commands:
        words = "|".join(re.escape(c.name) for c in commands)
        # Preceded by a blank, an operator or the ``/`` of a path (``/usr/bin/pg_md5``).
        start = re.compile(rf"(?<![\w.-])(?P<cmd>{words})(?![\w.-])")
    return Secrets(patterns, not_secret, variables, placeholder, tuple(shapes), tuple(commands), start)


def _bad(source: str, message: str) -> Exception:
    from docsync.errors import UsageError

    return UsageError(f"{source}: {message}")


# -- names ------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def is_secret_name(name: str) -> bool:
    """A parameter whose value is a secret by its name (``*_password``, ``wd_authkey``, ...)."""
    rules = load_secrets()
    base = name.rstrip("0123456789")
    if name in rules.not_secret or base in rules.not_secret:
        return False
    return any(glob_match(base, p) or glob_match(name, p) for p in rules.patterns)


def glob_match(name: str, pattern: str) -> bool:
    """``fnmatch.fnmatchcase`` without compiling a regular expression for ``*``-only patterns
    (all that rules data uses): fnmatch's compile of each pattern cost a single-file run ms."""
    if "?" in pattern or "[" in pattern:
        return fnmatch.fnmatchcase(name, pattern)
    if "*" not in pattern:
        return name == pattern
    first, *middle, last = pattern.split("*")
    if len(name) < len(first) + len(last) or not name.startswith(first) or not name.endswith(last):
        return False
    pos, end = len(first), len(name) - len(last)
    for part in middle:
        found = name.find(part, pos, end)
        if found < 0:
            return False
        pos = found + len(part)
    return True


def is_secret_variable(name: str) -> bool:
    """A shell variable of a documented script whose value is a secret (``PCP_PASS``)."""
    return load_secrets().variables.search(name) is not None


def is_placeholder(value: str) -> bool:
    """A documented value the reader fills in (``<password>``): not a secret."""
    return bool(load_secrets().placeholder.match(value.strip().strip("'\"")))


def hides_secret(value: str) -> bool:
    """Whether a secret parameter's value has something to hide: not empty, not a
    placeholder, not already masked."""
    bare = value.strip().strip("'\"")
    return not (not bare or is_placeholder(bare) or bare == MASK)


def shown_secret(value: str) -> str:
    """How a secret configuration value is shown: ``'***'``, or as written when it is empty
    or a placeholder (nothing to hide)."""
    return SHOWN if hides_secret(value) else value


# -- value scanners: where a value that starts at ``pos`` ends ---------------------------------


def _sql_string(line: str, pos: int) -> tuple[int, int, str]:
    """A SQL literal: the span inside its quotes (unterminated: to the end of the line)."""
    escapes = line[pos] in "Ee"
    i = pos + (2 if escapes else 1)
    start = i
    n = len(line)
    while i < n:
        c = line[i]
        if escapes and c == "\\":
            i += 2
            continue
        if c == "'":
            if i + 1 < n and line[i + 1] == "'":
                i += 2
                continue
            return start, i, MASK
        i += 1
    return start, n, MASK


def _shell_word(line: str, pos: int) -> tuple[int, int, str]:
    """One shell word: quotes and backslashes included; ends at a blank or an operator."""
    i, n = pos, len(line)
    while i < n:
        c = line[i]
        if c in _SHELL_STOP:
            break
        if c == "\\":
            i += 2
        elif c in "'\"":
            close = line.find(c, i + 1)
            i = n if close < 0 else close + 1
        else:
            i += 1
    return pos, min(i, n), MASK


def _conf_value(line: str, pos: int) -> tuple[int, int, str]:
    """A quoted string (its inside, quotes kept) or a word up to a blank, quote, backtick or ;."""
    n = len(line)
    if pos < n and line[pos] in "'\"":
        quote = line[pos]
        i = pos + 1
        while i < n:
            c = line[i]
            if c == "\\":
                i += 2
                continue
            if c == quote:
                if i + 1 < n and line[i + 1] == quote:
                    i += 2
                    continue
                return pos + 1, i, MASK
            i += 1
        return pos + 1, n, MASK
    i = pos
    while i < n and line[i] not in " \t'\"`;":
        i += 1
    return pos, i, MASK


def _rest_of_line(line: str, pos: int) -> tuple[int, int, str]:
    """A configuration value and everything after it on the line, comments included (a
    ``#`` may belong to the secret: ``abc #def``); nothing when the value is empty, a
    placeholder or already masked and only a comment follows it."""
    end = len(line.rstrip())
    i = pos
    if i < end and line[i] == "'":
        i += 1
        while i < end and line[i] != "'":
            i += 2 if line[i] == "\\" else 1
        i = min(i + 1, end)
    else:
        while i < end and line[i] not in " \t#":
            i += 1
    after = line[i:end]
    if _worth_masking(line[pos:i]) or (after and not (after[0] in " \t" and after.lstrip().startswith("#"))):
        return pos, end, SHOWN
    return pos, pos, SHOWN


_SCANNERS = {
    "sql-string": _sql_string,
    "shell-word": _shell_word,
    "conf-value": _conf_value,
    "rest-of-line": _rest_of_line,
}


def _command_spans(line: str, rules: Secrets) -> Iterable[tuple[int, int, str]]:
    """Positional arguments and secret option values of ``pg_md5``/``pg_enc`` commands."""
    by_name = {c.name: c for c in rules.commands}
    assert rules.command_start is not None
    scanned = 0
    for m in rules.command_start.finditer(line):
        if m.start() < scanned:
            continue  # an argument of the command before (each character is scanned once)
        cmd = by_name[m.group("cmd")]
        i, n = m.end(), len(line)
        takes_value: str | None = None
        while i < n:
            while i < n and line[i] in " \t":
                i += 1
            if i >= n or line[i] in _SHELL_STOP or line[i] == "#":
                break  # an operator or a comment ends the command
            start, end, _ = _shell_word(line, i)
            word = line[start:end]
            i = max(end, i + 1)
            if takes_value is not None:
                if takes_value in cmd.secret_options:
                    yield start, end, MASK
                takes_value = None
            elif word.startswith("-") and word != "-":
                opt, eq, _ = word.partition("=")
                if opt in cmd.secret_options and eq:
                    yield start + len(opt) + 1, end, MASK
                elif (opt in cmd.options_with_value or opt in cmd.secret_options) and not eq:
                    takes_value = opt
            else:
                yield start, end, MASK
        scanned = i


# -- masking ----------------------------------------------------------------------------------


def secret_spans(line: str) -> tuple[tuple[int, int, str], ...]:
    """Where the secrets of one line are: ``(start, end, replacement)``, sorted, disjoint."""
    rules = load_secrets()
    low = line.lower()
    found: list[tuple[int, int, str]] = []
    for shape in rules.shapes:
        if shape.needs and shape.needs not in low:
            continue
        scanned = 0
        for m in shape.pattern.finditer(line):
            if m.start() < scanned:
                continue  # inside the value found before (each character is scanned once)
            if shape.names and not is_secret_name(m.group("name")):
                continue
            if shape.value is not None:
                span = _SCANNERS[shape.value](line, m.end())
                scanned = span[1]
                found.append(span)
            else:
                found.extend(
                    (m.start(g), m.end(g), MASK)
                    for g in shape.pattern.groupindex
                    if g.startswith("secret") and m.group(g) is not None
                )
    if rules.command_start is not None and any(c.name in line for c in rules.commands):
        found.extend(_command_spans(line, rules))
    spans = [s for s in found if s[1] > s[0] and _worth_masking(line[s[0] : s[1]])]
    return _merge(spans)


def _worth_masking(text: str) -> bool:
    bare = text.strip().strip("'\"")
    return bool(bare) and bare != MASK and not is_placeholder(bare)


def _merge(spans: list[tuple[int, int, str]]) -> tuple[tuple[int, int, str], ...]:
    out: list[tuple[int, int, str]] = []
    for start, end, repl in sorted(spans):
        if out and start <= out[-1][1]:
            prev = out[-1]
            out[-1] = (prev[0], max(prev[1], end), SHOWN if SHOWN in (prev[2], repl) else MASK)
        else:
            out.append((start, end, repl))
    return tuple(out)


def mask_line(line: str) -> str:
    """One line with every secret it holds replaced by ``***`` (a whole value by ``'***'``)."""
    spans = secret_spans(line)
    if not spans:
        return line
    out, pos = [], 0
    for start, end, repl in spans:
        out.append(line[pos:start])
        out.append(repl)
        pos = end
    out.append(line[pos:])
    return "".join(out)


def mask_text(text: str) -> str:
    """Text of any length, masked line by line."""
    if not text:
        return text
    return "\n".join(mask_line(line) for line in text.split("\n"))


def mask_diff_line(line: str) -> str:
    """A unified-diff line masked as its content (after the ``+``/``-``/`` `` marker) would be."""
    if line[:1] in "+- " and not line.startswith(("+++ ", "--- ")):
        return line[:1] + mask_text(line[1:])
    return mask_text(line)


def has_secret(text: str) -> bool:
    """Does the text hold a secret (so that a script must not run it as written)?"""
    return any(secret_spans(line) for line in text.split("\n"))


def scrub_words(text: str, words: Iterable[str]) -> str:
    """``text`` with each quoted occurrence of a known secret word shown as ``'***'``.

    Messages quote values (``'x'``, ``"x"``, ```x```, or Python's repr); only those quoted
    forms are replaced, so that a weak secret such as ``pgpool`` does not mask the same word
    where it means something else (``pgpool.conf``)."""
    for word in sorted({w for w in words if w}, key=len, reverse=True):
        if word not in text and repr(word)[1:-1] not in text:
            continue
        for form in (repr(word), f"'{word}'", f'"{word}"', f"`{word}`"):
            text = text.replace(form, SHOWN)
    return text


def redact_finding(finding: Finding) -> Finding:
    """A finding whose message, related messages and fix preview show no secret."""
    message = mask_text(finding.message)
    related = tuple(
        replace(r, message=mask_text(r.message)) if r.message else r for r in finding.related
    )
    fix = finding.fix
    if fix is not None and has_secret(fix.text):
        fix = None  # a masked edit would corrupt the file it is applied to: offer none
    if message == finding.message and related == finding.related and fix is finding.fix:
        return finding
    return replace(finding, message=message, related=related, fix=fix)
