"""Emulated servers: one set of Linux namespaces per documented host, over a throw-away overlay.

Each host is ``unshare --mount --uts --ipc --net --pid --fork --kill-child`` running a small
boot script: a private tmpfs holds the overlay's upper layer and a copy of the base layer
(packages the machine lacks), the overlay of the real root becomes ``/`` by ``pivot_root``, and
a reaper stays as PID 1. The hosts' interfaces are veth pairs whose other ends sit on a bridge
in a "switch" network namespace that this module creates, so the documented addresses exist
only inside those namespaces. Commands enter a host with ``nsenter``.

Teardown is guaranteed without cleanup code running: every ``unshare`` gets SIGKILL when this
process dies (``PR_SET_PDEATHSIG``), ``--kill-child`` passes that on to the host's PID 1, and
when PID 1 dies the kernel kills the rest of its PID namespace and frees its mounts and
network namespace. Nothing is registered on the real machine (no ``ip netns``, no files).
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import os
import select
import shlex
import signal
import subprocess
import termios
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from docsync.errors import DocsyncError
from docsync.verify.boot import HostSpec, boot_script

_PR_SET_PDEATHSIG = 1
_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


class FleetUnavailable(DocsyncError):
    """This machine cannot run emulated hosts (not root, or a kernel feature is missing)."""


@dataclass(frozen=True)
class Completed:
    """A finished command: exit status, merged stdout/stderr, and whether it timed out."""

    returncode: int
    output: str
    timed_out: bool = False


def _die_with_parent() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    os.setsid()


def preflight() -> None:
    """Raise ``FleetUnavailable`` with one clear line when hosts cannot be emulated here."""
    if os.geteuid() != 0:
        raise FleetUnavailable("verify needs root to create namespaces and overlay mounts")
    for tool in ("unshare", "nsenter", "ip", "mount"):
        if not any(Path(d, tool).exists() for d in _PATH.split(":")):
            raise FleetUnavailable(f"verify needs {tool!r} (util-linux / iproute2)")
    try:
        filesystems = Path("/proc/filesystems").read_text()
    except OSError:
        filesystems = ""
    if "overlay" not in filesystems:
        probe = subprocess.run(["modprobe", "overlay"], capture_output=True)
        if probe.returncode != 0:
            raise FleetUnavailable(
                "verify needs overlayfs (the kernel has no 'overlay' filesystem)"
            )
    probe = subprocess.run(
        ["unshare", "--mount", "--uts", "--ipc", "--net", "--pid", "--fork", "true"],
        capture_output=True,
        text=True,
    )
    if probe.returncode != 0:
        reason = probe.stderr.strip().splitlines()[-1:] or ["unknown error"]
        raise FleetUnavailable(f"verify cannot create namespaces here: {reason[0]}")


class Host:
    """One running emulated host."""

    def __init__(
        self, spec: HostSpec, proc: subprocess.Popen[bytes], pid: int, env: dict[str, str] | None = None
    ) -> None:
        self.env = env or {}
        self.spec = spec
        self.proc = proc  # the unshare process
        self.pid = pid  # PID 1 of the host, as seen from here

    @property
    def name(self) -> str:
        return self.spec.name

    def argv(self, user: str, script: str, login: bool) -> list[str]:
        """The command line that runs ``script`` with bash in this host as ``user``."""
        enter = ["nsenter", "-t", str(self.pid), "-m", "-u", "-i", "-n", "-p", "-r", "-w", "--"]
        if user == "root":
            home = "/root"
            shell = [
                "/usr/bin/env",
                "-i",
                f"PATH={_PATH}",
                f"HOME={home}",
                "USER=root",
                "LOGNAME=root",
                "LANG=C.UTF-8",
                "TERM=dumb",
                *(f"{k}={v}" for k, v in self.env.items()),
                "/bin/bash",
            ]
            # Not a login shell (Debian's profile costs a third of a second per command), but
            # where a reader's root shell starts.
            shell += ["-c", f"cd {home} 2>/dev/null\n{script}" if login else script]
            return enter + shell
        # runuser -l: a login shell as a reader gets it from `su - USER`; it clears the
        # environment, so the fleet's variables are set in the shell.
        exports = "".join(f"export {k}={shlex.quote(v)}\n" for k, v in self.env.items())
        return [*enter, "/usr/sbin/runuser", "-l", user, "-c", exports + script]

    def run(
        self,
        script: str,
        *,
        user: str = "root",
        stdin: str = "",
        timeout: float = 120.0,
        login: bool = True,
    ) -> Completed:
        """Run a bash script in this host; stdout and stderr merged, no terminal."""
        proc = subprocess.Popen(
            self.argv(user, script, login),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            preexec_fn=_die_with_parent,  # also a new session: no controlling terminal
        )
        try:
            out, _ = proc.communicate(stdin.encode(), timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            out, _ = proc.communicate()
            return Completed(124, out.decode(errors="replace"), timed_out=True)
        return Completed(proc.returncode, out.decode(errors="replace"))

    def run_pty(
        self, script: str, answers: Sequence[str], *, user: str = "root", timeout: float = 120.0
    ) -> Completed:
        """Run on a terminal, typing each answer when the program prompts (a line ending ":").

        Programs such as ``pg_md5 --prompt`` refuse to read a password from anything else.
        """
        master, slave = os.openpty()
        proc = subprocess.Popen(
            self.argv(user, script, True),
            stdin=slave,
            stdout=slave,
            stderr=slave,
            preexec_fn=_with_terminal,
        )
        os.close(slave)
        pending = list(answers)
        buf = b""
        answered_at = 0
        deadline = time.monotonic() + timeout
        timed_out = False
        try:
            while True:
                ready, _, _ = select.select([master], [], [], 0.05)
                if ready:
                    try:
                        data = os.read(master, 65536)
                    except OSError:  # EIO: the terminal's last user has gone
                        data = b""
                    if not data:
                        break
                    buf += data
                    continue
                tail = buf[answered_at:].rsplit(b"\n", 1)[-1].strip()
                if pending and tail.endswith(b":"):
                    os.write(master, pending.pop(0).encode() + b"\n")
                    answered_at = len(buf)
                if time.monotonic() > deadline:
                    timed_out = True
                    _kill_group(proc)
                    break
        finally:
            os.close(master)
        rc = proc.wait()
        out = buf.decode(errors="replace").replace("\r\n", "\n").replace("\r", "")
        return Completed(124 if timed_out else rc, out, timed_out)


def _with_terminal() -> None:
    """Child side of ``run_pty``: own session, the pty as controlling terminal."""
    _die_with_parent()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)


def _child_of(pid: int, deadline: float) -> int:
    """The PID of the process ``unshare --fork`` started (the host's PID 1)."""
    path = Path(f"/proc/{pid}/task/{pid}/children")
    while time.monotonic() < deadline:
        try:
            children = path.read_text().split()
        except OSError:
            children = []
        if children:
            return int(children[0])
        time.sleep(0.01)
    raise FleetUnavailable("an emulated host did not start (unshare produced no child)")


def _ready(pid: int) -> bool:
    """PID 1 has finished booting once it runs the reaper."""
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip().startswith("python")
    except OSError:
        return False


class Fleet:
    """The emulated hosts and their network; a context manager that always tears down."""

    def __init__(
        self,
        specs: Sequence[HostSpec],
        *,
        base: Path | None = None,
        files: dict[str, tuple[str, int]] | None = None,
        host_files: dict[str, dict[str, tuple[str, int]]] | None = None,
        env: dict[str, str] | None = None,
    ) -> None:
        self.env = env or {}
        self.specs = tuple(specs)
        self.base = base
        self.files = files or {}
        self.host_files = host_files or {}
        self.hosts: dict[str, Host] = {}
        self.switch: subprocess.Popen[bytes] | None = None
        self.boot_seconds = 0.0

    def __enter__(self) -> Fleet:
        try:
            self.start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> None:
        """Boot every host and wire the network; raises ``FleetUnavailable`` on failure."""
        preflight()
        t0 = time.monotonic()
        self.switch = subprocess.Popen(
            ["unshare", "--net", "--", "sleep", "infinity"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=_die_with_parent,
        )
        hosts_text = _etc_hosts(self.specs)
        boots: list[tuple[HostSpec, subprocess.Popen[bytes]]] = []
        for spec in self.specs:
            files = {
                "/etc/hosts": (hosts_text, 0o644),
                **self.files,
                **self.host_files.get(spec.name, {}),
            }
            script = boot_script(spec, self.base, files)
            proc = subprocess.Popen(
                [
                    "unshare",
                    "--mount",
                    "--uts",
                    "--ipc",
                    "--net",
                    "--pid",
                    "--fork",
                    "--kill-child",
                    "--",
                    "/bin/bash",
                    "-c",
                    script,
                ],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                preexec_fn=_die_with_parent,
            )
            boots.append((spec, proc))
        deadline = time.monotonic() + 60
        for spec, proc in boots:
            pid = _child_of(proc.pid, deadline)
            while not _ready(pid):
                if proc.poll() is not None or time.monotonic() > deadline:
                    out = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
                    last = out.strip().splitlines()[-1:] or ["no output"]
                    raise FleetUnavailable(f"host {spec.name} did not boot: {last[0]}")
                time.sleep(0.01)
            self.hosts[spec.name] = Host(spec, proc, pid, self.env)
        self._wire()
        self.boot_seconds = time.monotonic() - t0

    def _switch_ip(self, *args: str) -> None:
        assert self.switch is not None
        _check(["nsenter", "-t", str(self.switch.pid), "-n", "ip", *args])

    def _wire(self) -> None:
        """A bridge in the switch namespace, one veth per host named as documented."""
        self._switch_ip("link", "add", "br0", "type", "bridge")
        self._switch_ip("link", "set", "br0", "up")
        for i, host in enumerate(self.hosts.values()):
            peer = f"vh{i}"
            spec = host.spec
            self._switch_ip(
                "link",
                "add",
                peer,
                "type",
                "veth",
                "peer",
                "name",
                spec.interface,
                "netns",
                str(host.pid),
            )
            self._switch_ip("link", "set", peer, "master", "br0", "up")
            out = host.run(
                f"ip addr add {spec.address}/{spec.prefix} dev {spec.interface}"
                f" && ip link set {spec.interface} up",
                login=False,
                timeout=20,
            )
            if out.returncode != 0:
                raise FleetUnavailable(
                    f"host {spec.name}: cannot configure {spec.interface}: {out.output.strip()}"
                )

    def close(self) -> None:
        """Kill every host's PID 1 and the switch; the kernel frees the rest."""
        for host in self.hosts.values():
            for pid in (host.pid, host.proc.pid):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        for host in self.hosts.values():
            with contextlib.suppress(subprocess.TimeoutExpired):
                host.proc.wait(timeout=10)
            if host.proc.stdout:
                host.proc.stdout.close()
        if self.switch is not None:
            self.switch.kill()
            self.switch.wait(timeout=10)
            self.switch = None
        self.hosts.clear()

    def __getitem__(self, name: str) -> Host:
        return self.hosts[name]


def _etc_hosts(specs: Sequence[HostSpec]) -> str:
    lines = ["127.0.0.1\tlocalhost", "::1\tlocalhost ip6-localhost ip6-loopback"]
    lines += [f"{s.address}\t{s.name}" for s in specs]
    return "\n".join(lines) + "\n"


def _check(argv: list[str]) -> None:
    res = subprocess.run(argv, capture_output=True, text=True)
    if res.returncode != 0:
        raise FleetUnavailable(f"{' '.join(argv[4:])}: {res.stderr.strip() or 'failed'}")
