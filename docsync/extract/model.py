"""The values extract passes between its stages: blocks, their lines and commands, artifacts."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from docsync.model import Location
from docsync.segment import Section


class BlockKind(enum.Enum):
    """What a block is; the values are the names ``rules/blocks.toml`` uses."""

    PGPOOL_CONF = "pgpool-conf"
    POSTGRESQL_CONF = "postgresql-conf"
    PG_HBA = "pg-hba"
    POOL_HBA = "pool-hba"
    PCP_CONF = "pcp-conf"
    PGPASS = "pgpass"
    PCPPASS = "pcppass"
    PGPOOL_NODE_ID = "pgpool-node-id"
    FILE_EDIT = "file-edit"
    SHELL = "shell-session"
    SQL = "sql"
    PSQL_TABLE = "psql-table"
    OUTPUT = "command-output"
    UNKNOWN = "unknown"

    @property
    def is_configuration(self) -> bool:
        """True for kinds whose content belongs in a file (these always have a target)."""
        return self in _CONFIGURATION


_CONFIGURATION = frozenset(
    {
        BlockKind.PGPOOL_CONF,
        BlockKind.POSTGRESQL_CONF,
        BlockKind.PG_HBA,
        BlockKind.POOL_HBA,
        BlockKind.PCP_CONF,
        BlockKind.PGPASS,
        BlockKind.PCPPASS,
        BlockKind.PGPOOL_NODE_ID,
        BlockKind.FILE_EDIT,
    }
)


class LineRole(enum.Enum):
    """What one line of a block is."""

    COMMAND = "command"  # starts with a prompt
    CONTINUATION = "continuation"  # continues the previous command (backslash, psql "-#")
    HEREDOC = "heredoc"  # body or terminator of a here-document
    OUTPUT = "output"  # printed by the previous command
    CONTENT = "content"  # file content (after `vi FILE`, or a block without prompts)
    ANNOTATION = "annotation"  # "...", "(add these lines)": about the content, not in it
    BLANK = "blank"


class Effect(enum.Enum):
    """What a command does to the session, as far as extract cares."""

    NONE = "none"
    SWITCH_USER = "switch-user"  # su - postgres
    END_SESSION = "end-session"  # exit
    EDIT = "edit"  # vi FILE
    PSQL_OPEN = "psql-open"  # psql (interactive)
    PSQL_QUIT = "psql-quit"  # \q
    SHOW_FILE = "show-file"  # cat FILE
    WRITE = "write"  # echo ... > FILE


class WriteMode(enum.Enum):
    APPEND = "append"  # content added to the file (editor content, >>)
    REPLACE = "replace"  # the file's whole content (>)
    OBSERVED = "observed"  # the file's content as a command showed it (cat FILE)


@dataclass(frozen=True)
class Line:
    """One line of a block with its role; prompt, host, user and shell for command lines."""

    number: int  # line in the source file
    text: str  # the line as shown (common indentation removed)
    role: LineRole
    prompt: str = ""
    body: str = ""  # text after the prompt (command lines), else the text
    host: str | None = None  # command, continuation and here-document lines: where
    user: str | None = None  # ... and as whom
    shell: str = ""  # ... and in which shell ("sh", "psql")


@dataclass(frozen=True)
class FileWrite:
    """Content the documentation puts into a file, and who puts it there."""

    target: str  # the path as the documentation writes it
    lines: tuple[str, ...]  # content lines, annotations removed
    mode: WriteMode
    line: int  # source line of the first content line (or of the command)
    host: str | None = None
    user: str | None = None
    elided: bool = False  # the documentation shows only part of the file ("...")
    via_editor: int | None = None  # source line of the `vi FILE` that this content is for
    literal: bool = True  # False when the text is unknown (command substitution)
    numbers: tuple[int, ...] = ()  # source line of each content line (empty: all on `line`)

    def line_of(self, i: int) -> int:
        return self.numbers[i] if i < len(self.numbers) else self.line


@dataclass(frozen=True)
class Command:
    """A command line (continuations joined) with where, as whom and what it does."""

    line: int
    text: str  # continuation lines joined; the here-document marker stays
    prompt: str
    host: str | None
    user: str | None
    shell: str = "sh"  # "sh" or "psql"
    effect: Effect = Effect.NONE
    file: str | None = None  # for EDIT, SHOW_FILE, WRITE
    heredoc: tuple[str, ...] = ()  # body lines and terminator
    output: tuple[str, ...] = ()
    psql_opener: str | None = None  # psql lines: the command that opened the session
    psql_user: str | None = None  # ... and who ran it

    @property
    def lines(self) -> int:
        return 1 + self.text.count("\n") + len(self.heredoc)


@dataclass(frozen=True)
class Block:
    """A <programlisting>/<screen>/<synopsis>: text, source span, context, kind and structure."""

    index: int  # position among the document's blocks
    tag: str
    language: str
    text: str  # entities decoded, common indentation removed
    start: Location
    end: Location
    sections: tuple[Section, ...]  # the enclosing sections (the document model's), outermost first
    kind: BlockKind
    target: str | None = None  # the file the content belongs to
    host: str | None = None  # where: the first command's host, or the editor's for content
    user: str | None = None  # as whom: likewise
    config_host: str | None = None  # configuration only for this host (None: every host)
    lines: tuple[Line, ...] = ()
    commands: tuple[Command, ...] = ()
    writes: tuple[FileWrite, ...] = ()
    family: str | None = None
    rule: str = ""  # which classification rule decided the kind (for explanations)

    @property
    def section_id(self) -> str:
        """The innermost enclosing section id ("" when none has one)."""
        for sec in reversed(self.sections):
            if sec.id:
                return sec.id
        return ""

    @property
    def hosts(self) -> tuple[str, ...]:
        """Hosts named by the block's commands, in order of first appearance."""
        seen: dict[str, None] = {}
        for cmd in self.commands:
            if cmd.host:
                seen.setdefault(cmd.host, None)
        return tuple(seen)

    @property
    def content(self) -> tuple[str, ...]:
        """Content lines (no annotations), e.g. the settings of a pgpool.conf block."""
        return tuple(ln.text for ln in self.lines if ln.role is LineRole.CONTENT)

    def provenance(self, line: int | None = None) -> str:
        """``file:line section-id`` for a comment in an artifact."""
        where = f"{self.start.path}:{line if line is not None else self.start.line}"
        return f"{where} {self.section_id}".rstrip()


@dataclass(frozen=True)
class Artifact:
    """One generated file: path relative to the output directory, text, and its sources."""

    path: str
    text: str
    kind: str
    sources: tuple[str, ...] = field(default=())  # "file:line" of every block used
    scenario: str = ""  # the scenario (example chapter) the artifact belongs to
    form: str = ""  # "complete" (a sample with the edits applied) or "settings-only"
    sample: str = ""  # the sample a complete artifact starts from
