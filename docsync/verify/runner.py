"""Run planned steps on the fleet, one after the other, and record what each printed.

A step that fails ends the run (later steps depend on it); its result carries the problem and
the SGML line. Secrets are generated per run; every recorded text has them masked.
"""

from __future__ import annotations

import enum
import hashlib
import secrets
import shlex
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from docsync.verify.compare import compare, strip_prompts
from docsync.verify.fleet import Fleet
from docsync.verify.plan import Kind, Step, is_cd
from docsync.verify.ruleset import VerifyRules

_PWD_MARK = "\x1fDOCSYNC-PWD="


class Status(enum.Enum):
    OK = "ok"
    FAILED = "failed"  # exit status, timeout, or a file edit that could not be made
    MISMATCH = "mismatch"  # ran, but the output differs from the documented one
    SKIPPED = "skipped"  # not run: an earlier step failed
    OMITTED = "omitted"  # not run: a platform profile says it does not apply


@dataclass(frozen=True)
class Problem:
    line: int
    code: str
    message: str


@dataclass
class StepResult:
    step: Step
    status: Status
    output: str = ""  # masked
    seconds: float = 0.0
    attempts: int = 1
    problems: list[Problem] = field(default_factory=list)

    @classmethod
    def failed(
        cls, step: Step, output: str, code: str, message: str, *, line: int | None = None,
        status: Status = Status.FAILED, attempts: int = 1,
    ) -> StepResult:
        """A step that failed (or whose output did not match) with one problem to report."""
        problem = Problem(step.line if line is None else line, code, message)
        return cls(step, status, output, attempts=attempts, problems=[problem])


class Secrets:
    """Values generated per run for every secret the chapter's prompts and placeholders name."""

    def __init__(self) -> None:
        self.values: dict[str, str] = {}

    def get(self, name: str) -> str:
        if name not in self.values:
            self.values[name] = secrets.token_hex(10)
        return self.values[name]

    def mask(self, text: str) -> str:
        for name, value in self.values.items():
            text = text.replace(value, f"<{name}>")
            text = text.replace(hashlib.md5(value.encode()).hexdigest(), f"<md5 of {name}>")
        return text


_ASSIGN = r"""
import re, sys
path, lines = sys.argv[1], sys.argv[2:]
text = open(path).read().split("\n")
missing = []
def key(s):
    m = re.match(r"\s*#?\s*([A-Za-z_][\w.]*)\s*=", s)
    return m.group(1) if m else None
for new in lines:
    k = key(new)
    hits = [i for i, s in enumerate(text) if k and key(s) == k]
    live = [i for i in hits if not text[i].lstrip().startswith("#")]
    if not hits:
        missing.append(new)
        continue
    text[(live or hits)[0]] = new
open(path, "w").write("\n".join(text))
for m in missing:
    print("no line to change for: " + m)
sys.exit(1 if missing else 0)
"""


class Runner:
    """Executes steps; ``progress`` gets one line per step."""

    def __init__(
        self,
        fleet: Fleet,
        rules: VerifyRules,
        secrets_: Secrets,
        progress: Callable[[str], None] | None = None,
    ) -> None:
        self.fleet = fleet
        self.rules = rules
        self.secrets = secrets_
        self.progress = progress or (lambda _: None)
        self.cwd: dict[tuple[str, str], str] = {}
        self.sections: dict[str, float] = {}  # wall-clock seconds per section

    def fill(self, text: str) -> str:
        """The chapter's placeholders replaced with this run's values."""
        for ph in self.rules.placeholders:
            for spelling in ph.texts:
                if spelling in text:
                    value = self.secrets.get(ph.secret)
                    if ph.transform == "md5":
                        value = hashlib.md5(value.encode()).hexdigest()
                    text = text.replace(spelling, value)
        return text

    def run(
        self, steps: list[Step], stop_after: int | None = None, keep_going: bool = False
    ) -> list[StepResult]:
        """Run ``steps`` in order; one documented line on several hosts runs on them at once."""
        results: list[StepResult] = []
        failed = False
        with ThreadPoolExecutor(max_workers=max(1, len(self.fleet.hosts))) as pool:
            for group in _groups(steps):
                if failed or (stop_after is not None and group[0].line > stop_after):
                    results += [StepResult(s, Status.SKIPPED) for s in group]
                    continue
                t0 = time.monotonic()
                done = self.group(pool, group)
                section = group[0].section or "(no section)"
                self.sections[section] = self.sections.get(section, 0.0) + time.monotonic() - t0
                for step, result in zip(group, done, strict=True):
                    results.append(result)
                    self.progress(
                        f"[{len(results)}/{len(steps)}] {step.path}:{step.line} {step.host}"
                        f" {result.status.value} {result.seconds:.1f}s  {_short(self.secrets.mask(step.text))}"
                    )
                failed = not keep_going and any(r.status in (Status.FAILED, Status.MISMATCH) for r in done)
        return results

    def group(self, pool: ThreadPoolExecutor, group: list[Step]) -> list[StepResult]:
        """A documented line's steps: at once, or host after host for a paced command."""
        pace = next((p for p in self.rules.paced if p.command.search(group[0].text)), None)
        if len(group) == 1:
            return [self.timed(group[0])]
        if pace is None:
            return list(pool.map(self.timed, group))
        done = []
        for i, step in enumerate(group):
            if i:
                time.sleep(pace.interval)
            done.append(self.timed(step))
            if done[-1].status is not Status.OK:
                break
        return done + [StepResult(s, Status.SKIPPED) for s in group[len(done) :]]

    def timed(self, step: Step) -> StepResult:
        t0 = time.monotonic()
        result = self.one(step)
        result.seconds = time.monotonic() - t0
        return result

    # -- kinds ----------------------------------------------------------------------------
    def one(self, step: Step) -> StepResult:
        if step.omit:
            return StepResult(step, Status.OMITTED, step.omit)
        if step.kind is Kind.WRITE:
            return self.write(step)
        if step.kind is Kind.EXPECT:
            return self.expect(step)
        if step.kind is Kind.PSQL:
            return self.psql(step)
        return self.command(step)

    def exec(self, step: Step, script: str, stdin: str = "", timeout: float | None = None):
        host = self.fleet[step.host]
        return host.run(script, user=step.user, stdin=stdin, timeout=timeout or self.rules.timeout)

    def exec_answering(self, step: Step, script: str):
        """Prompts are answered on a terminal, as a reader types them."""
        answers = [self.secrets.get(a) for a in step.answers]
        host = self.fleet[step.host]
        return host.run_pty(script, answers, user=step.user, timeout=self.rules.timeout)

    def command(self, step: Step) -> StepResult:
        text = self.fill(step.command)
        for wait in self.rules.waits:
            m = wait.command.search(text)
            if m:
                h, p = shlex.quote(m.group("host")), shlex.quote(m.group("port"))
                self.exec(
                    step,
                    f"timeout {wait.timeout:g} bash -c 'until (exec 3<>/dev/tcp/'{h}'/'{p}') 2>/dev/null;"
                    " do sleep 0.2; done'",
                    timeout=wait.timeout + 5,
                )
        key = (step.host, step.user)
        cwd = self.cwd.get(key)
        script = (f"cd {shlex.quote(cwd)} 2>/dev/null\n" if cwd else "") + text
        if is_cd(text):
            script += f"\n__rc=$?; printf '\\n{_PWD_MARK}%s\\n' \"$PWD\"; exit $__rc"
        rule = self.rules.output_rule(text) if step.expected else None
        deadline = time.monotonic() + (rule.eventually if rule else 0)
        attempts = 0
        expected = [self.fill(e) for e in step.expected]
        while True:
            attempts += 1
            done = self.exec_answering(step, script) if step.answers else self.exec(step, script)
            output = done.output
            if _PWD_MARK in output:
                output, _, pwd = output.rpartition(_PWD_MARK)
                self.cwd[key] = pwd.strip()
                output = output.rstrip("\n")
            live = strip_prompts(output, self.rules.prompts)
            diffs = [] if done.returncode else compare(expected, live, rule)
            if (done.returncode == 0 and not diffs) or time.monotonic() >= deadline:
                break
            time.sleep(1)
        masked = self.secrets.mask(output)
        if done.returncode != 0:
            what = "timed out" if done.timed_out else f"exited with status {done.returncode}"
            last = _last_line(masked)
            return StepResult.failed(
                step, masked, "VER001", f"on {step.host}: `{_short(self.secrets.mask(text))}` {what}{last}",
                attempts=attempts,
            )
        if diffs:
            problems = [
                Problem(
                    step.expected_numbers[i] if i < len(step.expected_numbers) else step.line,
                    "VER002",
                    f"on {step.host}: {self.secrets.mask(msg)}",
                )
                for i, msg in diffs
            ]
            return StepResult(step, Status.MISMATCH, masked, attempts=attempts, problems=problems)
        return StepResult(step, Status.OK, masked, attempts=attempts)

    def psql(self, step: Step) -> StepResult:
        lines = [
            self.secrets.get(ln[1:]) if ln.startswith("\x00") else self.fill(ln)
            for ln in step.lines
        ]
        script = f"{self.fill(step.command)} -X -q -v ON_ERROR_STOP=1"
        done = self.exec(step, script, "".join(ln + "\n" for ln in lines))
        masked = self.secrets.mask(done.output)
        if done.returncode != 0:
            line = step.line
            for ln in masked.splitlines():  # psql:<stdin>:N: ERROR -> the N-th input line
                parts = ln.split(":")
                if len(parts) > 2 and parts[0] == "psql" and parts[2].isdigit():
                    n = int(parts[2]) - 1
                    line = step.numbers[n] if 0 <= n < len(step.numbers) else line
                    break
            return StepResult.failed(
                step, masked, "VER001", f"on {step.host}: the psql session failed{_last_line(masked)}", line=line
            )
        return StepResult(step, Status.OK, masked)

    def write(self, step: Step) -> StepResult:
        lines = [self.fill(ln) for ln in step.lines]
        target = _shell_path(step.command)
        if step.assign:
            script = f"python3 -c {shlex.quote(_ASSIGN)} {target} " + " ".join(
                shlex.quote(ln) for ln in lines
            )
            stdin = ""
        else:
            # Content typed at the end of the file, as an editor session would leave it.
            script = (
                f'f={target}; mkdir -p "$(dirname "$f")"; '
                'if [ -s "$f" ] && [ -n "$(tail -c1 "$f")" ]; then echo >> "$f"; fi; cat >> "$f"'
            )
            stdin = "".join(ln + "\n" for ln in lines)
        if step.check:
            script += f" && {step.check}"
        done = self.exec(step, script, stdin)
        masked = self.secrets.mask(done.output)
        if done.returncode != 0:
            code = "VER003" if step.assign else "VER001"
            message = f"on {step.host}: editing {step.text} failed{_last_line(masked)}"
            return StepResult.failed(step, masked, code, message)
        return StepResult(step, Status.OK, masked)

    def expect(self, step: Step) -> StepResult:
        done = self.exec(step, f"cat {_shell_path(step.command)}")
        masked = self.secrets.mask(done.output)
        want = [self.fill(ln) for ln in step.lines]
        live = masked.splitlines()
        if done.returncode != 0 or [ln.strip() for ln in live] != [ln.strip() for ln in want]:
            return StepResult.failed(
                step, masked, "VER002",
                f"on {step.host}: {step.text} holds {_short(' / '.join(live))!r},"
                f" documented {_short(' / '.join(want))!r}",
                status=Status.MISMATCH,
            )
        return StepResult(step, Status.OK, masked)


def _groups(steps: list[Step]) -> list[list[Step]]:
    """Consecutive steps of one documented line on different hosts (``[all servers]``)."""
    groups: list[list[Step]] = []
    for step in steps:
        last = groups[-1] if groups else None
        if (
            last is not None
            and (last[0].line, last[0].kind, last[0].block) == (step.line, step.kind, step.block)
            and step.host not in {s.host for s in last}
        ):
            last.append(step)
        else:
            groups.append([step])
    return groups


def _shell_path(path: str) -> str:
    """A path for the shell: ``~/x`` stays expandable, the rest is quoted."""
    if path.startswith("~/"):
        return "~/" + shlex.quote(path[2:])
    return shlex.quote(path)


def _short(text: str, width: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _last_line(output: str) -> str:
    lines = [ln.strip() for ln in output.splitlines() if ln.strip()]
    return f": {_short(lines[-1], 120)}" if lines else ""
