"""``docsync rules`` and ``docsync rule``: the rule catalogue on the command line."""

from typing import Annotated

import typer

from docsync.commands.base import app
from docsync.errors import UsageError


@app.command("rules")
def rules_cmd(
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json")] = "text",
) -> None:
    """List every rule: code, name, category, default severity and summary."""
    from docsync.rules import all_rules

    docs = all_rules()
    if fmt == "json":
        import json

        typer.echo(json.dumps([
            {"code": d.rule.code, "name": d.rule.name, "category": d.rule.category.value,
             "severity": d.rule.severity.value, "summary": d.rule.summary, "help_uri": d.help_uri}
            for d in docs.values()
        ], indent=2, ensure_ascii=False))
        return
    for d in docs.values():
        typer.echo(f"{d.rule.code}  {d.rule.name:<34} {d.rule.category.value:<20} "
                   f"{d.rule.severity.value:<8} {d.rule.summary}")


@app.command("rule")
def rule_cmd(code: Annotated[str, typer.Argument(help="A rule code (PGP101) or name.")]) -> None:
    """Explain one rule: what it checks, why, and a failing and a passing example."""
    from docsync.rules import lookup

    doc = lookup(code)
    if doc is None:
        raise UsageError(f"unknown rule {code!r}; `docsync rules` lists them")
    r = doc.rule
    typer.echo(f"{r.code} {r.name} ({r.category.value}, default {r.severity.value})\n")
    typer.echo(r.summary)
    if doc.description:
        typer.echo("\n" + doc.description.strip())
    if doc.bad:
        typer.echo("\nFails:\n" + "\n".join("    " + ln for ln in doc.bad.strip().splitlines()))
    if doc.good:
        typer.echo("\nPasses:\n" + "\n".join("    " + ln for ln in doc.good.strip().splitlines()))
    if doc.options is not None:
        from docsync.options import config_table, documented

        typer.echo(f"\nOptions, set in {config_table(doc.stage, r.name)} (pyproject.toml) "
                   f"or [{doc.stage}.options.{r.name}] (.docsync.toml):")
        for o in documented(doc.stage, r.code):
            typer.echo(f"    {o.key} = {o.default}\n        {o.kind}: {o.doc}")
    typer.echo(f"\nFix: {doc.fix}.  Versions: {doc.versions}.  Docs: {doc.help_uri}")
