"""The sample files a scenario copies, as the part of rendering that reads samples.

``SampleFiles`` is mixed into extract's renderer: which sample a configuration file starts
from, and each copied script (``failover.sh``, ``recovery_1st_stage`` ...) with the chapter's
``NAME=value`` edits applied.
"""

from __future__ import annotations

from collections.abc import Sequence

from docsync.extract.complete import GENERATED_NOTE, Edit, complete_script
from docsync.extract.model import Block, BlockKind, WriteMode
from docsync.extract.ruleset import BlockRules, FileRule
from docsync.extract.samples import Copy, Sample, SampleSet
from docsync.extract.scenarios import Scenario, ScenarioRules
from docsync.model import Location
from docsync.redact import is_secret_variable


class SampleFiles:
    """Mixed into the renderer, whose ``report`` and ``add`` it calls."""

    language: str
    scenario: Scenario
    blocks: Sequence[Block]
    rules: BlockRules
    samples: SampleSet | None
    scenario_rules: ScenarioRules
    copies: list[Copy]

    def sample_for(self, f: FileRule) -> Sample | None:
        """The sample a configuration file starts from: the one the chapter copies, else the
        default for the file (``rules/scenarios.toml``); None without a sample directory."""
        if self.samples is None:
            return None
        for copy in self.copies:
            if self.rules.file_for(copy.dest) is f:
                found = self.samples.find(copy.sample)
                if found is None:
                    self.missing_sample(copy)
                return found
        default = self.scenario_rules.samples.defaults.get(f.name)
        if f.kind is BlockKind.PGPOOL_CONF and self.scenario.sample:
            default = self.scenario.sample
        return self.samples.find(default) if default else None

    def missing_sample(self, copy: Copy) -> None:
        self.report(
            "EXT005",
            Location(copy.block.start.path, copy.line),
            f"the chapter copies {copy.sample}, which the sample directory does not hold;"
            f" {copy.dest_name} is not generated complete",
        )

    def copied_files(self) -> None:
        """Each sample the chapter copies to a non-configuration file, with its edits applied."""
        if self.samples is None:
            return
        done: set[str] = set()
        for copy in self.copies:
            if copy.dest_name in done or self.rules.file_for(copy.dest) is not None:
                continue
            done.add(copy.dest_name)
            sample = self.samples.find(copy.sample)
            if sample is None:
                self.missing_sample(copy)
                continue
            edits, sources = self.script_edits(copy)
            header = [
                f"{copy.dest_name} of {self.scenario.name}: the sample {sample.shown} with the",
                f"edits the Pgpool-II documentation ({self.language}) gives applied.",
                GENERATED_NOTE,
            ]
            text, unapplied = complete_script(sample.text, header, [e for e, _ in edits])
            for edit, loc in edits:
                if edit in unapplied:
                    self.report(
                        "EXT006",
                        loc,
                        f"{copy.dest_name}: the sample {sample.name} has no {edit.key}= line;"
                        " the edit is not applied",
                    )
            self.add(
                f"files/{copy.dest_name}",
                text,
                "sample-file",
                sources=[f"{copy.block.start.path}:{copy.block.start.line}", *sources],
                sample=sample,
            )

    def script_edits(self, copy: Copy) -> tuple[list[tuple[Edit, Location]], list[str]]:
        """The ``NAME=value`` lines the documentation writes into a copied file (later wins)."""
        edits: dict[str, tuple[Edit, Location]] = {}
        sources: list[str] = []
        for block in self.blocks:
            for write in block.writes:
                if write.mode is not WriteMode.APPEND or not write.literal:
                    continue
                if write.target.rsplit("/", 1)[-1] != copy.dest_name:
                    continue
                sources.append(f"{block.start.path}:{block.start.line}")
                for i, text in enumerate(write.lines):
                    m = self.rules.assignment.match(text.strip())
                    loc = Location(block.start.path, write.line_of(i))
                    if m is None:
                        if text.strip() and not text.lstrip().startswith("#"):
                            self.report(
                                "EXT006",
                                loc,
                                f"{copy.dest_name}: not a NAME=value line, left out: {text.strip()}",
                            )
                        continue
                    name, value = m.group("name"), m.group("value")
                    line = text.strip()
                    secret = is_secret_variable(name)
                    if secret and not self.rules.placeholder.match(value.strip("'\"")):
                        line = f"{name}='***'"
                    edit = Edit(name, line, block.provenance(write.line_of(i)))
                    edits[edit.key] = (edit, loc)
        return list(edits.values()), sources
