"""Scrapy's FeedExporter, with each file's articles delivered when the file closes.

Scrapy's own batching stays (``FEED_EXPORT_BATCH_ITEM_COUNT``, ``%(batch_id)d``,
``%(batch_time)s``, storages, filters, post-processing); what changes:

* an item is not written when it is scraped but buffered (``buffer``) until its file
  closes, when ``delivery.FileDelivery`` decides the file's records (site furniture,
  fingerprint, revision, corrections);
* a file whose name has a batch placeholder also closes after
  ``NEWSCRAWL_FEED_BATCH_SECONDS`` (default 300) with at least one article, so a slow
  polite crawl delivers within minutes;
* each complete file is committed to the incremental state and the furniture counts
  right after it is renamed into place (``AtomicFileFeedStorage``);
* one overwritten file (``-O`` without a placeholder) replaces the previous one only
  when the run ended normally (finished, or a ``CLOSESPIDER_*`` limit), reached the
  site, and either delivered an article or was healthy. Otherwise the run's records
  stay in ``<name>.partial``, the state is not committed, and one line says so;
* a file that would be empty is not created, except that one overwritten file
  (Scrapy's ``-O``, unless ``FEED_STORE_EMPTY`` is off): a per-run or batch name is
  not made for nothing;
* ``<name>.partial`` files left by a run that did not finish are reported and removed.
"""

from __future__ import annotations

import logging
import re
from glob import glob
from itertools import chain
from pathlib import Path
from time import monotonic
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from scrapy import Spider, signals
from scrapy.extensions.feedexport import FeedExporter, FeedSlot, apply_uri_params
from scrapy.utils.defer import ensure_awaitable
from twisted.internet import task
from w3lib.url import file_uri_to_path

from newscrawl.archive.signals import before_state_commit
from newscrawl.feed.buffer import ArticleBuffer
from newscrawl.feed.delivery import FileDelivery
from newscrawl.feed.revisions import Revisions
from newscrawl.feedstorage import PARTIAL_SUFFIX, AtomicFileFeedStorage
from newscrawl.health import NORMAL_FINISH, OK, UNREACHABLE, HealthRules, judge
from newscrawl.sitewide.learner import SiteFurnitureLearner
from newscrawl.state.component import IncrementalState

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

BATCH_PLACEHOLDER = re.compile(r"%\(batch_time\)s|%\(batch_id\)")
PLACEHOLDER = re.compile(r"%\([^)]*\)[-#0 +]*\d*[a-z]")


def _local_path(uri: str) -> str | None:
    scheme = urlparse(uri).scheme
    if scheme == "file":
        return file_uri_to_path(uri)
    return uri if scheme == "" or len(scheme) == 1 else None  # "C:" is a drive


class StreamingFeedExporter(FeedExporter):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        settings = crawler.settings
        self.batch_seconds = settings.getfloat("NEWSCRAWL_FEED_BATCH_SECONDS", 300)
        self.buffer_dir: str | None = settings.get("NEWSCRAWL_FEED_BUFFER_DIR")
        self.explain = settings.getbool("NEWSCRAWL_EXPLAIN")
        self.rules = HealthRules.from_settings(settings)
        self._buffers: dict[FeedSlot, ArticleBuffer] = {}
        self._opened: dict[FeedSlot, float] = {}
        self._reason: str | None = None
        self._timer: task.LoopingCall | None = None
        self.learner: SiteFurnitureLearner | None = None
        self.delivery: FileDelivery | None = None
        self.state: IncrementalState | None = None

    @property
    def _stats(self) -> Any:
        assert self.crawler.stats is not None
        return self.crawler.stats

    # -- opening ----------------------------------------------------------------------------
    def open_spider(self, spider: Spider) -> None:
        self._remove_stale_partials()
        self.state = IncrementalState.of(self.crawler)
        if self.state is not None and self.state.store is not None and len(self.feeds) > 1:
            logger.error(
                "An incremental run delivers to one feed; %d are configured and each "
                "article's revision is committed with the first file that carries it",
                len(self.feeds),
            )
        self.learner = SiteFurnitureLearner.from_crawler(self.crawler)
        self.delivery = FileDelivery(
            self.learner, Revisions(self.state, self._stats), self._stats, self.explain
        )
        super().open_spider(spider)
        targets = [path for s in self.slots if (path := _local_path(s.uri))]
        self._stats.set_value("newscrawl/feed_targets", targets)
        if self.batch_seconds > 0 and any(self._batched(s) for s in self.slots):
            self._timer = task.LoopingCall(self._close_old_batches)
            self._timer.start(max(0.1, min(self.batch_seconds / 4, 10.0)), now=False)

    def _remove_stale_partials(self) -> None:
        for uri in self.feeds:
            path = _local_path(uri)
            if path is None:
                continue
            for stale in sorted(glob(PLACEHOLDER.sub("*", path) + PARTIAL_SUFFIX)):
                logger.warning(
                    "Removed %s, left by a run that did not finish (never committed: an "
                    "incremental run delivers its articles again)",
                    stale,
                )
                Path(stale).unlink(missing_ok=True)

    def _start_new_batch(self, *args: Any, **kwargs: Any) -> FeedSlot:
        slot = super()._start_new_batch(*args, **kwargs)
        self._buffers[slot] = ArticleBuffer(self.buffer_dir)
        self._opened[slot] = monotonic()
        return slot

    # -- buffering and batches ----------------------------------------------------------------
    def item_scraped(self, item: Any, spider: Spider) -> None:
        slots = []
        for slot in self.slots:
            if slot.filter.accepts(item):
                self._buffers[slot].add(item)
                slot.itemcount += 1
                limit = self.feeds[slot.uri_template]["batch_item_count"]
                if limit and slot.itemcount >= limit:
                    slot = self._next_batch(slot, spider)
            slots.append(slot)
        self.slots = slots

    def _batched(self, slot: FeedSlot) -> bool:
        return bool(BATCH_PLACEHOLDER.search(slot.uri_template))

    def _next_batch(self, slot: FeedSlot, spider: Spider) -> FeedSlot:
        """Close ``slot`` (in the background) and open the next batch file."""
        feed = self.feeds[slot.uri_template]
        params = self._get_uri_params(spider, feed["uri_params"], slot)
        self._schedule_slot_close(slot, spider)
        return self._start_new_batch(
            batch_id=slot.batch_id + 1,
            uri=apply_uri_params(slot.uri_template, params),
            feed_options=feed,
            spider=spider,
            uri_template=slot.uri_template,
        )

    def _close_old_batches(self) -> None:
        """NEWSCRAWL_FEED_BATCH_SECONDS: close batch files open that long with articles."""
        spider = self.crawler.spider
        if spider is None or self._reason is not None:
            return
        now = monotonic()
        self.slots = [
            self._next_batch(slot, spider)
            if self._batched(slot)
            and slot.itemcount
            and now - self._opened.get(slot, now) >= self.batch_seconds
            else slot
            for slot in self.slots
        ]

    # -- closing ----------------------------------------------------------------------------
    async def close_spider(self, spider: Spider, reason: str = "finished") -> None:
        self._reason = reason
        if self._timer is not None and self._timer.running:
            self._timer.stop()
        try:
            await super().close_spider(spider)
        finally:
            if self.learner is not None:
                self.learner.close()

    def _protected(self, slot: FeedSlot) -> bool:
        """One file overwritten by every run (-O without a placeholder)."""
        storage = slot.storage
        return (
            isinstance(storage, AtomicFileFeedStorage)
            and storage.write_mode == "wb"
            and not PLACEHOLDER.search(slot.uri_template)
        )

    def _withheld_because(self, written: int) -> str | None:
        """Why the run's one overwritten file must not replace the previous one."""
        reason = self._reason or "finished"
        if not reason.startswith(NORMAL_FINISH):
            return f"the crawl was cut short ({reason})"
        verdict = judge({**self._stats.get_stats(), "finish_reason": reason}, self.rules)
        if verdict.status == UNREACHABLE or (written == 0 and verdict.status != OK):
            return "; ".join(verdict.problems)
        return None

    def _write(self, slot: FeedSlot, buffer: ArticleBuffer) -> int:
        assert self.delivery is not None
        written = 0
        for record in chain(self.delivery.records(buffer), buffer.others()):
            slot.start_exporting()  # opens the file at the first record only
            assert slot.exporter is not None
            slot.exporter.export_item(record)
            written += 1
        return written

    def _commit(self) -> None:
        if self.state is not None:
            self.state.commit()

    async def _close_slot(self, slot: FeedSlot, spider: Spider) -> None:
        buffer = self._buffers.pop(slot)
        self._opened.pop(slot, None)
        try:
            written = self._write(slot, buffer)
        finally:
            buffer.close()
        slot.itemcount = written
        self._stats.inc_value("newscrawl/feed/articles", written)
        protected = self._protected(slot)
        assert self.learner is not None
        if not written and not (protected and slot.store_empty):
            self.learner.commit()
            self._commit()  # the fetch facts of unchanged articles
            return
        slot.start_exporting()  # the empty -O file, as Scrapy writes it
        slot.finish_exporting()
        why = self._withheld_because(written) if protected else None
        if why is not None:
            assert isinstance(slot.storage, AtomicFileFeedStorage)
            slot.storage.keep_partial(self._get_file(slot))
            logger.warning(
                "Not published: %s (%s); the previous file is untouched, this run's %d "
                "record(s) are in %s and nothing was committed to the state",
                slot.storage.final,
                why,
                written,
                slot.storage.partial,
            )
            return
        # the pages these records came from reach the disk first (newscrawl.archive)
        self.crawler.signals.send_catch_log(before_state_commit)
        self.learner.commit()
        logmsg = f"{slot.format} feed ({written} items) in: {slot.uri}"
        slot_type = type(slot.storage).__name__
        try:
            await ensure_awaitable(slot.storage.store(self._get_file(slot)))
        except Exception:
            logger.error("Error storing %s", logmsg, exc_info=True, extra={"spider": spider})
            self._stats.inc_value(f"feedexport/failed_count/{slot_type}")
            return
        logger.info("Stored %s", logmsg, extra={"spider": spider})
        self._stats.inc_value(f"feedexport/success_count/{slot_type}")
        self._commit()
        await self.crawler.signals.send_catch_log_async(signals.feed_slot_closed, slot=slot)
