"""Blocks -> steps: what to run where, as whom, with which answers and which expected output.

The block model is extract's (``docsync.extract``): commands with their host, user and shell,
and the file content that follows ``vi FILE``. Here ``[all servers]`` becomes one step per host,
a ``psql`` session up to ``\\q`` becomes one step, documented prompts become answers, and a
configuration block that no editor command introduces is applied where the chapter last
edited that file (or everywhere, for a file it never named), or, when a command wrote the file,
checked as the content that command produced.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass

from docsync.extract import Block
from docsync.extract.model import Command, Effect, FileWrite, LineRole
from docsync.verify.ruleset import VerifyRules

ALL_HOSTS = "all"
ANY_HOST = "any"


class Kind(enum.Enum):
    RUN = "run"  # a shell command
    PSQL = "psql"  # an interactive psql session, fed its documented lines
    WRITE = "write"  # content typed into an editor
    EXPECT = "expect-file"  # content the chapter says a file now has


@dataclass(frozen=True)
class Step:
    """One thing to do on one host, at one SGML line."""

    kind: Kind
    path: str  # SGML file as extract displays it
    line: int
    host: str
    user: str
    text: str  # the command, or the file for WRITE/EXPECT
    block: int  # index of the block among the document's blocks
    section: str = ""
    lines: tuple[str, ...] = ()  # WRITE/EXPECT content, PSQL input lines
    numbers: tuple[int, ...] = ()  # source line of each of ``lines``
    assign: bool = False  # WRITE: the content shows only the lines to change ("...")
    check: str = ""  # WRITE: command that validates the file afterwards (visudo -c)
    expected: tuple[str, ...] = ()  # documented output, prompts removed
    expected_numbers: tuple[int, ...] = ()  # source line of each expected output line
    answers: tuple[str, ...] = ()  # secret names answering the prompts, in order
    run: str | None = None  # what runs instead of ``text`` (a platform profile's mapping)
    omit: str = ""  # why a platform profile leaves the step out

    @property
    def command(self) -> str:
        """What is run: the profile's mapping, else the documented text."""
        return self.run if self.run is not None else self.text


@dataclass(frozen=True)
class PlanProblem:
    path: str
    line: int
    message: str


def _expand(host: str | None, hosts: Sequence[str]) -> list[str]:
    if host in (None, ALL_HOSTS):
        return list(hosts)
    if host == ANY_HOST:
        return list(hosts[:1])
    return [host]


def _answers(
    rules: VerifyRules, command: str, output: Sequence[str], numbers: Sequence[int] = ()
) -> tuple[list[str], list[tuple[int, str]]]:
    """Documented output -> (secret names answering its prompts, (line, text) without prompts)."""
    answers: list[str] = []
    rest: list[tuple[int, str]] = []
    for i, line in enumerate(output):
        text = line.strip()
        for rule in rules.prompts:
            m = rule.prompt.fullmatch(text)
            if m is None:
                continue
            names = m.groupdict()
            if rule.command is not None:
                cm = rule.command.search(command)
                if cm is None:
                    continue
                names = {**cm.groupdict(), **names}
            answers.append(
                answers[-1]
                if rule.secret == "previous" and answers
                else rule.secret.format(**names)
            )
            break
        else:
            rest.append((numbers[i] if i < len(numbers) else 0, line))
    for rule in rules.answers:
        m = rule.command.search(command)
        if m is not None:
            answers.extend(s.format(**m.groupdict()) for s in rule.secrets)
    while rest and not rest[-1][1].strip():
        rest.pop()
    return answers, rest


class _Planner:
    def __init__(self, rules: VerifyRules, hosts: Sequence[str]) -> None:
        self.rules = rules
        self.hosts = list(hosts)
        self.steps: list[Step] = []
        self.problems: list[PlanProblem] = []
        # file -> ("editor", hosts, check) after `vi FILE`, ("command", [host], "") after echo > FILE
        self.last_writer: dict[str, tuple[str, list[str], str]] = {}
        self.editor_check: dict[int, str] = {}  # editor command line -> validation command

    def hosts_of(self, block: Block, host: str | None, line: int) -> list[str]:
        out = _expand(host, self.hosts)
        for h in out:
            if h not in self.hosts:
                self.problems.append(
                    PlanProblem(
                        block.start.path,
                        line,
                        f"the chapter names host {h!r}, which is not among its hosts",
                    )
                )
        return [h for h in out if h in self.hosts]

    def command(self, block: Block, cmd: Command, session: list[Command]) -> None:
        if cmd.effect in (Effect.SWITCH_USER, Effect.END_SESSION):
            return  # extract already gives every later command its user
        if cmd.effect is Effect.EDIT and cmd.file:
            editor = cmd.text.split()[0]
            check = self.rules.editors.get(editor, "")
            self.editor_check[cmd.line] = check.format(file=cmd.file) if check else ""
            self.last_writer[cmd.file] = (
                "editor",
                self.hosts_of(block, cmd.host, cmd.line),
                self.editor_check[cmd.line],
            )
            return
        if cmd.effect is Effect.PSQL_OPEN:
            session.append(cmd)
            return
        if cmd.shell == "psql":
            if session:
                session.append(cmd)
                if cmd.effect is Effect.PSQL_QUIT:
                    self.psql(block, session)
                    session.clear()
            return
        # Several hosts writing in a row (echo 0, echo 1...): content shown next is the first's.
        if cmd.effect is Effect.WRITE and cmd.file and self.last_writer.get(cmd.file, ("",))[0] != "command":
            self.last_writer[cmd.file] = ("command", _expand(cmd.host, self.hosts)[:1], "")
        answers, expected = _answers(self.rules, cmd.text, cmd.output, _output_lines(block, cmd))
        for host in self.hosts_of(block, cmd.host, cmd.line):
            self.steps.append(
                Step(
                    Kind.RUN,
                    block.start.path,
                    cmd.line,
                    host,
                    cmd.user or "root",
                    cmd.text,
                    block.index,
                    block.section_id,
                    expected=tuple(t for _, t in expected),
                    expected_numbers=tuple(n for n, _ in expected),
                    answers=tuple(answers),
                )
            )

    def psql(self, block: Block, session: list[Command]) -> None:
        opener = session[0]
        lines: list[str] = []
        numbers: list[int] = []
        answers: list[str] = []
        for cmd in session[1:]:
            lines.append(cmd.text)
            numbers.append(cmd.line)
            found, _ = _answers(self.rules, cmd.text, cmd.output)
            for secret in found:
                lines.append(f"\x00{secret}")  # an answer line, filled in at run time
                numbers.append(cmd.line)
            answers.extend(found)
        for host in self.hosts_of(block, opener.host, opener.line):
            self.steps.append(
                Step(
                    Kind.PSQL,
                    block.start.path,
                    opener.line,
                    host,
                    opener.user or "root",
                    opener.text,
                    block.index,
                    block.section_id,
                    lines=tuple(lines),
                    numbers=tuple(numbers),
                    answers=tuple(answers),
                )
            )

    def write(self, block: Block, w: FileWrite) -> None:
        if w.via_editor is not None:
            hosts = self.hosts_of(block, w.host, w.line)
            check = self.editor_check.get(w.via_editor, "")
            user = w.user or "root"
        else:
            writer = self.last_writer.get(w.target)
            if writer is not None and writer[0] == "command":
                for host in writer[1]:
                    self.steps.append(
                        Step(
                            Kind.EXPECT,
                            block.start.path,
                            w.line,
                            host,
                            "root",
                            w.target,
                            block.index,
                            block.section_id,
                            lines=w.lines,
                            numbers=w.numbers,
                        )
                    )
                return
            if w.host is not None:
                hosts = self.hosts_of(block, w.host, w.line)
            elif writer is not None:
                hosts = writer[1]
            else:
                hosts = list(self.hosts)
            check = writer[2] if writer is not None else ""
            user = w.user or ("postgres" if w.target.startswith("~") else "root")
        for host in hosts:
            self.steps.append(
                Step(
                    Kind.WRITE,
                    block.start.path,
                    w.line,
                    host,
                    user,
                    w.target,
                    block.index,
                    block.section_id,
                    lines=w.lines,
                    numbers=w.numbers,
                    assign=w.elided,
                    check=check,
                )
            )

    def block(self, block: Block) -> None:
        session: list[Command] = []
        events: list[tuple[int, int, object]] = [(c.line, 0, c) for c in block.commands]
        events += [(w.line, 1, w) for w in block.writes if not _is_command_write(w, block)]
        for _, _, item in sorted(events, key=lambda e: (e[0], e[1])):
            if isinstance(item, Command):
                self.command(block, item, session)
            else:
                assert isinstance(item, FileWrite)
                self.write(block, item)
        if session:  # a psql session the block leaves open: run what it shows
            self.psql(block, session)


def _output_lines(block: Block, cmd: Command) -> list[int]:
    """Source lines of a command's output lines (blank lines are not part of its output)."""
    end = cmd.line + cmd.lines
    later = [c.line for c in block.commands if c.line >= end]
    stop = min(later) if later else block.end.line + 1
    return [
        ln.number for ln in block.lines if ln.role is LineRole.OUTPUT and end <= ln.number < stop
    ]


def _is_command_write(w: FileWrite, block: Block) -> bool:
    """``echo ... > FILE`` is run as the command it is, not applied as content."""
    return w.via_editor is None and any(
        c.line == w.line and c.effect is Effect.WRITE for c in block.commands
    )


_CD = re.compile(r"^cd(\s|$)")


def is_cd(command: str) -> bool:
    return bool(_CD.match(command.strip()))


def plan(
    blocks: Sequence[Block], hosts: Sequence[str], rules: VerifyRules
) -> tuple[list[Step], list[PlanProblem]]:
    """The steps of a chapter's blocks, in document order, for ``hosts`` (in their order)."""
    planner = _Planner(rules, hosts)
    for block in blocks:
        planner.block(block)
    return planner.steps, planner.problems
