"""Links: what a block points to (or is named by); drift compares them across the languages."""

from __future__ import annotations

import enum
from typing import NamedTuple


class LinkKind(enum.StrEnum):
    """What a link points with: a cross-reference, a URL, an image file, or an element's id."""

    LINKEND = "linkend"
    URL = "url"
    FILE = "file"
    ID = "id"


class Link(NamedTuple):
    """One link target (or id) of a block, compared across the languages."""

    kind: LinkKind
    target: str

    def __str__(self) -> str:
        return f"{self.kind} {self.target}"

    @property
    def spelled(self) -> str:
        """``kind:target``, the form two links are judged alike in (a renamed target)."""
        return f"{self.kind}:{self.target}"
