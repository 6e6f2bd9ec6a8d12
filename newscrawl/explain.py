"""Explain mode: ``-s NEWSCRAWL_EXPLAIN=1`` writes each article's dropped paragraphs.

The stages always count what they remove (``newscrawl/paragraphs/dropped/<reason>``);
with explain on they also append ``{text, reason, duplicate_of}`` to ``Article.dropped``,
and this add-on adds the ``dropped`` field to the feed's field list. It is an add-on
because ``FEED_EXPORT_FIELDS`` is a static list in settings.py, while explain is
usually switched on from the command line, after settings.py was read.
"""

from __future__ import annotations

from scrapy.settings import BaseSettings

from newscrawl.items import EXPLAIN_FIELDS


class ExplainDrops:
    """Add the explain-only fields to FEED_EXPORT_FIELDS when NEWSCRAWL_EXPLAIN is on."""

    def update_settings(self, settings: BaseSettings) -> None:
        if not settings.getbool("NEWSCRAWL_EXPLAIN"):
            return
        fields = list(settings.getlist("FEED_EXPORT_FIELDS"))
        if not fields:  # no field list: the exporter writes every field anyway
            return
        fields += [name for name in EXPLAIN_FIELDS if name not in fields]
        priority = settings.getpriority("FEED_EXPORT_FIELDS") or 0
        settings.set("FEED_EXPORT_FIELDS", fields, priority=priority)
