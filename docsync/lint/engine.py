"""Lint one configuration: parse once, run the enabled checks, stamp and filter findings.

``lint_text`` / ``lint_bytes`` handle one input; ``iter_lint_paths`` handles many, turning
unreadable ones into ``io`` findings. Nothing here prints.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Iterable, Iterator
from dataclasses import replace
from typing import NamedTuple

from docsync.finish import Suppressed, finish_findings
from docsync.lint.canonical import load_canonical
from docsync.lint.catalogue import load_catalogue
from docsync.lint.conffile import (
    PGPOOL,
    ConfFile,
    TokenKind,
    parse_conf,
    pgpool_dialect,
    tokenize,
)
from docsync.lint.context import LintContext, LintRun
from docsync.lint.files import (
    ReadError,
    check_binary,
    expand_includes,
    read_input,
)
from docsync.lint.kinds import FileKind, detect_kind, named_script
from docsync.lint.otherfiles import lint_other
from docsync.lint.registry import CHECKS, Check, Report
from docsync.lint.settings import LintSettings
from docsync.lint.versions import (
    Choice,
    Source,
    choose_pgpool_version,
    find_version_mentions,
    header_version,
    majority,
)
from docsync.model import Finding, Location, Rule
from docsync.redact import is_placeholder, is_secret_name, scrub_words
from docsync.rules import stage_rules
from docsync.selection import ignored_by, parse_ignore_comment, rule_of


def _rules() -> dict[str, Rule]:
    return {code: doc.rule for code, doc in stage_rules("lint").items() if code in CHECKS}


def suppressions(files: Iterable[ConfFile]) -> dict[tuple[str, int], tuple[str, ...]]:
    """``(path, line) -> selectors`` from ``# docsync: ignore[CODE,...] reason`` comments."""
    out: dict[tuple[str, int], tuple[str, ...]] = {}
    for conf in files:
        if b"docsync:" not in conf.data:
            continue
        for tok in conf.tokens:
            if tok.kind is TokenKind.COMMENT and "docsync:" in tok.text:
                ignore = parse_ignore_comment(tok.text.lstrip("#"))
                if ignore is not None:
                    out[(conf.path, tok.line)] = ignore[0]
    return out


def _enabled_checks(settings: LintSettings, run: LintRun) -> list[tuple[Check, Rule]]:
    """The checks the settings enable, in registry order; the same for every file that shares
    its selection (one lookup per run instead of one per rule and file)."""
    key = (settings.select, settings.ignore, settings.extend_select, settings.off_by_default)
    hit = run.enabled.get(key)
    if hit is None:
        rules = _rules()
        hit = run.enabled[key] = [
            (chk, rules[code])
            for code, chk in CHECKS.items()
            if code in rules and settings.enabled(rules[code])
        ]
    return hit


def run_checks(ctx: LintContext) -> list[Finding]:
    """Run every enabled check in registry order, stamp code and severity, and finish the
    findings as every command does (``docsync.finish``: severity settings, suppressions, dedupe)."""
    import docsync.lint.checks  # noqa: F401  registers the checks in their fixed order

    raw = [_stamp(rule, rep) for chk, rule in _enabled_checks(ctx.settings, ctx.run) for rep in chk.func(ctx)]
    findings = finish_findings(raw, ctx.settings, suppressed=suppressed_by(suppressions(ctx.tree.files)))
    if findings:  # the safety net: no message quotes a word of a secret line
        words = secret_words(ctx.tree.files)
        if words:
            findings = [_scrubbed(f, words) for f in findings]
    return findings


def suppressed_by(quiet: dict[tuple[str, int], tuple[str, ...]]) -> Suppressed | None:
    """Whether a ``# docsync: ignore[...]`` comment on a finding's line names its rule."""
    if not quiet:
        return None
    return lambda f: ignored_by(quiet.get((f.location.path, f.location.line), ()), rule_of(f))


def secret_words(files: Iterable[ConfFile]) -> set[str]:
    """Every token after the name on a line that sets a secret parameter, whatever the syntax
    (``wd_authkey = my secret`` gives ``my`` and ``secret``; pgpool reads the second as a name)."""
    words: set[str] = set()
    for conf in files:
        data = conf.data
        starts = {s.key_start for s in conf.settings if is_secret_name(s.name)}
        for p in conf.problems:  # a broken line may set no parameter at all
            line_start = data.rfind(b"\n", 0, p.start) + 1
            m = _LINE_KEY.match(data, line_start)
            if m and is_secret_name(m.group(1).decode("utf-8", "surrogateescape")):
                starts.add(m.start(1))
        for start in starts:
            end = data.find(b"\n", start)
            end = len(data) if end < 0 else end + 1
            tokens = tokenize(data, conf.dialect, start, end)
            for tok in tokens[1:]:
                if tok.kind in _NOT_WORDS:
                    continue
                text = tok.text.strip()
                words.add(text)
                if tok.kind is TokenKind.STRING:
                    words.add(text.strip("'"))
    return {w for w in words if w and not is_placeholder(w)}


_LINE_KEY = re.compile(rb"[ \t]*([A-Za-z_\x80-\xff][A-Za-z0-9_\x80-\xff]*)")
_NOT_WORDS = frozenset({TokenKind.SPACE, TokenKind.NEWLINE, TokenKind.EQUALS})


def _scrubbed(f: Finding, words: set[str]) -> Finding:
    message = scrub_words(f.message, words)
    related = tuple(replace(r, message=scrub_words(r.message, words)) for r in f.related)
    if message == f.message and related == f.related:
        return f
    return replace(f, message=message, related=related)


def _stamp(rule: Rule, rep: Report) -> Finding:
    return Finding.of(
        rule,
        rep.location,
        rep.message,
        severity=rep.severity,
        end=rep.end,
        related=rep.related,
        fix=rep.fix,
    )


class FileResult(NamedTuple):
    """The outcome for one input: its parse (None if unreadable) and its findings."""

    path: str
    findings: tuple[Finding, ...]
    conf: ConfFile | None = None
    context: LintContext | None = None
    error: str | None = None
    kind: FileKind = FileKind.PGPOOL_CONF  # which file of a configuration directory


def build_context(
    data: bytes,
    path: str,
    settings: LintSettings,
    read: Callable[[str], bytes] = read_input,
    run: LintRun | None = None,
) -> LintContext:
    """Parse (once, with the dialect of the chosen version) and gather what checks need;
    ``run``: what the run already knows (a new one when linting a single input)."""
    run = LintRun() if run is None else run
    provisional = None
    installed = None
    server = run.is_server_config(path, settings.server)
    if not settings.pgpool_version and server:
        installed = run.installed()
    if settings.pgpool_version or installed or header_version(data):
        choice = choose_pgpool_version(
            settings.pgpool_version,
            data,
            None,
            origin=settings.pgpool_version_origin,
            installed=installed,
        )
    else:  # inference needs names: parse with the newest lexer, re-parse only if it differs
        provisional = parse_conf(data, path, PGPOOL)
        choice = choose_pgpool_version(None, data, provisional)
    dialect = pgpool_dialect(choice.version)
    conf = (
        provisional
        if provisional is not None and provisional.dialect == dialect
        else parse_conf(data, path, dialect)
    )
    tree = expand_includes(conf, dialect, read)
    ctx = LintContext(
        path=path,
        tree=tree,
        catalogue=load_catalogue(choice.version),
        settings=settings,
        version=choice,
        run=run,
        server=server,
    )
    ctx.canonical = load_canonical(
        settings.against, settings.docs, settings.scenario, settings.lang, dialect, run.canonicals
    )
    ctx.pg_version = _choose_pg_version(ctx)
    return ctx


def _choose_pg_version(ctx: LintContext) -> Choice:
    if ctx.settings.pg_version:
        return Choice(
            ctx.settings.pg_version,
            f"PostgreSQL {ctx.settings.pg_version} (from --pg-version)",
            Source.FLAG,
        )
    if ctx.canonical is not None:
        source = ctx.canonical.source
        majors = ctx.run.canonical_majors
        if source not in majors:
            majors[source] = majority(find_version_mentions(ctx.canonical.settings.values()))
        found = majors[source]
        if found:
            return Choice(
                found,
                f"PostgreSQL {found} (from the canonical configuration {ctx.canonical.source})",
                Source.CANONICAL,
            )
    found = majority(ctx.version_mentions())
    if found:
        return Choice(
            found,
            f"PostgreSQL {found} (the majority of the file's version-specific paths)",
            Source.INFERRED,
        )
    return Choice(
        None,
        "no PostgreSQL version known (no --pg-version, no clear majority in the file)",
        Source.DEFAULT,
    )


def lint_bytes(
    data: bytes,
    path: str,
    settings: LintSettings | None = None,
    read: Callable[[str], bytes] = read_input,
    run: LintRun | None = None,
) -> FileResult:
    """Lint configuration bytes shown as ``path``; includes are read relative to it.
    ``run``: shared by the inputs of one run (a new one when None)."""
    settings = settings or LintSettings()
    ctx = build_context(data, path, settings, read, run)
    return FileResult(path, tuple(run_checks(ctx)), ctx.conf, ctx)


def lint_text(
    text: str, path: str = "<string>", settings: LintSettings | None = None
) -> list[Finding]:
    """Lint a configuration given as text; the public one-call API."""
    return list(lint_bytes(text.encode("utf-8", "surrogateescape"), path, settings).findings)


def io_finding(path: str, message: str) -> Finding:
    rule = stage_rules("lint")["PGP011"].rule
    return Finding.of(rule, Location(path, 1, 1), message)


def iter_lint_paths(
    paths: Iterable[str],
    settings_for: Callable[[str], LintSettings] | LintSettings | None,
    run: LintRun,
    *,
    stdin: bytes | None = None,
    stdin_name: str = "<stdin>",
    found_in_directory: Container[str] = (),
) -> Iterator[FileResult]:
    """Lint every path (``-`` reads ``stdin``), one result at a time so a long run need not
    keep every parse; unreadable inputs become ``io`` findings. ``run``: the run they share.
    ``found_in_directory``: paths a directory argument stood for (their kind is judged more
    strictly: a stray ``*.conf`` there is not taken for a pgpool.conf)."""
    for path in paths:
        settings = (
            settings_for(path) if callable(settings_for) else (settings_for or LintSettings())
        )
        shown = stdin_name if path == "-" else path
        try:
            if path == "-":
                data = stdin or b""
                check_binary(data)
                if settings.server is None:  # a pipe is not the file the service reads
                    settings = replace(settings, server=False)
            else:
                data = read_input(path)
        except ReadError as exc:
            yield FileResult(shown, (io_finding(shown, f"cannot read {shown}: {exc}"),), error=str(exc))
            continue
        kind = detect_kind(shown if path == "-" else path, data, strict=path in found_in_directory)
        if kind is FileKind.UNKNOWN and named_script(path, run.scripts_named):
            kind = FileKind.SCRIPT  # a failover_command (or sibling) of the pgpool.conf beside it
        if kind is not FileKind.PGPOOL_CONF:
            found = lint_other(data, shown, kind, settings, _other_version(path, settings, run))
            yield FileResult(shown, tuple(found), kind=kind)
            continue
        yield lint_bytes(data, shown, settings, run=run)


def _other_version(path: str, settings: LintSettings, run: LintRun) -> str | None:
    """The version another kind of file is read for: chosen, else the installed one."""
    if settings.pgpool_version:
        return settings.pgpool_version
    installed = run.installed() if run.is_server_config(path, settings.server) else None
    return installed.major if installed is not None else None
