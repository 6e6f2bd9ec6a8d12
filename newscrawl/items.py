"""The feed record: one article, as downstream systems read it.

Field docs here are the contract; ``article.schema.json`` is the same contract in
JSON Schema, and ``tests/test_schema.py`` keeps the two in step.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypedDict


class DroppedParagraph(TypedDict):
    """A paragraph a pipeline stage removed from the body (explain mode only)."""

    text: str
    reason: str
    duplicate_of: str | None


class Image(TypedDict):
    """An illustration of the article: absolute ``url`` and its ``caption`` (or None)."""

    url: str
    caption: str | None


@dataclass
class Article:
    """One news article as written to the JSON Lines feed."""

    url: str
    """Canonical absolute URL (the page's rel=canonical, without tracking or print parameters)."""
    article_id: str
    """The CMS item id (K2 item id), as a string; stable across URL variants."""
    source: str
    """The publisher's domain, e.g. ``expert-kz.com``, whatever host was crawled."""
    title: str
    """Headline, entities decoded exactly once, normalized."""
    body: list[str]
    """Paragraphs in reading order, lead first, each exactly once, without site furniture."""
    summary: str | None = None
    """The lead (intro text) or the page's description, or None."""
    published: str | None = None
    """Publication time, ISO 8601 with the site-local UTC offset."""
    modified: str | None = None
    """Last modification time, ISO 8601 with offset, or None when the site gives none."""
    authors: list[str] = field(default_factory=list)
    """Author names as the site credits them."""
    section: str | None = None
    """The CMS category name (K2 category)."""
    tags: list[str] = field(default_factory=list)
    """The article's own tags (never the site-wide tag cloud)."""
    images: list[Image] = field(default_factory=list)
    """Article images with captions."""
    language: str | None = None
    """ISO 639-1 code: ``ru`` or ``kk``."""
    crawled_at: str = ""
    """When the page was parsed, ISO 8601 in UTC."""
    fingerprint: str = ""
    """SHA-256 of the normalized title and body: equal content, equal fingerprint."""
    revision: int | None = None
    """Incremental crawls: 1 when first emitted, +1 each time its content changed; else None."""
    dropped: list[DroppedParagraph] = field(default_factory=list)
    """Explain mode (NEWSCRAWL_EXPLAIN=1) only: the paragraphs removed from the body, why
    (``reason``) and the text each one repeats (``duplicate_of``, or None)."""
    fetch: dict[str, str] = field(default_factory=dict, repr=False)
    """How the page was fetched (its HTTP validators), for the incremental
    state; transport data, never exported."""


#: Fields written only when NEWSCRAWL_EXPLAIN is on (see ``newscrawl.explain``).
EXPLAIN_FIELDS: tuple[str, ...] = ("dropped",)

#: The exported fields, in feed order (``fetch`` stays inside the crawler).
FEED_FIELDS: tuple[str, ...] = tuple(
    name for name in Article.__dataclass_fields__ if name not in (*EXPLAIN_FIELDS, "fetch")
)
