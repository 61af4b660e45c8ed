"""The SGML reader: the only code that touches raw SGML.

``load_document`` turns a file (a chapter or a whole book) into a ``Document`` tree whose every
node knows its file, line and column; ``to_xml`` prints it the way OpenSP's ``osx`` would.
"""

from docsync.sgml.document import Comment, Document, Element, Node, Pi, Text
from docsync.sgml.load import load_document

__all__ = ["Comment", "Document", "Element", "Node", "Pi", "Text", "load_document"]
