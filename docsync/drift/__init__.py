"""English <-> Japanese drift: align the two languages, then compare what needs no translation.

Data flow: ``(Document en, Document ja) -> blocks.segment -> align.Aligner -> [Pair] ->
checks/stale -> [Finding] -> suppress``; ``run`` pairs files over a whole book, ``history``
adds git (``--since``, ``--history``), ``session`` is what the command line calls.
"""

from docsync.drift.run import DriftReport, drift_book, drift_files

__all__ = ["DriftReport", "drift_book", "drift_files"]
