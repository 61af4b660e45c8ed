"""Blocks -> per-host shell steps: commands only, run as the documented user, edits made safe.

A step is what one host runs for one block as one user. Commands keep the documentation's
text (continuation lines joined); output lines are dropped; the commands a ``su - USER`` /
``exit`` pair encloses are given to ``su - USER -c``; psql sessions become a here-document
fed to the command that opened them; ``vi FILE`` plus content becomes an append
here-document, or ``sed -i`` for the ``NAME=value`` lines of a partly shown script, or a
comment when neither is safe.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from docsync.extract.model import Block, Command, Effect, FileWrite
from docsync.extract.ruleset import BlockRules, mask_line
from docsync.redact import has_secret, mask_text

_SAFE_PATH = re.compile(r"^[\w./~${}@+-]+$")


@dataclass(frozen=True)
class Step:
    """Lines one host runs as one user for one block, and where they came from."""

    host: str
    user: str
    lines: tuple[str, ...]
    provenance: str


@dataclass(frozen=True)
class Script:
    """The steps of one host, in document order."""

    host: str
    name: str
    steps: tuple[Step, ...]
    sources: tuple[str, ...]


def _delimiter(lines: Sequence[str], base: str) -> str:
    """A here-document terminator that no content line equals."""
    taken = {ln.strip() for ln in lines}
    word, n = base, 1
    while word in taken:
        n += 1
        word = f"{base}{n}"
    return word


def _path(target: str) -> str:
    """A path for the shell: as written when it only expands ~ and $VARS, else quoted."""
    return target if _SAFE_PATH.match(target) else shlex.quote(target)


def _sed_value(value: str) -> str:
    return value.replace("\\", "\\\\").replace("|", "\\|").replace("&", "\\&")


def edit_lines(write: FileWrite, rules: BlockRules) -> list[str]:
    """Shell lines that apply documented file content safely."""
    target = _path(write.target)
    meaningful = [ln for ln in write.lines if ln.strip()]
    known = rules.file_for(write.target)
    # Settings and entry files take an append even when the docs elide the rest of the file:
    # a later setting wins, and entries are added. A partly shown script does not.
    if not write.elided or (known is not None and known.format in ("settings", "lines")):
        lines = [mask_line(known, rules, ln) for ln in write.lines] if known else list(write.lines)
        word = _delimiter(lines, "EOF")
        return [f"cat >> {target} <<'{word}'", *lines, word]
    matches = [rules.assignment.match(ln) for ln in meaningful]
    names = [m.group("name") for m in matches if m]
    if meaningful and all(matches) and len(set(names)) == len(names):
        out = []
        for m in matches:
            assert m is not None
            name, value = m.group("name"), m.group("value")
            expr = f"s|^{name}=.*|{name}={_sed_value(value)}|"
            out.append(f"sed -i {shlex.quote(expr)} {target}")
        return out
    return [
        f"# Edit {write.target} by hand; the documentation shows only part of it:",
        *(f"#   {ln}" if ln else "#" for ln in write.lines),
    ]


@dataclass
class _Run:
    host: str
    user: str
    lines: list[str]


class _Builder:
    def __init__(self, blocks: Sequence[Block], rules: BlockRules) -> None:
        self.blocks = blocks
        self.rules = rules
        # Editor commands whose content some block supplies (same block or the next one).
        self.edited = {
            (b.start.path, w.via_editor)
            for b in blocks
            for w in b.writes
            if w.via_editor is not None
        }
        # Files opened in an editor so far -> (host, user): later content for the same file
        # without an editor command of its own ("All settings in this section go into
        # pgpool.conf") is applied there too.
        self.opened: dict[str, tuple[str | None, str | None]] = {}

    def file_key(self, path: str) -> str:
        f = self.rules.file_for(path)
        return f.name if f is not None else path

    def command_lines(self, cmd: Command) -> list[str]:
        """A command as the script runs it; one that cannot run as documented stays a comment."""
        if (p := self.rules.commands.placeholder.search(cmd.text)) is not None:
            return [f"# Not run: fill in {p.group()} first: {line}" for line in cmd.text.splitlines()]
        if has_secret(cmd.text):  # masked, it would run with '***' as the password
            return [f"# Not run: it holds a secret (masked): {line}" for line in mask_text(cmd.text).splitlines()]
        m = self.rules.commands.heredoc.search(cmd.text)
        if m is not None:
            last = cmd.heredoc[-1] if cmd.heredoc else ""
            if (last.lstrip("\t") if m.group("dash") else last).rstrip() != m.group("word"):
                return [
                    f"# Not run: its here-document is not closed in the documentation: {cmd.text}"
                ]
        return [cmd.text, *cmd.heredoc]

    def host(self, host: str | None) -> str:
        return host or self.rules.unknown_host

    def user(self, user: str | None) -> str:
        return user or self.rules.root_user

    def applied(self, block: Block, write: FileWrite) -> bool:
        """Does the script apply this content (an editor opened its file)?"""
        return write.via_editor is not None or (
            not block.commands and self.file_key(write.target) in self.opened
        )

    def events(self, block: Block) -> Iterator[tuple[int, Command | FileWrite]]:
        """Commands and applied file content of a block, in line order."""
        items: list[tuple[int, int, Command | FileWrite]] = [(c.line, 0, c) for c in block.commands]
        items += [(w.line, 1, w) for w in block.writes if self.applied(block, w)]
        for line, _, item in sorted(items, key=lambda t: (t[0], t[1])):
            yield line, item

    def runs(self, block: Block, next_block: Block | None) -> list[_Run]:
        runs: list[_Run] = []

        def add(host: str | None, user: str | None, lines: list[str]) -> None:
            h, u = self.host(host), self.user(user)
            if runs and runs[-1].host == h and runs[-1].user == u:
                runs[-1].lines.extend(lines)
            else:
                runs.append(_Run(h, u, list(lines)))

        psql: list[Command] = []

        def flush_psql() -> None:
            if not psql:
                return
            first = psql[0]
            opener = first.psql_opener or "psql"
            sql = [
                f"-- Not run: it holds a secret (masked): {mask_text(c.text)}" if has_secret(c.text) else c.text
                for c in psql
            ]
            word = _delimiter(sql, "EOSQL")
            add(first.host, first.psql_user or first.user, [f"{opener} <<'{word}'", *sql, word])
            psql.clear()

        commands = block.commands
        for _, item in self.events(block):
            if isinstance(item, FileWrite):
                flush_psql()
                host, user = item.host, item.user
                if item.via_editor is None:
                    host, user = self.opened[self.file_key(item.target)]
                    host = block.config_host or host
                if item.lines:
                    add(host, user, edit_lines(item, self.rules))
                continue
            cmd = item
            if cmd.shell == "psql":
                if cmd.effect is not Effect.PSQL_QUIT:
                    psql.append(cmd)
                continue
            flush_psql()
            if cmd.effect in (Effect.SWITCH_USER, Effect.END_SESSION):
                continue  # the user of the commands around it says it all
            if cmd.effect is Effect.EDIT:
                self.opened[self.file_key(cmd.file or "")] = (cmd.host, cmd.user)
                if (block.start.path, cmd.line) not in self.edited:
                    add(
                        cmd.host,
                        cmd.user,
                        [
                            f"# Edit {cmd.file} as the documentation describes "
                            f"(it gives no content to apply): {cmd.text}"
                        ],
                    )
                continue
            if cmd.effect is Effect.PSQL_OPEN and self._opens_session(cmd, commands, next_block):
                continue
            add(cmd.host, cmd.user, self.command_lines(cmd))
        flush_psql()
        return runs

    @staticmethod
    def _opens_session(cmd: Command, commands: Sequence[Command], next_block: Block | None) -> bool:
        """True when psql lines follow the command (they are fed to it as a here-document)."""
        i = commands.index(cmd)
        following = commands[i + 1 :] or (next_block.commands if next_block else ())
        return bool(following) and following[0].shell == "psql"

    def steps(self) -> list[Step]:
        steps: list[Step] = []
        for i, block in enumerate(self.blocks):
            if not block.commands and not any(self.applied(block, w) for w in block.writes):
                continue
            nxt = self.blocks[i + 1] if i + 1 < len(self.blocks) else None
            for run in self.runs(block, nxt):
                steps.append(Step(run.host, run.user, tuple(self.wrap(run)), block.provenance()))
        return steps

    def wrap(self, run: _Run) -> list[str]:
        """Commands as ``run.user``: as they are for root, else given to ``su - USER -c``."""
        if run.user == self.rules.root_user:
            return run.lines
        # The commands go verbatim into a quoted here-document, read into -c: nothing expands
        # early, and su's stdin stays the terminal for commands that prompt.
        body = ["set -e", *run.lines]
        word = _delimiter(body, "AS_" + re.sub(r"\W", "_", run.user).upper())
        return [f"su - {run.user} -c \"$(cat <<'{word}'", *body, word, ')"']


def build_scripts(blocks: Sequence[Block], rules: BlockRules) -> list[Script]:
    """One script per host that the documentation gives commands for, sorted by file name."""
    by_host: dict[str, list[Step]] = {}
    for step in _Builder(blocks, rules).steps():
        by_host.setdefault(step.host, []).append(step)
    scripts = []
    for host, steps in by_host.items():
        sources = tuple(dict.fromkeys(s.provenance.split(" ")[0] for s in steps))
        scripts.append(Script(host, rules.script_name(host), tuple(steps), sources))
    return sorted(scripts, key=lambda s: s.name)
