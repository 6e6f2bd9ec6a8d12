"""A field's ordered chain of sources, and the record of which link answered.

Every field of an article is taken from the first of its sources that yields
anything: the profile's markup, then JSON-LD, OpenGraph, <meta>, then what the page
shows. Recording which link answered (``sources``) is what lets the spider count it,
so a template change on the site shows up in the stats at once; this module is that
one rule, shared by every field group.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

#: the source recorded for a field no link of its chain produced
MISSING = "missing"
#: the source name of the profile's own markup
PROFILE = "profile"
T = TypeVar("T")


def first(
    name: str, chain: Iterable[tuple[str, Callable[[], T | None]]], sources: dict[str, str]
) -> T | None:
    """The first non-empty value of ``chain``; records its source under ``name``."""
    for source, produce in chain:
        value = produce()
        if value:
            sources[name] = source
            return value
    sources[name] = MISSING
    return None
