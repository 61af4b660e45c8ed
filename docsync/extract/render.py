"""Blocks -> Artifacts: per scenario (example chapter), the configuration its documentation
prescribes, per-host shell scripts, SQL files and the sample files it copies and edits, each
rendered from a jinja2 template in ``docsync/templates/`` or from the sample.

Rendering only returns strings; ``sync.py`` is the only writer. Output is deterministic:
everything follows document order or is sorted, and every file ends with a newline.

Layout under the output directory (per language, ``en`` and ``ja``, and scenario)::

    <lang>/<scenario>/pgpool.conf, postgresql.conf, pg_hba.conf, pool_hba.conf, pcp.conf, ...
    <lang>/<scenario>/hosts/<host>/<file>   a host's own copy, when the docs have settings for it
    <lang>/<scenario>/scripts/<host>.sh     all-servers.sh, server1.sh, any-server.sh ...
    <lang>/<scenario>/sql/<section-id>.sql
    <lang>/<scenario>/files/<name>          a sample the chapter copies (failover.sh ...), edited

A configuration file is "complete" (the sample with the documented edits applied in place)
when the run has a sample for it, else "settings-only".
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

from docsync.extract.blocks import BlockList
from docsync.extract.complete import GENERATED_NOTE, Edit, complete_settings
from docsync.extract.copies import SampleFiles
from docsync.extract.model import (
    Artifact,
    Block,
    Effect,
    FileWrite,
    LineRole,
    WriteMode,
)
from docsync.extract.ruleset import BlockRules, FileRule, load_rules, mask_line, mask_value
from docsync.extract.samples import Sample, SampleSet, find_copies
from docsync.extract.scenarios import Scenario, ScenarioRules, assign, load_scenarios
from docsync.extract.scripts import Script, build_scripts
from docsync.model import Finding, Location, Related
from docsync.paths import PACKAGE_DIR
from docsync.redact import mask_text
from docsync.rules import rule

TEMPLATES_DIR = PACKAGE_DIR / "templates"


@functools.cache
def _environment():  # -> jinja2.Environment; jinja2 is imported only when rendering
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        autoescape=False,
    )


def render_template(name: str, **context: object) -> str:
    """Render one template; the text always ends with exactly one newline."""
    text = _environment().get_template(name).render(**context)
    return text.rstrip("\n") + "\n"


@dataclass(frozen=True)
class ScenarioRun:
    """One scenario rendered in one language, and the chapter files its blocks came from."""

    language: str
    name: str
    files: tuple[str, ...]


@dataclass(frozen=True)
class Rendered:
    artifacts: tuple[Artifact, ...]
    findings: tuple[Finding, ...]
    scenarios: tuple[ScenarioRun, ...] = ()


@dataclass(frozen=True)
class _Piece:
    """Content one block puts into one file, and the host it is for (None: every host)."""

    block: Block
    write: FileWrite
    scope: str | None

    def provenance(self, i: int | None = None) -> str:
        return self.block.provenance(self.write.line_of(i) if i is not None else self.write.line)

    @property
    def source(self) -> str:
        return f"{self.block.start.path}:{self.block.start.line}"


@dataclass(frozen=True)
class _Setting:
    key: str
    value: str
    location: Location  # where the documentation gives it
    section: str

    @property
    def provenance(self) -> str:
        return f"{self.location.path}:{self.location.line} {self.section}".rstrip()


class _Renderer(SampleFiles):
    def __init__(
        self,
        language: str,
        scenario: Scenario,
        blocks: Sequence[Block],
        rules: BlockRules,
        samples: SampleSet | None = None,
        scenario_rules: ScenarioRules | None = None,
    ) -> None:
        self.language = language
        self.scenario = scenario
        self.blocks = blocks
        self.rules = rules
        self.samples = samples
        self.scenario_rules = scenario_rules or load_scenarios()
        self.copies = list(find_copies(blocks, self.scenario_rules.samples)) if samples else []
        self.findings: dict[tuple[str, str, int, str], Finding] = {}
        self.artifacts: list[Artifact] = []

    def report(
        self, code: str, loc: Location, message: str, related: tuple[Related, ...] = ()
    ) -> None:
        key = (code, loc.path, loc.line, message)
        self.findings.setdefault(key, Finding.of(rule(code), loc, message, related=related))

    def add(
        self,
        path: str,
        text: str,
        kind: str,
        pieces: Sequence[_Piece] = (),
        sources: Sequence[str] = (),
        sample: Sample | None = None,
        form: str = "",
    ) -> None:
        srcs = tuple(dict.fromkeys([*(p.source for p in pieces), *sources]))
        if sample is not None:
            form = "complete"
        # The safety net under the masking each renderer does: no artifact holds a secret.
        self.artifacts.append(
            Artifact(
                f"{self.language}/{self.scenario.name}/{path}",
                mask_text(text),
                kind,
                srcs,
                scenario=self.scenario.name,
                form=form,
                sample=sample.shown if sample is not None else "",
            )
        )

    def header(self, what: str, pieces: Sequence[_Piece]) -> list[str]:
        files = ", ".join(dict.fromkeys(p.block.start.path for p in pieces))
        return [
            f"{what}, as the Pgpool-II documentation ({self.language}) prescribes it"
            f" in {self.scenario.name}.",
            f"From {files}.",
            GENERATED_NOTE,
        ]

    # -- configuration files ---------------------------------------------------------------
    def pieces(self, f: FileRule) -> list[_Piece]:
        rules, out = self.rules, []
        for block in self.blocks:
            for write in block.writes:
                if rules.file_for(write.target) is not f or not write.literal:
                    continue
                scope = block.config_host
                if (
                    f.per_host
                    and write.host
                    and write.host not in (rules.all_hosts, rules.any_host)
                ):
                    scope = write.host
                out.append(_Piece(block, write, scope))
        return out

    def configuration(self) -> None:
        for f in self.rules.files:
            if f.artifact is None:
                continue
            pieces = self.pieces(f)
            hosts = sorted({p.scope for p in pieces if p.scope})
            outputs: list[tuple[str, str | None, list[_Piece]]] = []
            if not f.per_host and any(p.scope is None for p in pieces):
                outputs.append((f.artifact, None, [p for p in pieces if p.scope is None]))
            for host in hosts:
                mine = [
                    p for p in pieces if p.scope == host or (p.scope is None and not f.per_host)
                ]
                outputs.append((f"hosts/{host}/{f.artifact}", host, mine))
            sample = self.sample_for(f)
            for path, host, mine in outputs:
                text = {"settings": self.settings, "lines": self.lines, "value": self.value}[
                    f.format or "lines"
                ](f, host, mine, sample)
                if text is not None:
                    form = {"settings": "settings-only", "lines": "entries-only"}.get(
                        f.format or "", ""
                    )
                    used = sample if f.format in ("settings", "lines") else None
                    self.add(path, text, f.kind.value, mine, sample=used, form=form)

    def settings(
        self, f: FileRule, host: str | None, pieces: Sequence[_Piece], sample: Sample | None
    ) -> str:
        rules = self.rules
        entries: dict[str, tuple[_Setting, _Piece, int]] = {}
        groups: list[list[str]] = []
        for piece in pieces:
            if piece.write.mode in (WriteMode.REPLACE, WriteMode.OBSERVED):
                entries.clear()
                groups.clear()
            group: list[str] = []
            for i, text in enumerate(piece.write.lines):
                line = piece.write.line_of(i)
                if not text.strip() or rules.setting_comment.match(text):
                    continue
                m = rules.setting.match(text)
                if m is None:
                    self.report(
                        "EXT004",
                        Location(piece.block.start.path, line),
                        f"not a setting, left out of {f.name}: {text.strip()}",
                    )
                    continue
                key, value = m.group("key"), mask_value(f, rules, m.group("key"), m.group("value"))
                norm = key.lower()
                setting = _Setting(
                    key, value, Location(piece.block.start.path, line), piece.block.section_id
                )
                if norm in entries:
                    self.conflict(f, entries[norm], setting, piece)
                    first_group = entries[norm][2]
                    entries[norm] = (setting, piece, first_group)
                else:
                    entries[norm] = (setting, piece, len(groups))
                    group.append(norm)
            groups.append(group)
        rendered = [[entries[k][0] for k in g] for g in groups if g]
        if sample is not None:
            return self.complete(f, host, pieces, sample, [s for g in rendered for s in g])
        what = f"{f.name} settings" + (f" for {host}" if host else "")
        header = [
            *self.header(what, pieces),
            "Settings keep the order in which the documentation first gives them; when it",
            "gives one twice, the later value wins. The comments say where each comes from.",
        ]
        return render_template("settings.conf.j2", header=header, groups=rendered)

    def complete(
        self,
        f: FileRule,
        host: str | None,
        pieces: Sequence[_Piece],
        sample: Sample,
        settings: Sequence[_Setting],
    ) -> str:
        """The sample with the documented settings applied in place, under a header."""
        edits = [Edit(s.key, f"{s.key} = {s.value}", s.provenance) for s in settings]
        files = ", ".join(dict.fromkeys(p.block.start.path for p in pieces))
        header = [
            f"{f.name}" + (f" for {host}" if host else "") + f" of {self.scenario.name}: the"
            f" sample {sample.shown} with the settings",
            f"the Pgpool-II documentation ({self.language}) gives applied where they stand.",
            f"From {files}.",
            GENERATED_NOTE,
            "A changed line's comment says where the documentation gives the value.",
        ]
        body = complete_settings(sample.text, edits, "Settings the sample does not have:")
        return render_template("header.j2", header=header) + "\n" + body

    def conflict(
        self,
        f: FileRule,
        old: tuple[_Setting, _Piece, int],
        new: _Setting,
        piece: _Piece,
    ) -> None:
        before, before_piece, _ = old
        if before.value.strip("'\"") == new.value.strip("'\"") or before_piece.scope != piece.scope:
            return
        related = (Related(before.location, "the earlier value"),)
        self.report(
            "EXT003",
            new.location,
            f"{f.name}: {new.key} is set again with another value; the later one is used",
            related,
        )

    def lines(
        self, f: FileRule, host: str | None, pieces: Sequence[_Piece], sample: Sample | None
    ) -> str:
        groups: list[dict[str, object]] = []
        seen: set[str] = set()
        for piece in pieces:
            if piece.write.mode in (WriteMode.REPLACE, WriteMode.OBSERVED):
                groups.clear()
                seen.clear()
            kept = []
            for text in piece.write.lines:
                norm = " ".join(text.split())
                if not norm or self.rules.setting_comment.match(text) or norm in seen:
                    continue
                seen.add(norm)
                kept.append(mask_line(f, self.rules, text.rstrip()))
            if kept:
                groups.append({"provenance": piece.provenance(), "lines": kept})
        what = f"{f.name} entries" + (f" for {host}" if host else "")
        header = self.header(what, pieces)
        if sample is not None:
            header[0:0] = [f"The sample {sample.shown}, then the entries the documentation adds."]
            text = render_template("lines.conf.j2", header=header, groups=groups)
            head, _, entries = text.partition("\n\n")
            return head + "\n\n" + sample.text.rstrip("\n") + "\n\n" + entries
        return render_template("lines.conf.j2", header=header, groups=groups)

    def value(
        self, f: FileRule, host: str | None, pieces: Sequence[_Piece], sample: Sample | None
    ) -> str | None:
        values = [ln.strip() for p in pieces for ln in p.write.lines if ln.strip()]
        return render_template("value.j2", value=values[-1]) if values else None

    # -- scripts and SQL -------------------------------------------------------------------
    def scripts(self) -> None:
        for script in build_scripts(self.blocks, self.rules):
            self.add(
                f"scripts/{script.name}",
                self.script_text(script),
                "shell-script",
                sources=script.sources,
            )

    def script_text(self, script: Script) -> str:
        rules = self.rules
        where = {rules.all_hosts: "every server", rules.any_host: "any one server"}.get(
            script.host, f"host {script.host}"
        )
        files = ", ".join(dict.fromkeys(s.rpartition(":")[0] for s in script.sources))
        header = [
            f"Commands for {where}, in document order, from the Pgpool-II documentation"
            f" ({self.language}).",
            f"From {files}.",
            GENERATED_NOTE,
            "Review before running: interactive commands still prompt, and the other hosts'",
            "scripts interleave with this one in the documentation's order.",
        ]
        return render_template(
            "script.sh.j2", header=header, steps=script.steps, root=rules.root_user
        )

    def sql(self) -> None:
        by_file: dict[str, list[tuple[Block, dict[str, object]]]] = {}
        for block in self.blocks:
            lines = [
                c.text
                for c in block.commands
                if c.shell == "psql" and c.effect is not Effect.PSQL_QUIT
            ]
            opener = next((c.psql_opener for c in block.commands if c.shell == "psql"), None)
            if not block.commands and block.family == "sql":
                lines = [ln.text for ln in block.lines if ln.role is LineRole.CONTENT]
            if not lines:
                continue
            stem = block.section_id or f"{block.start.path.rsplit('/', 1)[-1]}-{block.start.line}"
            note = f" ({opener})" if opener else ""
            by_file.setdefault(stem, []).append(
                (block, {"provenance": block.provenance() + note, "lines": lines})
            )
        for stem, entries in by_file.items():
            files = ", ".join(dict.fromkeys(b.start.path for b, _ in entries))
            header = [
                f"SQL of section {stem}, as the Pgpool-II documentation ({self.language})"
                " gives it.",
                f"From {files}.",
                GENERATED_NOTE,
            ]
            text = render_template("sql.sql.j2", header=header, groups=[g for _, g in entries])
            self.add(
                f"sql/{stem}.sql",
                text,
                "sql",
                sources=[f"{b.start.path}:{b.start.line}" for b, _ in entries],
            )


def render_artifacts(
    block_lists: Sequence[BlockList],
    rules: BlockRules | None = None,
    *,
    samples: SampleSet | None = None,
    scenario_rules: ScenarioRules | None = None,
    scenarios: Sequence[str] = (),
) -> Rendered:
    """Every artifact of every scenario (only ``scenarios`` when given) of every language,
    sorted by path, with what rendering found wrong. Blocks of no scenario make nothing."""
    rules = rules or load_rules()
    scenario_rules = scenario_rules or load_scenarios()
    artifacts: list[Artifact] = []
    findings: list[Finding] = []
    runs: list[ScenarioRun] = []
    for bl in block_lists:
        for scenario, blocks in assign(bl.blocks, scenario_rules):
            if scenarios and scenario.name not in scenarios:
                continue
            files = tuple(dict.fromkeys(b.start.path for b in blocks))
            runs.append(ScenarioRun(bl.language, scenario.name, files))
            r = _Renderer(bl.language, scenario, blocks, rules, samples, scenario_rules)
            r.configuration()
            r.copied_files()
            r.scripts()
            r.sql()
            artifacts.extend(r.artifacts)
            findings.extend(r.findings.values())
    return Rendered(tuple(sorted(artifacts, key=lambda a: a.path)), tuple(findings), tuple(runs))
