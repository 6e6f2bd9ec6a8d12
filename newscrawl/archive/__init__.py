"""A web archive of every page the crawl fetches (WARC, ISO 28500), and its reader.

``extension.WebArchive`` writes it (``-s NEWSCRAWL_ARCHIVE=DIR``); ``reader`` reads it
back for ``newscrawl extract``. See docs/archive.md.
"""
