"""The command-line reference, generated from the typer app while Sphinx reads the page.

``.. docsync-cli::`` imports ``docsync.commands`` (which registers every subcommand on
``docsync.cli.app``), turns the app into its click group with ``typer.main.get_command`` and
renders the group's own options, then one section per command: its help, usage line,
arguments and options. Options become ``.. option::`` entries under ``.. program:: docsync
COMMAND``, so the rest of the docs can link to them with ``:option:`docsync lint --select```.
A command or option added to the code shows up on the next build, worded as ``--help`` words it.
"""

from __future__ import annotations

import re

import click
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from docsync_sphinx.common import note_generated, parse_rst
from docsync_sphinx.text import blocks

# The four jobs first, then the helpers; commands not listed here follow in name order.
ORDER = ("extract", "lint", "drift", "check", "verify", "sgml2xml", "rules", "rule")

_RST_SPECIAL = re.compile(r"([\\`*_|\[\]<>:])")


def escape(text: str) -> str:
    """Plain text -> reStructuredText that shows exactly that text."""
    text = _RST_SPECIAL.sub(r"\\\1", " ".join(text.split()))
    if text and not text[0].isalnum():
        text = "\\" + text  # "- x" or "#. x" at the start would begin a list
    return text


def root_command() -> click.Group:
    """The click group behind ``docsync``, with every subcommand registered."""
    import typer.main

    import docsync.commands  # noqa: F401  registers the subcommands on the app
    from docsync.cli import app

    group = typer.main.get_command(app)
    assert isinstance(group, click.Group)
    return group


def commands(group: click.Group, ctx: click.Context) -> list[tuple[str, click.Command]]:
    """Visible subcommands, in documentation order."""
    names = [n for n in group.list_commands(ctx) if not group.get_command(ctx, n).hidden]
    rank = {name: i for i, name in enumerate(ORDER)}
    names.sort(key=lambda n: (rank.get(n, len(ORDER)), n))
    return [(n, group.get_command(ctx, n)) for n in names]


def _help_text(cmd: click.Command) -> str:
    text = (cmd.help or "").split("\f")[0]
    return "\n".join(line for line in text.splitlines() if line.strip() != "\b")


def _metavar(param: click.Parameter, ctx: click.Context) -> str:
    try:
        return param.make_metavar(ctx)  # click >= 8.2
    except TypeError:
        return param.make_metavar()  # click 8.1


def _option_rst(param: click.Parameter, ctx: click.Context) -> list[str]:
    if isinstance(param, click.Argument):
        name = re.sub(r"[\[\].]", "", _metavar(param, ctx)) or param.human_readable_name
        notes = []
        if param.nargs == -1:
            notes.append("One or more." if param.required else "Any number, or none.")
        elif not param.required:
            notes.append("Optional.")
        signature = name
    else:
        assert isinstance(param, click.Option)
        record = param.get_help_record(ctx)
        if record is None:
            return []
        signature = record[0]
        notes = []
        if param.multiple:
            notes.append("May be repeated.")
        if not param.is_flag and param.default not in (None, (), []) and not callable(param.default):
            notes.append(f"Default: ``{param.default}``.")
    help_text = (getattr(param, "help", None) or "").strip()
    if help_text and notes and not help_text.endswith((".", "!", "?")):
        help_text += "."
    body = " ".join(filter(None, [escape(help_text), *notes]))
    return [f".. option:: {signature}", "", f"   {body}" if body else "", ""]


def _params_rst(cmd: click.Command, ctx: click.Context) -> list[str]:
    lines: list[str] = []
    params = [p for p in cmd.get_params(ctx) if not getattr(p, "hidden", False)]
    arguments = [p for p in params if isinstance(p, click.Argument)]
    options = [p for p in params if isinstance(p, click.Option)]
    if arguments:
        lines += [".. rubric:: Arguments", ""]
        for param in arguments:
            lines += _option_rst(param, ctx)
    if options:
        lines += [".. rubric:: Options", ""]
        for param in options:
            lines += _option_rst(param, ctx)
    return lines


def _usage(cmd: click.Command, ctx: click.Context) -> nodes.literal_block:
    usage = cmd.get_usage(ctx).strip()
    block = nodes.literal_block(usage, usage)
    block["language"] = "none"
    return block


class CliDirective(SphinxDirective):
    """Every command of ``docsync``, with its arguments and options."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        note_generated(self.env)
        group = root_command()
        root_ctx = click.Context(group, info_name="docsync")
        out: list[nodes.Node] = []

        top = nodes.section(ids=["cli-docsync"], names=["cli-docsync"])
        top += nodes.title("", "", nodes.literal(text="docsync"))
        self.state.document.note_explicit_target(top, top)
        top.extend(blocks(_help_text(group)))
        top += _usage(group, root_ctx)
        summary = nodes.bullet_list()
        for name, cmd in commands(group, root_ctx):
            item = nodes.paragraph()
            item.extend(parse_rst(self, f":ref:`docsync {name} <cli-{name}>`")[0].children)
            item += nodes.Text(" — " + cmd.get_short_help_str(limit=200))
            summary += nodes.list_item("", item)
        top += summary
        top.extend(parse_rst(self, "\n".join([".. program:: docsync", "", *_params_rst(group, root_ctx)])))
        out.append(top)

        for name, cmd in commands(group, root_ctx):
            ctx = click.Context(cmd, info_name=name, parent=root_ctx)
            title = f"docsync {name}"
            part = nodes.section(ids=[f"cli-{name}"], names=[f"cli-{name}"])
            part += nodes.title("", "", nodes.literal(text=title))
            # An explicit target: the standard domain turns it into the label cli-NAME.
            self.state.document.note_explicit_target(part, part)
            part.extend(blocks(_help_text(cmd)))
            part += _usage(cmd, ctx)
            part.extend(parse_rst(self, "\n".join([f".. program:: {title}", "", *_params_rst(cmd, ctx)])))
            out.append(part)
        return out


def setup(app: Sphinx) -> None:
    app.add_directive("docsync-cli", CliDirective)
