"""The document model: a parsed ``Document`` cut once into typed sections and blocks.

``segmentation(doc)`` walks each file of a document once (on first use) and keeps the result
on the document; extract reads its listings from it, drift its sections and blocks, check
both. The vocabulary (which elements are sections, blocks, listings, containers) is data:
``rules/segments.toml``.
"""

from docsync.segment.links import Link, LinkKind
from docsync.segment.model import Block, Note, Section, Segmented, locate
from docsync.segment.vocabulary import NESTED_BLOCKS, PROSE, BlockKind, Vocabulary, load_vocabulary
from docsync.segment.walk import Event, Part, Segmentation, segment_file, segmentation

__all__ = [
    "NESTED_BLOCKS",
    "PROSE",
    "Block",
    "BlockKind",
    "Event",
    "Link",
    "LinkKind",
    "Note",
    "Part",
    "Section",
    "Segmentation",
    "Segmented",
    "Vocabulary",
    "load_vocabulary",
    "locate",
    "segment_file",
    "segmentation",
]
