"""Atomic replacement keeps permissions and never leaves a half-written or stray file."""

from __future__ import annotations

import os
import stat

import pytest

from docsync import atomic
from docsync.atomic import write_atomic


def test_new_file_and_kept_mode(tmp_path) -> None:
    path = tmp_path / "pgpool.conf"
    write_atomic(path, b"port = 9999\n")
    assert path.read_bytes() == b"port = 9999\n" and stat.S_IMODE(path.stat().st_mode) == 0o644
    os.chmod(path, 0o600)
    write_atomic(path, b"port = 9998\n")
    assert path.read_bytes() == b"port = 9998\n" and stat.S_IMODE(path.stat().st_mode) == 0o600
    write_atomic(path, b"#!/bin/sh\n", mode=0o755)
    assert stat.S_IMODE(path.stat().st_mode) == 0o755


def test_failure_leaves_the_old_file_and_no_temp(tmp_path, monkeypatch) -> None:
    path = tmp_path / "a.conf"
    path.write_bytes(b"old\n")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", broken_replace)
    with pytest.raises(OSError):
        write_atomic(path, b"new\n")
    assert path.read_bytes() == b"old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.conf"]
