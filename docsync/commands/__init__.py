"""Subcommands: each module registers its command(s) on ``docsync.cli.app``.

Importing them here, in one fixed order, keeps ``--help`` complete and stable.
"""

from docsync.commands import (
    check,  # noqa: F401
    drift,  # noqa: F401
    extract,  # noqa: F401
    lint,  # noqa: F401
    sgml2xml,  # noqa: F401
    verify,  # noqa: F401
)
