"""Exceptions that end a run; each maps to one exit code (CONVENTIONS.md)."""

from __future__ import annotations


class DocsyncError(Exception):
    """A problem that stops the run with exit code 2 and one line on stderr."""

    exit_code = 2


class UsageError(DocsyncError):
    """Bad command-line arguments or configuration."""


class InputError(DocsyncError):
    """An input that cannot be read at all (missing, a directory, unreadable)."""


class StaleOutputError(DocsyncError):
    """``--check`` found generated output that differs from what would be generated."""

    exit_code = 1


class EditedOutputError(DocsyncError):
    """Generated output was edited by hand (or is not docsync's); writing would lose it."""
