"""A chapter's cast: its hosts (from the prompts), their addresses (from its tables), the
interface name and the packages it installs."""

from __future__ import annotations

import ipaddress
import re
import shlex
from collections.abc import Sequence
from dataclasses import dataclass

from docsync.errors import UsageError
from docsync.extract import BlockList
from docsync.verify.boot import HostSpec
from docsync.verify.plan import ALL_HOSTS, ANY_HOST, Step
from docsync.verify.ruleset import VerifyRules

_INSTALL = re.compile(r"\b(?:apt-get|apt)\s+install\b(?P<args>[^;&|]*)")


@dataclass(frozen=True)
class Scenario:
    hosts: tuple[HostSpec, ...]


def packages_of(steps: Sequence[Step]) -> tuple[str, ...]:
    """The packages the steps install (``apt-get install``), in order of first mention."""
    packages: dict[str, None] = {}
    for step in steps:
        m = _INSTALL.search(step.command) if not step.omit else None
        if m:
            try:
                words = shlex.split(m.group("args"))
            except ValueError:
                words = m.group("args").split()
            packages.update((w, None) for w in words if not w.startswith("-"))
    return tuple(packages)


def _addresses(documents: Sequence) -> dict[str, str]:
    """Host name -> IPv4 address, from table rows "name | address | ..."."""
    found: dict[str, str] = {}
    for doc in documents:
        for row in doc.iter("row"):
            cells = [" ".join(e.text_content().split()) for e in row.iter("entry")]
            if len(cells) < 2:
                continue
            try:
                ipaddress.IPv4Address(cells[1])
            except ValueError:
                continue
            found.setdefault(cells[0], cells[1])
    return found


def scenario_of(blocks: BlockList, documents: Sequence, rules: VerifyRules) -> Scenario:
    """The hosts the chapter addresses, in its table's order; none at all is a usage error."""
    names: dict[str, None] = {}
    interface = ""
    for block in blocks:
        for cmd in block.commands:
            if cmd.host and cmd.host not in (ALL_HOSTS, ANY_HOST):
                names.setdefault(cmd.host, None)
        if not interface and (m := rules.interface.search(block.text)):
            interface = m.group("interface")
    if not names:
        raise UsageError("the documentation names no hosts in its prompts: nothing to verify")
    addresses = _addresses(documents)
    # A host without an address cannot be emulated: its steps are findings (VER004).
    names = {n: None for n in names if n in addresses}
    if not names:
        raise UsageError("no table of the documentation gives an address for its hosts")
    order = list(addresses)  # the chapter's table order: server1 before server2
    hosts = tuple(
        HostSpec(n, addresses[n], interface or rules.default_interface, rules.prefix)
        for n in sorted(names, key=order.index)
    )
    return Scenario(hosts)
