"""pgpool.conf / postgresql.conf bytes -> tokens, lines and settings, losslessly.

Three stages, one module each: ``lexer`` (bytes -> tokens, per dialect), ``parser`` (tokens ->
settings, includes and problems) and ``model`` (the parsed ``ConfFile``). This package
exports what the rest of docsync uses.

``ConfFile.render()`` gives back the input byte for byte. The lexer's module docstring lists
pgpool's flex rules and how PostgreSQL's lexer (``guc-file.l``, dialect ``POSTGRESQL``)
differs.
"""

from docsync.lint.conffile.lexer import (
    PGPOOL,
    PGPOOL_41,
    PGPOOL_42,
    POSTGRESQL,
    Dialect,
    Token,
    TokenKind,
    pgpool_dialect,
    tokenize,
)
from docsync.lint.conffile.model import (
    BOM,
    ConfFile,
    ConfLine,
    Include,
    Problem,
    Setting,
    SyntaxProblem,
)
from docsync.lint.conffile.parser import parse_conf, parse_tokens

__all__ = [
    "BOM",
    "PGPOOL",
    "PGPOOL_41",
    "PGPOOL_42",
    "POSTGRESQL",
    "ConfFile",
    "ConfLine",
    "Dialect",
    "Include",
    "Problem",
    "Setting",
    "SyntaxProblem",
    "Token",
    "TokenKind",
    "parse_conf",
    "parse_tokens",
    "pgpool_dialect",
    "tokenize",
]
