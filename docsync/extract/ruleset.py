"""``rules/blocks.toml`` -> typed, validated rules for reading blocks (the TOML boundary).

Dicts stop here: every table becomes an immutable NamedTuple with compiled patterns, and
unknown keys, unknown kinds or dangling file names are rejected when the file is loaded.
(NamedTuple rather than frozen dataclasses: same typing and immutability, but defining them
is several times cheaper, and every docsync run imports this module.)
"""

from __future__ import annotations

import functools
import re
import tomllib
from pathlib import Path
from typing import Any, NamedTuple

from docsync.errors import UsageError
from docsync.extract.model import BlockKind
from docsync.paths import RULES_DIR
from docsync.redact import is_secret_name, shown_secret
from docsync.ruledata import Table
from docsync.segment import load_vocabulary

RULES_FILE = RULES_DIR / "blocks.toml"


class PromptRule(NamedTuple):
    name: str
    pattern: re.Pattern[str]
    host: str | None = None  # fixed host key
    shell: str = "sh"
    continuation: bool = False
    paragraph_start: bool = False


class FileRule(NamedTuple):
    name: str
    kind: BlockKind
    match: re.Pattern[str]
    artifact: str | None = None
    format: str | None = None  # settings, lines, value
    separator: str = ":"
    secret_field: int | None = None
    per_host: bool = False
    default_path: str | None = None


def mask_value(f: FileRule, rules: BlockRules, key: str, value: str) -> str:
    """A setting's value, or '***' when the key is secret and the value is not a placeholder."""
    return shown_secret(value) if is_secret_name(key) else value


def mask_line(f: FileRule, rules: BlockRules, line: str) -> str:
    """A line of file content with its secret value (a settings value or a field) masked.

    Every artifact and every script goes through this, so a documented secret never
    reaches generated/ however the content is written out.
    """
    if f.format == "settings":
        m = rules.setting.match(line)
        if m is not None:
            masked = mask_value(f, rules, m.group("key"), m.group("value"))
            if masked != m.group("value"):
                return line[: m.start("value")] + masked + line[m.end("value") :]
        return line
    if f.secret_field is None:
        return line
    fields = line.split(f.separator)
    i = f.secret_field - 1
    if len(fields) > i and fields[i] and not rules.placeholder.match(fields[i]):
        fields[i] = "***"
    return f.separator.join(fields)


class FamilyRule(NamedTuple):
    name: str
    line: re.Pattern[str]
    ignore: tuple[re.Pattern[str], ...] = ()
    any: bool = False
    max_lines: int | None = None
    files: tuple[str, ...] = ()
    kind: BlockKind | None = None


class SectionHint(NamedTuple):
    match: re.Pattern[str]
    prefer: tuple[str, ...]


class KindRule(NamedTuple):
    position: int
    kind: str  # a BlockKind value or "@target"
    target: bool | None = None
    family: str | None = None
    prompted: bool | None = None
    shell: str | None = None
    commands: re.Pattern[str] | None = None
    output: re.Pattern[str] | None = None

    @property
    def label(self) -> str:
        conds = [
            f"{k}={v.pattern if isinstance(v, re.Pattern) else v}"
            for k, v in (
                ("target", self.target),
                ("family", self.family),
                ("prompted", self.prompted),
                ("shell", self.shell),
                ("commands", self.commands),
                ("output", self.output),
            )
            if v is not None
        ]
        return f"kind[{self.position}] " + ", ".join(conds)


class Commands(NamedTuple):
    continuation: re.Pattern[str]
    heredoc: re.Pattern[str]
    switch_user: re.Pattern[str]
    end_session: re.Pattern[str]
    editor: re.Pattern[str]
    psql_open: re.Pattern[str]
    psql_batch: re.Pattern[str]
    psql_quit: re.Pattern[str]
    show_file: re.Pattern[str]
    write: tuple[re.Pattern[str], ...]
    placeholder: re.Pattern[str]  # a value the reader must fill in: the command cannot run as shown


class BlockRules(NamedTuple):
    """Everything ``rules/blocks.toml`` says, ready to evaluate."""

    file_hint_elements: frozenset[str]
    host_label_elements: frozenset[str]
    host_label: re.Pattern[str]
    prompts: tuple[PromptRule, ...]
    root_sigils: frozenset[str]
    root_user: str
    unprivileged_user: str
    unknown_host: str
    all_hosts: str
    any_host: str
    commands: Commands
    annotation: tuple[re.Pattern[str], ...]
    elision: tuple[re.Pattern[str], ...]
    assignment: re.Pattern[str]
    placeholder: re.Pattern[str]
    setting: re.Pattern[str]
    setting_comment: re.Pattern[str]
    files: tuple[FileRule, ...]
    families: tuple[FamilyRule, ...]
    sections: tuple[SectionHint, ...]
    kinds: tuple[KindRule, ...]
    script_names: dict[str, str]

    def file_for(self, path: str) -> FileRule | None:
        """The file rule whose pattern matches a path as the documentation writes it."""
        return next((f for f in self.files if f.match.search(path)), None)

    def file_named(self, name: str) -> FileRule:
        return next(f for f in self.files if f.name == name)

    def script_name(self, host: str) -> str:
        if host == self.all_hosts:
            return self.script_names["all"]
        if host == self.any_host:
            return self.script_names["any"]
        safe = re.sub(r"[^A-Za-z0-9_.-]", "_", host)
        return self.script_names["host"].format(host=safe)


# Messages name the rules file; everything else about reading a table is shared.
_Table = functools.partial(Table, source=RULES_FILE.name)


def _kind(value: str, where: str) -> BlockKind:
    try:
        return BlockKind(value)
    except ValueError:
        choices = ", ".join(k.value for k in BlockKind)
        raise UsageError(
            f"{RULES_FILE.name}: {where}: unknown kind {value!r} ({choices})"
        ) from None


def parse_rules(data: dict[str, Any]) -> BlockRules:
    """Validate the TOML data of blocks.toml and build the typed rules."""
    top = _Table(data, "top level")
    prompts = []
    for i, raw in enumerate(top.take("prompt", kind=list)):
        t = _Table(raw, f"prompt[{i}]")
        at = t.take("at", "anywhere")
        if at not in ("anywhere", "paragraph-start"):
            raise UsageError(
                f"{RULES_FILE.name}: prompt[{i}].at must be anywhere or paragraph-start"
            )
        rule = PromptRule(
            name=t.take("name"),
            pattern=t.regex("pattern"),
            host=t.take("host", None),
            shell=t.take("shell", "sh"),
            continuation=t.take("continuation", False),
            paragraph_start=at == "paragraph-start",
        )
        if "sigil" not in rule.pattern.groupindex:
            raise UsageError(f"{RULES_FILE.name}: prompt[{i}].pattern needs a (?P<sigil>...) group")
        t.done()
        prompts.append(rule)

    users = _Table(top.take("users"), "users")
    root_sigils = frozenset(users.take("root_sigils", kind=list))
    root_user = users.take("root")
    unprivileged = users.take("unprivileged_user")
    users.done()
    hosts = _Table(top.take("hosts"), "hosts")
    unknown_host, all_hosts, any_host = hosts.take("unknown"), hosts.take("all"), hosts.take("any")
    hosts.done()

    c = _Table(top.take("commands"), "commands")
    commands = Commands(
        continuation=c.regex("continuation"),
        heredoc=c.regex("heredoc"),
        switch_user=c.regex("switch_user"),
        end_session=c.regex("end_session"),
        editor=c.regex("editor"),
        psql_open=c.regex("psql_open"),
        psql_batch=c.regex("psql_batch"),
        psql_quit=c.regex("psql_quit"),
        show_file=c.regex("show_file"),
        write=c.regexes("write"),
        placeholder=c.regex("placeholder"),
    )
    c.done()
    for pat, group in ((commands.editor, "file"), (commands.show_file, "file")):
        if group not in pat.groupindex:
            raise UsageError(
                f"{RULES_FILE.name}: commands pattern {pat.pattern!r} needs (?P<{group}>...)"
            )

    content = _Table(top.take("content"), "content")
    annotation, elision = content.regexes("annotation"), content.regexes("elision")
    assignment, placeholder = content.regex("assignment"), content.regex("placeholder")
    content.done()
    settings = _Table(top.take("settings"), "settings")
    setting, setting_comment = settings.regex("line"), settings.regex("comment")
    settings.done()
    if not {"key", "value"} <= set(setting.groupindex):
        raise UsageError(f"{RULES_FILE.name}: settings.line needs (?P<key>...) and (?P<value>...)")

    files = []
    for i, raw in enumerate(top.take("file", kind=list)):
        t = _Table(raw, f"file[{i}]")
        fmt = t.take("format", None)
        if fmt not in (None, "settings", "lines", "value"):
            raise UsageError(
                f"{RULES_FILE.name}: file[{i}].format must be settings, lines or value"
            )
        f = FileRule(
            name=t.take("name"),
            kind=_kind(t.take("kind"), f"file[{i}]"),
            match=t.regex("match"),
            artifact=t.take("artifact", None),
            format=fmt,
            separator=t.take("separator", ":"),
            secret_field=t.take("secret_field", None),
            per_host=t.take("per_host", False),
            default_path=t.take("default_path", None),
        )
        if (f.artifact is None) != (f.format is None):
            raise UsageError(
                f"{RULES_FILE.name}: file[{i}] needs both artifact and format, or neither"
            )
        t.done()
        files.append(f)
    names = {f.name for f in files}

    families = []
    for i, raw in enumerate(top.take("family", kind=list)):
        t = _Table(raw, f"family[{i}]")
        kind = t.take("kind", None)
        fam = FamilyRule(
            name=t.take("name"),
            line=t.regex("line"),
            ignore=t.regexes("ignore"),
            any=t.take("any", False),
            max_lines=t.take("max_lines", None),
            files=tuple(t.take("files", [])),
            kind=_kind(kind, f"family[{i}]") if kind else None,
        )
        t.done()
        if bool(fam.files) == bool(fam.kind):
            raise UsageError(f"{RULES_FILE.name}: family[{i}] needs files or kind (not both)")
        for name in fam.files:
            if name not in names:
                raise UsageError(f"{RULES_FILE.name}: family[{i}] names unknown file {name!r}")
        families.append(fam)

    sections = []
    for i, raw in enumerate(top.take("section", [], kind=list)):
        t = _Table(raw, f"section[{i}]")
        hint = SectionHint(match=t.regex("match"), prefer=tuple(t.take("prefer", kind=list)))
        t.done()
        for name in hint.prefer:
            if name not in names:
                raise UsageError(f"{RULES_FILE.name}: section[{i}] names unknown file {name!r}")
        sections.append(hint)

    family_names = {f.name for f in families}
    kinds = []
    for i, raw in enumerate(top.take("kind", kind=list)):
        t = _Table(raw, f"kind[{i}]")
        kind = t.take("kind")
        if kind != "@target":
            _kind(kind, f"kind[{i}]")
        w = _Table(t.take("when", {}), f"kind[{i}].when")
        rule = KindRule(
            position=i,
            kind=kind,
            target=w.take("target", None),
            family=w.take("family", None),
            prompted=w.take("prompted", None),
            shell=w.take("shell", None),
            commands=w.regex("commands", None),
            output=w.regex("output", None),
        )
        w.done()
        t.done()
        if rule.family is not None and rule.family not in family_names:
            raise UsageError(f"{RULES_FILE.name}: kind[{i}] names unknown family {rule.family!r}")
        kinds.append(rule)

    scripts = _Table(top.take("scripts"), "scripts")
    script_names = {key: scripts.take(key) for key in ("all", "any", "host")}
    scripts.done()

    hints = frozenset(top.take("file_hint_elements", kind=list))
    stray = sorted(hints - load_vocabulary().inline_code)
    if stray:
        # The document model records inline code for its readers; a hint must be among it.
        raise UsageError(
            f"{RULES_FILE.name}: file_hint_elements must be inline code elements of segments.toml: {', '.join(stray)}"
        )
    result = BlockRules(
        file_hint_elements=hints,
        host_label_elements=frozenset(top.take("host_label_elements", kind=list)),
        host_label=top.regex("host_label"),
        prompts=tuple(prompts),
        root_sigils=root_sigils,
        root_user=root_user,
        unprivileged_user=unprivileged,
        unknown_host=unknown_host,
        all_hosts=all_hosts,
        any_host=any_host,
        commands=commands,
        annotation=annotation,
        elision=elision,
        assignment=assignment,
        placeholder=placeholder,
        setting=setting,
        setting_comment=setting_comment,
        files=tuple(files),
        families=tuple(families),
        sections=tuple(sections),
        kinds=tuple(kinds),
        script_names=script_names,
    )
    top.done()
    return result


def load_rules(path: Path | None = None) -> BlockRules:
    """Read and validate ``rules/blocks.toml`` (or another file with the same shape)."""
    if path is None:
        return _default_rules()
    return _read(path)


@functools.cache
def _default_rules() -> BlockRules:
    return _read(RULES_FILE)


def _read(path: Path) -> BlockRules:
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except OSError as exc:
        raise UsageError(f"{path}: cannot read block rules: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: {exc}") from None
    return parse_rules(data)
