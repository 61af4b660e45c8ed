"""Runtime (``--live``): the running Pgpool-II against the file.

A setting whose running value (``SHOW pool_status``) differs from the file's is pending: a
reload applies it when the catalogue's context says ``reload`` or ``session``, a restart when
it says ``init``. Backends PCP reports down are named too. Values are compared as pgpool
stores them (booleans 0/1, numbers in base units, lists item by item); enums shown as
numbers are not compared. Secret values are never shown.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import TYPE_CHECKING

from docsync.lint.catalogue import Parameter, ParamType
from docsync.lint.context import LintContext
from docsync.lint.registry import Report, check
from docsync.lint.values import parse_atof, parse_bool, parse_int
from docsync.model import Location

if TYPE_CHECKING:
    from docsync.lint.live import Live

def _live(ctx: LintContext) -> Live | None:
    """The running pgpool's answer, asked once per file (None: not asked or it failed)."""
    if not ctx.settings.live:
        return None
    from docsync.lint.live import LiveError, ask  # psycopg and subprocess: only for --live

    if not ctx.memo.live_asked:
        ctx.memo.live_asked = True
        values = {
            name: ctx.value(name)
            for name in ("socket_dir", "port", "pcp_listen_addresses", "pcp_port", "pcp_socket_dir")
        }
        try:
            ctx.memo.live = ask(ctx.path, values, ctx.settings.dsn)
        except LiveError as exc:
            ctx.memo.live_error = str(exc)
    return ctx.memo.live


def same(param: Parameter, indexed: bool, written: str, running: str) -> bool | None:
    """Whether pgpool holds the written value (None: the two cannot be compared)."""
    element = param.type.element
    if element is ParamType.BOOL:
        b = parse_bool(written)
        return None if b is None or running not in ("0", "1") else (running == "1") == b
    if element in (ParamType.INT, ParamType.LONG):
        parsed = parse_int(written, param.unit_for(indexed))
        try:
            return parsed.ok and parsed.number == float(running)
        except ValueError:
            return None
    if element is ParamType.DOUBLE:
        parsed = parse_atof(written)
        try:
            return parsed.number is not None and math.isclose(parsed.number, float(running))
        except ValueError:
            return None
    if element is ParamType.ENUM:
        return None if running.isdigit() else running.lower() == written.lower()
    if param.separator:
        items = [i.strip() for i in written.split(param.separator) if i.strip()]
        return items == [i.strip() for i in running.split(param.separator) if i.strip()]
    return written == running


def pending(ctx: LintContext) -> list[tuple[str, str, str, str]]:
    """(name, written, running, context) of every file setting the running pgpool differs on."""
    live = _live(ctx)
    if live is None:
        return []
    out = []
    for name, s in ctx.effective.items():
        running = live.status.get(name)
        m = ctx.match(name)
        if running is None or m.parameter is None or m.bad_index:
            continue
        written = s.value
        if m.parameter.name == "backend_weight":
            # pgpool stores each weight divided by the sum of all backends' weights
            written = _normalised_weight(ctx, s.value)
        verdict = same(m.parameter, m.index is not None, written, running)
        if verdict is False:
            if m.parameter.type.element is ParamType.BOOL:
                running = {"1": "on", "0": "off"}[running]
            out.append((name, s.value, running, m.parameter.context))
    return out


def _normalised_weight(ctx: LintContext, value: str) -> str:
    weights = []
    for name, s in ctx.effective.items():
        m = ctx.match(name)
        if m.parameter is not None and m.parameter.name == "backend_weight" and not m.bad_index:
            weights.append(parse_atof(s.value).number or 0.0)
    total = sum(weights)
    own = parse_atof(value).number or 0.0
    return f"{own / total:f}" if total > 0 else value


def _message(ctx: LintContext, name: str, written: str, running: str, action: str) -> str:
    return (
        f"{name}: the running pgpool uses {ctx.shown(name, running)!s}, the file says "
        f"{ctx.shown(name, written)!s}; {action}"
    )


@check("PGP950")
def check_reload_pending(ctx: LintContext) -> Iterator[Report]:
    """--live: the running pgpool uses another value; a reload applies the file's."""
    for name, written, running, context in pending(ctx):
        if context != "init":
            yield Report(
                ctx.location(ctx.effective[name]),
                _message(ctx, name, written, running, "a reload (pgpool reload, or pcp_reload_config) applies it"),
            )


@check("PGP951")
def check_restart_pending(ctx: LintContext) -> Iterator[Report]:
    """--live: the running pgpool uses another value; only a restart applies the file's."""
    for name, written, running, context in pending(ctx):
        if context == "init":
            yield Report(
                ctx.location(ctx.effective[name]),
                _message(ctx, name, written, running, "only a restart applies it (a reload does not)"),
            )


@check("PGP952")
def check_live_unreachable(ctx: LintContext) -> Iterator[Report]:
    """--live: the running pgpool could not be asked."""
    if ctx.settings.live and _live(ctx) is None and ctx.memo.live_error is not None:
        yield Report(Location(ctx.path, 1, 1), ctx.memo.live_error)


@check("PGP953")
def check_backend_down(ctx: LintContext) -> Iterator[Report]:
    """--live: a backend of the file that the running pgpool has down (PCP)."""
    live = _live(ctx)
    if live is None or live.nodes is None:
        return
    for node in live.nodes:
        if node.status == "down":
            where = ctx.effective.get(f"backend_hostname{node.index}")
            yield Report(
                ctx.location(where) if where else Location(ctx.path, 1, 1),
                f"backend {node.index} ({node.hostname}:{node.port}) is down in the running pgpool "
                "(pcp_node_info); it takes no queries until pcp_attach_node or auto_failback",
            )


@check("PGP954")
def check_pcp_unreachable(ctx: LintContext) -> Iterator[Report]:
    """--live: PCP could not be asked about the backends."""
    live = _live(ctx)
    if live is not None and live.nodes is None:
        yield Report(Location(ctx.path, 1, 1), f"backends not checked through PCP: {live.pcp_problem}")
