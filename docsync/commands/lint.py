"""``docsync lint``: check pgpool.conf files the way Pgpool-II reads them."""

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from docsync.commands.base import (
    ColorOpt,
    ExitZeroOpt,
    FailLevelOpt,
    FormatOpt,
    IgnoreOpt,
    SelectOpt,
    SeverityOpt,
    app,
)
from docsync.console import emit, note


@app.command("lint")
def lint(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="pgpool.conf files, other files of a configuration directory (pool_hba.conf, "
            "pcp.conf, pool_passwd, ...) or directories such as /etc/pgpool2; '-' reads standard input."
        ),
    ],
    stdin_filename: Annotated[
        str | None, typer.Option("--stdin-filename", help="Name to report for '-'.")
    ] = None,
    fmt: FormatOpt = "text",
    severity: SeverityOpt = "warning",
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    pgpool_version: Annotated[
        str | None,
        typer.Option("--pgpool-version", help="Check against this Pgpool-II version (X.Y)."),
    ] = None,
    pg_version: Annotated[
        str | None,
        typer.Option(
            "--pg-version", help="Target PostgreSQL major version for version-specific paths."
        ),
    ] = None,
    against: Annotated[
        Path | None,
        typer.Option(
            "--against",
            help="Canonical pgpool.conf to compare with (without --against, --docs or "
            "`canonical` in the configuration, nothing is compared).",
        ),
    ] = None,
    docs: Annotated[
        Path | None,
        typer.Option(
            "--docs",
            help="Compare with the pgpool.conf a documentation tree prescribes: a Pgpool-II "
            "checkout (4.1 ... master), doc/src/sgml or one chapter; extracted on the fly.",
        ),
    ] = None,
    scenario: Annotated[
        str | None,
        typer.Option(
            "--scenario",
            help="With --docs: the example chapter to compare with (default example-cluster).",
        ),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option("--lang", help="With --docs: the documentation language, en or ja."),
    ] = None,
    show_statistics: Annotated[
        bool, typer.Option("--statistics", help="Count findings per rule.")
    ] = False,
    color: ColorOpt = "auto",
    fail_level: FailLevelOpt = "error",
    exit_zero: ExitZeroOpt = False,
    fix: Annotated[
        bool, typer.Option("--fix", help="Apply safe fixes in place (keeps a .bak).")
    ] = False,
    diff: Annotated[
        bool, typer.Option("--diff", help="Print the safe fixes as a unified diff; write nothing.")
    ] = False,
    verbose: Annotated[
        bool,
        typer.Option("--verbose", "-v", help="Say which versions and canonical file are used."),
    ] = False,
    server: Annotated[
        bool | None,
        typer.Option(
            "--server/--no-server",
            help="The files are this machine's own configuration: check against the installed "
            "Pgpool-II and check the scripts and files they rely on (default: only under "
            "/etc/pgpool2, /etc/pgpool-II* or where the pgpool service reads them).",
        ),
    ] = None,
    live: Annotated[
        bool,
        typer.Option(
            "--live",
            help="Also ask the running pgpool (SHOW pool_status, PCP) which settings differ from "
            "the file: reload or restart pending.",
        ),
    ] = False,
    dsn: Annotated[
        str | None,
        typer.Option("--dsn", help="libpq conninfo of the running pgpool for --live (default: the "
                     "file's socket_dir and port)."),
    ] = None,
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs",
            "-j",
            min=0,
            help="Worker processes for long runs (0: one per CPU; 1: lint in this process).",
        ),
    ] = 0,
) -> None:
    """Check pgpool.conf files: syntax, names, values, per-node lists, commands, versions."""
    from docsync.lint.config import LintFlags, lint_settings_for
    from docsync.lint.run import run_lint, statistics
    from docsync.lint.settings import LintSettings
    from docsync.selection import split_selectors

    if (scenario or lang) and docs is None:
        typer.echo("docsync: --scenario and --lang go with --docs", err=True)
        raise typer.Exit(2)
    flags = LintFlags(
        select=split_selectors(select) if select else None,  # --select given, even empty: it replaces
        ignore=split_selectors(ignore),
        pgpool_version=pgpool_version,
        pg_version=pg_version,
        against=against,
        docs=docs,
        scenario=scenario,
        lang=lang,
        live=live,
        dsn=dsn,
        server=server,
    )
    by_directory: dict[str, LintSettings] = {}  # the closest configuration decides

    def settings_for(path: str) -> LintSettings:
        where = os.path.dirname(os.path.abspath(path)) if path not in ("-", "") else ""
        if where not in by_directory:
            by_directory[where] = lint_settings_for(path, flags)
        return by_directory[where]

    stdin = sys.stdin.buffer.read() if "-" in paths else None
    result = run_lint(
        paths,
        settings_for,
        stdin=stdin,
        stdin_name=stdin_filename or "<stdin>",
        fix=fix,
        diff=diff,
        verbose=verbose,
        jobs=jobs,
    )
    for line in result.notes:
        note(line)
    if diff:
        from docsync.redact import mask_diff_line

        sys.stdout.write("".join(mask_diff_line(line) for line in result.diff))
        sys.stdout.flush()
        raise typer.Exit(0 if exit_zero or not result.diff else 1)
    if fix and result.fixed:
        sys.stderr.write(
            f"Fixed {result.fixed} problem{'s' if result.fixed != 1 else ''} in "
            f"{result.fixed_files} file{'s' if result.fixed_files != 1 else ''} "
            "(originals kept as .bak).\n"
        )
    code = emit(
        result.findings,
        fmt,
        files=result.files,
        fail_level=fail_level,
        exit_zero=exit_zero,
        color=color,
        summary_note=result.version_sentence(),
        properties=(("pgpool_versions", result.version_summary()),),
        severity=severity,
        command="lint",
        title="docsync lint",
    )
    if show_statistics:
        stream = sys.stdout if fmt in ("text", "auto") else sys.stderr
        for line in statistics(result.findings):
            stream.write(line + "\n")
    raise typer.Exit(code)
