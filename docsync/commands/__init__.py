"""Subcommands: each module registers its command(s) on ``docsync.cli.app``.

Importing them here, in one fixed order, keeps ``--help`` complete and stable.
"""

from docsync.commands import sgml2xml  # noqa: F401
from docsync.commands import extract  # noqa: F401
from docsync.commands import lint  # noqa: F401
