"""Settings that need or contradict other settings."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from docsync.lint.catalogue import lint_rules_data
from docsync.lint.checks.array_index import indexed
from docsync.lint.conffile import Setting
from docsync.lint.context import LintContext
from docsync.lint.registry import Report, check
from docsync.model import Location, Severity
from docsync.options import option


def _members(ctx: LintContext, names: list[str]) -> dict[str, dict[int, Setting]]:
    """name -> index -> first setting, for array parameters the catalogue knows."""
    every = ctx.memo.members
    if every is None:  # one pass over the settings for every check of this module
        every = ctx.memo.members = {}
        for s, m in ctx.matched:
            if m.index is not None and m.parameter is not None:
                every.setdefault(m.parameter.name, {}).setdefault(m.index, s)
    params = ctx.catalogue.parameters
    return {n: every.get(n, {}) for n in names if n in params}


def _file_start(ctx: LintContext) -> Location:
    return Location(ctx.path, 1, 1)


@check("PGP601")
def check_backend_without_port(ctx: LintContext) -> Iterator[Report]:
    """A backend with settings but no backend_portN; pgpool treats it as unused."""
    if "backend_port" not in ctx.catalogue.parameters:
        return
    ports = _members(ctx, ["backend_port"])["backend_port"]
    for index, first in sorted(indexed(ctx).get("backend", {}).items()):
        if index not in ports:
            yield Report(
                ctx.location(first),
                f"backend {index} has {first.name} but no backend_port{index}: the server treats "
                f"a backend without a port as unused",
            )


@check("PGP602")
def check_watchdog_node_mismatch(ctx: LintContext) -> Iterator[Report]:
    """Watchdog node lists (hostnameN, wd_portN, pgpool_portN, heartbeat_*N) that differ."""
    heartbeat = (ctx.value("wd_lifecheck_method") or "").lower() == "heartbeat"
    if heartbeat:
        yield from _heartbeat_without_host(ctx)
    if not ctx.is_on("use_watchdog"):
        return
    for spec in lint_rules_data()["dependency"]["node_lists"]:
        names = list(spec["members"]) + (
            list(spec.get("heartbeat_members", [])) if heartbeat else []
        )
        if spec.get("heartbeat_only") and not heartbeat:
            continue
        if not all(n in ctx.catalogue.parameters for n in spec["members"]):
            continue
        members = _members(ctx, names)
        used = sorted({i for by_index in members.values() for i in by_index})
        for index in used:
            have = [n for n in names if index in members[n]]
            lacking = [f"{n}{index}" for n in names if index not in members[n]]
            if lacking:
                where = members[have[0]][index]
                yield Report(
                    ctx.location(where),
                    f"watchdog node {index} has {', '.join(f'{n}{index}' for n in have)} but "
                    f"not {', '.join(lacking)}",
                )


def _heartbeat_without_host(ctx: LintContext) -> Iterator[Report]:
    """pgpool (4.3.5, even with use_watchdog off) refuses a heartbeat_portN, N >= 1, whose
    heartbeat_hostnameN is unset or empty: "invalid watchdog configuration". Index 0 is
    exempt in pgpool's check, so it is here."""
    if not {"heartbeat_port", "heartbeat_hostname"} <= set(ctx.catalogue.parameters):
        return
    ports = _members(ctx, ["heartbeat_port"])["heartbeat_port"]
    for index, port in sorted(ports.items()):
        if index >= 1 and not ctx.value(f"heartbeat_hostname{index}"):
            yield Report(
                ctx.location(port),
                f"{port.name} is set but heartbeat_hostname{index} is empty or missing: "
                f"Pgpool-II refuses to start (invalid watchdog configuration), even with "
                f"use_watchdog off",
            )


@check("PGP603")
def check_recovery_without_data_directory(ctx: LintContext) -> Iterator[Report]:
    """Online recovery commands set while a backend has no backend_data_directoryN."""
    commands = [
        n for n in ("recovery_1st_stage_command", "recovery_2nd_stage_command") if ctx.value(n)
    ]
    if not commands or "backend_data_directory" not in ctx.catalogue.parameters:
        return
    found = _members(ctx, ["backend_port", "backend_data_directory"])
    for index, port in sorted(found["backend_port"].items()):
        data_dir = found["backend_data_directory"].get(index)
        if data_dir is None or not data_dir.value:
            yield Report(
                ctx.location(port),
                f"{commands[0]} is set but backend {index} has no backend_data_directory{index}; "
                f"the server refuses to start",
            )


@check("PGP604")
def check_spare_children_order(ctx: LintContext) -> Iterator[Report]:
    """min_spare_children, max_spare_children and num_init_children out of order."""
    if "min_spare_children" not in ctx.catalogue.parameters:
        return
    lo, hi, init = (
        ctx.number(n) for n in ("min_spare_children", "max_spare_children", "num_init_children")
    )
    where = ctx.effective.get("min_spare_children") or ctx.effective.get("max_spare_children")
    loc = ctx.location(where) if where else _file_start(ctx)
    if lo is not None and hi is not None and lo >= hi:
        yield Report(
            loc,
            f"min_spare_children ({lo:g}) must be less than max_spare_children ({hi:g}); "
            f"the server refuses to start",
        )
    dynamic = (ctx.value("process_management_mode") or "").lower() == "dynamic"
    if dynamic and hi is not None and init is not None and hi > init:
        sev = Severity.parse(
            lint_rules_data()["dependency"]["spare_children"]["exceed_init_severity"]
        )
        at = ctx.effective.get("max_spare_children")
        yield Report(
            ctx.location(at) if at else loc,
            f"max_spare_children ({hi:g}) is larger than num_init_children ({init:g})",
            severity=sev,
        )


@dataclass(frozen=True)
class SharedMemoryOptions:
    """When the shared memory for connection slots is worth a warning (``[PGP605.options]``)."""

    threshold_gib: float = option("the estimate, in GiB, from which the rule reports")


@check("PGP605", options=SharedMemoryOptions)
def check_shared_memory_size(ctx: LintContext) -> Iterator[Report]:
    """num_init_children x max_pool large enough to need gigabytes of shared memory."""
    data = lint_rules_data()["dependency"]["shared_memory"]
    children, pools = ctx.number("num_init_children"), ctx.number("max_pool")
    if children is None or pools is None:
        return
    estimate = children * pools * int(data["bytes_per_child_pool"])
    if estimate >= ctx.settings.options(SharedMemoryOptions).threshold_gib * 2**30:
        at = ctx.effective.get("num_init_children") or ctx.effective.get("max_pool")
        yield Report(
            ctx.location(at) if at else _file_start(ctx),
            f"num_init_children ({children:g}) x max_pool ({pools:g}) needs about "
            f"{estimate / 2**30:.1f} GiB of shared memory for connection slots",
        )


@check("PGP606")
def check_conflicting_settings(ctx: LintContext) -> Iterator[Report]:
    """Settings that pgpool refuses to combine (pairs listed in rules/lint.toml)."""
    for spec in lint_rules_data()["dependency"]["conflicts"]:
        names = list(spec["on"])
        if not all(n in ctx.catalogue.parameters for n in names):
            continue
        if not all(ctx.is_on(n) for n in names):
            continue
        present = [ctx.effective[n] for n in names if n in ctx.effective]
        if not present:
            continue
        at = max(present, key=lambda s: (s.path == ctx.path, s.line))
        yield Report(ctx.location(at), spec["message"])
