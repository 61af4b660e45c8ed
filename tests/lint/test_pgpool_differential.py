"""docsync lint against the real pgpool (Debian's pgpool2 4.3.5) on a corpus of mutations.

Every case of ``tests/lint/pgpool_corpus.py`` goes to both: pgpool through the reload check of
``tests/lint/pgpool_oracle.py``, docsync in process on the same bytes (the harness file, which
includes the case, so both follow the same include chain), with ``--pgpool-version 4.3`` and
no canonical configuration (that compares with documentation, which pgpool never sees).

Agreement means, for every case:

1. pgpool rejects it (a configuration FATAL, or pgpool cannot run with it at all)  ->
   docsync reports at least one error (``missed-rejection``);
2. docsync reports no error  ->  pgpool accepts it; and where docsync reports an error that
   pgpool accepts, pgpool misreads the file (it logged an unknown name at INFO or a
   WARNING, or the case says how), or the finding is a deliberate disagreement listed, with
   its justification, in ``data/pgpool_deliberate.toml`` (``unjustified-error``);
3. every name pgpool logs as unrecognized, and every WARNING, carries a docsync finding
   (``unreported-misread``);
4. the rules a case names fire (``unmet-expectation``);
5. where pgpool accepts and docsync sees no syntax problem, docsync's parse gives the
   settings pgpool applied, in order (pgpool logs ``set_config_option "name" = "value"`` at
   debug level): the lexers agree (``parse-mismatch``).

Boolean spellings are probed through a combination pgpool refuses only when it reads the
value as true, so docsync's reading of each spelling is checked too.

The full report (every disagreement, and how often each deliberate one was seen) is printed
once per run; each failing test lists its own disagreements. Nothing printed may contain a
secret value: pgpool's debug log does (it logs every value), so its lines are redacted.
"""

from __future__ import annotations

import os
import re
import shutil
import tomllib
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from docsync.lint.catalogue import is_secret_name, load_catalogue
from docsync.lint.engine import lint_bytes
from docsync.lint.settings import LintSettings
from docsync.lint.values import parse_bool
from docsync.model import Finding, Severity
from tests.conftest import require_tool, require_upstream
from tests.lint.pgpool_corpus import (
    BOOLEAN_SPELLINGS,
    PROBE,
    SAMPLE,
    SECRETS,
    Case,
    build_corpus,
)
from tests.lint.pgpool_oracle import (
    Observation,
    case_directory,
    materialize,
    redact,
    run_pgpool,
)

# One worker runs the whole module (``pytest -n 2 --dist loadgroup``): the corpus runs once.
pytestmark = [pytest.mark.oracle, pytest.mark.xdist_group("pgpool-differential")]

DELIBERATE_FILE = Path(__file__).parent / "data" / "pgpool_deliberate.toml"
MIN_CORPUS = 200
WORKERS = max(1, min(2, os.cpu_count() or 1))


@dataclass(frozen=True)
class Outcome:
    """One case, what pgpool said, and what docsync found (harness findings removed)."""

    case: Case
    pgpool: Observation
    findings: tuple[Finding, ...]
    settings: tuple[tuple[str, str], ...]  # docsync's parse: (name, value) in processing order
    secrets: frozenset[str]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]

    def show(self, text: str) -> str:
        return redact(text, self.secrets)


@dataclass(frozen=True)
class Deliberate:
    """A rule (optionally only for messages matching ``match``) that is stricter than pgpool."""

    code: str
    match: str
    reason: str

    def covers(self, f: Finding) -> bool:
        return f.code == self.code and re.search(self.match, f.message) is not None

    @property
    def label(self) -> str:
        return self.code + (f" /{self.match}/" if self.match else "")


@dataclass(frozen=True)
class Known:
    """The deliberate disagreements, and names docsync's 4.3 knows but pgpool 4.3.5 does not."""

    disagreements: tuple[Deliberate, ...]
    newer_than_oracle: dict[str, str]

    def allowed(self, f: Finding) -> Deliberate | None:
        return next((d for d in self.disagreements if d.covers(f)), None)


def known() -> Known:
    with DELIBERATE_FILE.open("rb") as fh:
        data = tomllib.load(fh)
    return Known(
        tuple(Deliberate(d["code"], d.get("match", ""), d["reason"]) for d in data.get("disagreement", [])),
        {n["name"]: n["reason"] for n in data.get("newer_than_oracle", [])},
    )


def _lint(harness: Path) -> tuple[tuple[Finding, ...], tuple[tuple[str, str], ...], frozenset[str]]:
    settings = LintSettings(pgpool_version="4.3")
    result = lint_bytes(harness.read_bytes(), str(harness), settings)
    assert result.context is not None
    # The harness overrides paths and logging around the case: those duplicates are ours.
    findings = tuple(
        f
        for f in result.findings
        if not (f.code == "PGP401" and str(harness) in (f.location.path, *(r.location.path for r in f.related)))
    )
    applied = tuple((s.name, s.value) for s in result.context.tree.settings)
    secrets = frozenset(
        s.value for s in result.context.tree.settings if is_secret_name(s.name) and s.value
    ) | frozenset(SECRETS.values())
    return findings, applied, secrets


def _run_all(cases: list[Case], pgpool: str) -> list[Outcome]:
    dirs = [case_directory() for _ in cases]
    try:
        harnesses = [materialize(d, c.data, c.files) for d, c in zip(dirs, cases, strict=True)]
        with ThreadPoolExecutor(WORKERS) as pool:
            futures = [pool.submit(run_pgpool, pgpool, h) for h in harnesses]
            linted = [_lint(h) for h in harnesses]  # meanwhile, in this thread
            observed = [f.result() for f in futures]
    finally:
        for d in dirs:
            shutil.rmtree(d, ignore_errors=True)
    return [Outcome(case, obs, *lint) for case, obs, lint in zip(cases, observed, linted, strict=True)]


# --- judging -------------------------------------------------------------------------------


def _finding_line(o: Outcome, f: Finding) -> str:
    where = Path(f.location.path).name
    return o.show(f"{where}:{f.location.line}: {f.code} [{f.severity.value}] {f.message}")


def missed_rejections(o: Outcome, known: Known) -> Iterator[str]:
    if o.pgpool.rejected and not o.errors:
        found = "; ".join(_finding_line(o, f) for f in o.findings) or "no findings"
        yield f"pgpool rejects ({o.show(o.pgpool.fatal)}), docsync has no error ({found})"


def silent_misread(o: Outcome, known: Known) -> bool:
    """pgpool accepted, but read something else than what is written (it said so, or the
    case says how)."""
    unknown = [n for n in o.pgpool.unknown_names if n not in known.newer_than_oracle]
    return bool(o.case.misread or unknown or o.pgpool.warnings)


def unjustified_errors(o: Outcome, known: Known) -> Iterator[str]:
    """Errors on a configuration pgpool accepts and reads as written."""
    if not o.pgpool.accepted or silent_misread(o, known):
        return
    for f in o.errors:
        if known.allowed(f) is None:
            yield f"pgpool accepts silently, docsync errors: {_finding_line(o, f)}"


def _line_of(o: Outcome, f: Finding) -> str:
    """The text of the line a finding points at (case.conf or a file it includes)."""
    name = Path(f.location.path).name
    data = o.case.data if name == "case.conf" else o.case.files.get(name, b"")
    lines = data.decode("utf-8", "surrogateescape").splitlines()
    return lines[f.location.line - 1] if 0 < f.location.line <= len(lines) else ""


def unreported_misreads(o: Outcome, known: Known) -> Iterator[str]:
    """Names pgpool ignores (INFO) and items it drops (WARNING) need a docsync finding: one
    naming it, or a syntax finding on the line the name came from (``x = /tmp``: 'tmp')."""
    for name in o.pgpool.unknown_names:
        shown = name.encode("utf-8", "surrogateescape")
        if name in known.newer_than_oracle:
            continue
        if not any(
            name in f.message or f.code == "PGP006" or (f.category.value == "syntax" and name in _line_of(o, f))
            for f in o.findings
        ):
            yield f"pgpool ignores unrecognized {shown!r}, docsync says nothing about it"
    if o.pgpool.warnings and not o.findings:
        yield f"pgpool warns ({o.show(o.pgpool.warnings[0])}), docsync says nothing"


def unmet_expectations(o: Outcome, known: Known) -> Iterator[str]:
    codes = {f.code for f in o.findings}
    for code in o.case.expect:
        if code not in codes:
            got = ", ".join(sorted(codes)) or "nothing"
            yield f"expected {code}, docsync reported {got}"
    if o.case.misread and not o.pgpool.rejected and not o.findings:
        yield f"pgpool silently misreads this ({o.case.misread}); docsync reports nothing"


def parse_mismatches(o: Outcome, known: Known) -> Iterator[str]:
    """Where pgpool accepts and docsync sees no syntax problem, both read the same settings.

    After a syntax problem docsync resumes at the next line to report more, which is not what
    pgpool does, so those cases are judged by the other rules only."""
    if not o.pgpool.accepted or any(f.category.value == "syntax" for f in o.errors):
        return
    # The harness's first line switches debug logging on; pgpool logs the settings after it.
    ours, theirs = list(o.settings[1:]), list(o.pgpool.applied)
    if ours != theirs:
        i = next(
            (k for k, (a, b) in enumerate(zip(ours, theirs, strict=False)) if a != b),
            min(len(ours), len(theirs)),
        )
        a = ours[i] if i < len(ours) else "(end)"
        b = theirs[i] if i < len(theirs) else "(end)"
        yield o.show(f"setting #{i + 1}: docsync parsed {a!r}, pgpool applied {b!r}")


JUDGES = {
    "missed-rejection": missed_rejections,
    "unjustified-error": unjustified_errors,
    "unreported-misread": unreported_misreads,
    "unmet-expectation": unmet_expectations,
    "parse-mismatch": parse_mismatches,
}


def judge(outcomes: list[Outcome], known: Known) -> dict[str, list[str]]:
    """Disagreements by kind, each line naming its case."""
    out: dict[str, list[str]] = {kind: [] for kind in JUDGES}
    for o in outcomes:
        if o.pgpool.verdict == "unknown":
            out["missed-rejection"].append(f"{o.case.id}: pgpool gave no verdict (exit {o.pgpool.returncode})")
            continue
        for kind, fn in JUDGES.items():
            out[kind].extend(f"{o.case.id}: {line}" for line in fn(o, known))
    return out


def report(outcomes: list[Outcome], problems: dict[str, list[str]], known: Known) -> str:
    verdicts = Counter(o.pgpool.verdict for o in outcomes)
    lines = [
        f"pgpool differential: {len(outcomes)} configurations; pgpool accepted "
        f"{verdicts['accepted']}, rejected {verdicts['rejected']}, no verdict {verdicts['unknown']}",
    ]
    both = sum(1 for o in outcomes if o.pgpool.rejected and o.errors)
    clean = sum(1 for o in outcomes if o.pgpool.accepted and not o.errors)
    lines.append(
        f"  rejected by pgpool with a docsync error: {both}/{verdicts['rejected']}; "
        f"accepted and no docsync error: {clean}/{verdicts['accepted']}"
    )
    seen = deliberate_seen(outcomes, known)
    misreads = [o for o in outcomes if o.pgpool.accepted and silent_misread(o, known)]
    lines.append(
        f"  accepted but misread (pgpool logged INFO/WARNING, or the case says how): "
        f"{len(misreads)}, with a docsync finding: {sum(1 for o in misreads if o.findings)}"
    )
    lines.append("  deliberate disagreements (docsync errors, pgpool accepts as written):")
    for d in known.disagreements:
        lines.append(f"    {d.label} x{seen[d.label]}: {d.reason}")
    lines.append("  parameters docsync's 4.3 catalogue has and pgpool 4.3.5 does not:")
    for name, reason in sorted(known.newer_than_oracle.items()):
        lines.append(f"    {name}: {reason}")
    for kind, items in problems.items():
        lines.append(f"  {kind}: {len(items)}")
        lines.extend(f"    {item}" for item in items)
    return "\n".join(lines)


def deliberate_seen(outcomes: list[Outcome], known: Known) -> Counter[str]:
    """How often each deliberate disagreement shows (errors on cases pgpool reads as written)."""
    return Counter(
        d.label
        for o in outcomes
        if o.pgpool.accepted and not silent_misread(o, known)
        for f in o.errors
        if (d := known.allowed(f)) is not None
    )


# --- tests ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus() -> list[Case]:
    upstream = require_upstream()
    sample = (upstream / SAMPLE).read_bytes().decode("utf-8")
    return build_corpus(sample, load_catalogue("4.3"))


@pytest.fixture(scope="module")
def outcomes(corpus: list[Case]) -> list[Outcome]:
    return _run_all(corpus, require_tool("pgpool"))


@pytest.fixture(scope="module")
def problems(outcomes: list[Outcome]) -> dict[str, list[str]]:
    found = judge(outcomes, known())
    text = report(outcomes, found, known())
    print("\n" + text)
    if target := os.environ.get("DOCSYNC_DIFFERENTIAL_REPORT"):
        Path(target).write_text(text + "\n")
    return found


def test_corpus_is_large_and_covers_every_check_kind(corpus: list[Case]) -> None:
    assert len(corpus) >= MIN_CORPUS
    kinds = {c.check for c in corpus}
    assert {
        "valid",
        "syntax",
        "unknown-parameter",
        "removed-parameter",
        "type",
        "range",
        "enum",
        "duplicate",
        "array-index",
        "dependency",
        "placeholder",
    } <= kinds


def test_base_configuration_is_accepted_and_clean(outcomes: list[Outcome]) -> None:
    base = next(o for o in outcomes if o.case.id == "valid/base")
    assert base.pgpool.accepted, base.show(base.pgpool.fatal)
    assert base.findings == (), [_finding_line(base, f) for f in base.findings]


@pytest.mark.parametrize("kind", list(JUDGES))
def test_docsync_agrees_with_pgpool(problems: dict[str, list[str]], kind: str) -> None:
    assert problems[kind] == [], f"{len(problems[kind])} disagreements:\n" + "\n".join(problems[kind])


def test_every_deliberate_disagreement_is_exercised(outcomes: list[Outcome]) -> None:
    """A listed disagreement or version difference no case shows any more is stale."""
    k = known()
    seen = deliberate_seen(outcomes, k)
    stale = [d.label for d in k.disagreements if not seen[d.label]]
    unknown = {n for o in outcomes for n in o.pgpool.unknown_names}
    stale += [n for n in k.newer_than_oracle if n not in unknown]
    assert stale == []


# Rules no 4.3 configuration can exercise against pgpool, and why.
NOT_EXERCISED = {
    "PGP011": "unreadable inputs of multi-file runs: no configuration for pgpool to read",
    "PGP202": "Pgpool-II 4.3 has no old name it copies to a new one (PGP201 covers the rest)",
    "PGP604": "min_spare_children and max_spare_children exist from Pgpool-II 4.4",
    "PGP901": "compares with the documentation, which pgpool never reads",
    "PGP902": "compares with the documentation, which pgpool never reads",
}


def test_corpus_exercises_every_rule(outcomes: list[Outcome]) -> None:
    import docsync.lint.checks.otherkinds  # noqa: F401  registers the other kinds' rules
    from docsync.lint.registry import KIND_CHECKS
    from docsync.model import Category
    from docsync.rules import all_rules

    fired = {f.code for o in outcomes for f in o.findings}
    # The corpus is pgpool.conf files: the other kinds of file (test_config_directory.py,
    # test_hba_oracle.py), deployment (test_deployment.py) and runtime (test_live.py) rules
    # are exercised against real files and a real pgpool elsewhere.
    elsewhere = (Category.DEPLOYMENT, Category.RUNTIME)
    lint_codes = {
        code
        for code, doc in all_rules().items()
        if code.startswith("PGP") and code not in KIND_CHECKS and doc.rule.category not in elsewhere
    }
    assert sorted(lint_codes - fired - set(NOT_EXERCISED)) == []
    assert sorted(fired & set(NOT_EXERCISED)) == []  # an exercised rule is no exception


def test_comment_at_end_of_file_is_a_pgpool_syntax_error(outcomes: list[Outcome]) -> None:
    """PGP008, verified: pgpool's ``#.*$`` needs a newline, so a last-line comment without
    one is a parse error at '#' (in the main file and in included files alike)."""
    cases = [o for o in outcomes if "PGP008" in o.case.expect]
    assert len(cases) >= 3
    for o in cases:
        assert o.pgpool.rejected and "parse error" in o.pgpool.fatal and "'#'" in o.pgpool.fatal
        assert "PGP008" in {f.code for f in o.errors}


def test_booleans_are_read_as_pgpool_reads_them(outcomes: list[Outcome]) -> None:
    """replication_mode = X with failover_when_quorum_exists on: pgpool refuses iff X is true."""
    wrong = []
    for o in outcomes:
        if not o.case.id.startswith(f"boolean-probe/{PROBE}="):
            continue
        value = dict(o.settings)[PROBE]
        ours = parse_bool(value) is not False  # None: pgpool's -1, stored as true
        theirs = o.pgpool.rejected and "native replication mode" in o.pgpool.fatal
        if ours != theirs:
            wrong.append(f"{value!r}: docsync reads {ours}, pgpool reads {theirs}")
    assert len(BOOLEAN_SPELLINGS) and wrong == []


def test_pgpool_is_a_real_oracle(outcomes: list[Outcome]) -> None:
    """The corpus holds both answers, and pgpool's debug log is the leak the redaction stops."""
    verdicts = Counter(o.pgpool.verdict for o in outcomes)
    assert verdicts["accepted"] >= 50 and verdicts["rejected"] >= 50
    base = next(o for o in outcomes if o.case.id == "valid/base")
    assert SECRETS["sr_check_password"] in base.pgpool.log
    assert SECRETS["sr_check_password"] not in base.show(base.pgpool.log)


def test_no_secret_in_any_output(outcomes: list[Outcome], problems: dict[str, list[str]], capsys) -> None:
    """Findings, the differential report and every docsync output format stay free of secrets."""
    from docsync.report import FORMATTERS, ReportContext

    texts = [report(outcomes, problems, known())]
    texts += [line for items in judge(outcomes, known()).values() for line in items]
    every = [f for o in outcomes for f in o.findings]
    texts += [f.message for f in every]
    for formatter in FORMATTERS.values():
        texts.append("".join(formatter(every, ReportContext(files=len(outcomes)))))
    texts.append(capsys.readouterr().out)
    secrets = set(SECRETS.values()) | {s for o in outcomes for s in o.secrets}
    leaks = sorted({s for s in secrets for t in texts if s in t})
    assert leaks == [], f"{len(leaks)} secret values leaked"
