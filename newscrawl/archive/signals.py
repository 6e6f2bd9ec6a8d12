"""Signals of newscrawl's web archive.

``before_state_commit``: a component that is about to commit, durably, something made
from fetched pages (the incremental state committing a finished feed file) sends it
first, with ``crawler.signals.send_catch_log(before_state_commit)``. The archive answers
by fsyncing its open file, so every page an article was parsed from is on disk before
the state says that article was delivered. Scrapy has no signal at that moment:
``feed_slot_closed`` is sent only after the feed storage has stored (and the state
committed) the file.
"""

before_state_commit = object()
