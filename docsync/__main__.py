"""Run docsync as ``python -m docsync``."""

from docsync.cli import main

raise SystemExit(main())
