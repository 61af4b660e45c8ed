"""Prose the rule pages add to the registry: why each category matters, and what each stage offers.

The registry (rules/codes/*.toml) says what a rule is; these tables say, per category, why such
a problem matters (the "why" of a rule without a description of its own) and, per stage (the
TOML file a rule is defined in), which command reports it and how one of its findings is
turned off. A stage without an entry still gets pages, with the generic wording.
"""

from __future__ import annotations

from dataclasses import dataclass

# Why a rule of each category matters: the fallback "why" of rules whose entry has no
# description, and context on every page. Keys are the category vocabulary of CONVENTIONS.md.
CATEGORY_WHY = {
    "syntax": "The file cannot be read as its format. Pgpool-II refuses a pgpool.conf it cannot "
    "parse (or drops the settings it cannot read), and an SGML file that does not parse gives "
    "wrong extracted examples and wrong drift results.",
    "unknown-parameter": "Pgpool-II ignores a parameter name it does not know, with a message "
    "at INFO level only, so a typo silently leaves the default in force.",
    "removed-parameter": "The name was removed or renamed in the selected Pgpool-II version; the "
    "setting has no effect until it uses the current name.",
    "type": "Pgpool-II reads a value of the wrong type in its own way (often silently), so the "
    "server runs with something other than what the file says.",
    "range": "A number outside the allowed range is rejected by Pgpool-II, or clamped.",
    "enum": "The parameter accepts only a fixed set of choices; anything else is rejected.",
    "duplicate": "Only one of the settings takes effect, so the other one misleads the reader.",
    "array-index": "Per-node parameters (backend_hostname0, heartbeat_hostname1, ...) are read "
    "by index; gaps and wrong indexes leave nodes half-configured or unused.",
    "dependency": "The setting needs, or contradicts, another setting; alone it does not do "
    "what it seems to do.",
    "placeholder": "Pgpool-II expands only the % escapes a command parameter documents; any "
    "other one reaches the script unexpanded.",
    "version-path": "A path or package name for one PostgreSQL major version in a configuration "
    "for another points at a directory or binary that does not exist there.",
    "canonical-mismatch": "The documented configuration is the reference; a live value that "
    "differs from it is either a deliberate local choice or a mistake worth a look.",
    "version-consistency": "The docs declare the versions they describe; a path, package or URL "
    "for another version makes readers install or touch the wrong thing.",
    "table-shape": "Sample output whose header, rows and footer disagree was edited by hand or "
    "cut from different runs; readers compare their own output with it.",
    "shell": "A shell example that does not do what the prose says fails when readers paste it.",
    "docs-vs-code": "The reference chapters and the parameter catalogue of the same version "
    "must describe the same parameters with the same types.",
    "drift-structure": "The translation no longer has the shape of the English: a reader of one "
    "language misses a section, a block or a link target that the other has.",
    "drift-code": "Commands, settings and file names are the same in both languages; a "
    "difference means one language shows readers something that does not work.",
    "drift-number": "Numbers and versions do not depend on the language; a difference is an "
    "update made on one side only.",
    "drift-link": "Link targets, URLs and ids must be the same in both languages, or links "
    "break in one of them.",
    "drift-table": "Table cells and sample output that do not depend on the language must be "
    "the same in both languages.",
    "drift-stale": "The English changed after the translation was made, so the translation may "
    "describe the old behaviour.",
    "executable": "Readers run the chapter's steps as written; a step that fails, or prints "
    "something other than what the chapter shows, stops them on a real machine.",
    "io": "A file that cannot be read cannot be checked; in a multi-file run it is reported "
    "and the other files are still checked.",
}

@dataclass(frozen=True)
class Stage:
    """Which command reports a stage's rules, and which ways of turning one off it offers.

    The stage is the name of the rules/codes/*.toml file a rule is defined in.
    """

    label: str
    command: str
    ignore_flag: str | None = None  # the command whose --ignore leaves the rule out
    config: bool = False  # read from [tool.docsync] / .docsync.toml
    inline: str | None = None  # suppression comment, {code} filled in
    inline_where: str = ""
    note: str = ""


STAGES = {  # in the order of the rule index
    "lint": Stage(
        "pgpool.conf checks", "docsync lint", ignore_flag="docsync lint", config=True,
        inline="name = value  # docsync: ignore[{code}] reason",
        inline_where="at the end of the line the finding is on",
    ),
    "check": Stage(
        "Documentation checks", "docsync check", ignore_flag="docsync check", config=True,
        inline="<!-- docsync: ignore[{code}] reason -->",
        inline_where="right before the element",
        note="``docsync check`` also reports the rules of the other stages for the blocks it "
        "checks.",
    ),
    "drift": Stage(
        "English/Japanese drift", "docsync drift", ignore_flag="docsync drift",
        inline="<!-- docsync: ignore[{code}] reason -->",
        inline_where="right before the element, in either language",
        note="A baseline file (``docsync drift --baseline FILE --update-baseline``) accepts "
        "every current finding at once.",
    ),
    "extract": Stage(
        "Extraction", "docsync extract",
        note="``docsync extract`` has no ``--ignore``; ``--fail-level`` decides which severities "
        "fail the run (by default, errors only).",
    ),
    "sgml": Stage(
        "SGML reader", "every command that reads SGML", ignore_flag="docsync drift",
        note="These findings come from reading the SGML itself, so the fix is in the markup. "
        "``docsync extract`` writes nothing while the docs have errors.",
    ),
}


def stage_of(stage: str) -> Stage:
    return STAGES.get(stage, Stage(stage.capitalize(), f"docsync {stage}"))
