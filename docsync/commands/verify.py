"""``docsync verify``: run the cluster chapter on emulated servers and compare its outputs."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from docsync.commands.base import ExitZeroOpt, FailLevelOpt, FormatOpt, IgnoreOpt, SelectOpt, SeverityOpt, app
from docsync.console import emit


@app.command("verify")
def verify_cmd(
    docs: Annotated[
        Path | None,
        typer.Option(
            "--docs",
            help="Docs tree, doc/src/sgml-style directory or one .sgml file (default: sgml/).",
        ),
    ] = None,
    lang: Annotated[str, typer.Option("--lang", help="en or ja.")] = "en",
    transcript: Annotated[
        Path | None,
        typer.Option("--transcript", help="Write a text transcript: each step, its live output."),
    ] = None,
    html: Annotated[
        Path | None,
        typer.Option(
            "--html", help="Write an HTML page: each documented block beside its live output."
        ),
    ] = None,
    junit: Annotated[
        Path | None, typer.Option("--junit", help="Write JUnit XML, one test case per step.")
    ] = None,
    until: Annotated[
        int | None, typer.Option("--until", help="Run only the steps up to this SGML line.")
    ] = None,
    profile: Annotated[
        str | None,
        typer.Option("--profile", help="Platform profile for a chapter written for another platform: rhel-debian."),
    ] = None,
    keep_going: Annotated[
        bool, typer.Option("--keep-going", help="Run every step even after one fails; report each.")
    ] = False,
    progress: Annotated[
        str,
        typer.Option(
            "--progress", help="A line per step on stderr: auto (on a terminal), always, never."
        ),
    ] = "auto",
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    fmt: FormatOpt = "text",
    severity: SeverityOpt = "warning",
    fail_level: FailLevelOpt = "error",
    exit_zero: ExitZeroOpt = False,
) -> int:
    """Boot the chapter's servers (namespaces over an overlay of this machine) and run every step.

    Needs root. Nothing on this machine changes: each host writes to a throw-away layer in
    memory, and the documented addresses exist only inside the hosts' network namespaces.
    Stand-ins, prompt answers and placeholders come from rules/verify.toml and are listed in
    the transcripts. Exit 1 when a step fails or an output differs, 2 when this machine cannot
    run the hosts.
    """
    from docsync.atomic import write_atomic
    from docsync.config import rule_settings
    from docsync.errors import UsageError
    from docsync.paths import DEFAULT_DOCS_DIR
    from docsync.verify import verify
    from docsync.verify.report import html_transcript, junit_xml, text_transcript

    if progress not in ("auto", "always", "never"):
        raise UsageError(f"--progress must be auto, always or never, not {progress!r}")
    show = progress == "always" or (progress == "auto" and sys.stderr.isatty())

    def report(line: str) -> None:
        sys.stderr.write(line + "\n")
        sys.stderr.flush()

    docs = docs or DEFAULT_DOCS_DIR
    settings = rule_settings("verify", docs if docs.is_dir() else docs.parent, select, ignore)
    result = verify(
        docs,
        lang,
        progress=report if show else None,
        stop_after=until,
        profile=profile,
        keep_going=keep_going,
        settings=settings,
    )
    if transcript is not None:
        write_atomic(
            transcript,
            text_transcript(result.results, result.substitutions, result.phases).encode(),
        )
    if html is not None:
        write_atomic(
            html, html_transcript(result.results, result.substitutions, result.phases).encode()
        )
    if junit is not None:
        write_atomic(junit, junit_xml(result.results).encode())
    return emit(
        result.findings,
        fmt,
        files=1,
        fail_level=fail_level,
        exit_zero=exit_zero,
        title="docsync verify",
        severity=severity,
        command="verify",
    )
