"""``docsync check``: everything the docs can get wrong, as maintainers run it before a commit."""

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


@app.command("check")
def check_cmd(
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            help="The docs tree (as --docs), or with --changed: the changed files (what pre-commit passes)."
        ),
    ] = None,
    docs: Annotated[
        Path | None,
        typer.Option(
            "--docs",
            help="A pgpool2 checkout or doc directory (default: the tree of the changed files, "
            "else the project's sgml/).",
        ),
    ] = None,
    changed: Annotated[
        bool,
        typer.Option(
            "--changed",
            help="Check only the chapters named as arguments and their counterparts in the other language.",
        ),
    ] = False,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Output directory of `docsync extract` to compare (default: generated/)."),
    ] = None,
    baseline: Annotated[
        Path | None,
        typer.Option("--baseline", help="JSON file of accepted findings to leave out (only new ones fail)."),
    ] = None,
    update_baseline: Annotated[
        bool,
        typer.Option("--update-baseline", help="Write the current findings to --baseline and exit 0."),
    ] = False,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    fmt: FormatOpt = "text",
    severity: SeverityOpt = "warning",
    color: ColorOpt = "auto",
    fail_level: FailLevelOpt = "error",
    exit_zero: ExitZeroOpt = False,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Neither read nor write .docsync_cache/ (whole-tree runs use it).")
    ] = False,
) -> None:
    """Check the docs: generated output, configuration blocks, versions, tables, shell, reference, drift."""
    from dataclasses import replace

    from docsync.check import run_check
    from docsync.check.config import check_settings_from
    from docsync.check.ruleset import load_rules
    from docsync.check.settings import default_settings
    from docsync.config import find_config
    from docsync.errors import UsageError
    from docsync.selection import split_selectors

    if files and not changed:
        if len(files) > 1 or docs is not None or not files[0].is_dir():
            raise UsageError("without --changed, give one docs tree (positionally or as --docs)")
        docs, files = files[0], []
    defaults = default_settings(load_rules())

    def settings_for(root: Path):
        base = check_settings_from(find_config(str(root)), defaults)
        if select:
            base = replace(base, select=split_selectors(select), extend_select=())
        if ignore:
            base = replace(base, ignore=base.ignore + split_selectors(ignore))
        return base

    from docsync.baseline import with_baseline

    if update_baseline and baseline is None:
        raise UsageError("--update-baseline needs --baseline FILE")
    if changed:
        result = run_check(docs, list(files or []), settings_for, out=out)
    else:
        from docsync.check.cached import run_check_cached

        result = run_check_cached(docs, settings_for, out=out, use_cache=not no_cache)
    findings, baseline_note = with_baseline(result.findings, baseline, update=update_baseline)
    for note_line in [*result.notes, baseline_note]:
        if note_line:
            note(note_line)
    if update_baseline:
        raise typer.Exit(0)
    code = emit(
        findings,
        fmt,
        files=result.files,
        fail_level=fail_level,
        exit_zero=exit_zero,
        color=color,
        title="docsync check",
        severity=severity,
        command="check",
    )
    raise typer.Exit(code)
