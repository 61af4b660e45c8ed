"""``docsync extract``: write (or check) the artifacts the documentation prescribes."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from docsync.commands.base import ExitZeroOpt, FailLevelOpt, FormatOpt, IgnoreOpt, SelectOpt, SeverityOpt, app
from docsync.console import emit


@app.command("extract")
def extract_cmd(
    tree: Annotated[
        Path | None, typer.Argument(help="The docs tree or file (as --docs).", show_default=False)
    ] = None,
    docs: Annotated[
        Path | None,
        typer.Option(
            "--docs",
            help="A pgpool2 checkout, a doc/src/sgml-style directory or one .sgml file "
            "(default: the project's sgml/).",
        ),
    ] = None,
    lang: Annotated[str, typer.Option("--lang", help="en, ja or all.")] = "all",
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Output directory (default: the project's generated/)."),
    ] = None,
    check: Annotated[
        bool,
        typer.Option("--check", help="Write nothing; exit 1 with a diff when the output is stale."),
    ] = False,
    diff: Annotated[
        bool, typer.Option("--diff", help="Print a unified diff of the changes.")
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite artifacts that were edited by hand.")
    ] = False,
    scenario: Annotated[
        str | None,
        typer.Option(
            "--scenario",
            help="Only this scenario (example chapter), e.g. example-cluster; reads only its "
            "chapter files and leaves the other scenarios' output alone.",
        ),
    ] = None,
    samples: Annotated[
        Path | None,
        typer.Option(
            "--samples",
            help="Directory of Pgpool-II samples (pgpool.conf.sample, scripts/*.sample) to make "
            "complete files from (default: the docs tree's src/sample/, if any).",
        ),
    ] = None,
    list_: Annotated[
        bool,
        typer.Option(
            "--list", help="Print each scenario with its artifacts and sources; write nothing."
        ),
    ] = False,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    fmt: FormatOpt = "text",
    severity: SeverityOpt = "warning",
    fail_level: FailLevelOpt = "error",
    exit_zero: ExitZeroOpt = False,
) -> int:
    """Turn the documentation's blocks into configuration files, scripts, SQL and a manifest."""
    from docsync.config import rule_settings
    from docsync.errors import UsageError
    from docsync.extract import extract
    from docsync.extract.inputs import LANGUAGES
    from docsync.extract.sync import apply, plan_sync, unified_diff
    from docsync.extract.sync import check as check_plan
    from docsync.model import Severity
    from docsync.paths import DEFAULT_DOCS_DIR, DEFAULT_OUT_DIR
    from docsync.redact import mask_diff_line

    if tree is not None and docs is not None and tree != docs:
        raise UsageError("give the docs tree once: positionally or as --docs")
    docs = docs if docs is not None else tree
    docs = docs if docs is not None else DEFAULT_DOCS_DIR
    settings = rule_settings("extract", docs if docs.is_dir() else docs.parent, select, ignore)
    result = extract(docs, lang, samples=samples, scenario=scenario, settings=settings)
    if list_:
        sys.stdout.writelines(line + "\n" for line in scenario_listing(result))
        raise typer.Exit(0)
    code = emit(
        result.findings,
        fmt,
        files=result.files,
        fail_level=fail_level,
        exit_zero=exit_zero,
        severity=severity,
        command="extract",
        title="docsync extract",
    )
    if any(f.severity is Severity.ERROR for f in result.findings):
        # Broken documentation gives output nobody should trust: keep the old output.
        typer.echo("docsync: not writing: the documentation has errors", err=True)
        raise typer.Exit(code)
    out_dir = out if out is not None else DEFAULT_OUT_DIR
    label = str(out) if out is not None else DEFAULT_OUT_DIR.name
    scope = LANGUAGES if lang == "all" else result.languages
    if scenario is not None:  # a run for one scenario leaves the others' files alone
        scope = tuple(f"{language}/{scenario}" for language in scope)
    plan = plan_sync(result.artifacts, out_dir, scope)
    if diff or check:
        stream = sys.stdout if fmt == "text" else sys.stderr  # keep json/sarif stdout clean
        # The files on disk may predate masking: what the diff shows is masked either way.
        stream.writelines(mask_diff_line(line) for line in unified_diff(plan, label))
        stream.flush()
    if check:
        check_plan(plan)
        raise typer.Exit(code)
    apply(plan, force=force)
    typer.echo(
        f"docsync: {label}: {plan.count('create')} created, {plan.count('update')} updated, "
        f"{plan.count('remove')} removed, {plan.count('unchanged')} unchanged",
        err=True,
    )
    raise typer.Exit(code)


def scenario_listing(result) -> list[str]:
    """``--list``: per language and scenario, its chapter files, then each artifact."""
    lines: list[str] = []
    for run in result.scenarios:
        lines.append(f"{run.language}/{run.name}: {', '.join(run.files)}")
        prefix = f"{run.language}/{run.name}/"
        for a in result.artifacts:
            if not a.path.startswith(prefix):
                continue
            form = f"  [{a.form}" + (f" from {a.sample}" if a.sample else "") + "]" if a.form else ""
            lines.append(f"  {a.path}{form}")
            lines.append(f"    sources: {', '.join(a.sources)}")
    return lines
