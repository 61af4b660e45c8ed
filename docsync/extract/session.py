"""A block's lines -> roles, commands and file writes, following the shell session across blocks.

Documentation shows terminal sessions: prompts say where and as whom a command runs
(``[server1]#``, ``[postgres@server1 ~]$``), ``su - postgres`` changes the user until ``exit``,
``psql`` opens a session whose ``postgres=#`` lines are SQL, ``vi FILE`` is followed by the
content to put there (in the same block or in the next one). ``SessionState`` carries all of
that from one block to the next (what a write puts into a file is ``writes.py``'s); every
pattern comes from ``rules/blocks.toml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from docsync.extract.model import Command, Effect, FileWrite, Line, LineRole, WriteMode
from docsync.extract.ruleset import BlockRules, PromptRule
from docsync.extract.writes import content_write, echo_text


@dataclass(frozen=True)
class PendingEdit:
    """``vi FILE`` ending a block with no content: the next block may hold the content."""

    file: str
    host: str | None
    user: str | None
    line: int


@dataclass
class SessionState:
    """What carries over from one block to the next in a document."""

    host: str | None = None
    users: dict[str, str] = field(default_factory=dict)  # host -> user after `su - USER`
    psql: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # host -> (opener, user)
    pending: PendingEdit | None = None
    known_hosts: dict[str, None] = field(default_factory=dict)  # concrete hosts, first seen first


@dataclass(frozen=True)
class Problem:
    """Something a finding should report: a source line, a rule code and a message."""

    line: int
    code: str
    message: str


@dataclass(frozen=True)
class ParsedSession:
    lines: tuple[Line, ...]
    commands: tuple[Command, ...]
    writes: tuple[FileWrite, ...]
    problems: tuple[Problem, ...]
    consumed: PendingEdit | None  # the previous block's editor command this block completed
    loose: tuple[tuple[int, str, bool], ...]  # content before any command: (line, text, annotation)


@dataclass
class _Cmd:
    """A command being read (mutable until its block moves on)."""

    line: int
    text: str
    prompt: str
    host: str | None
    user: str | None
    shell: str
    effect: Effect = Effect.NONE
    file: str | None = None
    heredoc: list[str] = field(default_factory=list)
    output: list[str] = field(default_factory=list)
    content: list[tuple[int, str, bool]] = field(default_factory=list)  # (line, text, annotation)
    write_text: str | None = None
    write_op: str = ""
    psql_opener: str | None = None
    psql_user: str | None = None

    def freeze(self) -> Command:
        return Command(
            line=self.line,
            text=self.text,
            prompt=self.prompt,
            host=self.host,
            user=self.user,
            shell=self.shell,
            effect=self.effect,
            file=self.file,
            heredoc=tuple(self.heredoc),
            output=tuple(self.output),
            psql_opener=self.psql_opener,
            psql_user=self.psql_user,
        )


class _Reader:
    def __init__(self, rules: BlockRules, state: SessionState) -> None:
        self.rules = rules
        self.state = state
        self.lines: list[Line] = []
        self.commands: list[_Cmd] = []
        self.writes: list[FileWrite] = []
        self.problems: list[Problem] = []
        self.cur: _Cmd | None = None
        self.continues = False  # the current command's last line ended with a backslash
        self.heredoc: tuple[str, bool] | None = None  # (terminator, strip tabs) while in a body
        self.loose: list[tuple[int, str, bool]] = []  # content before any command

    # -- prompts ---------------------------------------------------------------------------
    def match_prompt(
        self, text: str, paragraph_start: bool
    ) -> tuple[PromptRule, re.Match[str]] | None:
        for rule in self.rules.prompts:
            if rule.paragraph_start and not paragraph_start:
                continue
            m = rule.pattern.match(text)
            if m:
                return rule, m
        return None

    def who(self, rule: PromptRule, m: re.Match[str]) -> tuple[str | None, str | None]:
        """Host and user of a prompt, updating the session."""
        state, rules = self.state, self.rules
        groups = m.groupdict()
        if rule.shell == "psql":
            host = state.host
            session = state.psql.get(host or "")
            return host, session[1] if session else None
        host = rule.host or groups.get("host") or state.host or rules.unknown_host
        state.host = host
        if host not in (rules.all_hosts, rules.any_host):
            state.known_hosts.setdefault(host, None)
        if groups.get("user"):
            return host, groups["user"]
        if m.group("sigil") in rules.root_sigils:
            state.users.pop(host, None)  # a root prompt again: any `su` has ended
            return host, rules.root_user
        return host, state.users.get(host, rules.unprivileged_user)

    # -- commands --------------------------------------------------------------------------
    def start_command(self, num: int, text: str, rule: PromptRule, m: re.Match[str]) -> None:
        self.finish_command()
        body = text[m.end() :]
        host, user = self.who(rule, m)
        cmd = _Cmd(
            line=num, text=body, prompt=text[: m.end()], host=host, user=user, shell=rule.shell
        )
        if rule.shell == "psql":
            session = self.state.psql.get(host or "")
            cmd.psql_opener, cmd.psql_user = session if session else (None, None)
        self.cur = cmd
        self.commands.append(cmd)
        self.lines.append(
            Line(
                num,
                text,
                LineRole.COMMAND,
                prompt=cmd.prompt,
                body=body,
                host=host,
                user=user,
                shell=cmd.shell,
            )
        )
        self.after_line(body)

    def continue_command(self, num: int, text: str, prompted: bool = False, prompt: str = "") -> None:
        cmd = self.cur
        assert cmd is not None
        body = text[len(prompt) :]
        if prompted:
            # After a continuation prompt (psql's "-#", the shell's "> ") the line break stays.
            cmd.text += "\n" + body
        else:
            # Backslash-newline disappears in the shell: join with one space.
            cmd.text = cmd.text[:-1].rstrip() + " " + body.strip()
        self.lines.append(
            Line(
                num,
                text,
                LineRole.CONTINUATION,
                prompt=prompt,
                body=body,
                host=cmd.host,
                user=cmd.user,
                shell=cmd.shell,
            )
        )
        self.after_line(body)

    def after_line(self, body: str) -> None:
        """A command line was read: does the command go on, or is it complete?"""
        cmd = self.cur
        assert cmd is not None
        if cmd.shell == "sh" and self.rules.commands.continuation.search(body):
            self.continues = True
            return
        self.continues = False
        self.complete(cmd)

    def complete(self, cmd: _Cmd) -> None:
        """The command text is whole: find its effect and update the session."""
        c, state = self.rules.commands, self.state
        text = cmd.text.strip()
        host = cmd.host or ""
        if cmd.shell == "psql":
            if c.psql_quit.match(text):
                cmd.effect = Effect.PSQL_QUIT
                state.psql.pop(host, None)
            return
        if (m := c.heredoc.search(text)) is not None:
            self.heredoc = (m.group("word"), bool(m.group("dash")))
        if (m := c.switch_user.match(text)) is not None:
            cmd.effect = Effect.SWITCH_USER
            state.users[host] = m.group("user") or m.groupdict().get("user2") or ""
        elif c.end_session.match(text):
            cmd.effect = Effect.END_SESSION
            state.users.pop(host, None)
        elif (m := c.editor.match(text)) is not None:
            cmd.effect, cmd.file = Effect.EDIT, m.group("file")
        elif c.psql_open.match(text) and not c.psql_batch.search(text):
            cmd.effect = Effect.PSQL_OPEN
            state.psql[host] = (text, cmd.user)
        elif (m := c.show_file.match(text)) is not None:
            cmd.effect, cmd.file = Effect.SHOW_FILE, m.group("file")
        else:
            for pattern in c.write:
                if (m := pattern.match(text)) is not None:
                    cmd.effect, cmd.file = Effect.WRITE, m.group("file")
                    cmd.write_text, cmd.write_op = m.group("text"), m.group("op") or ""
                    break

    def finish_command(self) -> None:
        """Record the file writes of the command that just ended."""
        cmd = self.cur
        if cmd is None:
            return
        self.cur = None
        if cmd.effect is Effect.EDIT and cmd.file:
            write = content_write(self.rules, cmd.file, cmd.content, cmd.host, cmd.user, cmd.line)
            if write is not None:
                self.writes.append(write)
        elif cmd.effect is Effect.SHOW_FILE and cmd.file and cmd.output:
            if self.rules.file_for(cmd.file) is not None:
                self.writes.append(
                    FileWrite(
                        cmd.file,
                        tuple(_trim(cmd.output)),
                        WriteMode.OBSERVED,
                        cmd.line,
                        cmd.host,
                        cmd.user,
                    )
                )
        elif cmd.effect is Effect.WRITE and cmd.file:
            text = echo_text(cmd.write_text or "")
            mode = (
                WriteMode.APPEND
                if ">>" in cmd.write_op or "-a" in cmd.write_op
                else WriteMode.REPLACE
            )
            self.writes.append(
                FileWrite(
                    cmd.file,
                    (text,) if text is not None else (),
                    mode,
                    cmd.line,
                    cmd.host,
                    cmd.user,
                    literal=text is not None,
                )
            )

    # -- non-command lines -----------------------------------------------------------------
    def other_line(self, num: int, text: str) -> None:
        cmd = self.cur
        if cmd is not None and cmd.effect is Effect.EDIT:
            self.content_line(num, text, cmd.content)
        elif cmd is not None:
            cmd.output.append(text)
            self.lines.append(Line(num, text, LineRole.OUTPUT, body=text))
        else:
            self.content_line(num, text, self.loose)

    def content_line(self, num: int, text: str, into: list[tuple[int, str, bool]]) -> None:
        annotation = bool(text.strip()) and any(
            p.match(text.strip()) for p in self.rules.annotation
        )
        role = (
            LineRole.ANNOTATION
            if annotation
            else (LineRole.CONTENT if text.strip() else LineRole.BLANK)
        )
        into.append((num, text, annotation))
        self.lines.append(Line(num, text, role, body=text))

    # -- the block -------------------------------------------------------------------------
    def read(self, numbered: list[tuple[int, str]]) -> None:
        # "at = paragraph-start" prompts count on the first line, after a blank line and right
        # after another command; never after output or content lines.
        paragraph_start = True
        for num, text in numbered:
            if self.heredoc is not None:
                self.heredoc_line(num, text)
                continue
            if self.continues:
                self.continue_command(num, text)
                continue
            if not text.strip():
                self.blank(num, text)
                paragraph_start = True
                continue
            found = self.match_prompt(text, paragraph_start)
            # A note such as "(run this on each server)" heads the commands below it.
            paragraph_start = found is not None or (
                not self.commands and any(p.match(text.strip()) for p in self.rules.annotation)
            )
            if found is None:
                self.other_line(num, text)
            elif found[0].continuation:
                if self.continues_with(found[0]):
                    self.continue_command(num, text, prompted=True, prompt=found[1].group(0))
                else:
                    self.other_line(num, text)  # "> ..." after output is output, not a prompt
            else:
                self.start_command(num, text, *found)
        if self.heredoc is not None and self.cur is not None:
            self.problems.append(
                Problem(
                    self.cur.line, "EXT002", f"here-document is not closed with {self.heredoc[0]!r}"
                )
            )
            self.heredoc = None
        self.finish_command()

    def continues_with(self, rule: PromptRule) -> bool:
        """May a continuation prompt of ``rule``'s shell go on the current command here?

        psql's own prompt says so; the shell's "> " (PS2) only right after a command line,
        since a command's output may begin with ">".
        """
        cmd = self.cur
        if cmd is None or cmd.shell != rule.shell:
            return False
        if rule.shell == "psql":
            return True
        return bool(self.lines) and self.lines[-1].role in (LineRole.COMMAND, LineRole.CONTINUATION)

    def heredoc_line(self, num: int, text: str) -> None:
        assert self.cur is not None and self.heredoc is not None
        word, strip_tabs = self.heredoc
        self.cur.heredoc.append(text)
        cmd = self.cur
        self.lines.append(
            Line(
                num,
                text,
                LineRole.HEREDOC,
                body=text,
                host=cmd.host,
                user=cmd.user,
                shell=cmd.shell,
            )
        )
        if (text.lstrip("\t") if strip_tabs else text).rstrip() == word:
            self.heredoc = None

    def blank(self, num: int, text: str) -> None:
        cmd = self.cur
        if cmd is not None and cmd.effect is Effect.EDIT:
            cmd.content.append((num, "", False))
        elif cmd is None:
            self.loose.append((num, "", False))
        self.lines.append(Line(num, text, LineRole.BLANK))


def _trim(lines: list[str]) -> list[str]:
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    return lines


def read_session(
    numbered: list[tuple[int, str]], state: SessionState, rules: BlockRules
) -> ParsedSession:
    """Read one block's numbered lines, continuing ``state`` (which is updated)."""
    pending, state.pending = state.pending, None
    reader = _Reader(rules, state)
    reader.read(numbered)
    consumed = None
    if not reader.commands and pending is not None:
        write = content_write(
            rules, pending.file, reader.loose, pending.host, pending.user, pending.line
        )
        if write is not None:
            reader.writes.append(write)
            consumed = pending
    if pending is not None and consumed is None:
        reader.problems.append(
            Problem(
                pending.line,
                "EXT001",
                f"`{pending.file}` is opened in an editor but no content for it follows",
            )
        )
    commands = reader.commands
    if commands and commands[-1].effect is Effect.EDIT and commands[-1].file:
        last = commands[-1]
        if not any(w.via_editor == last.line for w in reader.writes):
            state.pending = PendingEdit(last.file or "", last.host, last.user, last.line)
    return ParsedSession(
        lines=tuple(reader.lines),
        commands=tuple(c.freeze() for c in commands),
        writes=tuple(reader.writes),
        problems=tuple(reader.problems),
        consumed=consumed,
        loose=tuple(reader.loose),
    )
