"""shell: the commands of shell-session blocks, checked by the real ShellCheck.

Each block becomes one script with a line per block line: command, continuation and
here-document lines of a POSIX shell keep their text (prompt removed), every other line (output,
psql input, file content) is blank, so ShellCheck's line numbers are block lines. All scripts of
a run go to ShellCheck in a few calls (``[shell] batch`` scripts each, two at a time).
Off by default (``off_by_default`` in rules/check.toml): documentation snippets hold
placeholders and rely on earlier blocks, which ShellCheck cannot know.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from docsync.check.context import CheckContext
from docsync.check.registry import Report, doc_check
from docsync.errors import DocsyncError
from docsync.extract.model import Block, Line, LineRole
from docsync.model import Location, Severity
from docsync.options import option

_SCRIPT_ROLES = frozenset({LineRole.COMMAND, LineRole.CONTINUATION, LineRole.HEREDOC})


@dataclass(frozen=True)
class ShellOptions:
    """What ShellCheck is asked for (defaults: ``[DOC301.options]`` in rules/codes/check.toml)."""

    level: Literal["error", "warning", "info", "style"] = option("the lowest ShellCheck level reported")
    shell: Literal["sh", "bash", "dash", "ksh", "busybox"] = option("the dialect ShellCheck assumes (its -s)")
    exclude: tuple[str, ...] = option("ShellCheck codes to leave out, such as SC2086 (its -e)")


@dataclass(frozen=True)
class Script:
    """One block as a script: its lines (blank where not shell) and the block lines behind them."""

    block: Block
    lines: tuple[Line, ...]
    text: str


def block_script(block: Block) -> Script | None:
    """The block's shell commands as a script, or None when it has none."""
    out = []
    any_command = False
    for line in block.lines:
        if line.role in _SCRIPT_ROLES and line.shell in ("", "sh"):
            out.append(line.body)
            any_command = any_command or line.role is LineRole.COMMAND
        else:
            out.append("")
    if not any_command:
        return None
    return Script(block, block.lines, "\n".join(out) + "\n")


def _shellcheck_args(ctx: CheckContext) -> list[str]:
    tool = shutil.which("shellcheck")
    if tool is None:
        raise DocsyncError(
            "shellcheck is not installed; the shell rule (DOC301) needs it (install shellcheck, "
            "or leave the rule unselected)"
        )
    opts = ctx.settings.options(ShellOptions)
    args = [tool, "--norc", "-f", "json1", "-s", opts.shell, "-S", opts.level]
    exclude = [e.upper().removeprefix("SC") for e in opts.exclude]
    if exclude:
        args += ["-e", ",".join(f"SC{e}" for e in exclude)]
    return args


def _run(args: list[str], files: Sequence[str]) -> list[dict]:
    import subprocess

    try:
        proc = subprocess.run([*args, *files], capture_output=True, text=True, check=False)
    except OSError as exc:
        raise DocsyncError(f"cannot run shellcheck: {exc}") from None
    if proc.returncode not in (0, 1):
        first = (proc.stderr.strip().splitlines() or ["no output"])[0]
        raise DocsyncError(f"shellcheck failed (exit {proc.returncode}): {first}")
    try:
        return json.loads(proc.stdout or "{}").get("comments", [])
    except json.JSONDecodeError:
        raise DocsyncError("shellcheck printed something that is not its JSON output") from None


def run_shellcheck(ctx: CheckContext, scripts: Sequence[Script]) -> Iterator[tuple[Script, dict]]:
    """(script, ShellCheck comment) for every comment on the scripts, batched."""
    if not scripts:
        return
    # (Imported here: the rule is off by default, and a run that skips it should not pay.)
    import tempfile
    from concurrent.futures import ThreadPoolExecutor

    args = _shellcheck_args(ctx)
    size = max(ctx.rules.shell.batch, 1)
    with tempfile.TemporaryDirectory(prefix="docsync-shell-") as tmp:
        names = []
        for i, script in enumerate(scripts):
            path = Path(tmp) / f"b{i}.sh"
            path.write_text(script.text, encoding="utf-8")
            names.append(str(path))
        by_name = dict(zip(names, scripts, strict=True))
        batches = [names[i : i + size] for i in range(0, len(names), size)]
        with ThreadPoolExecutor(max_workers=min(2, len(batches))) as pool:
            results = list(pool.map(lambda batch: _run(args, batch), batches))
    for comments in results:
        for c in comments:
            script = by_name.get(c.get("file", ""))
            if script is not None:
                yield script, c


@doc_check("DOC301", options=ShellOptions)
def check_shellcheck(ctx: CheckContext) -> Iterator[Report]:
    """A problem ShellCheck finds in the commands of a shell-session block."""
    scripts = [s for b in ctx.blocks() if (s := block_script(b)) is not None]
    levels = ctx.rules.shell.severity
    found = sorted(
        run_shellcheck(ctx, scripts),
        key=lambda sc: (sc[0].block.start.path, sc[1].get("line", 0), sc[1].get("column", 0), sc[1].get("code", 0)),
    )
    for script, c in found:
        # Errors at the end of input ("expected 'fi'") point past the last line: keep them there.
        i = min(max(int(c.get("line", 1)) - 1, 0), len(script.lines) - 1)
        line = script.lines[i]
        path = script.block.start.path
        column = ctx.lines.column(path, line.number, line.body, int(c.get("column", 0)))
        level = str(c.get("level", "warning"))
        yield Report(
            Location(path, line.number, column),
            f"SC{c.get('code')}: {c.get('message', '').rstrip('.')}",
            severity=Severity.parse(levels.get(level, "warning")),
        )
