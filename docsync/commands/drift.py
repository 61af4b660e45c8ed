"""``docsync drift``: English <-> Japanese drift over a book or some files, with git history."""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

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

if TYPE_CHECKING:
    from docsync.drift.config import DriftSettings


def _settings(inputs: list[Path]) -> "DriftSettings":
    """The configuration that applies: the one closest to the first input (else the project's
    sgml/ tree, drift's default input)."""
    from docsync.config import find_config
    from docsync.drift.config import drift_settings_from
    from docsync.paths import DEFAULT_DOCS_DIR

    first = inputs[0] if inputs else DEFAULT_DOCS_DIR
    return drift_settings_from(find_config(str(first if first.is_dir() else first.parent)))


@app.command("drift")
def drift(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Docs trees (holding doc/src/sgml and doc.ja/src/sgml) or files inside "
            "either language directory. Default: the project's sgml/ tree."
        ),
    ] = None,
    docs: Annotated[
        Path | None, typer.Option("--docs", help="A docs tree (as the positional argument).")
    ] = None,
    en: Annotated[Path | None, typer.Option("--en", help="An English file to compare with --ja.")] = None,
    ja: Annotated[Path | None, typer.Option("--ja", help="The Japanese counterpart of --en.")] = None,
    since: Annotated[
        str | None,
        typer.Option("--since", help="Report blocks changed in one language only since this git revision."),
    ] = None,
    history: Annotated[
        str | None,
        typer.Option("--history", help="REV1..REV2: drift windows at each commit touching either language."),
    ] = None,
    baseline: Annotated[
        Path | None,
        typer.Option("--baseline", help="JSON file of accepted differences to leave out."),
    ] = None,
    update_baseline: Annotated[
        bool,
        typer.Option("--update-baseline", help="Write the current findings to --baseline and exit 0."),
    ] = False,
    fix: Annotated[
        bool,
        typer.Option(
            "--fix",
            help="Carry language-neutral changes (listings, numbers, versions, paths, link targets) "
            "from the language that changed to the other; prose is never rewritten. With --since "
            "the changed side comes from git, without it from embedded English originals. "
            "Atomic, keeps FILE.bak.",
        ),
    ] = False,
    diff: Annotated[
        bool, typer.Option("--diff", help="Show what --fix would change as a unified diff; write nothing.")
    ] = False,
    glossary: Annotated[
        Path | None,
        typer.Option("--glossary", help="EN<->JA glossary (default: rules/glossary.toml)."),
    ] = None,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    fmt: FormatOpt = "text",
    severity: SeverityOpt = "warning",
    color: ColorOpt = "auto",
    fail_level: FailLevelOpt = "error",
    exit_zero: ExitZeroOpt = False,
) -> None:
    """Find where the Japanese docs drifted from the English: structure, code, numbers, links."""
    from docsync.drift.session import run_drift, run_fix

    inputs = [*([docs] if docs is not None else []), *(paths or [])]
    settings = _settings([*inputs, *([en] if en is not None else [])]).with_command_line(select, ignore)
    if fix or diff:
        from docsync.errors import UsageError

        if en is not None or ja is not None or history or baseline is not None:
            raise UsageError("--fix and --diff take a docs tree (and --since), not --en/--ja, --history or --baseline")
        done = run_fix(inputs, since=since, write=fix and not diff, glossary_path=glossary)
        for line in done.notes:
            note(f"docsync drift: {line}")
        if diff:
            from docsync.redact import mask_diff_line

            sys.stdout.writelines(mask_diff_line(line) for line in done.diff)
            sys.stdout.flush()
            raise typer.Exit(0 if exit_zero or not done.diff else 1)
        sys.stderr.write(
            f"Carried {done.edits} change{'s' if done.edits != 1 else ''} into {done.written} "
            f"file{'s' if done.written != 1 else ''} (originals kept as .bak).\n"
        )
    result = run_drift(
        inputs,
        en=en,
        ja=ja,
        since=since,
        history=history,
        glossary_path=glossary,
        settings=settings,
        baseline=baseline,
        update_baseline=update_baseline,
        progress=sys.stderr,
    )
    if update_baseline:
        assert baseline is not None
        n = len(result.findings)
        sys.stderr.write(f"Wrote {n} accepted finding{'s' if n != 1 else ''} to {baseline}.\n")
        raise typer.Exit(0)
    if result.note:
        note(result.note)
    code = emit(
        result.findings,
        fmt,
        files=result.files,
        fail_level=fail_level,
        exit_zero=exit_zero,
        color=color,
        title=result.title,
        severity=severity,
        command="drift",
    )
    raise typer.Exit(code)
