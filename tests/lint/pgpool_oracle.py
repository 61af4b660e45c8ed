"""Ask the real pgpool whether it accepts a configuration, and what it read from it.

pgpool has no check mode, but ``pgpool -f CONF -F PCP -a HBA reload`` parses and validates the
whole configuration (lexer, every value, the post-processing checks) before it reads its pid
file. With ``pid_file_name`` in an empty directory the answer is therefore one line:
``FATAL: could not read pid file`` means the configuration was accepted, any other FATAL
means it was rejected. Nothing is signalled: the pid file never exists, and as root the
process runs as ``nobody`` (``setpriv``) so that even a stray pid file could not be used to
signal a real process. pgpool 4.3.5 itself does not refuse to run ``reload`` as root; the
privilege drop is defence in depth, not a workaround.

Each case lives in its own directory: ``case.conf`` (the configuration under test, plus any
files it includes) and ``pgpool.conf``, a small harness that turns on debug logging, includes
``case.conf`` and then points every path pgpool might use into the directory::

    log_min_messages = debug5     # before the case, so INFO/DEBUG lines about it are logged
    include = 'case.conf'
    pid_file_name = '<dir>/run/pgpool.pid'   # <dir>/run is empty
    logdir = '<dir>'  ...

Debug level makes pgpool log ``set_config_option "name" = "value"`` for every setting it
applies, in order: the parser-level oracle (what pgpool's lexer made of the bytes). INFO lines
name parameters it does not know (``unrecognized configuration parameter``), which it
otherwise ignores silently. With ``use_watchdog = on`` pgpool 4.3 insists on a
``pgpool_node_id`` file beside the configuration; the harness writes one (it is the host's
identity, not configuration), so a case is judged on its configuration alone.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

CASE_FILE = "case.conf"
HARNESS_FILE = "pgpool.conf"

# Settings the harness makes after the case: paths into the case directory, logging to stderr.
_HARNESS = """\
# Pgpool-II 4.3 configuration file: differential-test harness around case.conf
log_min_messages = debug5
log_destination = 'stderr'
include = '{case}'
pid_file_name = '{dir}/run/pgpool.pid'
logdir = '{dir}'
socket_dir = '{dir}'
pcp_socket_dir = '{dir}'
wd_ipc_socket_dir = '{dir}'
memqcache_oiddir = '{dir}/oiddir'
log_destination = 'stderr'
log_min_messages = debug5
"""
# Names the harness sets after the case; the case's own values for them are overridden.
HARNESS_NAMES = frozenset(
    {
        "log_min_messages",
        "log_destination",
        "pid_file_name",
        "logdir",
        "socket_dir",
        "pcp_socket_dir",
        "wd_ipc_socket_dir",
        "memqcache_oiddir",
    }
)

ACCEPTED_FATAL = "could not read pid file"
FLEX_FAILURE = "input in flex scanner failed"

_LINE = re.compile(
    r"(?P<level>DEBUG|INFO|NOTICE|WARNING|ERROR|LOG|FATAL|PANIC|DETAIL|HINT|CONTEXT):  "
    r"(?P<msg>.*)$"
)
_SET = re.compile(r'set_config_option "(?P<name>[^"]*)" = "(?P<value>.*)"$')
_UNKNOWN = re.compile(r'unrecognized configuration parameter "(?P<name>.*)"$')


@dataclass(frozen=True)
class Observation:
    """What pgpool said about one configuration."""

    verdict: str  # "accepted", "rejected" or "unknown" (no answer: the harness failed)
    fatal: str = ""  # the FATAL message and its DETAIL, when rejected
    unknown_names: tuple[str, ...] = ()  # INFO: unrecognized configuration parameter
    warnings: tuple[str, ...] = ()  # WARNING lines (old names pgpool still copies, ...)
    applied: tuple[tuple[str, str], ...] = ()  # set_config_option, in order
    returncode: int = 0
    log: str = field(default="", repr=False)  # the whole stderr; may hold secrets: never print

    @property
    def accepted(self) -> bool:
        return self.verdict == "accepted"

    @property
    def rejected(self) -> bool:
        return self.verdict == "rejected"


def harness_text(directory: Path) -> str:
    return _HARNESS.format(case=CASE_FILE, dir=directory)


def materialize(directory: Path, case: bytes, files: Mapping[str, bytes] = {}) -> Path:
    """Write ``case.conf``, its companion files and the harness; return the harness path.

    ``{DIR}`` in any file stands for the case directory (for absolute include paths).
    """
    directory.mkdir(parents=True, exist_ok=True)
    token = str(directory).encode()
    (directory / "run").mkdir()
    (directory / "pgpool_node_id").write_text("0\n")
    (directory / CASE_FILE).write_bytes(case.replace(b"{DIR}", token))
    for name, data in files.items():
        target = directory / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data.replace(b"{DIR}", token))
    harness = directory / HARNESS_FILE
    harness.write_text(harness_text(directory))
    return harness


def _readable_by_all(directory: Path) -> None:
    for root, _dirs, files in os.walk(directory):
        os.chmod(root, 0o755)
        for name in files:
            os.chmod(os.path.join(root, name), 0o644)


def pgpool_command(pgpool: str, harness: Path) -> list[str]:
    """The reload check; as root it runs as nobody (pgpool never needs root to parse)."""
    cmd = [pgpool, "-f", str(harness), "-F", "/dev/null", "-a", "/dev/null", "reload"]
    setpriv = shutil.which("setpriv")
    if os.geteuid() == 0 and setpriv:
        cmd = [setpriv, "--reuid=nobody", "--regid=nogroup", "--clear-groups", *cmd]
    return cmd


def run_pgpool(pgpool: str, harness: Path, timeout: float = 20.0) -> Observation:
    """Run the reload check on ``harness``; its run directory must be empty (no pid file)."""
    run_dir = harness.parent / "run"
    if any(run_dir.iterdir()):
        raise RuntimeError(f"{run_dir} is not empty: refusing to let pgpool signal a pid")
    if os.geteuid() == 0:
        _readable_by_all(harness.parent)
    proc = subprocess.run(
        pgpool_command(pgpool, harness),
        capture_output=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
        cwd=harness.parent,
        env={"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C", "HOME": str(harness.parent)},
    )
    return parse_log(proc.stderr.decode("utf-8", "surrogateescape"), proc.returncode)


def parse_log(log: str, returncode: int = 0) -> Observation:
    fatal: list[str] = []
    unknown: list[str] = []
    warnings: list[str] = []
    applied: list[tuple[str, str]] = []
    after_fatal = False
    for line in log.splitlines():
        m = _LINE.search(line)
        if not m:
            continue
        level, msg = m["level"], m["msg"]
        if level == "FATAL":
            fatal.append(msg)
            after_fatal = True
        elif level == "DETAIL" and after_fatal:
            fatal.append(msg)
        elif level == "INFO" and (u := _UNKNOWN.match(msg)):
            unknown.append(u["name"])
        elif level == "WARNING":
            warnings.append(msg)
        elif level == "DEBUG" and (s := _SET.match(msg)):
            applied.append((s["name"], s["value"]))
        if level not in ("FATAL", "DETAIL"):
            after_fatal = False
    if not fatal:
        # Not a FATAL, but pgpool cannot run with the file either: the lexer gives up on an
        # include that names a directory or nothing, and an index past the end crashes it.
        if returncode < 0:
            fatal = [f"pgpool crashed (signal {-returncode})"]
        elif FLEX_FAILURE in log:
            fatal = [FLEX_FAILURE]
    if not fatal:
        verdict = "unknown"
    elif fatal[0] == ACCEPTED_FATAL:
        verdict = "accepted"
    else:
        verdict = "rejected"
    return Observation(
        verdict,
        "; ".join(fatal) if verdict == "rejected" else "",
        tuple(unknown),
        tuple(warnings),
        tuple(applied),
        returncode,
        log,
    )


def redact(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every secret value replaced by ``'***'`` (longest first)."""
    for secret in sorted({s for s in secrets if s}, key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


def case_directory(parent: Path | None = None) -> Path:
    return Path(tempfile.mkdtemp(prefix="pgpool-case-", dir=parent))
