"""Which file of a Pgpool-II configuration directory an input is, so each gets its own grammar.

By name first (what pgpool and its tools call their files, and the names of upstream's
scripts), then by content for a renamed file. Anything that
looks like ``name = value`` lines stays a pgpool.conf: that is what ``docsync lint`` was
given before it knew other kinds, and what tests, samples and pipes give it.
"""

from __future__ import annotations

import enum
import os
import re
import shlex


class FileKind(enum.Enum):
    """The files of a configuration directory, and the scripts pgpool runs."""

    PGPOOL_CONF = "pgpool.conf"
    POOL_HBA = "pool_hba.conf"
    PCP_CONF = "pcp.conf"
    POOL_PASSWD = "pool_passwd"
    NODE_ID = "pgpool_node_id"
    PCPPASS = ".pcppass"
    PGPASS = ".pgpass"
    SCRIPT = "script"
    UNKNOWN = "unknown"


# Backup and package-manager leftovers are their original's kind, with the suffix dropped.
_SUFFIXES = re.compile(r"(\.sample(-[a-z-]+)?|\.dpkg-[a-z]+|\.rpm[a-z]+|\.bak|\.orig|~)+$")
_BY_NAME = {
    "pgpool.conf": FileKind.PGPOOL_CONF,
    "pool_hba.conf": FileKind.POOL_HBA,
    "pcp.conf": FileKind.PCP_CONF,
    "pool_passwd": FileKind.POOL_PASSWD,
    "pgpool_node_id": FileKind.NODE_ID,
    ".pcppass": FileKind.PCPPASS,
    ".pgpass": FileKind.PGPASS,
    "pcppass": FileKind.PCPPASS,  # copies without the dot (the docs' generated files)
    "pgpass": FileKind.PGPASS,
    # PostgreSQL's own files sit beside pgpool's in generated trees: not pgpool.conf
    "postgresql.conf": FileKind.UNKNOWN,
    "postgresql.auto.conf": FileKind.UNKNOWN,
    "pg_hba.conf": FileKind.UNKNOWN,
    "pg_ident.conf": FileKind.UNKNOWN,
}
# The scripts upstream ships (src/sample/scripts) and the docs' example cluster installs.
_SCRIPT_NAMES = re.compile(
    r"^(failover|follow_primary|follow_master|escalation|recovery_1st_stage|"
    r"recovery_2nd_stage|replication_mode_recovery_(1st|2nd)_stage|pgpool_remote_start|"
    r"aws_eip_if_cmd|aws_rtb_if_cmd)(\.sh)?$"
)
_HBA_LINE = re.compile(rb"^[ \t]*(local|host|hostssl|hostnossl)[ \t]+\S+[ \t]+\S+", re.M)
_SETTING_LINE = re.compile(rb"^[ \t]*[A-Za-z_][A-Za-z0-9_.]*[ \t]*=", re.M)
_PCP_LINE = re.compile(rb"^[^#:\s][^:\s]*:[0-9a-fA-F]{32}[ \t]*$", re.M)


def kind_by_name(path: str) -> FileKind | None:
    """The kind a file's name says, or None when its name says nothing."""
    name = _SUFFIXES.sub("", os.path.basename(path))
    if name.startswith("pgpool.conf") or name.endswith("pgpool.conf"):
        return FileKind.PGPOOL_CONF
    if name in _BY_NAME:
        return _BY_NAME[name]
    if _SCRIPT_NAMES.match(name) or name.endswith((".sh", ".bash")):
        return FileKind.SCRIPT
    return None


def detect_kind(path: str, data: bytes, *, strict: bool = False) -> FileKind:
    """The kind of ``data`` shown as ``path`` (cheap: a pgpool.conf is decided at once).
    ``strict`` (a file found in a directory, not named by the user): a ``.conf`` not named
    after pgpool is a pgpool.conf only if it sets a parameter Pgpool-II knows."""
    by_name = kind_by_name(path)
    if by_name is not None:
        return by_name
    if data.startswith(b"#!"):
        return FileKind.SCRIPT
    head = data[:8192]
    first = _first_line(head)
    if first is not None and _HBA_LINE.match(first):
        return FileKind.POOL_HBA
    if strict and path.endswith(".conf"):
        return FileKind.PGPOOL_CONF if _sets_pgpool_parameters(head) else FileKind.UNKNOWN
    if path.endswith(".conf") or path == "-" or path.startswith("<"):
        return FileKind.PGPOOL_CONF  # what docsync lint is for: a pgpool.conf by another name
    if _SETTING_LINE.search(head):
        return FileKind.PGPOOL_CONF
    if _PCP_LINE.search(head):
        return FileKind.PCP_CONF
    return FileKind.UNKNOWN


_SETTING_NAME = re.compile(rb"^[ \t]*([A-Za-z_][A-Za-z0-9_.]*)[ \t]*=", re.M)


def _sets_pgpool_parameters(head: bytes) -> bool:
    """Some ``name = value`` line names a parameter of the newest Pgpool-II catalogue."""
    from docsync.lint.catalogue import available_versions, load_catalogue

    catalogue = load_catalogue(available_versions()[-1])
    return any(
        catalogue.lookup(m.group(1).decode("ascii", "replace")).parameter is not None
        for m in _SETTING_NAME.finditer(head)
    )


_MEANINGFUL = re.compile(rb"^[ \t]*([^#\s][^\n]*)", re.M)


def _first_line(head: bytes) -> bytes | None:
    """The first line that is neither blank nor a comment (one regex search that stops at it:
    this runs for every input)."""
    m = _MEANINGFUL.search(head)
    return m.group(1).strip() if m else None


def named_script(path: str, known: dict[str, frozenset[str]] | None = None) -> bool:
    """Whether a command setting of the pgpool.conf beside ``path`` runs this file
    (``known``: the run's answers per directory, filled as directories are read)."""
    if path in ("-", "") or path.startswith("<"):
        return False
    directory = os.path.dirname(os.path.abspath(path))
    known = {} if known is None else known
    if directory not in known:
        known[directory] = scripts_named_in(directory)
    return os.path.abspath(path) in known[directory]


def scripts_named_in(directory: str) -> frozenset[str]:
    """Absolute paths of the programs the pgpool.conf in ``directory`` runs (first words)."""
    from docsync.lint.catalogue import lint_rules_data
    from docsync.lint.conffile import PGPOOL, parse_conf
    from docsync.lint.files import ReadError, read_input

    conf = os.path.join(directory, "pgpool.conf")
    try:
        settings = parse_conf(read_input(conf), conf, PGPOOL).settings
    except ReadError:
        return frozenset()
    data = lint_rules_data()["deployment"]
    wrappers = set(data["wrappers"])
    out = set()
    for s in settings:
        if s.name not in data["commands"]:
            continue
        try:
            words = shlex.split(s.value)
        except ValueError:
            words = s.value.split()
        while words and words[0] in wrappers:
            words = words[1:]
        if words and os.path.isabs(words[0]):
            out.add(os.path.normpath(words[0]))
    return frozenset(out)
