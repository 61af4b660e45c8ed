"""The script that turns a new set of namespaces into a host: overlay root, mounts, reaper.

It runs as PID 1 of the host (``unshare --fork``): a private tmpfs holds the overlay's upper
layer and a copy of the base layer, the overlay of the real root becomes ``/`` by
``pivot_root``, and a reaper that waits for every orphan stays as PID 1.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from pathlib import Path

_REAPER = (
    "import os,time\n"
    "while True:\n"
    "    try: os.wait()\n"
    "    except ChildProcessError: time.sleep(0.2)\n"
)


@dataclass(frozen=True)
class HostSpec:
    """A documented host: name, interface and address (with prefix length)."""

    name: str
    address: str
    interface: str = "enp1s0"
    prefix: int = 24


def boot_script(spec: HostSpec, base: Path | None, files: dict[str, tuple[str, int]]) -> str:
    """The shell script PID 1 of a new host runs before it becomes the reaper."""
    lines = [
        "set -e",
        "mount --make-rprivate /",
        "T=/mnt",  # any existing directory: the tmpfs is visible only in this mount namespace
        "mount -t tmpfs -o size=8g,mode=755 docsync-verify $T",
        "mkdir -p $T/upper $T/work $T/root $T/base",
    ]
    if base is not None:
        # Overlay layers may not overlap, and the cache lies below "/": copy it into the tmpfs.
        lines.append(f"cp -a {shlex.quote(str(base))}/. $T/base/")
    lines += [
        "mount -t overlay overlay -o lowerdir=$T/base:/,upperdir=$T/upper,workdir=$T/work $T/root",
        "R=$T/root",
        "mount --rbind /dev $R/dev",
        "mount -t tmpfs -o mode=1777 shm $R/dev/shm",
        "mount -t tmpfs -o mode=755 run $R/run",
        "mount -t tmpfs -o mode=1777 tmp $R/tmp",
        # A fresh machine's root has an empty home; this machine's /root (keys, history) stays out.
        "mount -t tmpfs -o mode=700 roothome $R/root",
        "mount -t sysfs sysfs $R/sys 2>/dev/null || true",
        f"echo {shlex.quote(spec.name)} > $R/etc/hostname",
    ]
    for path, (text, mode) in files.items():
        lines.append(f"mkdir -p $R{shlex.quote(str(Path(path).parent))}")
        lines.append(f"printf '%s' {shlex.quote(text)} > $R{shlex.quote(path)}")
        lines.append(f"chmod {mode:o} $R{shlex.quote(path)}")
    lines += [
        "cd $R",
        "mkdir -p .oldroot",
        "pivot_root . .oldroot",
        "mount -t proc proc /proc",  # before umount: libmount reads /proc/self/mountinfo
        "umount -l /.oldroot",
        "rmdir /.oldroot",
        f"hostname {shlex.quote(spec.name)}",
        "ip link set lo up",
        "cd /",
        f"exec /usr/bin/python3 -c {shlex.quote(_REAPER)}",
    ]
    return "\n".join(lines) + "\n"
