"""`docsync verify` for real: three emulated Debian servers run our chapter (root needed).

One full run on sgml/ is shared by the tests that read its results (across xdist workers
too); broken copies of the chapter run only up to the step that must fail. Fleets never run
side by side: each test that boots one holds a lock for as long. (The xdist group alone did
not keep them apart: in CI both workers ran tests of this module, two full runs at once, and
the load made one's watchdog miss a node.)
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import PROJECT, chromium_dom, require_tool, require_upstream

pytestmark = [pytest.mark.verify, pytest.mark.slow, pytest.mark.xdist_group("verify")]

CHAPTER = Path("doc/src/sgml/example-cluster.sgml")
DOCSYNC = [sys.executable, "-m", "docsync"]
WATCHED = ("/etc", "/var/lib/postgresql", "/run/postgresql")


def _require_root() -> None:
    if os.geteuid() == 0:
        return
    if os.environ.get("CI") == "true":
        pytest.fail("docsync verify needs root in CI")
    pytest.skip("docsync verify needs root")


def _listing(roots: tuple[str, ...] = WATCHED) -> str:
    """A hash of every path, type, mode, size and mtime below ``roots``."""
    h = hashlib.sha256()
    for root in roots:
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames.sort()
            for name in sorted(filenames) + dirnames:
                p = os.path.join(dirpath, name)
                try:
                    st = os.lstat(p)
                except OSError:
                    continue
                h.update(f"{p} {st.st_mode} {st.st_size} {st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def _net_namespaces() -> set[str]:
    out = subprocess.run(["lsns", "-t", "net", "-n", "-o", "NS"], capture_output=True, text=True)
    return set(out.stdout.split())


@contextlib.contextmanager
def _one_fleet_at_a_time():
    """Hold the machine-wide lock of this test module's fleets (released when the test ends)."""
    with open("/tmp/docsync-verify-tests.lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        yield


@pytest.fixture
def fleet_lock() -> object:
    with _one_fleet_at_a_time():
        yield


def _verify(*args: str, timeout: float = 900) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*DOCSYNC, "verify", *args], capture_output=True, text=True, timeout=timeout, cwd=PROJECT
    )


@pytest.fixture(scope="module")
def full_run(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The one full run of this session: the first worker to get here makes it, the other
    reads what it left in the session's shared temporary directory."""
    _require_root()
    require_tool("pgpool")
    base = tmp_path_factory.getbasetemp()
    out = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "verify-full-run"
    record = out / "run.json"
    with _one_fleet_at_a_time():
        if not record.exists():
            out.mkdir(exist_ok=True)
            before = _listing()
            done = _verify(
                "--format", "json",
                "--transcript", str(out / "t.txt"),
                "--html", str(out / "t.html"),
                "--junit", str(out / "junit.xml"),
            )
            data = {"returncode": done.returncode, "stdout": done.stdout, "stderr": done.stderr,
                    "before": before, "after": _listing()}
            record.write_text(json.dumps(data))
    data = json.loads(record.read_text())
    done = subprocess.CompletedProcess([], data["returncode"], data["stdout"], data["stderr"])
    return {"done": done, "out": out, "before": data["before"], "after": data["after"]}


def test_our_chapter_runs_end_to_end(full_run: dict) -> None:
    done = full_run["done"]
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    report = json.loads(done.stdout)
    assert report["summary"]["errors"] == 0
    transcript = (full_run["out"] / "t.txt").read_text()
    # The whole story ran: standbys by online recovery, the VIP moved, failover, old primary back.
    for line in (
        "pcp_recovery_node -h 192.168.137.150 -p 9898 -U pgpool -n 1",
        "pcp_recovery_node -h 192.168.137.150 -p 9898 -U pgpool -n 0",
    ):
        assert line in transcript
    assert "skipped" not in transcript
    assert "Command Successful" in transcript


def test_the_real_machine_is_unchanged(full_run: dict) -> None:
    assert full_run["before"] == full_run["after"]
    assert not subprocess.run(["ip", "-br", "addr"], capture_output=True, text=True).stdout.count(
        "192.168.137."
    )


def test_secrets_never_appear_and_substitutions_are_listed(full_run: dict) -> None:
    transcript = (full_run["out"] / "t.txt").read_text()
    assert (
        "Substitutions:" in transcript and "systemctl" in transcript and "ssh-copy-id" in transcript
    )
    assert "<pcp>" in transcript or "<md5 of pcp>" in transcript  # masked, not the value
    # A generated secret is 20 hex digits; none may be printed.
    assert not re.search(r"(?<![0-9a-f])[0-9a-f]{20}(?![0-9a-f])", transcript)


def test_junit_has_a_case_per_step(full_run: dict) -> None:
    import xml.etree.ElementTree as ET

    suite = ET.parse(full_run["out"] / "junit.xml").getroot()
    assert suite.tag == "testsuite" and int(suite.get("tests", "0")) > 100
    assert suite.get("failures") == "0"


def test_html_transcript_renders_in_chromium(full_run: dict, tmp_path: Path) -> None:
    dom = chromium_dom(full_run["out"] / "t.html", tmp_path / "profile")
    assert dom.count('<tr class="ok"') > 100
    assert "show pool_nodes" in dom and 'class="live"' in dom


# ---- broken copies ------------------------------------------------------------------------


def _broken(tmp_path: Path, old: str, new: str) -> tuple[Path, int]:
    """A copy of sgml/ with one change; the line of the change in the English chapter."""
    copy = tmp_path / "docs"
    shutil.copytree(PROJECT / "sgml", copy)
    path = copy / CHAPTER
    text = path.read_text()
    assert text.count(old) == 1, old
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new))
    return copy, line


@pytest.mark.parametrize(
    ("old", "new", "code", "offset"),
    [
        pytest.param(  # wrong path
            "[all servers]# cp /usr/share/doc/pgpool2/examples/scripts/failover.sh.sample",
            "[all servers]# cp /usr/share/doc/pgpool2/sample/failover.sh.sample",
            "VER001",
            0,
            id="wrong-path",
        ),
        pytest.param(  # wrong port
            '[server1]$ psql template1 -c "CREATE EXTENSION pgpool_recovery"',
            '[server1]$ psql -p 5433 template1 -c "CREATE EXTENSION pgpool_recovery"',
            "VER001",
            0,
            id="wrong-port",
        ),
        pytest.param(  # missing step: the sample is never copied, so the next line's chown fails
            "[all servers]# cp /usr/share/doc/pgpool2/examples/scripts/escalation.sh.sample"
            " /etc/pgpool2/escalation.sh\n",
            "",
            "VER001",
            0,
            id="missing-step",
        ),
        pytest.param(  # wrong documented output
            'pgpool_recovery"\nCREATE EXTENSION\n',
            'pgpool_recovery"\nCREATE EXTENSIONS\n',
            "VER002",
            1,
            id="wrong-output",
        ),
    ],
)
def test_a_broken_chapter_fails_at_the_right_line(
    tmp_path: Path, old: str, new: str, code: str, offset: int, fleet_lock: object
) -> None:
    _require_root()
    docs, line = _broken(tmp_path, old, new)
    expected = line + offset
    done = _verify("--docs", str(docs), "--format", "json", "--until", str(expected))
    assert done.returncode == 1, done.stderr[-2000:]
    findings = json.loads(done.stdout)["findings"]
    errors = [f for f in findings if f["severity"] == "error"]
    assert errors, findings
    assert {(f["code"], f["line"]) for f in errors} == {(code, expected)}, errors
    assert all(
        f["category"] == "executable" and f["path"].endswith("example-cluster.sgml") for f in errors
    )


def test_a_difference_the_configuration_ignores_is_not_reported(tmp_path: Path, fleet_lock: object) -> None:
    """verify's findings go through the same finishing as every command's: the wrong output
    above, with VER002 ignored by name in [tool.docsync.verify], exits 0."""
    _require_root()
    docs, line = _broken(tmp_path, 'pgpool_recovery"\nCREATE EXTENSION\n', 'pgpool_recovery"\nCREATE EXTENSIONS\n')
    (docs / ".docsync.toml").write_text('[verify]\nignore = ["verify-output-mismatch"]\n')
    done = _verify("--docs", str(docs), "--format", "json", "--until", str(line + 1))
    assert done.returncode == 0, done.stderr[-2000:]
    assert not [f for f in json.loads(done.stdout)["findings"] if f["code"] == "VER002"]


# ---- an upstream chapter through the RHEL -> Debian profile --------------------------------

def test_upstream_chapter_runs_with_the_rhel_profile_until_the_first_difference(
    tmp_path: Path, fleet_lock: object
) -> None:
    """Installation maps to Debian and runs, initdb is left out (Debian made the cluster), and
    the first real difference is reported: root may not log in as postgres over the socket."""
    _require_root()
    chapter = require_upstream() / "V4_3_STABLE" / CHAPTER
    text = chapter.read_text()
    psql = text[: text.index("]# psql -U postgres -p 5432")].count("\n") + 1
    junit = tmp_path / "junit.xml"
    done = _verify(
        "--docs", str(chapter), "--profile", "rhel-debian", "--keep-going", "--until", str(psql),
        "--format", "json", "--junit", str(junit),
    )
    assert done.returncode == 1, done.stderr[-2000:]
    errors = [f for f in json.loads(done.stdout)["findings"] if f["severity"] == "error"]
    assert [(f["code"], f["line"]) for f in errors] == [("VER001", psql)], errors
    assert "Peer authentication fail" in errors[0]["message"]
    cases = junit.read_text()
    assert "created and started the cluster" in cases  # initdb, omitted with the profile's reason
    assert 'failures="1"' in cases


# ---- teardown -----------------------------------------------------------------------------


def test_killing_verify_leaves_nothing_behind(tmp_path: Path, fleet_lock: object) -> None:
    _require_root()
    tag = f"docsync-teardown-{os.getpid()}-{time.monotonic_ns()}"
    namespaces = _net_namespaces()
    before = _listing()
    proc = subprocess.Popen(
        [*DOCSYNC, "verify", "--progress", "always"],
        cwd=PROJECT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "DOCSYNC_TEARDOWN_TAG": tag},
    )
    assert proc.stderr is not None
    for line in proc.stderr:  # mid-run: PostgreSQL and sshd are running on every host
        if line.startswith("[20/"):
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and _tagged(tag):
        time.sleep(0.2)
    assert _tagged(tag) == []
    assert _net_namespaces() <= namespaces
    assert (
        "192.168.137." not in subprocess.run(["ip", "addr"], capture_output=True, text=True).stdout
    )
    assert "docsync-verify" not in Path("/proc/self/mountinfo").read_text()
    assert _listing() == before


def _tagged(tag: str) -> list[int]:
    """Processes that inherited the run's environment marker (the hosts' init, unshare...)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if tag.encode() in (entry / "environ").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return found
